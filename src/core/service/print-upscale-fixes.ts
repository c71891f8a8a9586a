import type { HistoryEntry } from '../contract/history-entry.ts';
import type { ImageTaskInput, TaskEstimate } from '../contract/image-task.ts';
import type { ArtPreflight, PreflightReport } from '../contract/print-request.ts';
import { formatUsd } from '../ledger/spend-guard.ts';

/** What preflight's provider offers (upscale, seam repair) need from the engine. */
export interface ProviderFixDeps {
  getEntry(id: string): Promise<HistoryEntry>;
  estimateTask(input: ImageTaskInput): Promise<TaskEstimate>;
}

/** Who would run a priced provider fix and what it costs, in preflight's words: "Runware", ", which made it", "≈ $0.0038". */
export function offerWords(
  estimate: TaskEstimate,
  madeBy: string | undefined,
): { readonly name: string; readonly price: string; readonly madeIt: string } {
  const provider = estimate.providers.find((p) => p.id === estimate.provider);
  return {
    name: provider?.label ?? estimate.provider ?? 'no provider',
    price: estimate.estimatedCostUsd === undefined ? 'price unknown' : `≈ ${formatUsd(estimate.estimatedCostUsd)}`,
    madeIt: estimate.provider === madeBy ? ', which made it' : '',
  };
}

const FACTORS = [2, 3, 4] as const;
type UpscaleFactor = (typeof FACTORS)[number];

/** The smallest factor that reaches `minPpi`, or the largest there is. */
function factorFor(art: ArtPreflight, minPpi: number): UpscaleFactor {
  const needed = minPpi / Math.max(1, art.effectivePpi);
  return FACTORS.find((factor) => factor >= needed) ?? 4;
}

/**
 * Adds preflight's provider fix to a soft image from a provider: upscale it
 * with the upscale tool (on the provider the router would use, normally the
 * one that made it), priced before anything runs. When no provider can
 * upscale it now (no key, offline), the local resample is offered under a
 * label that says it is softer than a real upscale. The offline engine's own
 * designs keep their vector re-render and are left as they are.
 */
export async function addUpscaleFixes(report: PreflightReport, ids: readonly string[], deps: ProviderFixDeps): Promise<PreflightReport> {
  if (report.product !== 'print') return report;
  const arts = await Promise.all(
    report.arts.map(async (art, index) => {
      const id = ids[index];
      if (!art.soft || id === undefined || art.fixes.some((fix) => fix.mode === 'vector')) return art;
      const entry = await deps.getEntry(id).catch(() => undefined);
      if (entry === undefined || entry.provider === 'local') return art;
      const factor = factorFor(art, report.minPpi);
      const estimate = await deps.estimateTask({ task: 'upscale', source: { entryId: id }, factor }).catch(() => undefined);
      const resample = art.fixes.filter((fix) => fix.mode === 'resample');
      if (estimate?.provider === undefined) {
        return {
          ...art,
          fixes: resample.map((fix) => ({ ...fix, label: 'Local resample — softer than a real upscale (no provider can upscale it now)' })),
        };
      }
      const { name, price, madeIt } = offerWords(estimate, entry.provider);
      return {
        ...art,
        fixes: [
          {
            mode: 'upscale' as const,
            label: `Upscale ×${factor} with ${name}${madeIt} (${price})`,
            factor,
            provider: estimate.provider,
            ...(estimate.estimatedCostUsd === undefined ? {} : { costUsd: estimate.estimatedCostUsd }),
          },
          ...resample,
        ],
      };
    }),
  );
  return { ...report, arts };
}
