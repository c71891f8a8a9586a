import { afterEach, describe, expect, it } from 'vitest';
import { imageRequest } from '../../../../test/support/image-request.ts';
import { rejection } from '../../../../test/support/async-expect.ts';
import type { GeneratedImage, ProviderEvent, ProviderGenerateOptions } from '../../contract/image-provider.ts';
import type { ImageRequest } from '../../contract/image-request.ts';
import { RunwareProvider, type RunwareProviderOptions } from './runware-provider.ts';
import { FakeClock, settle } from '../../../../test/support/fake-clock.ts';
import { FakeRunwareServer, type ReceivedTask } from '../../../../test/support/fake-runware-server.ts';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9]);
const PNG_BASE64 = Buffer.from(PNG).toString('base64');
const TASK_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

const providers: RunwareProvider[] = [];

function setup(overrides: Partial<RunwareProviderOptions> = {}) {
  const clock = new FakeClock();
  const server = new FakeRunwareServer();
  const events: ProviderEvent[] = [];
  let key: string | undefined = 'key-1';
  const provider = new RunwareProvider({
    getApiKey: () => key,
    wsUrl: 'ws://fake/v1',
    apiUrl: 'http://127.0.0.1:9/v1',
    WebSocket: server.WebSocket,
    clock,
    random: () => 0.5,
    emit: (event) => events.push(event),
    closeGraceMs: 0,
    ...overrides,
  });
  providers.push(provider);
  return {
    clock,
    server,
    provider,
    events,
    setKey: (value: string | undefined) => {
      key = value;
    },
  };
}

const request = (patch: Partial<ImageRequest> = {}): ImageRequest =>
  imageRequest({ prompt: 'gold confetti', width: 1000, seed: 10, seedExplicit: true, model: 'flux-schnell', ...patch });

function options(clock: FakeClock, overrides: Partial<ProviderGenerateOptions> = {}): ProviderGenerateOptions {
  return {
    request: request(),
    model: 'runware:100@1',
    signal: new AbortController().signal,
    deadline: clock.now() + 60_000,
    onImage: undefined,
    onStage: undefined,
    taskId: undefined,
    resume: false,
    ...overrides,
  };
}

function image(received: ReceivedTask, index: number): Record<string, unknown> {
  return { imageUUID: `img-${index}`, imageBase64Data: PNG_BASE64, seed: Number(received.task.seed) + index, cost: 0.0013 };
}

afterEach(async () => {
  await Promise.all(providers.splice(0).map((provider) => provider.close()));
});

describe('RunwareProvider.generate', () => {
  it('never dials out at construction', async () => {
    const { server } = setup();
    await settle();
    expect(server.sockets).toHaveLength(0);
  });

  it('delivers images one by one through onImage before resolving, with stages, snapped size, seed and cost', async () => {
    const { clock, server, provider } = setup();
    const seen: { image: GeneratedImage; index: number }[] = [];
    const stages: string[] = [];
    const result = provider.generate(
      options(clock, {
        request: request({ count: 3 }),
        onImage: (img, index) => seen.push({ image: img, index }),
        onStage: (stage) => stages.push(stage),
      }),
    );
    let settled = false;
    void result.finally(() => {
      settled = true;
    });
    await settle();
    const received = server.received[0]!;
    expect(received.task).toMatchObject({
      taskType: 'imageInference',
      width: 1024,
      height: 1024,
      numberResults: 3,
      outputType: 'base64Data',
      outputFormat: 'PNG',
      includeCost: true,
    });
    for (let i = 0; i < 3; i += 1) {
      server.reply(received, [image(received, i)]);
      await settle();
      expect(seen).toHaveLength(i + 1);
      expect(settled).toBe(i === 2);
    }
    const done = await result;
    expect(stages).toEqual(['sending', 'waiting', 'receiving']);
    expect(done.images).toHaveLength(3);
    expect(done.images[0]).toMatchObject({ format: 'png', width: 1024, height: 1024, seed: 10, costUsd: 0.0013 });
    expect(Array.from(done.images[2]!.bytes)).toEqual(Array.from(PNG));
    expect(done.costUsd).toBeCloseTo(0.0039, 10);
    expect(done.warnings).toEqual([expect.objectContaining({ type: 'compatibility', setting: 'size' })]);
    expect(done.providerMetadata.runware).toMatchObject({ taskUUID: received.task.taskUUID, transport: 'websocket', resumed: false });
    expect(seen.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it('uses taskId as the taskUUID when it is a UUID, and a fresh UUID otherwise', async () => {
    const { clock, server, provider } = setup();
    void provider.generate(options(clock, { taskId: TASK_ID })).catch(() => {});
    void provider.generate(options(clock, { taskId: 'job-7' })).catch(() => {});
    await settle();
    expect(server.received[0]?.task.taskUUID).toBe(TASK_ID);
    expect(server.received[1]?.task.taskUUID).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.received[1]?.task.taskUUID).not.toBe(TASK_ID);
  });

  it('fails with upstream_malformed when an item does not match the schema', async () => {
    const { clock, server, provider } = setup();
    const result = provider.generate(options(clock));
    await settle();
    server.reply(server.received[0]!, [{ imageUUID: 'x', cost: 'lots' }]);
    expect((await rejection(result)).code).toBe('upstream_malformed');
  });

  it.each([
    ['invalidWidth', { parameter: 'width' }, 'upstream_invalid_request', 'width'],
    ['timeoutProvider', {}, 'upstream_timeout', undefined],
    ['insufficientCredits', {}, 'insufficient_credits', undefined],
    ['brandNewCode', {}, 'upstream_unavailable', undefined],
  ] as const)('maps a %s error frame', async (code, extra, expected, param) => {
    const { clock, server, provider } = setup();
    const result = provider.generate(options(clock));
    await settle();
    server.fail(server.received[0]!, code, extra);
    const error = await rejection(result);
    expect(error.code).toBe(expected);
    expect(error.param).toBe(param);
    expect(error.upstream?.upstreamCode).toBe(code);
  });

  it('refuses a model id that is not an AIR', async () => {
    const { clock, provider } = setup();
    const error = await rejection(provider.generate(options(clock, { model: 'dall-e-3' })));
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe('model');
  });

  it('fails with key_missing, without dialling, when no key is set', async () => {
    const { clock, server, provider, setKey } = setup();
    setKey(undefined);
    expect(provider.hasKey()).toBe(false);
    expect((await rejection(provider.generate(options(clock)))).code).toBe('key_missing');
    await settle();
    expect(server.sockets).toHaveLength(0);
  });
});

describe('RunwareProvider: resume and re-sends', () => {
  it('resumes from getResponse without sending the task again when results exist', async () => {
    const { clock, server, provider } = setup();
    server.onTask = (received) => {
      if (received.task.taskType === 'getResponse') {
        server.reply(
          received,
          [0, 1].map((i) => ({ ...image(received, i), taskType: 'imageInference', seed: 100 + i, status: 'success' })),
        );
      }
    };
    const seen: number[] = [];
    const result = await provider.generate(
      options(clock, { request: request({ count: 2 }), taskId: TASK_ID, resume: true, onImage: (_img, index) => seen.push(index) }),
    );
    expect(server.tasksOfType('imageInference')).toHaveLength(0);
    expect(server.tasksOfType('getResponse')[0]?.task.taskUUID).toBe(TASK_ID);
    expect(result.images.map((i) => i.seed)).toEqual([100, 101]);
    expect(seen).toEqual([0, 1]);
    expect(result.providerMetadata.runware).toMatchObject({ resumed: true });
  });

  it('sends the task with the same taskUUID when getResponse does not know it', async () => {
    const { clock, server, provider } = setup();
    server.onTask = (received) => {
      if (received.task.taskType === 'getResponse') server.fail(received, 'taskFailedOrNotFound');
      else server.reply(received, [image(received, 0)]);
    };
    const result = await provider.generate(options(clock, { taskId: TASK_ID, resume: true }));
    expect(server.tasksOfType('imageInference')[0]?.task.taskUUID).toBe(TASK_ID);
    expect(result.images).toHaveLength(1);
    expect(result.providerMetadata.runware).toMatchObject({ resumed: false });
  });

  it('polls getResponse while the earlier run is still processing', async () => {
    const { clock, server, provider } = setup({ responsePollIntervalMs: 1_000 });
    let polls = 0;
    server.onTask = (received) => {
      polls += 1;
      server.reply(
        received,
        polls === 1 ? [{ status: 'processing' }] : [{ ...image(received, 0), taskType: 'imageInference', seed: 5, status: 'success' }],
      );
    };
    const result = provider.generate(options(clock, { taskId: TASK_ID, resume: true }));
    await settle();
    expect(polls).toBe(1);
    await clock.advance(1_000);
    expect((await result).images).toHaveLength(1);
    expect(polls).toBe(2);
    expect(server.tasksOfType('imageInference')).toHaveLength(0);
  });

  it('asks getResponse instead of paying again when a re-sent task hits conflictTaskUUID', async () => {
    const { clock, server, provider } = setup();
    let sends = 0;
    server.onTask = (received) => {
      if (received.task.taskType === 'getResponse') {
        server.reply(received, [{ ...image(received, 0), taskType: 'imageInference', seed: 42, status: 'success' }]);
        return;
      }
      sends += 1;
      if (sends === 1)
        received.socket.drop(); // the first copy reached the server, then the socket died
      else server.fail(received, 'conflictTaskUUID', { parameter: 'taskUUID' });
    };
    const result = provider.generate(options(clock));
    await settle();
    await clock.advance(500);
    const done = await result;
    expect(done.images[0]?.seed).toBe(42);
    const uuids = server.received.map((r) => r.task.taskUUID);
    expect(new Set(uuids).size).toBe(1);
    expect(server.received.map((r) => r.task.taskType)).toEqual(['imageInference', 'imageInference', 'getResponse']);
  });
});

describe('RunwareProvider: attention, health, prompts, close', () => {
  it('flags check-key after invalidApiKey and clears it when the key changes', async () => {
    const { clock, server, provider, setKey } = setup();
    server.acceptedKeys = ['good'];
    setKey('bad');
    const error = await rejection(provider.generate(options(clock)));
    expect(error.code).toBe('auth_failed');
    expect(error.userMessage).toContain('Check your key');
    expect(provider.needsAttention()).toBe('check-key');
    setKey('good');
    expect(provider.needsAttention()).toBeUndefined();
    server.onTask = (received) => server.reply(received, [image(received, 0)]);
    expect((await provider.generate(options(clock))).images).toHaveLength(1);
    expect(server.authKeys).toEqual(['bad', 'good']);
  });

  it('flags out-of-credits after insufficientCredits', async () => {
    const { clock, server, provider } = setup();
    server.onTask = (received) => server.fail(received, 'insufficientCredits');
    expect((await rejection(provider.generate(options(clock)))).code).toBe('insufficient_credits');
    expect(provider.needsAttention()).toBe('out-of-credits');
  });

  it('checks health with a ping, never a paid task', async () => {
    const { server, provider } = setup();
    const health = await provider.checkHealth(new AbortController().signal);
    expect(health).toMatchObject({ ok: true, error: undefined });
    expect(server.pings).toBe(1);
    expect(server.received).toHaveLength(0);
  });

  it('reports key_missing from checkHealth without dialling', async () => {
    const { server, provider, setKey } = setup();
    setKey(undefined);
    const health = await provider.checkHealth(new AbortController().signal);
    expect(health.ok).toBe(false);
    expect(health.error?.code).toBe('key_missing');
    expect(server.sockets).toHaveLength(0);
  });

  it('enhances a prompt into the requested number of versions, clipping it to 300 characters', async () => {
    const { clock, server, provider } = setup();
    server.onTask = (received) => server.reply(received, [{ text: 'one' }, { text: 'two' }]);
    const texts = await provider.enhancePrompt('x'.repeat(400), {
      versions: 2,
      signal: new AbortController().signal,
      deadline: clock.now() + 5_000,
    });
    expect(texts).toEqual(['one', 'two']);
    expect(server.received[0]?.task).toMatchObject({ taskType: 'promptEnhance', promptVersions: 2, promptMaxLength: 380 });
    expect(String(server.received[0]?.task.prompt)).toHaveLength(300);
    const bad = await rejection(
      provider.enhancePrompt('hi', { versions: 6, signal: new AbortController().signal, deadline: clock.now() + 5_000 }),
    );
    expect(bad).toMatchObject({ code: 'invalid_request', param: 'versions' });
  });

  it('emits pool-stats events as sockets and tasks change', async () => {
    const { clock, server, provider, events } = setup();
    server.onTask = (received) => server.reply(received, [image(received, 0)]);
    await provider.generate(options(clock));
    await clock.advance(300);
    const stats = events.filter((e) => e.type === 'pool-stats');
    expect(stats.length).toBeGreaterThan(0);
    expect(stats.at(-1)).toMatchObject({ provider: 'runware', stats: { transport: 'websocket', openSockets: 1, inFlight: 0, queued: 0 } });
    expect(JSON.stringify(events)).not.toContain('key-1');
  });

  it('refuses new work after close()', async () => {
    const { clock, provider } = setup();
    await provider.close();
    const error = await rejection(provider.generate(options(clock)));
    expect(error.code).toBe('cancelled');
    expect(error.message).toContain('closed');
  });
});
