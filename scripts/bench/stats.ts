/** Summaries of repeated measurements: the median with its spread; nothing here is ever asserted. */
export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Median, 95th percentile (nearest rank), min and max of `samples`. */
export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { n: s.length, median: at(0.5), p95: at(0.95), min: s[0], max: s[s.length - 1] };
}

/** "12.3 [10.1–15.0]": median and range, in the unit the caller prints. */
export function fmt(x: Summary | null | undefined, digits = 0): string {
  if (!x || x.n === 0) return 'n/a';
  return x.n === 1 ? x.median.toFixed(digits) : `${x.median.toFixed(digits)} [${x.min.toFixed(digits)}–${x.max.toFixed(digits)}]`;
}

/** "12 / 15": p50 and p95. */
export function fmtP95(x: Summary | null | undefined, digits = 0): string {
  return x && x.n ? `${x.median.toFixed(digits)} / ${x.p95.toFixed(digits)}` : 'n/a';
}
