import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FaultSpec, LatencySpec } from '../../test/emulators/faults.ts';
import type { EmulatorChildStats, EmulatorCommand, EmulatorKind } from './emulator-child.ts';

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * A JSON-RPC-ish link to a forked process: send a command, await its reply.
 * Shared by the emulator launcher and the Runware client workers.
 */
export class ChildLink<Cmd extends { id: number }> {
  readonly child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #next = 1;
  #exited = false;

  constructor(script: string, args: readonly string[] = [], execArgv: readonly string[] = []) {
    this.child = fork(script, [...args], { execArgv: [...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const waiter = this.#pending.get(message.id);
      if (!waiter) return;
      this.#pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(message.error));
    });
    this.child.on('exit', (code) => {
      this.#exited = true;
      for (const waiter of this.#pending.values()) waiter.reject(new Error(`${script} exited (${code})`));
      this.#pending.clear();
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  call<T>(command: Distribute<Cmd>, timeoutMs = 600_000): Promise<T> {
    if (this.#exited) return Promise.reject(new Error('child process has exited'));
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`child did not answer ${JSON.stringify(command).slice(0, 80)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ ...command, id });
    });
  }

  /** Waits for the child to exit, killing it (by its own pid) if it does not within `ms`. */
  async waitExit(ms = 5_000): Promise<void> {
    if (this.#exited) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, ms);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export interface StartedEmulator {
  readonly wsUrl?: string;
  readonly restUrl?: string;
  readonly baseUrl?: string;
  readonly port: number;
}

/** One emulator in its own child process. */
export class EmulatorProcess {
  readonly #link: ChildLink<EmulatorCommand>;
  readonly urls: StartedEmulator;

  private constructor(link: ChildLink<EmulatorCommand>, urls: StartedEmulator) {
    this.#link = link;
    this.urls = urls;
  }

  static async start(
    kind: EmulatorKind,
    options: { latency?: LatencySpec; faults?: FaultSpec; seed?: number } = {},
  ): Promise<EmulatorProcess> {
    const link = new ChildLink<EmulatorCommand>(fileURLToPath(new URL('./emulator-child.ts', import.meta.url)));
    const urls = await link.call<StartedEmulator>({ cmd: 'start', kind, ...options }, 30_000);
    return new EmulatorProcess(link, urls);
  }

  get pid(): number {
    return this.#link.pid;
  }

  setLatency(latency: LatencySpec): Promise<unknown> {
    return this.#link.call({ cmd: 'latency', latency });
  }

  setFaults(faults: FaultSpec | null): Promise<unknown> {
    return this.#link.call({ cmd: 'faults', faults });
  }

  stats(): Promise<EmulatorChildStats> {
    return this.#link.call<EmulatorChildStats>({ cmd: 'stats' });
  }

  async close(): Promise<void> {
    await this.#link.call({ cmd: 'close' }, 10_000).catch(() => undefined);
    await this.#link.waitExit();
  }
}
