import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScriptedProvider } from '../../../test/support/scripted-provider.ts';
import { parseMotifConfig, type MotifConfig } from '../config/motif-config.ts';
import type { ImageProvider } from '../contract/image-provider.ts';
import { targetId } from '../router/catalogue.ts';
import { orderTargets } from '../router/strategies.ts';
import { SettingsService } from '../settings/settings-service.ts';
import { MemorySecretStore, MemorySettingsStore } from '../settings/settings-store.ts';
import { systemClock } from '../util/clock.ts';
import { seededRandom } from '../util/random.ts';
import { ProviderRegistry } from './provider-registry.ts';

/** A loopback endpoint that records what each provider sent, to see which URL and key it used. */
interface Upstream {
  readonly url: string;
  readonly seen: { path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

async function startUpstream(): Promise<Upstream> {
  const seen: Upstream['seen'] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let upstream: Upstream;
const registries: ProviderRegistry[] = [];
beforeEach(async () => {
  upstream = await startUpstream();
});
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.close()));
  await upstream.close();
});

function make(
  options: {
    config?: MotifConfig;
    env?: NodeJS.ProcessEnv;
    settings?: unknown;
    secrets?: Record<string, string>;
    extra?: readonly ImageProvider[];
  } = {},
): { registry: ProviderRegistry; settings: SettingsService } {
  const settings = new SettingsService(new MemorySettingsStore(options.settings ?? {}), new MemorySecretStore(options.secrets ?? {}));
  const registry = new ProviderRegistry({
    settings,
    config: options.config,
    env: options.env ?? {},
    clock: systemClock,
    random: seededRandom(1),
    emit: () => undefined,
    extraProviders: options.extra ?? [],
  });
  registries.push(registry);
  return { registry, settings };
}

const defaultOrder = (registry: ProviderRegistry): string[] => {
  const route = registry.catalogue().resolve('default', new Set(registry.providers().keys()));
  return orderTargets(route.strategy, route.targets, {
    random: seededRandom(1),
    latencyMs: () => null,
    priceUsd: () => undefined,
    explorationRate: 0,
  }).map(targetId);
};

const probe = async (provider: ImageProvider | undefined): Promise<void> => {
  const result = await provider!.checkHealth(new AbortController().signal);
  expect(result.error).toBeUndefined();
};

describe('ProviderRegistry default route', () => {
  it('follows the provider order from settings, with the offline engine last as a last resort', () => {
    const { registry, settings } = make();
    expect(defaultOrder(registry)).toEqual([
      'runware/runware:100@1',
      'openai/gpt-image-1',
      'fal/fal-ai/flux/schnell',
      'local/procedural-v1',
    ]);
    settings.update({ providerOrder: ['local', 'openai', 'runware'] });
    expect(defaultOrder(registry)).toEqual([
      'openai/gpt-image-1',
      'runware/runware:100@1',
      'fal/fal-ai/flux/schnell',
      'local/procedural-v1',
    ]);
    const route = registry.catalogue().resolve('default', new Set(registry.providers().keys()));
    expect(route.targets.filter((t) => t.lastResort).map(targetId)).toEqual(['local/procedural-v1']);
  });

  it('puts providers missing from the order after the ordered ones, still before the offline engine', () => {
    const config = parseMotifConfig(JSON.stringify({ providers: { backup: { type: 'openai', apiKey: 'k' } } }));
    const { registry } = make({ config, settings: { providerOrder: ['openai', 'runware'] } });
    expect(defaultOrder(registry)).toEqual([
      'openai/gpt-image-1',
      'runware/runware:100@1',
      'fal/fal-ai/flux/schnell',
      'backup/gpt-image-1',
      'local/procedural-v1',
    ]);
  });

  it('offers the named aliases and the config’s own routes', () => {
    const config = parseMotifConfig(
      JSON.stringify({
        models: {
          cheap: {
            strategy: 'cost',
            targets: [
              { provider: 'runware', model: 'runware:100@1', price: 0.0006 },
              { provider: 'local', model: 'procedural-v1' },
            ],
          },
        },
      }),
    );
    const { registry } = make({ config });
    const aliases = registry
      .catalogue()
      .routes()
      .map((r) => r.alias);
    expect(aliases).toEqual(expect.arrayContaining(['default', 'flux-schnell', 'flux-dev', 'gpt-image-1', 'dall-e-3', 'offline', 'cheap']));
    const cheap = registry.catalogue().resolve('cheap', new Set(registry.providers().keys()));
    expect(cheap.strategy).toBe('cost');
    expect(cheap.targets.map((t) => [targetId(t), t.pricePerImageUsd, t.lastResort])).toEqual([
      ['runware/runware:100@1', 0.0006, false],
      ['local/procedural-v1', undefined, true],
    ]);
  });
});

describe('ProviderRegistry providers from MOTIF_CONFIG', () => {
  it('builds two OpenAI-compatible providers side by side, each with its own id, label, URL and key', async () => {
    const config = parseMotifConfig(
      JSON.stringify({
        providers: {
          primary: { type: 'openai', label: 'Primary images', baseUrl: `${upstream.url}/one/v1`, apiKey: 'key-primary-1' },
          backup: { type: 'openai', baseUrl: `${upstream.url}/two/v1`, apiKeyEnv: 'BACKUP_KEY', models: ['dall-e-3'] },
        },
      }),
    );
    const { registry } = make({ config, env: { BACKUP_KEY: 'key-backup-2' } });
    expect([...registry.providers().keys()]).toEqual(expect.arrayContaining(['runware', 'openai', 'local', 'primary', 'backup']));
    const primary = registry.get('primary')!;
    const backup = registry.get('backup')!;
    expect([primary.id, primary.kind, primary.label]).toEqual(['primary', 'openai', 'Primary images']);
    expect([backup.id, backup.kind, backup.label]).toEqual(['backup', 'openai', 'backup']);
    expect(backup.models().map((m) => m.id)).toEqual(['dall-e-3']);
    await probe(primary);
    await probe(backup);
    expect(upstream.seen).toEqual([
      { path: '/one/v1/models', authorization: 'Bearer key-primary-1' },
      { path: '/two/v1/models', authorization: 'Bearer key-backup-2' },
    ]);
    expect(defaultOrder(registry)).toEqual(expect.arrayContaining(['primary/gpt-image-1', 'backup/dall-e-3']));
  });

  it('lets MOTIF_CONFIG switch a built-in provider off even though settings list it as on', () => {
    const config = parseMotifConfig(JSON.stringify({ providers: { openai: { type: 'openai', enabled: false } } }));
    const { registry, settings } = make({ config });
    expect(settings.get().providers.openai.enabled).toBe(true);
    expect(registry.isEnabled('openai')).toBe(false);
    expect(registry.isEnabled('runware')).toBe(true);
    settings.update({ providers: { runware: { enabled: false } } });
    expect(registry.isEnabled('runware')).toBe(false);
    expect(registry.isEnabled('nobody')).toBe(true);
  });

  it('gives the offline engine few concurrent renders and remote providers more, unless configured', () => {
    const config = parseMotifConfig(JSON.stringify({ providers: { backup: { type: 'openai', maxConcurrent: 3, maxQueued: 7 } } }));
    const { registry } = make({ config });
    expect(registry.bulkheadLimits('local')).toEqual({ maxConcurrent: 2, maxQueued: 64 });
    expect(registry.bulkheadLimits('openai')).toEqual({ maxConcurrent: 16, maxQueued: 64 });
    expect(registry.bulkheadLimits('backup')).toEqual({ maxConcurrent: 3, maxQueued: 7 });
  });
});

describe('ProviderRegistry settings changes', () => {
  it('rebuilds only the provider whose URL changed, closes the old one, and uses the new URL', async () => {
    const { registry, settings } = make({ secrets: { openai: 'sk-test-key-1' } });
    const before = new Map(registry.providers());
    const closed = vi.spyOn(before.get('openai')!, 'close');
    settings.update({ providers: { openai: { baseUrl: `${upstream.url}/moved/v1` } } });
    expect(registry.get('openai')).not.toBe(before.get('openai'));
    expect(closed).toHaveBeenCalledTimes(1);
    expect(registry.get('runware')).toBe(before.get('runware'));
    expect(registry.get('local')).toBe(before.get('local'));
    // The stored key was bound to the old address: it is entered again for the new one.
    expect(registry.get('openai')!.hasKey()).toBe(false);
    settings.setSecret('openai', 'sk-test-key-1');
    await probe(registry.get('openai'));
    expect(upstream.seen.map((s) => s.path)).toEqual(['/moved/v1/models']);

    const openai = registry.get('openai');
    settings.update({ providers: { runware: { wsUrl: 'ws://127.0.0.1:9/v1' } } });
    expect(registry.get('runware')).not.toBe(before.get('runware'));
    expect(registry.get('openai')).toBe(openai);
  });

  it('keeps every provider when an unrelated setting changes', () => {
    const { registry, settings } = make();
    const before = new Map(registry.providers());
    settings.update({ theme: 'dark', budget: { dailyCapUsd: 3 } });
    for (const [id, provider] of before) expect(registry.get(id)).toBe(provider);
  });

  it('reads keys through a function each call, so setting, changing and clearing a key needs no rebuild', async () => {
    const { registry, settings } = make({ settings: { providers: { openai: { baseUrl: `${upstream.url}/v1` } } } });
    const openai = registry.get('openai')!;
    expect(openai.hasKey()).toBe(false);
    settings.setSecret('openai', 'sk-first-key-1');
    expect(registry.get('openai')).toBe(openai);
    expect(openai.hasKey()).toBe(true);
    await probe(openai);
    settings.setSecret('openai', 'sk-second-key-2');
    await probe(registry.get('openai'));
    expect(registry.get('openai')).toBe(openai);
    expect(upstream.seen.map((s) => s.authorization)).toEqual(['Bearer sk-first-key-1', 'Bearer sk-second-key-2']);
    settings.clearSecret('openai');
    expect(openai.hasKey()).toBe(false);
    expect(registry.get('runware')!.hasKey()).toBe(false);
    settings.setSecret('runware', 'rw-key-12345');
    expect(registry.get('runware')!.hasKey()).toBe(true);
  });

  it('keeps a supplied provider in place of the built one across URL changes, without closing it', () => {
    const scripted = new ScriptedProvider({ id: 'openai', label: 'Scripted' });
    const closed = vi.spyOn(scripted, 'close');
    const { registry, settings } = make({ extra: [scripted] });
    expect(registry.get('openai')).toBe(scripted);
    settings.update({ providers: { openai: { baseUrl: `${upstream.url}/v1` } } });
    expect(registry.get('openai')).toBe(scripted);
    expect(closed).not.toHaveBeenCalled();
  });

  it('rebuilds the catalogue after a settings change', () => {
    const { registry, settings } = make();
    const first = registry.catalogue();
    expect(registry.catalogue()).toBe(first);
    settings.update({ providerOrder: ['openai', 'runware', 'local'] });
    expect(registry.catalogue()).not.toBe(first);
  });

  it('makes a pinned checkpoint a named route to its provider, offered with its price, and forgets it when unpinned', () => {
    const poster = {
      provider: 'runware',
      air: 'civitai:618692@691639',
      name: 'Flux Party Poster',
      category: 'checkpoint' as const,
      pricePerImageUsd: 0.004,
    };
    const balloons = { provider: 'runware', air: 'civitai:652699@730219', name: 'Balloon Arch', category: 'lora' as const };
    const { registry, settings } = make({ settings: { pinnedModels: [poster, balloons] } });
    const route = registry
      .catalogue()
      .routes()
      .find((r) => r.alias === poster.air);
    expect(route).toMatchObject({ label: 'Flux Party Poster', strategy: 'priority' });
    expect(route?.targets.map(targetId)).toEqual(['runware/civitai:618692@691639']);
    // The router only tries a target whose provider offers the model: the pinned one is offered like the built-in two.
    const offered = registry.get('runware')?.models() ?? [];
    expect(offered.map((m) => m.id)).toEqual(['runware:100@1', 'runware:101@1', poster.air]);
    expect(offered[2]?.pricePerImageUsd).toBe(0.004);
    expect(registry.get('runware')?.estimateCost({ count: 2 } as never, poster.air)).toEqual({ usd: 0.008, basis: 'price-table' });
    // A pinned LoRA is attached to generations, not routed to.
    expect(
      registry
        .catalogue()
        .routes()
        .map((r) => r.alias),
    ).not.toContain(balloons.air);
    const provider = registry.get('runware');
    settings.update({ pinnedModels: [balloons] });
    expect(registry.get('runware')).toBe(provider);
    expect(
      registry
        .catalogue()
        .routes()
        .map((r) => r.alias),
    ).not.toContain(poster.air);
    expect(() => registry.catalogue().resolve(poster.air, new Set(registry.providers().keys()))).toThrow(/Unknown model/);
  });
});
