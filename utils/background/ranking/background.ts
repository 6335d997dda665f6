/**
 * Calibration from the indexed papers themselves: how similar two papers of the collection are when
 * nothing relates them. Almost every pair of papers in a collection is unrelated, so the distribution
 * of pairwise scores *is* the background of "unrelated" for a signal — for the keyword index and for
 * whatever embedding model is loaded, with no per-model constant. A score is then read as how far
 * above that background a pair is, in units of the background's own upper spread ("evidence").
 */
import { queryVector, sparseDot, widen, type LexicalIndex, type TermVector, type TextDoc } from './lexical';
import { dot } from './vectors';

/** Where the unrelated pairs of one signal sit. */
export interface Background {
  /** The typical score of a pair of papers. */
  median: number;
  /** How far the upper half of the background reaches: 90th percentile − median (never 0). */
  spread: number;
}

/** The semantic background of one model over one set of papers, and how far its neighbours can be trusted. */
export interface SemanticBackground extends Background {
  /**
   * How much the model's neighbourhoods agree with the keyword index's, from 0 (no better than
   * chance: a random or broken model) to 1 (a paper's best keyword matches are its nearest papers for
   * the model too): the weight of the semantic signal in the fused evidence.
   */
  reliability: number;
}

export interface Calibration {
  /** Keyword background of paper-length queries (title and abstract). */
  lexical: Background;
  /** Keyword background of paper-length queries widened by their best matches (expandedScores). */
  lexicalWide: Background;
  /** Keyword background of title-length queries (listing entries without abstract, searches). */
  lexicalShort: Background;
  /** Background of title-to-title keyword cosines. */
  titles: Background;
  semantic: SemanticBackground | null;
}

/** Papers used as queries when measuring a background (all of a small collection; a spread sample of a big one). */
export const CALIBRATION_SAMPLE = 160;
/** Pairs counted as a paper's "neighbours" for the agreement measure: its best keyword matches. */
const AGREEMENT_NEIGHBOURS = 3;

/** p-quantile (0..1) of an ascending array, linearly interpolated. */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const x = p * (sorted.length - 1);
  const lo = Math.floor(x);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (x - lo);
}

/** Median and upper spread of a sample of background scores. */
export function backgroundOf(values: ArrayLike<number>): Background {
  const sorted = Float64Array.from(values).sort();
  const median = quantile(sorted, 0.5);
  const spread = Math.max(quantile(sorted, 0.9) - median, 1e-6);
  return { median, spread };
}

/** How many background spreads `x` lies above the background's median. */
export function standardize(x: number, bg: Background): number {
  return (x - bg.median) / bg.spread;
}

/** Evenly spread indices of `n` items, at most `k` of them (deterministic: the same set every time). */
export function sampleIndices(n: number, k: number): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: k }, (_, j) => Math.floor((j * n) / k));
}

/**
 * Keyword scores of each sampled paper (or its title alone) against the sampled papers (same order;
 * itself scores -1). Scored pair by pair over the sample, so measuring costs the same whatever the
 * size of the collection. `wide`: with the query widened by its best match in the sample, as
 * expandedScores widens a query by its best match in the index.
 */
function lexicalRows(index: LexicalIndex, docs: readonly Pick<TextDoc, 'title' | 'abstract'>[], sample: readonly number[], titleOnly = false, wide = false): Float64Array[] {
  return sample.map((i, r) => {
    const query = titleOnly ? { title: docs[i].title, abstract: '' } : docs[i];
    const qv = queryVector(index, query, new Set([index.ids[i]]));
    const over = (q: TermVector) => Float64Array.from(sample, (j) => (j === i ? -1 : sparseDot(q, index.vectors[j])));
    const row = over(qv);
    if (!wide) return row;
    let best = -1;
    row.forEach((x, c) => {
      if (x > 0 && (best < 0 || x > row[best])) best = c;
    });
    if (best < 0) return row;
    const widened = over(widen(qv, [{ vector: index.vectors[sample[best]], score: 1 }]));
    widened[r] = -1;
    widened[best] = row[best];
    return widened;
  });
}

function pooled(rows: readonly Float64Array[]): Background {
  const values: number[] = [];
  for (const row of rows) for (const x of row) if (x >= 0) values.push(x);
  return backgroundOf(values);
}

/** The keyword backgrounds of an index (paper-length and title-length queries), from `sample` against all papers. */
export function lexicalBackgrounds(index: LexicalIndex, docs: readonly Pick<TextDoc, 'title' | 'abstract'>[], sample: readonly number[]): Pick<Calibration, 'lexical' | 'lexicalWide' | 'lexicalShort' | 'titles'> {
  const titleValues: number[] = [];
  for (const i of sample) {
    const q = queryVector(index, { title: docs[i].title, abstract: '' }, new Set([index.ids[i]]));
    for (const j of sample) if (j !== i) titleValues.push(sparseDot(q, index.titles[j]));
  }
  return { lexical: pooled(lexicalRows(index, docs, sample)), lexicalWide: pooled(lexicalRows(index, docs, sample, false, true)), lexicalShort: pooled(lexicalRows(index, docs, sample, true)), titles: backgroundOf(titleValues) };
}

/**
 * The semantic background of a model over the indexed papers that have vectors, and its agreement
 * with the keyword index: for each sampled paper, where its best keyword matches fall among its
 * semantic scores (a within-paper percentile: 0.5 on average for a model that knows nothing).
 * Agreement counts only when it is clearly above chance for the number of pairs measured (3 standard
 * errors), then scales from chance (0) to 0.95 (1).
 */
export function semanticBackground(index: LexicalIndex, docs: readonly Pick<TextDoc, 'title' | 'abstract'>[], vectors: readonly (Float32Array | null)[], sample: readonly number[]): SemanticBackground | null {
  const withVec = sample.filter((i) => vectors[i]);
  if (withVec.length < 8) return null;
  const lex = lexicalRows(index, docs, withVec);
  const values: number[] = [];
  let agree = 0;
  let pairs = 0;
  withVec.forEach((i, r) => {
    const sem = withVec.map((j) => (j === i ? Number.NaN : dot(vectors[i]!, vectors[j]!)));
    for (const s of sem) if (!Number.isNaN(s)) values.push(s);
    const neighbours = withVec
      .map((_, c) => ({ c, lex: lex[r][c] }))
      .filter((o) => withVec[o.c] !== i && o.lex > 0)
      .sort((a, b) => b.lex - a.lex)
      .slice(0, AGREEMENT_NEIGHBOURS);
    for (const { c } of neighbours) {
      let below = 0;
      let count = 0;
      sem.forEach((s, k) => {
        if (k === c || Number.isNaN(s)) return;
        count++;
        if (s < sem[c]) below++;
      });
      if (count === 0) continue;
      agree += below / count;
      pairs++;
    }
  });
  const bg = backgroundOf(values);
  if (pairs === 0) return { ...bg, reliability: 0 };
  const mean = agree / pairs;
  // A uniform percentile has standard deviation 1/√12.
  const standardError = 1 / Math.sqrt(12 * pairs);
  const reliability = mean - 0.5 < 3 * standardError ? 0 : Math.min(1, (mean - 0.5) / 0.45);
  return { ...bg, reliability };
}
