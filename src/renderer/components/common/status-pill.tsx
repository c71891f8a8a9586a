import type { Tone } from '../../lib/job-state-text.ts';

/** A status in words with a coloured dot: colour is never the only signal. */
export function StatusPill({ tone, label, pulse = false, className }: { tone: Tone; label: string; pulse?: boolean; className?: string }) {
  return (
    <span className={`status-pill tone-${tone}${className ? ` ${className}` : ''}`}>
      <span className={pulse ? 'status-dot pulse' : 'status-dot'} aria-hidden="true" />
      {label}
    </span>
  );
}
