import { buildSparkline } from '../../lib/sparkline.ts';
import { formatDuration } from '../../lib/format.ts';

const WIDTH = 240;
const HEIGHT = 56;

/** Recent latencies: the samples faintly, their moving average, and the p95 as a dashed line. */
export function LatencySparkline({ recentMs, avgMs, p95Ms }: { recentMs: readonly number[]; avgMs: number | null; p95Ms: number | null }) {
  const summary =
    recentMs.length === 0
      ? 'No requests yet'
      : `Average ${formatDuration(avgMs)}, 95th percentile ${formatDuration(p95Ms)}, over the last ${recentMs.length} requests`;
  if (recentMs.length === 0) {
    return (
      <div className="sparkline empty" role="img" aria-label={summary}>
        <span>No requests yet</span>
      </div>
    );
  }
  const geometry = buildSparkline(recentMs, p95Ms, WIDTH, HEIGHT);
  return (
    <figure className="sparkline" role="img" aria-label={summary}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true">
        <path className="spark-samples" d={geometry.samplesPath} />
        <path className="spark-average" d={geometry.averagePath} />
        {geometry.p95Y !== undefined && <line className="spark-p95" x1="0" x2={WIDTH} y1={geometry.p95Y} y2={geometry.p95Y} />}
      </svg>
      <figcaption>
        <span>
          <i className="key key-average" /> avg {formatDuration(avgMs)}
        </span>
        <span>
          <i className="key key-p95" /> p95 {formatDuration(p95Ms)}
        </span>
      </figcaption>
    </figure>
  );
}
