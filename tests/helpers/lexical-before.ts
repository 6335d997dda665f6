/**
 * The keyword index as it was before issue 16 (utils/ranking/lexical.ts at 703884e, now utils/background/ranking/lexical.ts, its tokeniser's word
 * loop included), kept unchanged as the reference the faster index must match score for score
 * (tests/unit/ranking-index.test.ts). Not used by the product.
 *
 * Lexical similarity between papers: TF-IDF with sublinear term frequency over unigrams and bigrams,
 * title terms weighted above abstract terms, vectors L2-normalised so scores are cosines in [0, 1].
 *
 * Terms are interned to integer ids once; every vector is a pair of typed arrays (term ids ascending,
 * weights), and the inverted index holds per-term typed arrays that grow in place, so building and
 * adding papers cost typed-array writes rather than Maps of strings (100k papers index in seconds),
 * and papers saved later join without a rebuild (`addToIndex`).
 */
import { FIELD_JARGON, isGeneric, termOfWord } from '@/utils/background/ranking/tokenize';

const WORD = /[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu;
function forEachWord(text: string, onWord: (word: string) => void): void {
  for (const m of text.toLowerCase().matchAll(WORD)) onWord(m[0]);
}

/** What the ranker needs of a paper. */
export interface TextDoc {
  id: string;
  title: string;
  abstract: string;
}

/** A sparse, L2-normalised term vector: term ids ascending and their weights. */
export interface TermVector {
  terms: Int32Array;
  weights: Float32Array;
}

/**
 * The inverted index of the papers indexed at build time, compressed by term: the papers using term t
 * are postDocs[start[t] … start[t + 1]), with the term's weight in each in postWeights.
 */
interface Postings {
  start: Int32Array;
  docs: Int32Array;
  weights: Float32Array;
  /** Papers from this position on were added later (addToIndex) and are scored from their vectors. */
  covered: number;
}

export interface LexicalIndex {
  ids: string[];
  /** Position of each id in `ids`. */
  position: Map<string, number>;
  docCount: number;
  /**
   * Interned terms by id. A single word's text is in `terms` (and `termIds`); a pair's parts are in
   * `pairA`/`pairB` (-1 for a single word), its text composed only when needed (`termText`), and it is
   * found by its parts' ids (`pairIds`): building never concatenates strings per token.
   */
  terms: string[];
  termIds: Map<string, number>;
  pairA: number[];
  pairB: number[];
  pairIds: PairTable;
  /** Number of indexed papers using each term (by term id). */
  df: number[];
  /** Inverse document frequency each term was weighted with, as of its papers' weighting. */
  idf: number[];
  /** Papers' vectors (title and abstract) and title-only vectors, by paper position. */
  vectors: TermVector[];
  titles: TermVector[];
  postings: Postings;
  /** The same of the title-only vectors. */
  titlePostings: Postings;
  /** Most frequent surface form of each single-word term (by term id), for explanations. */
  surface: string[];
  /** Per term: occurrences written as the term itself, and those written otherwise by form ("networks"). */
  selfVotes: number[];
  votes: (Map<string, number> | undefined)[];
  /** Per term, lazily: see `kindOf`. */
  kind: Uint8Array;
}

/** How much more a title occurrence counts than an abstract occurrence. */
export const TITLE_WEIGHT = 3;

/** IDF of a term used by `df` of `n` papers (smoothed; a term no paper uses weighs as the rarest). */
const idfOf = (n: number, df: number): number => Math.log((n + 1) / (df + 1)) + 1;

/**
 * Pair of term ids → pair's term id, an open-addressing hash table in typed arrays: a Map keyed by
 * numbers past 2^31 (two ids in one key) hashes doubles and was a sixth of the build.
 */
export interface PairTable {
  a: Int32Array;
  b: Int32Array;
  id: Int32Array;
  size: number;
}

function pairTable(capacity = 1024): PairTable {
  return { a: new Int32Array(capacity).fill(-1), b: new Int32Array(capacity), id: new Int32Array(capacity), size: 0 };
}

const slotOf = (t: PairTable, a: number, b: number): number => {
  const mask = t.a.length - 1;
  let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & mask;
  while (t.a[h] !== -1 && (t.a[h] !== a || t.b[h] !== b)) h = (h + 1) & mask;
  return h;
};

function pairInsert(t: PairTable, a: number, b: number, id: number): PairTable {
  if ((t.size + 1) * 2 > t.a.length) {
    const bigger = pairTable(t.a.length * 2);
    for (let h = 0; h < t.a.length; h++) if (t.a[h] !== -1) pairInsert(bigger, t.a[h], t.b[h], t.id[h]);
    t = bigger;
  }
  const h = slotOf(t, a, b);
  t.a[h] = a;
  t.b[h] = b;
  t.id[h] = id;
  t.size++;
  return t;
}

/** The text of a term: the word, or the pair's two words. */
export function termText(index: LexicalIndex, term: number): string {
  const a = index.pairA[term];
  return a < 0 ? index.terms[term] : `${index.terms[a]} ${index.terms[index.pairB[term]]}`;
}

function newTerm(index: LexicalIndex, text: string, a: number, b: number): number {
  const id = index.terms.length;
  index.terms.push(text);
  index.pairA.push(a);
  index.pairB.push(b);
  index.df.push(0);
  index.idf.push(0);
  index.surface.push(text);
  index.selfVotes.push(0);
  index.votes.push(undefined);
  return id;
}

/** Id of a single-word term, interned on first sight when `create` (-1: unknown). */
function wordId(index: LexicalIndex, term: string, create: boolean): number {
  const id = index.termIds.get(term);
  if (id !== undefined) return id;
  if (!create) return -1;
  const fresh = newTerm(index, term, -1, -1);
  index.termIds.set(term, fresh);
  return fresh;
}

/** Id of the pair of two known terms, interned on first sight when `create` (-1: unknown). */
function pairId(index: LexicalIndex, a: number, b: number, create: boolean): number {
  const t = index.pairIds;
  const h = slotOf(t, a, b);
  if (t.a[h] !== -1) return t.id[h];
  if (!create) return -1;
  const fresh = newTerm(index, '', a, b);
  index.pairIds = pairInsert(t, a, b, fresh);
  return fresh;
}

/** A text's weighted term counts: term ids ascending and their counts. */
interface Counted {
  terms: Int32Array;
  counts: Float32Array;
  /** Terms the index does not know, by text (queries only). */
  unknown: Map<string, number>;
}

/** Scratch for counting one text: the count of each term id so far, and the ids touched. */
let countAt = new Float64Array(1024);
let touched = new Int32Array(256);
// Pairs of adjacent words, counted after the words (flat arrays reused: no object per pair).
const pairFirst: number[] = [];
const pairSecond: number[] = [];
const pairWeight: number[] = [];
const pairText: string[] = [];

/**
 * Weighted term counts of a paper (title occurrences count TITLE_WEIGHT): single words, then pairs of
 * words adjacent in the text. Terms the index does not know are counted by text in `unknown` (or
 * interned when `create`); `vote` records the surface forms of single words.
 */
function countTerms(index: LexicalIndex, doc: Pick<TextDoc, 'title' | 'abstract'>, create: boolean, vote: boolean): Counted {
  let n = 0;
  const unknown = new Map<string, number>();
  const bump = (id: number, weight: number) => {
    if (id >= countAt.length) {
      const grown = new Float64Array(Math.max(id + 1, countAt.length * 2));
      grown.set(countAt);
      countAt = grown;
    }
    if (countAt[id] === 0) {
      if (n === touched.length) {
        const grown = new Int32Array(n * 2);
        grown.set(touched);
        touched = grown;
      }
      touched[n++] = id;
    }
    countAt[id] += weight;
  };
  const miss = (text: string, weight: number) => unknown.set(text, (unknown.get(text) ?? 0) + weight);
  pairFirst.length = pairSecond.length = pairWeight.length = pairText.length = 0;
  const add = (text: string, weight: number) => {
    // The previous word's term (id, or -1 unknown) and text; null after a stop word or at the start.
    let prevId = -1;
    let prevText: string | null = null;
    forEachWord(text, (word) => {
      const term = termOfWord(word);
      if (term === null) {
        prevText = null;
        return;
      }
      const id = wordId(index, term, create);
      if (id < 0) miss(term, weight);
      else {
        bump(id, weight);
        if (vote) {
          if (word === term) index.selfVotes[id]++;
          else {
            let v = index.votes[id];
            if (!v) index.votes[id] = v = new Map();
            v.set(word, (v.get(word) ?? 0) + 1);
          }
        }
      }
      if (prevText !== null) {
        pairFirst.push(prevId);
        pairSecond.push(id);
        pairWeight.push(weight);
        // The text only matters for a pair with an unknown word (a query's), counted by text.
        if (prevId < 0 || id < 0) pairText.push(`${prevText} ${term}`);
      }
      prevId = id;
      prevText = term;
    });
  };
  add(doc.title, TITLE_WEIGHT);
  add(doc.abstract, 1);
  let unknownPairs = 0;
  for (let k = 0; k < pairFirst.length; k++) {
    const a = pairFirst[k];
    const b = pairSecond[k];
    if (a < 0 || b < 0) {
      miss(pairText[unknownPairs++], pairWeight[k]);
      continue;
    }
    const id = pairId(index, a, b, create);
    if (id < 0) miss(`${index.terms[a]} ${index.terms[b]}`, pairWeight[k]);
    else bump(id, pairWeight[k]);
  }
  const terms = touched.slice(0, n).sort();
  const counts = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    counts[j] = countAt[terms[j]];
    countAt[terms[j]] = 0;
  }
  return { terms, counts, unknown };
}

/** A normalised vector of ascending `terms` and their `counts`; `extraNorm2` adds to the squared norm (terms left out). */
function weighVector(terms: Int32Array, counts: ArrayLike<number>, idf: (id: number) => number, extraNorm2 = 0): TermVector {
  const weights = new Float32Array(terms.length);
  const raw = new Float64Array(terms.length);
  let norm = extraNorm2;
  for (let j = 0; j < terms.length; j++) {
    raw[j] = (1 + Math.log(counts[j])) * idf(terms[j]);
    norm += raw[j] * raw[j];
  }
  norm = Math.sqrt(norm);
  for (let j = 0; j < raw.length; j++) weights[j] = norm > 0 ? raw[j] / norm : 0;
  return { terms, weights };
}

/** The inverted index of `vectors` (a counting sort by term). */
function invertVectors(vectors: readonly TermVector[], termCount: number): Postings {
  const start = new Int32Array(termCount + 1);
  for (const v of vectors) for (let j = 0; j < v.terms.length; j++) start[v.terms[j] + 1]++;
  for (let t = 0; t < termCount; t++) start[t + 1] += start[t];
  const fill = start.slice(0, termCount);
  const docs = new Int32Array(start[termCount]);
  const weights = new Float32Array(docs.length);
  vectors.forEach((v, i) => {
    for (let j = 0; j < v.terms.length; j++) {
      const k = fill[v.terms[j]]++;
      docs[k] = i;
      weights[k] = v.weights[j];
    }
  });
  return { start, docs, weights, covered: vectors.length };
}

/** Inverts every paper indexed so far, full vectors and titles. */
function invert(index: LexicalIndex): void {
  index.postings = invertVectors(index.vectors, index.terms.length);
  index.titlePostings = invertVectors(index.titles, index.terms.length);
}

function emptyIndex(): LexicalIndex {
  return {
    ids: [],
    position: new Map(),
    docCount: 0,
    terms: [],
    termIds: new Map(),
    pairA: [],
    pairB: [],
    pairIds: pairTable(),
    df: [],
    idf: [],
    vectors: [],
    titles: [],
    postings: { start: new Int32Array(1), docs: new Int32Array(0), weights: new Float32Array(0), covered: 0 },
    titlePostings: { start: new Int32Array(1), docs: new Int32Array(0), weights: new Float32Array(0), covered: 0 },
    surface: [],
    selfVotes: [],
    votes: [],
    kind: new Uint8Array(0),
  };
}

/** Most votes; ties to the code-unit-smaller form. */
function settleSurface(index: LexicalIndex, ids: Iterable<number>): void {
  for (const id of ids) {
    const votes = index.votes[id];
    if (!votes) continue;
    let best = index.selfVotes[id] > 0 ? index.terms[id] : '';
    let most = index.selfVotes[id];
    for (const [form, n] of votes) if (n > most || (n === most && form < best)) [best, most] = [form, n];
    index.surface[id] = best;
  }
}

/** Builds the index; O(total terms). */
export function buildLexicalIndex(docs: readonly TextDoc[]): LexicalIndex {
  const index = emptyIndex();
  const counted = docs.map((d) => {
    const c = countTerms(index, d, true, true);
    for (const id of c.terms) index.df[id]++;
    return c;
  });
  const n = docs.length;
  for (let t = 0; t < index.terms.length; t++) index.idf[t] = idfOf(n, index.df[t]);
  settleSurface(index, index.votes.keys());
  const idf = (id: number) => index.idf[id];
  docs.forEach((d, i) => {
    index.ids.push(d.id);
    index.position.set(d.id, i);
    const vec = weighVector(counted[i].terms, counted[i].counts, idf);
    index.vectors.push(vec);
    const title = countTerms(index, { title: d.title, abstract: '' }, false, false);
    const titleVec = weighVector(title.terms, title.counts, idf);
    index.titles.push(titleVec);
  });
  index.docCount = n;
  invert(index);
  index.kind = new Uint8Array(index.terms.length);
  return index;
}

/**
 * Adds papers to an index in place, weighted with the index's idf as it stands (new terms as the
 * rarest): one saved paper joins in well under a millisecond whatever the size of the collection, and
 * its weights are what a rebuild would give up to the small drift of the other terms' idf.
 */
export function addToIndex(index: LexicalIndex, docs: readonly TextDoc[]): void {
  const fresh = docs.filter((d) => !index.position.has(d.id));
  const n = index.docCount + fresh.length;
  const changed = new Set<number>();
  for (const d of fresh) {
    const c = countTerms(index, d, true, true);
    for (const id of c.terms) {
      index.df[id]++;
      changed.add(id);
    }
    const i = index.ids.length;
    index.ids.push(d.id);
    index.position.set(d.id, i);
    const idf = (id: number) => index.idf[id] || idfOf(n, index.df[id]);
    const vec = weighVector(c.terms, c.counts, idf);
    index.vectors.push(vec);
    const title = countTerms(index, { title: d.title, abstract: '' }, false, false);
    const titleVec = weighVector(title.terms, title.counts, idf);
    index.titles.push(titleVec);
  }
  for (const id of changed) if (!index.idf[id]) index.idf[id] = idfOf(n, index.df[id]);
  settleSurface(index, changed);
  index.docCount = n;
  // Papers added since the last inversion are scored from their vectors; past a tenth of the index they are inverted too.
  if (index.vectors.length - index.postings.covered > Math.max(64, index.postings.covered / 10)) invert(index);
  // What counts as common depends on the collection's size: classify terms again.
  index.kind = new Uint8Array(index.terms.length);
}

/** The weight of `term` in `v` (0 when absent): binary search over its ascending term ids. */
export function weightOf(v: TermVector, term: number): number {
  let lo = 0;
  let hi = v.terms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const t = v.terms[mid];
    if (t === term) return v.weights[mid];
    if (t < term) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
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
export function queryVector(index: LexicalIndex, doc: Pick<TextDoc, 'title' | 'abstract'>, exclude: ReadonlySet<string> = new Set()): TermVector {
  const { terms, counts, unknown } = countTerms(index, doc, false, false);
  const excluded: TermVector[] = [];
  for (const id of exclude) {
    const i = index.position.get(id);
    if (i !== undefined) excluded.push(index.vectors[i]);
  }
  const unseenIdf = idfOf(index.docCount, 0);
  const w = (c: number) => (1 + Math.log(c)) * unseenIdf;
  let extra = 0;
  for (const c of unknown.values()) extra += w(c) ** 2;
  const keptTerms: number[] = [];
  const keptCounts: number[] = [];
  terms.forEach((id, k) => {
    let own = 0;
    for (const v of excluded) if (weightOf(v, id) !== 0) own++;
    if (index.df[id] - own <= 0) extra += w(counts[k]) ** 2;
    else {
      keptTerms.push(id);
      keptCounts.push(counts[k]);
    }
  });
  return weighVector(Int32Array.from(keptTerms), keptCounts, (id) => index.idf[id], extra);
}

/**
 * Cosine of the query with every indexed paper, in index order: accumulated over the query terms'
 * postings, so the cost follows how many papers share the query's terms, not the size of the index.
 */
export function lexicalScores(index: LexicalIndex, query: TermVector): Float64Array {
  return scoresOver(index.postings, index.vectors, query);
}

/** Cosine of a title's vector with every indexed paper's title. */
export function titleScores(index: LexicalIndex, title: TermVector): Float64Array {
  return scoresOver(index.titlePostings, index.titles, title);
}

function scoresOver(postings: Postings, vectors: readonly TermVector[], query: TermVector): Float64Array {
  const acc = new Float64Array(vectors.length);
  const { start, docs, weights, covered } = postings;
  for (let j = 0; j < query.terms.length; j++) {
    const t = query.terms[j];
    if (t + 1 >= start.length) continue;
    const w = query.weights[j];
    for (let k = start[t]; k < start[t + 1]; k++) acc[docs[k]] += w * weights[k];
  }
  for (let i = covered; i < vectors.length; i++) acc[i] = sparseDot(query, vectors[i]);
  return acc;
}

/** Cosine of two term vectors (a merge of their ascending term ids). */
export function sparseDot(a: TermVector, b: TermVector): number {
  let s = 0;
  let i = 0;
  let j = 0;
  while (i < a.terms.length && j < b.terms.length) {
    const x = a.terms[i];
    const y = b.terms[j];
    if (x === y) s += a.weights[i++] * b.weights[j++];
    else if (x < y) i++;
    else j++;
  }
  return s;
}

/** Share of the indexed papers above which a term is the collection's common vocabulary, not a topic. */
const COMMON_SHARE = 0.2;

/** True when a term says something about a topic: not research prose, not used by most papers. */
function distinctive(index: LexicalIndex, term: number): boolean {
  const text = termText(index, term);
  if (text.split(' ').every(isGeneric)) return false;
  // A small collection cannot tell common from rare: every other term counts there.
  if (index.docCount < 20) return true;
  return index.df[term] <= COMMON_SHARE * index.docCount;
}

/** The field's jargon ("neural network", "CNN") counts as shared evidence but names no topic: never a reason or a title match. */
function jargon(index: LexicalIndex, term: number): boolean {
  const text = termText(index, term);
  return FIELD_JARGON.has(text) || text.split(' ').every((p) => isGeneric(p) || FIELD_JARGON.has(p));
}

/** 0 not distinctive, 1 distinctive jargon, 2 distinctive and telling; cached per term. */
function kindOf(index: LexicalIndex, term: number): number {
  // The cache holds kind + 1 (0: not classified yet).
  let k = index.kind[term];
  if (k === 0) {
    k = (distinctive(index, term) ? (jargon(index, term) ? 1 : 2) : 0) + 1;
    index.kind[term] = k;
  }
  return k - 1;
}

/**
 * What a pair of papers shares that tells: how many distinctive terms they have in common (a shared
 * phrase counts as two: two words in the same order rarely meet by chance), how many of them beyond
 * the field's jargon (`telling`, counted the same way), the largest share of their distinctive overlap
 * that one term carries, and the phrases that contribute most, as readable surface forms — phrases
 * first, a word already inside a chosen phrase skipped so the reason does not repeat itself.
 */
export function sharedEvidence(index: LexicalIndex, query: TermVector, doc: TermVector, max = 3): { distinct: number; telling: number; dominance: number; phrases: string[] } {
  const contributions: [number, number][] = [];
  let distinct = 0;
  let telling = 0;
  let total = 0;
  let largest = 0;
  let i = 0;
  let j = 0;
  while (i < query.terms.length && j < doc.terms.length) {
    const t = query.terms[i];
    const u = doc.terms[j];
    if (t < u) i++;
    else if (u < t) j++;
    else {
      const c = query.weights[i++] * doc.weights[j++];
      const kind = kindOf(index, t);
      if (kind === 0) continue;
      const phrase = index.pairA[t] >= 0;
      distinct += phrase ? 2 : 1;
      total += c;
      largest = Math.max(largest, c);
      if (kind === 1) continue;
      telling += phrase ? 2 : 1;
      contributions.push([t, c * (phrase ? 2 : 1)]);
    }
  }
  const chosen: string[] = [];
  if (max > 0) contributions.sort((a, b) => b[1] - a[1] || termText(index, a[0]).localeCompare(termText(index, b[0])));
  for (const [t] of contributions) {
    if (chosen.length >= max) break;
    const parts = termText(index, t).split(' ');
    const covered = chosen.some((c) => {
      const cp = c.split(' ');
      return parts.every((p) => cp.includes(p)) || cp.every((p) => parts.includes(p));
    });
    if (!covered) chosen.push(termText(index, t));
  }
  const surfaceOf = (w: string) => {
    const id = index.termIds.get(w);
    return id === undefined ? w : index.surface[id];
  };
  return { distinct, telling, dominance: total > 0 ? largest / total : 1, phrases: chosen.map((t) => t.split(' ').map(surfaceOf).join(' ')) };
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
export function expandedScores(index: LexicalIndex, query: TermVector, exclude: ReadonlySet<string>): { scores: Float64Array; feedback: number[] } {
  const first = lexicalScores(index, query);
  // The best FEEDBACK_DOCS, best first (an insertion into a list that short, not a sort per paper).
  const top: number[] = [];
  for (let i = 0; i < first.length; i++) {
    const x = first[i];
    if (x <= 0 || (top.length === FEEDBACK_DOCS && x <= first[top[top.length - 1]]) || exclude.has(index.ids[i])) continue;
    let k = Math.min(top.length, FEEDBACK_DOCS - 1);
    while (k > 0 && first[top[k - 1]] < x) k--;
    top.splice(k, 0, i);
    if (top.length > FEEDBACK_DOCS) top.pop();
  }
  if (top.length === 0) return { scores: first, feedback: [] };
  const scores = lexicalScores(index, widen(query, top.map((i) => ({ vector: index.vectors[i], score: first[i] / first[top[0]] }))));
  // A paper the query was widened with would match itself: it keeps its own score.
  for (const i of top) scores[i] = first[i];
  return { scores, feedback: top };
}

/** The query plus FEEDBACK_WEIGHT of each given match's vector, scaled by its score relative to the best. */
export function widen(query: TermVector, matches: readonly { vector: TermVector; score: number }[]): TermVector {
  const sum = new Map<number, number>();
  for (let j = 0; j < query.terms.length; j++) sum.set(query.terms[j], query.weights[j]);
  for (const { vector, score } of matches) {
    for (let j = 0; j < vector.terms.length; j++) {
      const t = vector.terms[j];
      sum.set(t, (sum.get(t) ?? 0) + (FEEDBACK_WEIGHT * score * vector.weights[j]) / matches.length);
    }
  }
  const terms = Int32Array.from(sum.keys()).sort();
  return { terms, weights: Float32Array.from(terms, (t) => sum.get(t)!) };
}

/**
 * An index as data: the arrays it holds, so importing is taking views over buffers and inverting
 * them (no tokenising, no weighting). The build ships the corpus's index this way (wxt.config.ts): a service worker
 * starting cold reads it in a few milliseconds.
 */
export interface IndexData {
  ids: string[];
  terms: string[];
  /** [term id, surface] where a word's surface form is not the term itself. */
  surface: [number, string][];
  pairA: Int32Array;
  pairB: Int32Array;
  df: Int32Array;
  selfVotes: Int32Array;
  /** [term id, [form, count]...] for the terms also written in another form. */
  votes: [number, [string, number][]][];
  /** Per paper, concatenated: paper i's terms and weights are [start[i], start[i + 1]). */
  vectors: { start: Int32Array; terms: Int32Array; weights: Float32Array };
  titles: { start: Int32Array; terms: Int32Array; weights: Float32Array };
}

function flatten(vectors: readonly TermVector[]): IndexData['vectors'] {
  const start = new Int32Array(vectors.length + 1);
  vectors.forEach((v, i) => (start[i + 1] = start[i] + v.terms.length));
  const terms = new Int32Array(start[vectors.length]);
  const weights = new Float32Array(terms.length);
  vectors.forEach((v, i) => {
    terms.set(v.terms, start[i]);
    weights.set(v.weights, start[i]);
  });
  return { start, terms, weights };
}

/**
 * The data of an index built in one go (buildLexicalIndex: every idf follows from df, so it is not
 * stored); the inverted index is left out too (half the bytes) and rebuilt on import.
 */
export function exportIndex(index: LexicalIndex): IndexData {
  return {
    ids: [...index.ids],
    terms: [...index.terms],
    surface: index.surface.flatMap((form, id) => (form !== index.terms[id] ? [[id, form] as [number, string]] : [])),
    pairA: Int32Array.from(index.pairA),
    pairB: Int32Array.from(index.pairB),
    df: Int32Array.from(index.df),
    selfVotes: Int32Array.from(index.selfVotes),
    votes: index.votes.flatMap((v, id) => (v ? [[id, [...v]] as [number, [string, number][]]] : [])),
    vectors: flatten(index.vectors),
    titles: flatten(index.titles),
  };
}

/** The index that `data` describes: views over its arrays, the same as the index it was exported from. */
export function importIndex(data: IndexData): LexicalIndex {
  const index = emptyIndex();
  const n = data.ids.length;
  index.terms = [...data.terms];
  index.surface = [...data.terms];
  for (const [id, form] of data.surface) index.surface[id] = form;
  index.pairA = Array.from(data.pairA);
  index.pairB = Array.from(data.pairB);
  index.df = Array.from(data.df);
  // As the build computed them: the idf of every term is that of the whole indexed set.
  index.idf = index.df.map((df) => idfOf(n, df));
  index.selfVotes = Array.from(data.selfVotes);
  index.votes = new Array(index.terms.length).fill(undefined);
  for (const [id, forms] of data.votes) index.votes[id] = new Map(forms);
  let pairs = pairTable(1 << Math.ceil(Math.log2(2 * index.terms.length + 2)));
  for (let id = 0; id < index.terms.length; id++) {
    if (index.pairA[id] < 0) index.termIds.set(index.terms[id], id);
    else pairs = pairInsert(pairs, index.pairA[id], index.pairB[id], id);
  }
  index.pairIds = pairs;
  const views = (flat: IndexData['vectors']) =>
    Array.from({ length: n }, (_, i) => ({ terms: flat.terms.subarray(flat.start[i], flat.start[i + 1]), weights: flat.weights.subarray(flat.start[i], flat.start[i + 1]) }));
  index.vectors = views(data.vectors);
  index.titles = views(data.titles);
  data.ids.forEach((id, i) => {
    index.ids.push(id);
    index.position.set(id, i);
  });
  index.docCount = n;
  invert(index);
  index.kind = new Uint8Array(index.terms.length);
  return index;
}

const TYPED = { Int32Array, Float32Array } as const;

/** IndexData as a JSON string, typed arrays in base64: what the build writes into the bundle. */
export function encodeIndexData(data: IndexData): string {
  return JSON.stringify(data, (_, value: unknown) => {
    if (!ArrayBuffer.isView(value)) return value;
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { typed: value.constructor.name, base64: btoa(binary) };
  });
}

/** The IndexData of encodeIndexData's string. */
export function decodeIndexData(text: string): IndexData {
  return JSON.parse(text, (_, value: unknown) => {
    if (!value || typeof value !== 'object' || !('typed' in value) || !('base64' in value)) return value;
    const { typed, base64 } = value as { typed: keyof typeof TYPED; base64: string };
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new TYPED[typed](bytes.buffer);
  }) as IndexData;
}
