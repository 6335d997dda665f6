/**
 * What an evidence means, in the words and numbers every surface shows. Kept apart from the ranking
 * so the pages' code (content script, popup, library) can name the levels without bundling the index.
 */

/**
 * Where "related" starts, in background spreads. Chosen with `npm run eval` on the unrelated-paper
 * set and the judged sets (README, Relevance): lower lets papers of other fields through, higher hides
 * real neighbours whose only evidence is a few shared words.
 */
export const RELATED_THRESHOLD = 2;
/** Where "very close" starts. */
export const VERY_CLOSE_THRESHOLD = 4;
/** Still clearly above the typical unrelated pair (the background's 90th percentile). */
export const ROW_FLOOR = 1;
export type RelatedLevel = 'very-close' | 'related' | 'loose';

/** The words every surface uses for a level, and no others. */
export const LEVEL_LABEL: Record<RelatedLevel, string> = { 'very-close': 'Very close', related: 'Related', loose: 'Loosely related' };

export interface Relatedness {
  level: RelatedLevel;
  /** For bars: 0 at the background, 0.25 at "related", 0.5 at "very close", 1 from twice that. */
  score: number;
  /** Share of the collection's paper pairs that are less alike, in percent (0–100, one decimal). */
  percentile: number;
}

/** What an evidence means on every surface. */
export function relatedness(evidence: number, calibration: { pairs: Float32Array }): Relatedness {
  const level: RelatedLevel = evidence >= VERY_CLOSE_THRESHOLD ? 'very-close' : evidence >= RELATED_THRESHOLD ? 'related' : 'loose';
  const score = Math.min(1, Math.max(0, evidence / (2 * VERY_CLOSE_THRESHOLD)));
  const { pairs } = calibration;
  let lo = 0;
  let hi = pairs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pairs[mid] < evidence) lo = mid + 1;
    else hi = mid;
  }
  const percentile = pairs.length ? Math.floor((1000 * lo) / pairs.length) / 10 : 0;
  return { level, score, percentile };
}

