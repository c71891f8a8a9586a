import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeadlessMotifService } from '../../src/core/service/create-motif-service.ts';
import type { MotifApi } from '../../src/core/service/motif-api.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/start-server.ts';

/** A headless engine (offline: no keys, temp data dir) behind a loopback server on a free port. */
export interface Harness {
  readonly service: MotifApi;
  readonly server: RunningServer;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** An environment with no provider keys and no config: only the offline engine can serve. */
function offlineEnv(dataDir: string): NodeJS.ProcessEnv {
  return { MOTIF_DATA_DIR: dataDir, PATH: process.env.PATH ?? '' };
}

export async function startHarness(options: Partial<ServerOptions> = {}): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'motif-server-'));
  const service = await createHeadlessMotifService({ env: offlineEnv(dataDir), dataDir });
  const server = await startServer(service, { port: 0, ...options });
  return {
    service,
    server,
    dataDir,
    close: async () => {
      await server.close();
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every image-like or temp file under a folder (recursively), to prove nothing was written. */
export async function imageFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && /\.(png|jpe?g|webp|part|tmp)$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const buffer = Buffer.from(bytes);
  if (buffer.length < 24 || buffer.readUInt32BE(0) !== 0x89504e47 || buffer.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG');
  }
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

/** The OpenAI error body every failure carries. */
export interface ErrorBody {
  readonly error: { readonly message: string; readonly type: string; readonly code: string; readonly param: string | null };
}
