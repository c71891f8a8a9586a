/**
 * Display formatting shared by every screen. Unknown values stay visibly
 * unknown: a missing price is "unknown", never "$0".
 */

/** `$0.0040` below a cent (provider prices are fractions of a cent), `$0.148` below a dollar, `$12.50` above. */
export function formatCost(usd: number | undefined | null): string {
  if (usd === undefined || usd === null || !Number.isFinite(usd)) return 'unknown';
  if (usd === 0) return '$0.00';
  const abs = Math.abs(usd);
  const digits = abs < 0.01 ? 4 : abs < 1 ? 3 : 2;
  return `${usd < 0 ? '-' : ''}$${abs.toFixed(digits)}`;
}

/** `840 ms`, `4.2 s`, `2 min 5 s`, `1 h 3 min`; "—" when unknown. */
export function formatDuration(ms: number | undefined | null): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) {
    const seconds = ms / 1000;
    return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  }
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) {
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  }
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** A countdown to an instant: `12 s`, `1:05`; "now" once it has passed. */
export function formatCountdown(untilMs: number, nowMs: number): string {
  const remaining = Math.ceil((untilMs - nowMs) / 1000);
  if (remaining <= 0) return 'now';
  if (remaining < 60) return `${remaining} s`;
  const minutes = Math.floor(remaining / 60);
  return `${minutes}:${String(remaining % 60).padStart(2, '0')}`;
}

/** `98%`; `99.5%` when close to whole; "—" when there is no data yet. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const percent = ratio * 100;
  const rounded = Math.round(percent * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

/** `1.4 MB`, `820 KB`, `312 B`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** `just now`, `5 min ago`, `3 h ago`, then the date. */
export function formatRelativeTime(atMs: number, nowMs: number): string {
  const diff = nowMs - atMs;
  if (diff < 45_000) return 'just now';
  if (diff < 3_600_000) return `${Math.round(diff / 60_000)} min ago`;
  if (diff < 86_400_000) return `${Math.round(diff / 3_600_000)} h ago`;
  return formatDate(atMs);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

function formatDate(atMs: number): string {
  return dateFormat.format(atMs);
}

export function formatDateTime(atMs: number): string {
  return dateTimeFormat.format(atMs);
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });

/** `14:05`: within a day's group, the date would repeat on every tile. */
export function formatTime(atMs: number): string {
  return timeFormat.format(atMs);
}

/** `Thursday, December 3, 2026`: a gallery group's heading. */
export function formatDay(atMs: number): string {
  return dayFormat.format(atMs);
}

/** `1024 × 1024`. */
export function formatSize(width: number, height: number): string {
  return `${width} × ${height}`;
}

/** Thousands separators for counts: `10,000`. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
