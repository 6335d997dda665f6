/**
 * Lexical similarity between papers: TF-IDF with sublinear term frequency over unigrams and bigrams,
 * title terms weighted above abstract terms, vectors L2-normalised so scores are cosines in [0, 1].
 */
import { FIELD_JARGON, forEachTerm, isGeneric } from './tokenize';

/** What the ranker needs of a paper. */
export interface TextDoc {
  id: string;
  title: string;
  abstract: string;
}

/** A sparse, L2-normalised term vector. */
export type SparseVector = Map<string, number>;

export interface LexicalIndex {
  ids: string[];
  /** Position of each id in `ids`. */
  position: Map<string, number>;
  vectors: SparseVector[];
  idf: Map<string, number>;
  /** Number of indexed papers using each term. */
  df: Map<string, number>;
  /** Inverted index: for each term, the papers using it and the term's weight in each. */
  postings: Map<string, { docs: number[]; weights: number[] }>;
  /** Title-only vectors (same weights), for title-to-title matches. */
  titles: SparseVector[];
  /** Most frequent surface form of each single-word term, for explanations (pairs are composed from it). */
  surface: Map<string, string>;
  docCount: number;
}

/** How much more a title occurrence counts than an abstract occurrence. */
export const TITLE_WEIGHT = 3;

function termCounts(doc: Pick<TextDoc, 'title' | 'abstract'>, surfaceVotes?: Map<string, Map<string, number>>): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string, weight: number) =>
    forEachTerm(text, (term, surface) => {
      counts.set(term, (counts.get(term) ?? 0) + weight);
      // Votes for single words only: pairs are composed from them.
      if (surfaceVotes && surface !== null) {
        let votes = surfaceVotes.get(term);
        if (!votes) surfaceVotes.set(term, (votes = new Map<string, number>()));
        votes.set(surface, (votes.get(surface) ?? 0) + 1);
      }
    });
  add(doc.title, TITLE_WEIGHT);
  add(doc.abstract, 1);
  return counts;
}

function weigh(counts: Map<string, number>, idf: (term: string) => number): SparseVector {
  const vec: SparseVector = new Map();
  let norm = 0;
  for (const [term, tf] of counts) {
    const w = (1 + Math.log(tf)) * idf(term);
    if (w <= 0) continue;
    vec.set(term, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [t, w] of vec) vec.set(t, w / norm);
  return vec;
}

/** Builds the index; O(total terms). */
export function buildLexicalIndex(docs: readonly TextDoc[]): LexicalIndex {
  const surfaceVotes = new Map<string, Map<string, number>>();
  const counts = docs.map((d) => termCounts(d, surfaceVotes));
  const df = new Map<string, number>();
  for (const c of counts) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const idf = new Map<string, number>();
  for (const [t, f] of df) idf.set(t, Math.log((n + 1) / (f + 1)) + 1);
  const surface = new Map<string, string>();
  for (const [t, votes] of surfaceVotes) {
    // Most votes; ties to the code-unit-smaller form (a linear scan: sorting every term's forms was a third of the build).
    let best = '';
    let most = 0;
    for (const [form, n] of votes) if (n > most || (n === most && form < best)) [best, most] = [form, n];
    surface.set(t, best);
  }
  const unseenIdf = Math.log(n + 1) + 1;
  const vectors = counts.map((c) => weigh(c, (t) => idf.get(t) ?? unseenIdf));
  const postings = new Map<string, { docs: number[]; weights: number[] }>();
  vectors.forEach((vec, i) => {
    for (const [t, w] of vec) {
      let p = postings.get(t);
      if (!p) postings.set(t, (p = { docs: [], weights: [] }));
      p.docs.push(i);
      p.weights.push(w);
    }
  });
  const titles = docs.map((d) => weigh(termCounts({ title: d.title, abstract: '' }), (t) => idf.get(t) ?? unseenIdf));
  return { ids: docs.map((d) => d.id), position: new Map(docs.map((d, i) => [d.id, i])), vectors, titles, idf, df, postings, surface, docCount: n };
}

/**
 * Vector of the paper being read, normalised over *all* its terms. Terms that no other indexed paper
 * uses cannot match anything and are left out of the vector, but they stay in its norm (weighted as
 * the rarest terms): a paper that shares only a word or two with the index (a physics abstract that
 * says "entanglement") then gets a small cosine, where dropping them would inflate the few shared
 * words into a match. Rankings for one paper are the same either way; only the scale changes, and it
 * is what the calibration compares across papers. `exclude` names indexed papers that do not count as
 * "other" (the paper itself, when it is in the index), so a paper scores the same against the rest
 * whether or not it is indexed.
 */
export function queryVector(index: LexicalIndex, doc: Pick<TextDoc, 'title' | 'abstract'>, exclude: ReadonlySet<string> = new Set()): SparseVector {
  const counts = termCounts(doc);
  const excluded: SparseVector[] = [];
  for (const id of exclude) {
    const i = index.position.get(id);
    if (i !== undefined) excluded.push(index.vectors[i]);
  }
  const unseen = new Set<string>();
  for (const t of counts.keys()) {
    const df = index.df.get(t) ?? 0;
    const own = excluded.reduce((n, v) => n + (v.has(t) ? 1 : 0), 0);
    if (df - own <= 0) unseen.add(t);
  }
  const unseenIdf = Math.log(index.docCount + 1) + 1;
  const vec = weigh(counts, (t) => (unseen.has(t) ? unseenIdf : (index.idf.get(t) ?? unseenIdf)));
  for (const t of unseen) vec.delete(t);
  return vec;
}

/**
 * Cosine of the query with every indexed paper, in index order: accumulated over the query terms'
 * postings, so the cost follows how many papers share the query's terms, not the size of the index.
 */
export function lexicalScores(index: LexicalIndex, query: SparseVector): Float64Array {
  const acc = new Float64Array(index.vectors.length);
  for (const [t, w] of query) {
    const p = index.postings.get(t);
    if (!p) continue;
    for (let k = 0; k < p.docs.length; k++) acc[p.docs[k]] += w * p.weights[k];
  }
  return acc;
}

/** Share of the indexed papers above which a term is the collection's common vocabulary, not a topic. */
const COMMON_SHARE = 0.2;

/** True when a term says something about a topic: not research prose, not used by most papers. */
function distinctive(index: LexicalIndex, term: string): boolean {
  const parts = term.split(' ');
  if (parts.every(isGeneric)) return false;
  // A small collection cannot tell common from rare: every other term counts there.
  if (index.docCount < 20) return true;
  return (index.df.get(term) ?? 0) <= COMMON_SHARE * index.docCount;
}

/** The field's jargon ("neural network", "CNN") counts as shared evidence but names no topic: never a reason or a title match. */
const jargon = (term: string): boolean => FIELD_JARGON.has(term) || term.split(' ').every((p) => isGeneric(p) || FIELD_JARGON.has(p));

/**
 * What a pair of papers shares that tells: how many distinctive terms they have in common (a shared
 * phrase counts as two: two words in the same order rarely meet by chance), how many of them beyond
 * the field's jargon (`telling`, counted the same way), the largest share of
 * their distinctive overlap that one term carries, and the phrases that contribute most, as readable
 * surface forms — phrases first, a word already inside a chosen phrase skipped so the reason does
 * not repeat itself.
 */
export function sharedEvidence(index: LexicalIndex, query: SparseVector, doc: SparseVector, max = 3): { distinct: number; telling: number; dominance: number; phrases: string[] } {
  const contributions: [string, number][] = [];
  let distinct = 0;
  let telling = 0;
  let total = 0;
  let largest = 0;
  for (const [t, w] of query) {
    const v = doc.get(t);
    if (v === undefined || !distinctive(index, t)) continue;
    const phrase = t.includes(' ');
    distinct += phrase ? 2 : 1;
    total += w * v;
    largest = Math.max(largest, w * v);
    if (jargon(t)) continue;
    telling += phrase ? 2 : 1;
    contributions.push([t, w * v * (phrase ? 2 : 1)]);
  }
  const chosen: string[] = [];
  if (max > 0) contributions.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [t] of contributions) {
    if (chosen.length >= max) break;
    const parts = t.split(' ');
    const covered = chosen.some((c) => {
      const cp = c.split(' ');
      return parts.every((p) => cp.includes(p)) || cp.every((p) => parts.includes(p));
    });
    if (!covered) chosen.push(t);
  }
  return { distinct, telling, dominance: total > 0 ? largest / total : 1, phrases: chosen.map((t) => t.split(' ').map((w) => index.surface.get(w) ?? w).join(' ')) };
}

/** Cosine of two sparse vectors. */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let s = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [t, w] of small) {
    const v = large.get(t);
    if (v !== undefined) s += w * v;
  }
  return s;
}

/** Best matches whose terms widen the query (expandedScores), and their weight against the query's own; chosen with npm run eval. */
const FEEDBACK_DOCS = 1;
const FEEDBACK_WEIGHT = 0.3;

/**
 * Keyword scores with pseudo-relevance feedback: the query is widened by its best match's terms
 * (`widen`), so a paper that shares vocabulary with the query's nearest neighbour rises too — a paper
 * related to your paper's closest match is likely related to yours. Only for ordering: whether
 * anything is related at all is decided on the query's own words.
 */
export function expandedScores(index: LexicalIndex, query: SparseVector, exclude: ReadonlySet<string>): { scores: Float64Array; feedback: number[] } {
  const first = lexicalScores(index, query);
  const top: number[] = [];
  for (let i = 0; i < first.length; i++) {
    if (first[i] <= 0 || exclude.has(index.ids[i])) continue;
    top.push(i);
    top.sort((a, b) => first[b] - first[a]);
    if (top.length > FEEDBACK_DOCS) top.pop();
  }
  if (top.length === 0) return { scores: first, feedback: [] };
  const scores = lexicalScores(index, widen(query, top.map((i) => ({ vector: index.vectors[i], score: first[i] / first[top[0]] }))));
  // A paper the query was widened with would match itself: it keeps its own score.
  for (const i of top) scores[i] = first[i];
  return { scores, feedback: top };
}

/** The query plus FEEDBACK_WEIGHT of each given match's vector, scaled by its score relative to the best. */
export function widen(query: SparseVector, matches: readonly { vector: SparseVector; score: number }[]): SparseVector {
  const wide: SparseVector = new Map(query);
  for (const { vector, score } of matches) for (const [t, w] of vector) wide.set(t, (wide.get(t) ?? 0) + (FEEDBACK_WEIGHT * score * w) / matches.length);
  return wide;
}
