import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../contract/history-entry.ts';
import type { TaskEstimate } from '../contract/image-task.ts';
import { printLayoutSchema } from '../contract/print-request.ts';
import { preflight } from '../print/index.ts';
import { addUpscaleFixes, type ProviderFixDeps } from './print-upscale-fixes.ts';

const layout = printLayoutSchema.parse({ size: { preset: '4x6' } });
const soft = preflight([{ label: 'img-1', width: 512, height: 512, svg: undefined }], layout, 'pdf');

function deps(provider: string, estimate: Partial<TaskEstimate>): ProviderFixDeps & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    getEntry: async (id) => ({ id, provider }) as HistoryEntry,
    estimateTask: async (input) => {
      asked.push(input);
      return { task: 'upscale', providers: [], ...estimate };
    },
  };
}

describe('preflight offers an upscale by the provider that made a soft image', () => {
  it('prices the upscale first and picks the factor that reaches the minimum', async () => {
    const engine = deps('runware', {
      provider: 'runware',
      estimatedCostUsd: 0.0026,
      providers: [{ id: 'runware', label: 'Runware', available: true, priceUsd: 0.0026 }],
    });
    const report = await addUpscaleFixes(soft, ['img-1'], engine);
    // 512 px over 6.25 in = 82 ppi: ×4 is the first factor that reaches 300.
    expect(engine.asked).toEqual([{ task: 'upscale', source: { entryId: 'img-1' }, factor: 4 }]);
    expect(report.arts[0]!.fixes).toEqual([
      { mode: 'upscale', label: 'Upscale ×4 with Runware, which made it (≈ $0.0026)', factor: 4, provider: 'runware', costUsd: 0.0026 },
      { mode: 'resample', label: 'Local resample to 300 ppi (smoother edges, no new detail)' },
    ]);
  });

  it('labels the local resample as softer than a real upscale when no provider can upscale now', async () => {
    const report = await addUpscaleFixes(soft, ['img-1'], deps('openai', { providers: [] }));
    expect(report.arts[0]!.fixes).toEqual([
      { mode: 'resample', label: 'Local resample — softer than a real upscale (no provider can upscale it now)' },
    ]);
  });

  it("leaves the offline engine's designs with their vector re-render, and sharp images alone", async () => {
    const offline = preflight([{ label: 'img-2', width: 512, height: 512, svg: '<svg/>' }], layout, 'png');
    const engine = deps('local', { provider: 'local' });
    expect(await addUpscaleFixes(offline, ['img-2'], engine)).toEqual(offline);
    const sharp = preflight([{ label: 'img-3', width: 4000, height: 4000, svg: undefined }], layout, 'pdf');
    expect(await addUpscaleFixes(sharp, ['img-3'], deps('runware', { provider: 'runware' }))).toEqual(sharp);
    expect(engine.asked).toEqual([]);
  });
});
