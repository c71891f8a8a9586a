import { describe, expect, it } from 'vitest';
import { systemClock } from '../util/clock.ts';
import { seededRandom } from '../util/random.ts';
import { SERVER_TOKEN_SECRET } from '../contract/settings-schema.ts';
import { PROVIDERS, SECRET_NAMES } from './provider-list.ts';

describe('the provider descriptors', () => {
  it('have distinct kinds, secret names and environment variables', () => {
    const kinds = PROVIDERS.map((d) => d.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const kind of kinds) expect(kind).toMatch(/^[a-z][a-z0-9-]*$/);
    const secrets = PROVIDERS.flatMap((d) => (d.secret ? [d.secret] : []));
    expect(new Set(secrets.map((s) => s.name)).size).toBe(secrets.length);
    expect(new Set(secrets.map((s) => s.env)).size).toBe(secrets.length);
    expect(SECRET_NAMES).toEqual([...secrets.map((s) => s.name), SERVER_TOKEN_SECRET]);
  });

  it('put the providers that run locally last, as the last resort of the default route', () => {
    const local = PROVIDERS.map((d) => d.runsLocally);
    expect(local.indexOf(true)).toBeGreaterThan(-1);
    expect(local.slice(local.indexOf(true)).every(Boolean)).toBe(true);
  });

  it('give settings that default to enabled', () => {
    for (const descriptor of PROVIDERS) expect(descriptor.settingsSchema.parse({})).toMatchObject({ enabled: true });
  });

  it('create instances of their own kind that offer the default model and every aliased model', async () => {
    for (const descriptor of PROVIDERS) {
      const provider = descriptor.create({
        id: descriptor.kind,
        builtIn: true,
        options: {},
        label: undefined,
        getApiKey: () => undefined,
        pinnedModels: () => [],
        env: {},
        clock: systemClock,
        random: seededRandom(1),
        emit: () => undefined,
      });
      try {
        expect(provider.kind).toBe(descriptor.kind);
        expect(provider.requiresKey).toBe(descriptor.secret !== undefined);
        const offered = provider.models().map((m) => m.id);
        expect(offered).toContain(descriptor.defaultModel({}));
        for (const alias of descriptor.aliases) expect(offered).toContain(alias.model);
        expect(descriptor.capabilities).toContain('generate');
      } finally {
        await provider.close();
      }
    }
  });

  it('let the app open only https key pages on hosts they list', () => {
    for (const descriptor of PROVIDERS) {
      if (!descriptor.keyHelp) continue;
      const url = new URL(descriptor.keyHelp.url);
      expect(url.protocol).toBe('https:');
      expect(descriptor.hosts.links).toContain(url.hostname);
    }
  });
});
