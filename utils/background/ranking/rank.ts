/**
 * The one relatedness of the product: every surface (panel, drawer, badges, Triage, popup and library
 * search, "related to this one") ranks with `rankRelated` and shows what `relatedness()` says.
 *
 * Each signal is read against its own background (`background.ts`): the keyword cosine and the
 * embedding cosine become *evidence*, "background spreads above the typical unrelated pair", so both
 * speak one unit whatever the model. The semantic evidence is weighed by how far the model's
 * neighbourhoods agree with the keyword index on the collection itself: a random or broken model gets
 * no weight and the ranking is the keyword ranking. A paper being read has related papers only when
 * its best match clears RELATED_THRESHOLD; then its list goes down to ROW_FLOOR. Pure: takes plain
 * arrays, unit-tested and benchmarked without a browser.
 *
 * Over 300 lines on purpose: the gate, the fusion and the reasons are one rule read together; the
 * parts that stand alone are their own files (lexical, background, levels, vectors).
 */
import { expandedScores, expandedScoresAt, lexicalScores, queryVector, sharedEvidence, sparseDot, titleScores, type LexicalIndex, type TermVector, type TextDoc } from './lexical';
import { lexicalBackgrounds, quantile, sampleIndices, semanticBackground, standardize, CALIBRATION_SAMPLE, type Background, type Calibration as Backgrounds } from './background';
import { dot, hammingDistances, packSigns, topByScore, topK } from './vectors';
import { relatedness, RELATED_THRESHOLD, ROW_FLOOR, type Relatedness } from '../../shared/levels';

export { LEVEL_LABEL, RELATED_THRESHOLD, ROW_FLOOR, VERY_CLOSE_THRESHOLD, relatedness, type RelatedLevel, type Relatedness } from '../../shared/levels';

/**
 * How two signals order one list: the weighted mean of their evidence (`mix`), reciprocal rank fusion
 * (`rrf`), or the larger evidence (`max`). The gate always uses the mixed evidence. `npm run eval`
 * compares them; `mix` is shipped.
 */
export type Fusion = 'mix' | 'rrf' | 'max';

export interface RankOptions {
  /** Results to return at most. */
  limit: number;
  fusion: Fusion;
  /** Evidence the best paper needs for the paper being read to have related papers at all. */
  threshold: number;
  /** Evidence down to which the others are listed once the best has cleared `threshold`. */
  rowFloor: number;
  /** Rank without the gate (the evaluation's view of the full ordering). */
  ungated: boolean;
}

/**
 * Weight of a fully reliable model against the keyword index's 1 in the mixed evidence: a good sentence
 * model knows more about topics than shared words do; a half-reliable one weighs as much as the keywords.
 */
const SEMANTIC_WEIGHT = 2;
/** A single signal this many thresholds above its background stands on its own, whatever the other says. */
const STRONG_FACTOR = 1.5;
/**
 * Weight of a title-to-title match against its own background: shared title words are rarer than
 * shared abstract words, so their evidence is halved (chosen with npm run eval).
 */
const TITLE_EVIDENCE = 0.5;
/** How much more evidence a title alone needs than a paper with its abstract (chosen with npm run eval). */
const SHORT_FACTOR = 1.5;
/** Reciprocal-rank-fusion constant (the usual 60 is for lists of thousands; ours are short). */
const RRF_K = 10;

export const DEFAULT_RANK_OPTIONS: RankOptions = { limit: 10, fusion: 'mix', threshold: RELATED_THRESHOLD, rowFloor: ROW_FLOOR, ungated: false };

/** Background evidence of pairs of the collection, ascending: what a percentile is read against. */
export interface Calibration extends Backgrounds {
  pairs: Float32Array;
}

export interface RankedPaper {
  id: string;
  /** Fused evidence, in background spreads. */
  evidence: number;
  /** Level, bar value and percentile: what every surface shows. */
  relatedness: Relatedness;
  /** Keyword evidence alone. */
  lexical: number;
  /** Semantic evidence alone, when a model's vectors were used. */
  semantic: number | null;
  /** 1–3 distinctive shared phrases, most telling first; empty when the match rests on the model. */
  reason: string[];
}

export interface RankInput {
  index: LexicalIndex;
  /** The paper being read; a search query or a listing entry without abstract as a title alone. */
  query: Pick<TextDoc, 'title' | 'abstract'>;
  /** Ids (without version) never to return: the paper itself. */
  exclude: ReadonlySet<string>;
  /** Backgrounds of the indexed set (`calibrate`). */
  calibration: Calibration;
  /**
   * Embedding of the query and of each indexed paper (same order as index.ids), when available; with
   * `codes` (packSigns of `docs`) a large index is searched by sign codes and rescored exactly.
   */
  semantic?: { query: Float32Array; docs: readonly (Float32Array | null)[]; codes?: Uint32Array };
  options?: Partial<RankOptions>;
}

/** Below this many papers every vector is scored exactly (a few milliseconds); above, codes pick candidates. */
export const EXACT_SEMANTIC_LIMIT = 5000;
/** Candidates rescored exactly per signal when searching by codes. */
const CANDIDATES = 200;
/** Background evidence values kept for percentiles. */
const PAIR_SAMPLE = 4096;

/** The weight of the semantic evidence against the keyword evidence's 1. */
function semanticWeight(cal: Backgrounds): number {
  return cal.semantic ? SEMANTIC_WEIGHT * cal.semantic.reliability : 0;
}

/**
 * One pair's evidence from its two calibrated signals. The weighted mean of the two, except that a
 * model may lower the keyword evidence only as far as it is reliable: a model that agrees with the
 * keywords only half the time can add evidence the keywords missed, but can take away only half of
 * what they found (an unreliable model must not hide what the words show). A single signal strong on
 * its own stands whatever the other says. No usable model: the keyword evidence.
 */
export function fuseEvidence(lexical: number, semantic: number | null, weight: number): number {
  if (semantic === null || weight <= 0) return lexical;
  const mixed = (lexical + weight * semantic) / (1 + weight);
  const reliability = weight / SEMANTIC_WEIGHT;
  const fused = mixed + (1 - reliability) * Math.max(0, lexical - mixed);
  const alone = Math.max(lexical, weight * semantic);
  return alone >= STRONG_FACTOR * RELATED_THRESHOLD ? Math.max(fused, alone) : fused;
}

/** Distinctive terms (a phrase counts two) a pair must share for its keyword evidence to count. */
const MIN_SHARED = 3;
/** Largest share of a pair's distinctive overlap one term may carry for its keyword evidence to count. */
const MAX_DOMINANCE = 0.6;

/**
 * Whether a pair's keyword match is *clear*: it shares several distinctive terms and no single one of
 * them makes the match — one shared rare word is a coincidence ("entanglement" in quantum physics and
 * in an embedding paper's title), not a topic. The gate asks for a clear match; once there is one, a
 * neighbour may rest on fewer words. Chosen with npm run eval.
 */
function clearMatch(index: LexicalIndex, qv: TermVector, i: number): boolean {
  const shared = sharedEvidence(index, qv, index.vectors[i], 0);
  return shared.distinct >= MIN_SHARED && shared.dominance <= MAX_DOMINANCE;
}

/**
 * A pair's keyword evidence: its cosine against the background, or — when the two titles share two
 * distinctive words or a phrase (not the field's jargon, such as "neural network"), which says they
 * are about the same thing whatever the abstracts say — their
 * title-to-title cosine against its own background, if that is higher. `qt` is the query's title
 * vector (null for a query that is a title alone).
 */
function keywordEvidence(index: LexicalIndex, cal: Backgrounds, qt: TermVector | null, i: number, cosine: number, titleCosine: number, bg: Background): { z: number; byTitle: boolean } {
  const z = standardize(cosine, bg);
  if (!qt || cosine <= 0 || titleCosine <= 0) return { z, byTitle: false };
  const byTitle = TITLE_EVIDENCE * standardize(titleCosine, cal.titles);
  return byTitle > z && sharedEvidence(index, qt, index.titles[i], 0).telling >= 2 ? { z: byTitle, byTitle: true } : { z, byTitle: false };
}

/**
 * Measures the backgrounds of an indexed set: keyword always, semantic when vectors are given
 * (papers without a vector are left out of it), and the evidence of sampled pairs for percentiles.
 * Cost: a few hundred keyword queries and at most 160² pairs, whatever the size of the collection.
 */
export function calibrate(index: LexicalIndex, docs: readonly Pick<TextDoc, 'title' | 'abstract'>[], vectors?: readonly (Float32Array | null)[] | null): Calibration {
  const sample = sampleIndices(index.ids.length, CALIBRATION_SAMPLE);
  const backgrounds: Backgrounds = { ...lexicalBackgrounds(index, docs, sample), semantic: vectors ? semanticBackground(index, docs, vectors, sample) : null };
  const weight = semanticWeight(backgrounds);
  const values: number[] = [];
  for (const i of sample) {
    const self = new Set([index.ids[i]]);
    const qv = queryVector(index, docs[i], self);
    const qt = queryVector(index, { title: docs[i].title, abstract: '' }, self);
    for (const j of sample) {
      if (j === i) continue;
      const semantic = backgrounds.semantic && vectors?.[i] && vectors[j] ? standardize(dot(vectors[i]!, vectors[j]!), backgrounds.semantic) : null;
      values.push(fuseEvidence(keywordEvidence(index, backgrounds, qt, j, sparseDot(qv, index.vectors[j]), sparseDot(qt, index.titles[j]), backgrounds.lexical).z, semantic, weight));
    }
  }
  const sorted = Float32Array.from(values).sort();
  const pairs = sorted.length <= PAIR_SAMPLE ? sorted : Float32Array.from({ length: PAIR_SAMPLE }, (_, k) => quantile(sorted, k / (PAIR_SAMPLE - 1)));
  return { ...backgrounds, pairs };
}

/**
 * The papers worth scoring: all of them, or (a large index with sign codes) the closest by code and
 * the best by keywords, so that whatever can reach the top of the fused list is scored exactly.
 */
function candidates(n: number, lex: Float64Array, sem: RankInput['semantic']): number[] {
  const byLexical = () => topByScore(lex, CANDIDATES, true, (i) => lex[i] > 0);
  const codes = sem?.codes;
  if (n <= EXACT_SEMANTIC_LIMIT || (sem && !codes)) return Array.from({ length: n }, (_, i) => i);
  // Keywords alone: only papers near the top by keywords can make the list.
  if (!sem || !codes) return byLexical();
  const dist = hammingDistances(codes, packSigns([sem.query], sem.query.length));
  const byCode = topByScore(dist, CANDIDATES, false, (i) => sem.docs[i] !== null);
  return [...new Set([...byCode, ...byLexical()])];
}

interface Scored {
  i: number;
  lexical: number;
  semantic: number | null;
  evidence: number;
  /** Sort key of the chosen fusion. */
  key: number;
  /** Shares at least one indexed word with the query. */
  shares: boolean;
}

/** Replaces the sort key with the rank-based or max fusion. */
function rekey(scored: Scored[], fusion: Exclude<Fusion, 'mix'>, weight: number): void {
  if (fusion === 'max') {
    for (const s of scored) s.key = Math.max(s.lexical, s.semantic === null ? -Infinity : weight * s.semantic);
    return;
  }
  const rankBy = (value: (s: Scored) => number) => {
    const rank = new Float64Array(scored.length);
    scored
      .map((_, k) => k)
      .sort((a, b) => value(scored[b]) - value(scored[a]))
      .forEach((k, r) => (rank[k] = r + 1));
    return rank;
  };
  const byLexical = rankBy((s) => s.lexical);
  const bySemantic = rankBy((s) => s.semantic ?? -Infinity);
  scored.forEach((s, k) => (s.key = 1 / (RRF_K + byLexical[k]) + (s.semantic === null ? 0 : weight / (RRF_K + bySemantic[k]))));
}

/**
 * Every candidate's evidence for one query, and the best *clear* evidence (see clearMatch). Only the
 * candidates at or above `keepFrom` are kept (the best is over all of them).
 */
function scoreAll(input: RankInput, keepFrom = -Infinity): { qv: TermVector; scored: Scored[]; best: number; weight: number } {
  const { index, calibration } = input;
  const qv = queryVector(index, input.query, input.exclude);
  const hasAbstract = input.query.abstract.trim().length > 0;
  const qt = hasAbstract ? queryVector(index, { title: input.query.title, abstract: '' }, input.exclude) : null;
  const lex = lexicalScores(index, qv);
  const titles = qt ? titleScores(index, qt) : null;

  // A title alone shares fewer words with anything than an abstract does: it has its own background.
  const lexBg = hasAbstract ? calibration.lexical : calibration.lexicalShort;
  const sem = input.semantic;
  const semBg = sem ? calibration.semantic : null;
  const weight = semBg ? semanticWeight(calibration) : 0;
  const scored: Scored[] = [];
  let best = -Infinity;
  const scoring = candidates(index.ids.length, lex, sem);
  // Scores of the query widened by its best match: over the postings when every paper is a candidate,
  // otherwise for the candidates alone (the same numbers; a large index is spared a second full pass).
  const all = scoring.length === index.ids.length;
  const wide = !hasAbstract ? null : all ? expandedScores(index, qv, input.exclude, lex).scores : expandedScoresAt(index, qv, input.exclude, lex, scoring);
  for (let c = 0; c < scoring.length; c++) {
    const i = scoring[c];
    if (input.exclude.has(index.ids[i])) continue;
    const docVec = sem?.docs[i];
    const semantic = semBg && docVec ? standardize(dot(sem.query, docVec), semBg) : null;
    if (lex[i] <= 0 && semantic === null) continue;
    const { z: gateLexical, byTitle } = keywordEvidence(index, calibration, qt, i, lex[i], titles ? titles[i] : 0, lexBg);
    const gateEvidence = fuseEvidence(gateLexical, semantic, weight);
    // A title match is clear by its own rule; others are checked only when they could raise the best
    // (the check is the costly part).
    if (gateEvidence > best) best = Math.max(best, gateLexical <= 0 || byTitle || clearMatch(index, qv, i) ? gateEvidence : fuseEvidence(0, semantic, weight));
    const lexical = wide ? Math.max(gateLexical, standardize(wide[all ? i : c], calibration.lexicalWide)) : gateLexical;
    const evidence = fuseEvidence(lexical, semantic, weight);
    if (evidence >= keepFrom) scored.push({ i, lexical, semantic, evidence, key: evidence, shares: lex[i] > 0 });
  }
  return { qv, scored, best, weight };
}

function ranked(input: RankInput, qv: TermVector, kept: Scored[], limit: number): RankedPaper[] {
  const { index, calibration } = input;
  const top = topK(kept.length, limit, (a, b) => kept[a].key > kept[b].key || (kept[a].key === kept[b].key && index.ids[kept[a].i] < index.ids[kept[b].i]));
  return top.map((k) => kept[k]).map((s) => ({
    id: index.ids[s.i],
    evidence: s.evidence,
    relatedness: relatedness(s.evidence, calibration),
    lexical: s.lexical,
    semantic: s.semantic,
    // Phrases that did not make the keyword evidence count would explain nothing.
    reason: s.lexical >= ROW_FLOOR ? sharedEvidence(index, qv, index.vectors[s.i]).phrases : [],
  }));
}

/** Ranks the indexed papers against the paper being read; an empty array means "nothing related". */
export function rankRelated(input: RankInput): RankedPaper[] {
  const opts = { ...DEFAULT_RANK_OPTIONS, ...input.options };
  // Rank-based fusion orders by ranks over all candidates; otherwise only rows above the floor matter.
  const keepFrom = opts.ungated || opts.fusion !== 'mix' ? -Infinity : Math.min(opts.rowFloor, opts.threshold);
  const { qv, scored, best, weight } = scoreAll(input, keepFrom);
  // …and a title alone needs more of it: a few shared title words are weaker than a shared abstract.
  const threshold = input.query.abstract.trim() ? opts.threshold : SHORT_FACTOR * opts.threshold;
  if (!opts.ungated && best < threshold) return [];
  if (opts.fusion !== 'mix' && weight > 0) rekey(scored, opts.fusion, weight);
  const kept = opts.ungated ? scored : scored.filter((s) => s.evidence >= Math.min(opts.rowFloor, opts.threshold));
  return ranked(input, qv, kept, opts.limit);
}

/**
 * Free-text search: the papers that contain a word of the query, and those the model puts clearly
 * above background on its own; best evidence first. A query of words the index has never seen, whose
 * embedding sits at the background, finds nothing. A few words match many papers more easily than a
 * paper does, so a search's keyword evidence is also read against its own scores: a phrase half the
 * collection uses ("language models") makes a weaker match than a rare one ("product quantization").
 */
export function searchPapers(input: Omit<RankInput, 'query' | 'options'> & { text: string; limit?: number }): RankedPaper[] {
  const query = { title: input.text, abstract: '' };
  const { qv, scored, weight } = scoreAll({ ...input, query });
  const own = Float64Array.from(scored, (s) => s.lexical).sort();
  const median = Math.max(0, quantile(own, 0.5));
  const spread = Math.max(1, quantile(own, 0.9) - median);
  for (const s of scored) {
    s.lexical = (s.lexical - median) / spread;
    s.evidence = s.key = fuseEvidence(s.lexical, s.semantic, weight);
  }
  const kept = scored.filter((s) => s.shares || (s.semantic !== null && weight * s.semantic >= SHORT_FACTOR * RELATED_THRESHOLD));
  return ranked({ ...input, query }, qv, kept, input.limit ?? 20);
}
