import { useEffect } from 'react';
import type { CostQuote } from '../../../shared/motif-bridge.ts';
import { formatCost } from '../../lib/format.ts';
import { sizeToString } from '../../lib/sizes.ts';
import { useHealthStore } from '../../store/health-store.ts';
import { useStudioStore } from '../../store/studio-store.ts';
import { useUiStore } from '../../store/ui-store.ts';
import { Icon } from '../common/icon.tsx';
import { useDebounced } from '../common/use-debounced.ts';

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
const GENERATE_SHORTCUT = isMac ? '⌘ Enter' : 'Ctrl Enter';

/** "≈ $0.0026", "free" on the offline engine, nothing when the price is unknown. */
function describeEstimate(quote: CostQuote | undefined): string | undefined {
  if (quote?.estimatedCostUsd === undefined) return undefined;
  return quote.estimatedCostUsd === 0 ? 'free' : `≈ ${formatCost(quote.estimatedCostUsd)}`;
}

/**
 * The pinned Generate button with what the job would cost, asked of the engine
 * as the options change; when the daily cap would refuse the job, the reason
 * in words and the two ways on: run it offline, or raise the cap.
 */
export function GenerateBar({ problems }: { readonly problems: readonly string[] }) {
  const count = useStudioStore((s) => s.count);
  const submitting = useStudioStore((s) => s.submitting);
  const quote = useStudioStore((s) => s.quote);
  const runOffline = useStudioStore((s) => s.runOffline);
  const options = useStudioStore((s) => `${s.style}|${sizeToString(s.size)}|${s.count}|${s.model}`);
  const spentToday = useHealthStore((s) => s.snapshot?.spend.todayUsd);
  const capUsd = useHealthStore((s) => s.snapshot?.spend.capUsd);
  const setView = useUiStore((s) => s.setView);
  const settled = useDebounced(`${options}|${spentToday ?? ''}|${capUsd ?? ''}`, 200);

  useEffect(() => {
    void useStudioStore.getState().refreshQuote();
  }, [settled]);

  const refusal = quote?.refusal;
  const blocked = problems.length > 0 || refusal !== undefined;
  const estimate = describeEstimate(quote);
  const raiseCap = (): void => {
    setView('settings');
    // Once Settings is drawn: the cap's field, ready to type into.
    requestAnimationFrame(() =>
      document.getElementById('budget-title')?.closest('section')?.querySelector<HTMLInputElement>('input')?.focus(),
    );
  };

  return (
    <div className="generate-row">
      {refusal && (
        <div className="cap-refusal" role="alert" data-testid="cap-refusal">
          <p>
            <Icon name="alert" /> {refusal.userMessage}
          </p>
          <div className="cap-refusal-actions">
            <button type="button" className="secondary small" onClick={() => void runOffline()}>
              <Icon name="play" /> Run offline instead
            </button>
            <button type="button" className="ghost small" onClick={raiseCap}>
              Raise the cap
            </button>
          </div>
        </div>
      )}
      <button
        type="submit"
        className="primary generate-button"
        aria-disabled={blocked || submitting}
        aria-describedby="generate-hint"
        data-testid="generate-button"
      >
        <Icon name="sparkles" size={18} />
        <span className="generate-label">
          {submitting ? 'Starting…' : `Generate ${count} ${count === 1 ? 'image' : 'images'}`}
          {!submitting && estimate && <span className="generate-cost"> · {estimate}</span>}
        </span>
        <kbd aria-hidden="true">{GENERATE_SHORTCUT}</kbd>
      </button>
      <p id="generate-hint" className="hint">
        {problems.length > 0 ? problems[0] : refusal ? 'Over today’s spending cap.' : ''}
      </p>
    </div>
  );
}
