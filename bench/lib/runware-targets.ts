import { createServer } from 'node:net';
import { RunwareProvider } from '../../src/core/providers/runware/runware-provider.ts';
import { BENCH_MODEL, BENCH_REQUEST } from './runware-payload.ts';

/** A RunwareProvider named `id` pointed at an emulator (or at nothing: a closed port). */
export function runwareAt(id: string, urls: { wsUrl: string; restUrl: string }): RunwareProvider {
  return new RunwareProvider({ id, getApiKey: () => 'bench-key', wsUrl: urls.wsUrl, apiUrl: urls.restUrl, closeGraceMs: 0 });
}

/** Opens the provider's socket with one direct task, so the first measured job does not pay for connecting. */
export async function warm(provider: RunwareProvider): Promise<void> {
  await provider.generate({
    request: BENCH_REQUEST,
    model: BENCH_MODEL,
    signal: new AbortController().signal,
    deadline: Date.now() + 30_000,
    onImage: undefined,
    onStage: undefined,
    taskId: undefined,
    resume: false,
  });
}

/** A loopback port with nothing listening on it (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export { BENCH_MODEL };
