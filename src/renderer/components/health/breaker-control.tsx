import { useId } from 'react';
import type { BreakerMode } from '../../../shared/motif-bridge.ts';
import { BREAKER_MODE_LABELS } from '../../lib/provider-status.ts';

const MODES: readonly BreakerMode[] = ['auto', 'forced-open', 'forced-closed'];

/** Lets the designer pause a provider (force open), pin it on (force closed), or leave it automatic. */
export function BreakerControl({
  provider,
  providerName,
  mode,
  onChange,
}: {
  provider: string;
  providerName: string;
  mode: BreakerMode;
  onChange: (mode: BreakerMode) => void;
}) {
  const id = useId();
  return (
    <fieldset className="breaker-control">
      <legend className="field-label">Circuit breaker</legend>
      <div className="segmented compact" role="radiogroup" aria-label={`Circuit breaker for ${providerName}`}>
        {MODES.map((option) => (
          <label key={option} className={option === mode ? 'segment selected' : 'segment'}>
            <input
              type="radio"
              className="visually-hidden"
              name={`${id}-${provider}`}
              value={option}
              checked={option === mode}
              onChange={() => onChange(option)}
            />
            <span>{BREAKER_MODE_LABELS[option]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
