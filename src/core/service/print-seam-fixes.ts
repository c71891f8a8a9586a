import type { PreflightReport } from '../contract/print-request.ts';
import type { ImageSourceInput, TaskEstimate } from '../contract/image-task.ts';
import { formatUsd } from '../ledger/spend-guard.ts';
import { offerWords, type ProviderFixDeps } from './print-upscale-fixes.ts';

/** Why no provider can inpaint the image now: the reasons of those that could with a change (a key, a setting). */
function whyNot(estimate: TaskEstimate | undefined): string {
  const fixable = (estimate?.providers ?? []).filter((p) => !p.available && p.reason !== undefined && p.code !== 'unsupported_task');
  return fixable.length === 0 ? 'no provider offers inpainting' : fixable.map((p) => `${p.label}: ${p.reason}`).join('; ');
}

/** Today's cap, in a preflight's words (the refusal's own message speaks of a job that did not start). */
function capWords(estimate: TaskEstimate): string {
  if (estimate.refusal?.code === 'budget_exceeded') return 'today’s spend has reached the daily cap';
  const price = estimate.estimatedCostUsd === undefined ? 'its price' : `its ≈ ${formatUsd(estimate.estimatedCostUsd)}`;
  return `${price} would pass today’s daily cap`;
}

/**
 * Adds preflight's seam repair to a pattern made from a provider's image:
 * the tile offset by half with the cross where its old edges meet repainted
 * by the provider's inpainting (the `seamless` tool: a new library entry,
 * made from this one and marked seamless), priced before anything runs.
 * When no provider can inpaint it now (no key, offline, today's cap), the
 * notes say the seam will be blended locally instead, and why. The offline
 * engine's designs (drawn seamless) and tiles already repaired are left as
 * they are. `source` is the library entry, or a file's bytes (the CLI's),
 * which the repair imports first.
 */
export async function addSeamRepairFix(report: PreflightReport, source: ImageSourceInput, deps: ProviderFixDeps): Promise<PreflightReport> {
  const [art] = report.arts;
  if (report.product !== 'pattern' || art === undefined) return report;
  // A file is a provider's pixels as far as the engine knows; a library entry may already be seamless.
  const entry = 'entryId' in source ? await deps.getEntry(source.entryId).catch(() => undefined) : undefined;
  if ('entryId' in source && (entry === undefined || entry.provider === 'local' || entry.task === 'seamless')) return report;
  const estimate = await deps.estimateTask({ task: 'seamless', source }).catch(() => undefined);
  if (estimate?.provider === undefined || estimate.refusal !== undefined) {
    const reason = estimate?.refusal === undefined ? whyNot(estimate) : capWords(estimate);
    return { ...report, notes: [...report.notes, `The seam cannot be repaired by inpainting now (${reason}), so it is blended locally.`] };
  }
  const { name, price, madeIt } = offerWords(estimate, entry?.provider);
  const fix = {
    mode: 'seamless' as const,
    label: `Repair the seam with ${name} inpainting${madeIt} (${price})`,
    provider: estimate.provider,
    ...(estimate.estimatedCostUsd === undefined ? {} : { costUsd: estimate.estimatedCostUsd }),
  };
  return { ...report, arts: [{ ...art, fixes: [fix, ...art.fixes] }, ...report.arts.slice(1)] };
}
