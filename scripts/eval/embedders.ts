/**
 * Embedders of known quality for the evaluation and the unit tests, standing in for models whose
 * weights cannot be downloaded here: one that knows nothing (random vectors) and one that knows the
 * topics of the judged sets (built from their judgments). A ranking that calibrates itself must get
 * no worse with the first and better with the second.
 */
import { seededRandom } from '../rng';
import { normalize } from '../../utils/background/ranking/vectors';
import { textHash } from '../../utils/background/embedding/text';

/** A text → vector function, synchronous and deterministic. */
export type EmbedFn = (text: string) => Float32Array;

const seedOf = (s: string) => Number.parseInt(textHash(s).slice(8), 16);

/** A unit vector of independent normal components, seeded by `seed`. */
function gaussianUnit(dims: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  const v = new Float32Array(dims);
  for (let d = 0; d < dims; d += 2) {
    const u = Math.max(r(), 1e-12);
    const a = 2 * Math.PI * r();
    const m = Math.sqrt(-2 * Math.log(u));
    v[d] = m * Math.cos(a);
    if (d + 1 < dims) v[d + 1] = m * Math.sin(a);
  }
  return normalize(v);
}

/** Knows nothing: every text gets its own random direction (the same one every time). */
export function randomEmbedder(dims = 384): EmbedFn {
  return (text) => gaussianUnit(dims, seedOf(text));
}

/** A paper of a judged set: its text and the corpus papers judged relevant to it (corpus index → grade). */
export interface JudgedText {
  text: string;
  relevant: Record<string, number>;
}

/** A bag of the text's words (4 letters or more), each word a fixed random direction: what any model picks up. */
function wordsDirection(text: string, dims: number, cache: Map<string, Float32Array>): Float32Array {
  const v = new Float32Array(dims);
  for (const w of text.toLowerCase().match(/[a-z]{4,}/g) ?? []) {
    let d = cache.get(w);
    if (!d) cache.set(w, (d = gaussianUnit(dims, seedOf(`word:${w}`))));
    for (let k = 0; k < dims; k++) v[k] += d[k];
  }
  return normalize(v);
}

/**
 * Knows the topics: every judged query is a topic; a corpus paper carries the topics of the queries
 * it was judged relevant to (grade 2 fully, grade 1 half), a query its own. Like a real model it also
 * picks up the words a text uses (`words`: their weight against the topics'). Each text adds its own
 * random direction scaled by `noise` (0: topics and words only; large: nearly random), so cosines
 * look like a real model's: related pairs well above the unrelated ones, with scatter. Texts of
 * neither kind (unrelated papers, listing entries) carry no topic: only their words relate them to
 * anything. All vectors share an offset direction (`offset`), like models whose cosines all sit
 * high (gte, bge).
 */
export function topicEmbedder(corpusTexts: readonly string[], judged: readonly JudgedText[], opts: { noise?: number; words?: number; offset?: number; dims?: number } = {}): EmbedFn {
  const dims = opts.dims ?? 384;
  const noise = opts.noise ?? 1;
  const words = opts.words ?? 0.5;
  const offset = opts.offset ?? 0;
  const wordCache = new Map<string, Float32Array>();
  const topics = judged.map((_, t) => gaussianUnit(dims, 1000 + t));
  const shared = gaussianUnit(dims, 7);
  const mixture = new Map<string, Map<number, number>>();
  judged.forEach((q, t) => {
    mixture.set(q.text, new Map([[t, 1]]));
    for (const [i, grade] of Object.entries(q.relevant)) {
      const text = corpusTexts[Number(i)];
      if (text === undefined) continue;
      const m = mixture.get(text) ?? new Map<number, number>();
      m.set(t, Math.max(m.get(t) ?? 0, grade >= 2 ? 1 : 0.5));
      mixture.set(text, m);
    }
  });
  return (text) => {
    const v = new Float32Array(dims);
    for (const [t, w] of mixture.get(text) ?? []) for (let d = 0; d < dims; d++) v[d] += w * topics[t][d];
    const topic = normalize(v);
    const bag = wordsDirection(text, dims, wordCache);
    const own = gaussianUnit(dims, seedOf(text));
    const unit = normalize(topic.map((x, d) => x + words * bag[d] + noise * own[d]));
    for (let d = 0; d < dims; d++) unit[d] += offset * shared[d];
    return normalize(unit);
  };
}
