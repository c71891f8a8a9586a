import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI_MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/motif.mjs', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** An environment with no provider keys and nothing pointing at the network. */
export function cliEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MOTIF_DATA_DIR: dataDir, NO_COLOR: '1', ...extra };
}

/** Starts `node src/cli/main.ts ...args`. */
export function spawnCli(args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string; entry?: string }): ChildProcess {
  return spawn(process.execPath, [options.entry ?? CLI_MAIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a child's output and waits for it to exit. */
export function finished(child: ChildProcess, timeoutMs = 100_000): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs the CLI to completion. */
export function runCli(args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string; entry?: string }): Promise<CliResult> {
  return finished(spawnCli(args, options));
}

/** Resolves with the first stream text matching `pattern` (the match), or rejects when the child exits first. */
export function waitForOutput(
  child: ChildProcess,
  stream: 'stdout' | 'stderr',
  pattern: RegExp,
  timeoutMs = 90_000,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const source = child[stream];
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} on ${stream}; saw: ${seen}`)), timeoutMs);
    const onData = (chunk: Buffer | string): void => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        source?.off('data', onData);
        resolve(match);
      }
    };
    source?.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited before printing ${pattern}; saw: ${seen}`));
    });
  });
}
