/** Geometry of the latency sparkline: raw samples, a moving average and the p95 line. */
export interface SparklineGeometry {
  readonly samplesPath: string;
  readonly averagePath: string;
  /** y of the p95 line, undefined without data. */
  readonly p95Y: number | undefined;
  readonly maxMs: number;
}

export function movingAverage(values: readonly number[], window: number): number[] {
  const result: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    sum += values[i] ?? 0;
    if (i >= window) sum -= values[i - window] ?? 0;
    result.push(sum / Math.min(i + 1, window));
  }
  return result;
}

function toPath(values: readonly number[], width: number, height: number, maxMs: number, pad: number): string {
  if (values.length === 0) return '';
  const step = values.length > 1 ? (width - pad * 2) / (values.length - 1) : 0;
  return values
    .map((value, i) => {
      const x = values.length > 1 ? pad + i * step : width / 2;
      const y = height - pad - (Math.min(value, maxMs) / maxMs) * (height - pad * 2);
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
    })
    .join(' ');
}

export function buildSparkline(
  samples: readonly number[],
  p95Ms: number | null,
  width: number,
  height: number,
  pad = 2,
): SparklineGeometry {
  // One sample draws as a flat line rather than an invisible point.
  const recentMs = samples.length === 1 ? [samples[0] ?? 0, samples[0] ?? 0] : samples;
  const maxMs = Math.max(1, ...recentMs, p95Ms ?? 0) * 1.1;
  const p95Y = p95Ms === null || recentMs.length === 0 ? undefined : height - pad - (p95Ms / maxMs) * (height - pad * 2);
  return {
    samplesPath: toPath(recentMs, width, height, maxMs, pad),
    averagePath: toPath(movingAverage(recentMs, 5), width, height, maxMs, pad),
    p95Y,
    maxMs,
  };
}
