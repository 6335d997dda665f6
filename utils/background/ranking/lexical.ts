/**
 * Lexical similarity between papers: TF-IDF with sublinear term frequency over unigrams and bigrams,
 * title terms weighted above abstract terms, vectors L2-normalised so scores are cosines in [0, 1].
 *
 * Terms are interned to integer ids once; every vector is a pair of typed arrays (term ids ascending,
 * weights), and the inverted index holds per-term typed arrays that grow in place, so building and
 * adding papers cost typed-array writes rather than Maps of strings (100k papers index in seconds),
 * and papers saved later join without a rebuild (`addToIndex`).
 *
 * Over 300 lines on purpose: the word table, the pair table, the postings and the scorers share one
 * layout of typed arrays; split, every part would export the layout's internals to the others.
 */
import { FIELD_JARGON, isGeneric, termOfWord, wordsOf } from './tokenize';

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
  /**
   * Each lower-case word met so far → its term's id × 2, + 1 when the word is written as the term
   * itself ("network", not "networks"); -1 for a word that is no term (a stop word): one lookup per
   * word instead of stemming it and looking its term up.
   */
  wordCodes: WordTable;
  /** The arrays below are indexed by term id and grow by doubling: entries from `terms.length` on are spare. */
  pairA: Int32Array;
  pairB: Int32Array;
  pairIds: PairTable;
  /** Number of indexed papers using each term (by term id). */
  df: Int32Array;
  /** Inverse document frequency each term was weighted with, as of its papers' weighting (0: not yet). */
  idf: Float64Array;
  /** Papers' vectors (title and abstract) and title-only vectors, by paper position. */
  vectors: TermVector[];
  titles: TermVector[];
  postings: Postings;
  /** The same of the title-only vectors. */
  titlePostings: Postings;
  /** Most frequent surface form of a single-word term (by term id), for explanations, where it is not the term itself. */
  surface: Map<number, string>;
  /** Per term: occurrences written as the term itself, and those written otherwise by form ("networks"). */
  selfVotes: Int32Array;
  votes: (Map<string, number> | undefined)[];
  /** Per term, lazily: see `kindOf`. */
  kind: Uint8Array;
  /** Where the indexed papers' vectors are stored (`arena`). */
  store: { terms: (n: number) => Int32Array; weights: (n: number) => Float32Array };
}

/**
 * Typed arrays handed out as views of shared chunks, so that 100k papers' vectors are a few dozen
 * buffers rather than hundreds of thousands (each buffer of its own is memory outside the heap that
 * the collector tracks one by one: it was a quarter of the build). Chunks grow to a million entries.
 */
function arena<T extends Int32Array | Float32Array>(make: (n: number) => T): (n: number) => T {
  let chunk = make(0);
  let used = 0;
  let size = 1 << 12;
  return (n) => {
    if (used + n > chunk.length) {
      size = Math.min(size * 2, 1 << 20);
      chunk = make(Math.max(size, n));
      used = 0;
    }
    const view = chunk.subarray(used, used + n) as T;
    used += n;
    return view;
  };
}

const int32Arena = () => arena((n) => new Int32Array(n));
const float32Arena = () => arena((n) => new Float32Array(n));
/** Counts of a paper weighed at once (addToIndex), reused. */
let countScratch = new Float32Array(1024);
const scratchCounts = (n: number): Float32Array => {
  if (countScratch.length < n) countScratch = new Float32Array(Math.max(n, countScratch.length * 2));
  return countScratch.subarray(0, n);
};

/** How much more a title occurrence counts than an abstract occurrence. */
export const TITLE_WEIGHT = 3;

/** IDF of a term used by `df` of `n` papers (smoothed; a term no paper uses weighs as the rarest). */
const idfOf = (n: number, df: number): number => Math.log((n + 1) / (df + 1)) + 1;

/**
 * Pair of term ids → pair's term id, an open-addressing hash table in one typed array: slot h holds
 * [a, b, id] at 3h (a = -1: empty), so a probe touches one cache line, not three arrays (100k papers
 * make 2 million pairs: the table outgrows the caches). A Map keyed by numbers past 2^31 (two ids in
 * one key) hashes doubles and was a sixth of the build.
 */
export interface PairTable {
  slots: Int32Array;
  /** Number of slots (a power of two). */
  capacity: number;
  size: number;
}

function pairTable(capacity = 1024): PairTable {
  const slots = new Int32Array(capacity * 3);
  for (let h = 0; h < capacity; h++) slots[3 * h] = -1;
  return { slots, capacity, size: 0 };
}

/** The slot of pair (a, b): where it is, or the empty slot where it would go. */
const slotOf = (t: PairTable, a: number, b: number): number => {
  const mask = t.capacity - 1;
  const slots = t.slots;
  let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & mask;
  while (slots[3 * h] !== -1 && (slots[3 * h] !== a || slots[3 * h + 1] !== b)) h = (h + 1) & mask;
  return h;
};

/** Writes a pair not in the table yet at its (empty) slot `h`. */
function pairPut(t: PairTable, h: number, a: number, b: number, id: number): void {
  t.slots[3 * h] = a;
  t.slots[3 * h + 1] = b;
  t.slots[3 * h + 2] = id;
  t.size++;
}

/** Adds a pair not in the table yet; returns the table (a bigger one when it had to grow). */
function pairInsert(t: PairTable, a: number, b: number, id: number): PairTable {
  if ((t.size + 1) * 2 > t.capacity) {
    const bigger = pairTable(t.capacity * 2);
    const s = t.slots;
    for (let h = 0; h < t.capacity; h++) if (s[3 * h] !== -1) pairPut(bigger, slotOf(bigger, s[3 * h], s[3 * h + 1]), s[3 * h], s[3 * h + 1], s[3 * h + 2]);
    t = bigger;
  }
  pairPut(t, slotOf(t, a, b), a, b, id);
  return t;
}

/** The text of a term: the word, or the pair's two words. */
export function termText(index: LexicalIndex, term: number): string {
  const a = index.pairA[term];
  return a < 0 ? index.terms[term] : `${index.terms[a]} ${index.terms[index.pairB[term]]}`;
}

/** `a` with room for at least `need` entries (doubled, the old entries copied), or `a` itself. */
function roomFor<T extends Int32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const grown = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  grown.set(a);
  return grown;
}

function newTerm(index: LexicalIndex, text: string, a: number, b: number): number {
  const id = index.terms.length;
  index.terms.push(text);
  if (id >= index.pairA.length) {
    index.pairA = roomFor(index.pairA, id + 1);
    index.pairB = roomFor(index.pairB, id + 1);
    index.df = roomFor(index.df, id + 1);
    index.idf = roomFor(index.idf, id + 1);
    index.selfVotes = roomFor(index.selfVotes, id + 1);
  }
  index.pairA[id] = a;
  index.pairB[id] = b;
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
  if (t.slots[3 * h] !== -1) return t.slots[3 * h + 2];
  if (!create) return -1;
  const fresh = newTerm(index, '', a, b);
  if ((t.size + 1) * 2 > t.capacity) index.pairIds = pairInsert(t, a, b, fresh);
  else pairPut(t, h, a, b, fresh);
  return fresh;
}

/** A text's weighted term counts: term ids ascending and their counts. */
interface Counted {
  terms: Int32Array;
  counts: Float32Array;
  /** Terms the index does not know, by text (queries only). */
  unknown: Map<string, number>;
}

/** Scratch for counting one text: the count of each term id so far, and the ids touched (`touchedCount` of them). */
let countAt = new Float64Array(1024);
let touched = new Int32Array(256);
let touchedCount = 0;
// Pairs of adjacent words, counted after the words (flat arrays reused: no object per pair).
const pairFirst: number[] = [];
const pairSecond: number[] = [];
const pairWeight: number[] = [];
const pairText: string[] = [];
/** Terms the index does not know, of the text being counted (made only when there is one). */
let unknownTerms: Map<string, number> | null = null;
const NO_UNKNOWN: Map<string, number> = new Map();

function bump(id: number, weight: number): void {
  if (id >= countAt.length) {
    const grown = new Float64Array(Math.max(id + 1, countAt.length * 2));
    grown.set(countAt);
    countAt = grown;
  }
  if (countAt[id] === 0) {
    if (touchedCount === touched.length) {
      const grown = new Int32Array(touchedCount * 2);
      grown.set(touched);
      touched = grown;
    }
    touched[touchedCount++] = id;
  }
  countAt[id] += weight;
}

function miss(text: string, weight: number): void {
  unknownTerms ??= new Map();
  unknownTerms.set(text, (unknownTerms.get(text) ?? 0) + weight);
}

/**
 * Words met so far → their codes (see `LexicalIndex.wordCodes`), looked up by the characters of the
 * text itself: an open-addressing table of entry numbers keyed by a hash of the word's characters, so
 * a known word costs a hash and a comparison, not a string of its own and a Map lookup (100k papers
 * are 18 million words).
 */
export interface WordTable {
  /** Entry number + 1 per slot (0: empty); a power of two long. */
  slots: Int32Array;
  words: string[];
  hashes: Int32Array;
  codes: Int32Array;
}

function wordTable(capacity = 4096): WordTable {
  return { slots: new Int32Array(capacity), words: [], hashes: new Int32Array(capacity / 2), codes: new Int32Array(capacity / 2) };
}

/** Hash of text[start, end): FNV-1a over its UTF-16 code units. */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** Whether `text` has `word` at `start` (a loop beats a call into the runtime for words this short). */
function sameChars(word: string, text: string, start: number): boolean {
  for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

/** The entry of text[start, end) with hash `h` (-1: none). */
function wordEntry(t: WordTable, text: string, start: number, end: number, h: number): number {
  const mask = t.slots.length - 1;
  const len = end - start;
  for (let s = h & mask; ; s = (s + 1) & mask) {
    const e = t.slots[s] - 1;
    if (e < 0) return -1;
    if (t.hashes[e] === h) {
      const w = t.words[e];
      if (w.length === len && sameChars(w, text, start)) return e;
    }
  }
}

/** Adds a word not in the table (hash `h`) with its code; returns its entry. */
function addWord(t: WordTable, word: string, h: number, code: number): number {
  const e = t.words.length;
  if (e + 1 > t.hashes.length) {
    const grown = wordTable(t.slots.length * 2);
    grown.hashes.set(t.hashes);
    grown.codes.set(t.codes);
    grown.words = t.words;
    const mask = grown.slots.length - 1;
    for (let k = 0; k < e; k++) {
      let s = t.hashes[k] & mask;
      while (grown.slots[s] !== 0) s = (s + 1) & mask;
      grown.slots[s] = k + 1;
    }
    Object.assign(t, grown);
  }
  const mask = t.slots.length - 1;
  let s = h & mask;
  while (t.slots[s] !== 0) s = (s + 1) & mask;
  t.slots[s] = e + 1;
  t.words.push(word);
  t.hashes[e] = h;
  t.codes[e] = code;
  return e;
}


// The previous word's term id while counting a text (-1: a term the index does not know, its text in
// prevText; -2: none, i.e. the start or after a stop word).
let prevId = -2;
let prevText = '';

/** Counts the word text[start, end) (see countTerms) and queues the pair it ends. */
function countWord(index: LexicalIndex, text: string, start: number, end: number, weight: number, create: boolean, vote: boolean): void {
  const table = index.wordCodes;
  const h = hashOf(text, start, end);
  let e = wordEntry(table, text, start, end, h);
  let code: number;
  let term: string | null = null;
  let word: string;
  if (e >= 0) {
    code = table.codes[e];
    word = table.words[e];
  } else {
    word = start === 0 && end === text.length ? text : text.slice(start, end);
    term = termOfWord(word);
    if (term === null) code = -1;
    else {
      const known = wordId(index, term, create);
      code = known >= 0 ? known * 2 + (word === term ? 1 : 0) : -3;
    }
    // A word the index does not know is not remembered: it may become a term later.
    if (code !== -3) e = addWord(table, word, h, code);
  }
  if (code === -1) {
    prevId = -2;
    return;
  }
  const id = code === -3 ? -1 : code >> 1;
  if (id < 0) miss(term!, weight);
  else {
    bump(id, weight);
    if (vote) {
      if (code & 1) index.selfVotes[id]++;
      else {
        let v = index.votes[id];
        if (!v) index.votes[id] = v = new Map();
        v.set(word, (v.get(word) ?? 0) + 1);
      }
    }
  }
  if (prevId !== -2) {
    pairFirst.push(prevId);
    pairSecond.push(id);
    pairWeight.push(weight);
    // The text only matters for a pair with an unknown word (a query's), counted by text.
    if (prevId < 0 || id < 0) pairText.push(`${prevId < 0 ? prevText : index.terms[prevId]} ${id < 0 ? term : index.terms[id]}`);
  }
  prevId = id;
  if (id < 0) prevText = term!;
}

/** A lower-case ASCII letter or digit: what `\p{L}\p{N}` is within ASCII once the text is lower case. */
const isAsciiWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
/** Anything but printable ASCII and white space: such a text goes through the word pattern (always right, only slower). */
const NON_ASCII = /[^\t\n\r -~]/;

/**
 * Counts the words of one text (those of `wordsOf`) and queues its pairs (see countTerms). An ASCII
 * text is scanned by character codes, no string made per word; any other goes through the word pattern.
 */
function countWords(index: LexicalIndex, text: string, weight: number, create: boolean, vote: boolean): void {
  prevId = -2;
  const lower = text.toLowerCase();
  if (NON_ASCII.test(lower)) {
    for (const w of wordsOf(lower) ?? []) countWord(index, w, 0, w.length, weight, create, vote);
    return;
  }
  const n = lower.length;
  let i = 0;
  while (i < n) {
    if (!isAsciiWordChar(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    for (;;) {
      while (i < n && isAsciiWordChar(lower.charCodeAt(i))) i++;
      // A hyphen or apostrophe between word characters joins them ("state-of-the-art", "model's").
      const c = i + 1 < n ? lower.charCodeAt(i) : 0;
      if ((c === 45 || c === 39) && isAsciiWordChar(lower.charCodeAt(i + 1))) i++;
      else break;
    }
    countWord(index, lower, start, i, weight, create, vote);
  }
}

/**
 * Weighted term counts of a paper (title occurrences count TITLE_WEIGHT): single words, then pairs of
 * words adjacent in the text. Terms the index does not know are counted by text in `unknown` (or
 * interned when `create`); `vote` records the surface forms of single words.
 */
function countTerms(
  index: LexicalIndex,
  doc: Pick<TextDoc, 'title' | 'abstract'>,
  create: boolean,
  vote: boolean,
  alloc?: { terms: (n: number) => Int32Array; counts: (n: number) => Float32Array },
): Counted {
  touchedCount = 0;
  unknownTerms = null;
  pairFirst.length = pairSecond.length = pairWeight.length = pairText.length = 0;
  countWords(index, doc.title, TITLE_WEIGHT, create, vote);
  countWords(index, doc.abstract, 1, create, vote);
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
  const n = touchedCount;
  let terms: Int32Array;
  if (alloc) {
    terms = alloc.terms(n);
    terms.set(touched.subarray(0, n));
    terms.sort();
  } else terms = touched.slice(0, n).sort();
  const counts = alloc ? alloc.counts(n) : new Float32Array(n);
  for (let j = 0; j < n; j++) {
    counts[j] = countAt[terms[j]];
    countAt[terms[j]] = 0;
  }
  return { terms, counts, unknown: unknownTerms ?? NO_UNKNOWN };
}

/** Unnormalised weights of the vector being made (reused). */
let rawScratch = new Float64Array(1024);

/** A normalised vector of ascending `terms` and their `counts`; `extraNorm2` adds to the squared norm (terms left out). */
function weighVector(terms: Int32Array, counts: ArrayLike<number>, idf: (id: number) => number, extraNorm2 = 0, alloc?: (n: number) => Float32Array): TermVector {
  const weights = alloc ? alloc(terms.length) : new Float32Array(terms.length);
  if (rawScratch.length < terms.length) rawScratch = new Float64Array(Math.max(terms.length, rawScratch.length * 2));
  const raw = rawScratch;
  let norm = extraNorm2;
  for (let j = 0; j < terms.length; j++) {
    raw[j] = (1 + Math.log(counts[j])) * idf(terms[j]);
    norm += raw[j] * raw[j];
  }
  norm = Math.sqrt(norm);
  for (let j = 0; j < terms.length; j++) weights[j] = norm > 0 ? raw[j] / norm : 0;
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
    wordCodes: wordTable(),
    pairA: new Int32Array(1024),
    pairB: new Int32Array(1024),
    pairIds: pairTable(),
    df: new Int32Array(1024),
    idf: new Float64Array(1024),
    vectors: [],
    titles: [],
    postings: { start: new Int32Array(1), docs: new Int32Array(0), weights: new Float32Array(0), covered: 0 },
    titlePostings: { start: new Int32Array(1), docs: new Int32Array(0), weights: new Float32Array(0), covered: 0 },
    surface: new Map(),
    selfVotes: new Int32Array(1024),
    votes: [],
    kind: new Uint8Array(0),
    store: { terms: int32Arena(), weights: float32Arena() },
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
    if (best === index.terms[id]) index.surface.delete(id);
    else index.surface.set(id, best);
  }
}

/** Builds the index; O(total terms). */
export function buildLexicalIndex(docs: readonly TextDoc[]): LexicalIndex {
  const index = emptyIndex();
  // Counts wait in chunks of their own until every paper is counted, then are dropped.
  const alloc = { terms: index.store.terms, counts: float32Arena() };
  const counted = docs.map((d) => {
    const c = countTerms(index, d, true, true, alloc);
    const df = index.df;
    for (let j = 0; j < c.terms.length; j++) df[c.terms[j]]++;
    return c;
  });
  const n = docs.length;
  for (let t = 0; t < index.terms.length; t++) index.idf[t] = idfOf(n, index.df[t]);
  settleSurface(index, index.votes.keys());
  const idf = (id: number) => index.idf[id];
  const titleAlloc = { terms: index.store.terms, counts: scratchCounts };
  docs.forEach((d, i) => {
    index.ids.push(d.id);
    index.position.set(d.id, i);
    const vec = weighVector(counted[i].terms, counted[i].counts, idf, 0, index.store.weights);
    index.vectors.push(vec);
    const title = countTerms(index, { title: d.title, abstract: '' }, false, false, titleAlloc);
    const titleVec = weighVector(title.terms, title.counts, idf, 0, index.store.weights);
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
  // The terms these papers use, each once: a flag per term id and their list (a Set of 2 million
  // numbers, added to 34 million times, was most of the cost of adding 100k papers).
  let marked = new Uint8Array(1024);
  const changed: number[] = [];
  const alloc = { terms: index.store.terms, counts: scratchCounts };
  for (const d of fresh) {
    const c = countTerms(index, d, true, true, alloc);
    if (marked.length < index.terms.length) {
      const grown = new Uint8Array(Math.max(index.terms.length, marked.length * 2));
      grown.set(marked);
      marked = grown;
    }
    const df = index.df;
    for (let j = 0; j < c.terms.length; j++) {
      const id = c.terms[j];
      df[id]++;
      if (marked[id] === 0) {
        marked[id] = 1;
        changed.push(id);
      }
    }
    const i = index.ids.length;
    index.ids.push(d.id);
    index.position.set(d.id, i);
    const idf = (id: number) => index.idf[id] || idfOf(n, index.df[id]);
    const vec = weighVector(c.terms, c.counts, idf, 0, index.store.weights);
    index.vectors.push(vec);
    // The title's counts take the scratch the paper's counts are done with.
    const title = countTerms(index, { title: d.title, abstract: '' }, false, false, alloc);
    const titleVec = weighVector(title.terms, title.counts, idf, 0, index.store.weights);
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
  // The terms both vectors hold: a merge of their ascending ids.
  for (let i = 0, j = 0; i < query.terms.length && j < doc.terms.length; ) {
    const t = query.terms[i];
    if (t !== doc.terms[j]) {
      if (t < doc.terms[j]) i++;
      else j++;
    } else {
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
    return id === undefined ? w : (index.surface.get(id) ?? w);
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
export function expandedScores(index: LexicalIndex, query: TermVector, exclude: ReadonlySet<string>, first: Float64Array = lexicalScores(index, query)): { scores: Float64Array; feedback: number[] } {
  const top = feedbackDocs(index, first, exclude);
  if (top.length === 0) return { scores: first, feedback: [] };
  const scores = lexicalScores(index, widen(query, top.map((i) => ({ vector: index.vectors[i], score: first[i] / first[top[0]] }))));
  // A paper the query was widened with would match itself: it keeps its own score.
  for (const i of top) scores[i] = first[i];
  return { scores, feedback: top };
}

/**
 * expandedScores(index, query, exclude).scores[i] for each i of `at`, in that order, bit for bit (each
 * a sum of the same products in the same order: the widened query's terms ascending, as the postings
 * give them), computed for a few hundred candidates instead of for every paper of a large index.
 * `first` is lexicalScores(index, query).
 */
export function expandedScoresAt(index: LexicalIndex, query: TermVector, exclude: ReadonlySet<string>, first: Float64Array, at: readonly number[]): Float64Array {
  const top = feedbackDocs(index, first, exclude);
  if (top.length === 0) return Float64Array.from(at, (i) => first[i]);
  const widened = widen(query, top.map((i) => ({ vector: index.vectors[i], score: first[i] / first[top[0]] })));
  return Float64Array.from(at, (i) => (top.includes(i) ? first[i] : sparseDot(widened, index.vectors[i])));
}

/** The best FEEDBACK_DOCS papers by `first` (not excluded, score above 0), best first. */
function feedbackDocs(index: LexicalIndex, first: Float64Array, exclude: ReadonlySet<string>): number[] {
  // An insertion into a list that short, not a sort per paper.
  const top: number[] = [];
  for (let i = 0; i < first.length; i++) {
    const x = first[i];
    if (x <= 0 || (top.length === FEEDBACK_DOCS && x <= first[top[top.length - 1]]) || exclude.has(index.ids[i])) continue;
    let k = Math.min(top.length, FEEDBACK_DOCS - 1);
    while (k > 0 && first[top[k - 1]] < x) k--;
    top.splice(k, 0, i);
    if (top.length > FEEDBACK_DOCS) top.pop();
  }
  return top;
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
    surface: [...index.surface].sort((a, b) => a[0] - b[0]),
    pairA: index.pairA.slice(0, index.terms.length),
    pairB: index.pairB.slice(0, index.terms.length),
    df: index.df.slice(0, index.terms.length),
    selfVotes: index.selfVotes.slice(0, index.terms.length),
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
  index.surface = new Map(data.surface);
  // Copies: papers added later change them, and the data may be imported again.
  index.pairA = data.pairA.slice();
  index.pairB = data.pairB.slice();
  index.df = data.df.slice();
  // As the build computed them: the idf of every term is that of the whole indexed set.
  index.idf = Float64Array.from(index.df, (df) => idfOf(n, df));
  index.selfVotes = data.selfVotes.slice();
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
