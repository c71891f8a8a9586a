import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadlessMotifService } from '../../src/core/service/create-motif-service.ts';
import type { MotifService } from '../../src/core/service/motif-service.ts';
import { startServer, type RunningServer } from '../../src/server/start-server.ts';

interface MetricsBody {
  readonly providers: readonly { id: string; status: string; statusText: string }[];
}

/** Headless there is no Settings screen: a missing key's status names the variable to set. */
describe('headless metrics name the key variable', () => {
  let root: string;
  let service: MotifService;
  let server: RunningServer;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'motif-key-hints-'));
    const config = join(root, 'motif.yaml');
    await writeFile(config, 'providers:\n  backup: { type: openai, baseUrl: "http://127.0.0.1:9/v1", apiKeyEnv: BACKUP_KEY }\n');
    service = await createHeadlessMotifService({
      env: { MOTIF_DATA_DIR: join(root, 'data'), MOTIF_CONFIG: config, PATH: process.env.PATH ?? '' },
      dataDir: join(root, 'data'),
    });
    server = await startServer(service, { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await service.close();
    await rm(root, { recursive: true, force: true });
  });

  it('GET /motif/services/metrics says which environment variable to set, not "add one in Settings"', async () => {
    const res = await fetch(`${server.url}/motif/services/metrics`);
    expect(res.status).toBe(200);
    const { providers } = (await res.json()) as MetricsBody;
    const text = (id: string): string | undefined => providers.find((p) => p.id === id)?.statusText;
    expect(text('runware')).toBe('No API key — set RUNWARE_API_KEY');
    expect(text('openai')).toBe('No API key — set OPENAI_API_KEY');
    expect(text('backup')).toBe('No API key — set BACKUP_KEY');
    expect(providers.map((p) => p.statusText).join(' ')).not.toContain('Settings');
  });
});
