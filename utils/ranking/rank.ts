/**
 * Fuses lexical and semantic similarity into one ranked, explained list. Pure: takes plain arrays,
 * so it is unit-tested and benchmarked without a browser.
 */
import { lexicalScores, queryVector, sharedTerms, type LexicalIndex, type TextDoc } from './lexical';
import { dot, hammingDistances, packSigns, topK } from './vectors';

/** How a model's cosine is turned into a [0, 1] relatedness and where "closely related" starts. */
export interface SemanticCalibration {
  /** Cosine at or below which two papers are unrelated (maps to 0). */
  floor: number;
  /** Cosine at or above which two papers are as related as papers get (maps to 1). */
  ceiling: number;
}

export interface RankOptions {
  /** Results to return at most. */
  limit: number;
  /** Fused score below which a paper is not shown. */
  minScore: number;
  /**
   * "Closely related" needs the best lexical match (normalised) at or above this, or the best
   * semantic match at or above `minTopSemantic`; otherwise the list is empty rather than noise.
   */
  minTopLexical: number;
  /** See `minTopLexical`; on the calibrated [0, 1] semantic scale. */
  minTopSemantic: number;
  /** Share of the semantic signal in the fused score when both are present. */
  semanticWeight: number;
  /** Lexical cosine that counts as a full match (lexical cosines of related papers rarely exceed it). */
  lexicalCeiling: number;
}

export const DEFAULT_RANK_OPTIONS: RankOptions = {
  limit: 10,
  // Calibrated on the dev set's lexical cosines: the off-topic query's best match is 0.084, every
  // on-topic query's best is ≥ 0.137, and judged-relevant papers go down to ≈ 0.05.
  minScore: 0.05 / 0.35,
  minTopLexical: 0.11 / 0.35,
  // Half-way between a model's "unrelated" floor and "same topic" ceiling.
  minTopSemantic: 0.5,
  semanticWeight: 0.6,
  lexicalCeiling: 0.35,
};

export interface RankedPaper {
  id: string;
  /** Fused relatedness in [0, 1]. */
  score: number;
  lexical: number;
  semantic: number | null;
  /** 2–4 shared key terms, most telling first (may be fewer when the match is purely semantic). */
  reason: string[];
}

export interface RankInput {
  index: LexicalIndex;
  /** The paper being read. */
  query: Pick<TextDoc, 'title' | 'abstract'>;
  /** Ids (without version) never to return: the paper itself. */
  exclude: ReadonlySet<string>;
  /**
   * Embedding of the query and of each indexed paper (same order as index.ids), when available; with
   * `codes` (packSigns of `docs`) a large index is searched by sign codes and rescored exactly.
   */
  semantic?: { query: Float32Array; docs: readonly (Float32Array | null)[]; calibration: SemanticCalibration; codes?: Uint32Array };
  options?: Partial<RankOptions>;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Below this many papers every vector is scored exactly (a few milliseconds); above, codes pick candidates. */
export const EXACT_SEMANTIC_LIMIT = 5000;
/** Candidates rescored exactly per signal when searching by codes. */
const CANDIDATES = 200;

/**
 * The papers worth scoring: all of them, or (a large index with sign codes) the closest by code and
 * the best by keywords, so that whatever can reach the top of the fused list is scored exactly.
 */
function candidates(n: number, lex: Float64Array, sem: RankInput['semantic']): Iterable<number> {
  const byLexical = () => topK(n, CANDIDATES, (a, b) => lex[a] > lex[b] || (lex[a] === lex[b] && a < b), (i) => lex[i] > 0);
  const codes = sem?.codes;
  if (n <= EXACT_SEMANTIC_LIMIT || (sem && !codes)) return Array.from({ length: n }, (_, i) => i);
  // Keywords alone: only papers near the top by keywords can make the list.
  if (!sem || !codes) return byLexical();
  const dist = hammingDistances(codes, packSigns([sem.query], sem.query.length));
  const byCode = topK(n, CANDIDATES, (a, b) => dist[a] < dist[b] || (dist[a] === dist[b] && a < b), (i) => sem.docs[i] !== null);
  return new Set([...byCode, ...byLexical()]);
}

/** Ranks the indexed papers against the query; an empty array means "nothing closely related". */
export function rankRelated(input: RankInput): RankedPaper[] {
  const opts = { ...DEFAULT_RANK_OPTIONS, ...input.options };
  const { index } = input;
  const qv = queryVector(index, input.query, input.exclude);
  const lex = lexicalScores(index, qv);
  const sem = input.semantic;
  const scored: { i: number; score: number; lexical: number; semantic: number | null }[] = [];
  let topLexical = 0;
  let topSemantic = 0;
  for (const i of candidates(index.ids.length, lex, sem)) {
    if (input.exclude.has(index.ids[i])) continue;
    const lexical = clamp01(lex[i] / opts.lexicalCeiling);
    const docVec = sem?.docs[i];
    let semantic: number | null = null;
    let score = lexical;
    if (sem && docVec) {
      const { floor, ceiling } = sem.calibration;
      semantic = clamp01((dot(sem.query, docVec) - floor) / (ceiling - floor));
      score = opts.semanticWeight * semantic + (1 - opts.semanticWeight) * lexical;
    }
    topLexical = Math.max(topLexical, lexical);
    topSemantic = Math.max(topSemantic, semantic ?? 0);
    // A strong match on either signal is shown even when the other signal disagrees.
    const strong = lexical >= opts.minTopLexical || (semantic ?? 0) >= opts.minTopSemantic;
    if (score >= opts.minScore || strong) scored.push({ i, score, lexical, semantic });
  }
  if (topLexical < opts.minTopLexical && topSemantic < opts.minTopSemantic) return [];
  const best = topK(scored.length, opts.limit, (a, b) => scored[a].score > scored[b].score || (scored[a].score === scored[b].score && index.ids[scored[a].i].localeCompare(index.ids[scored[b].i]) < 0));
  return best.map((k) => scored[k]).map((s) => ({
    id: index.ids[s.i],
    score: s.score,
    lexical: s.lexical,
    semantic: s.semantic,
    reason: sharedTerms(index, qv, index.vectors[s.i], 3),
  }));
}
