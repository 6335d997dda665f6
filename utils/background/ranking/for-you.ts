/**
 * "For you": a per-reader linear model in the spirit of arxiv-sanity-lite (a linear classifier per user over
 * TF-IDF features, trained on the papers they tagged), run on the device. Positives are the reader's saved
 * papers, negatives the papers they marked "not relevant" plus a sample of the collection's other papers
 * (weak negatives: most of the collection is simply not what this reader collects). Features are the
 * paper's keyword vector and, when the on-device model has read the papers, its embedding.
 *
 * L2-regularised logistic regression by full-batch gradient descent over sparse vectors: a few hundred
 * examples and a few thousand terms train in a few milliseconds, so the model is retrained whenever the
 * reading list or the dismissals change instead of being updated in place.
 */
import type { TermVector } from './lexical';

export interface ReaderFeatures {
  sparse: TermVector;
  /** The on-device model's vector (L2-normalised), when there is one for every example and query. */
  dense: Float32Array | null;
}

export interface ReaderExample {
  x: ReaderFeatures;
  /** 1 for a paper the reader wants (saved), 0 otherwise. */
  y: 0 | 1;
  /** Importance: a dismissal says more than a paper merely not saved. */
  weight: number;
}

export interface ReaderModel {
  /** Term ids and weights of the keyword part, sorted by term id. */
  terms: Int32Array;
  weights: Float64Array;
  /** Weights of the embedding part, or null when trained without one. */
  dense: Float64Array | null;
  bias: number;
  positives: number;
  negatives: number;
}

/** Fewest saved papers the model is trained on: with fewer it would only echo one or two papers. */
export const MIN_SAVED = 3;

export interface TrainOptions {
  /** L2 strength (per unit of example weight). */
  l2: number;
  iterations: number;
  learningRate: number;
  /** How much the embedding counts against the keyword vector (both are unit length). */
  denseScale: number;
}

/** Chosen with npm run eval's simulated readers (scripts/eval/for-you.ts). */
export const DEFAULT_TRAIN: TrainOptions = { l2: 0.03, iterations: 300, learningRate: 2, denseScale: 1 };

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Trains the reader's model; the classes are balanced (their weights sum to the same). */
export function trainReaderModel(examples: readonly ReaderExample[], options: Partial<TrainOptions> = {}): ReaderModel {
  const opts = { ...DEFAULT_TRAIN, ...options };
  // Dense vocabulary of the terms the examples use: the weights live in a flat array while training.
  const vocab = new Map<number, number>();
  for (const e of examples) for (const t of e.x.sparse.terms) if (!vocab.has(t)) vocab.set(t, vocab.size);
  const dims = examples.every((e) => e.x.dense) && examples.length > 0 ? examples[0].x.dense!.length : 0;
  const w = new Float64Array(vocab.size);
  const wd = new Float64Array(dims);
  let b = 0;
  const pos = examples.filter((e) => e.y === 1);
  const neg = examples.filter((e) => e.y === 0);
  const posTotal = pos.reduce((s, e) => s + e.weight, 0) || 1;
  const negTotal = neg.reduce((s, e) => s + e.weight, 0) || 1;
  // Each class weighs half; the weights of one example are relative within its class.
  const scale = examples.map((e) => (e.y === 1 ? e.weight / posTotal : e.weight / negTotal) / 2);
  const local = examples.map((e) => Int32Array.from(e.x.sparse.terms, (t) => vocab.get(t)!));
  const gw = new Float64Array(vocab.size);
  const gd = new Float64Array(dims);
  for (let it = 0; it < opts.iterations; it++) {
    gw.fill(0);
    gd.fill(0);
    let gb = 0;
    for (let k = 0; k < examples.length; k++) {
      const e = examples[k];
      const ids = local[k];
      const xw = e.x.sparse.weights;
      let z = b;
      for (let j = 0; j < ids.length; j++) z += w[ids[j]] * xw[j];
      const xd = dims ? e.x.dense! : null;
      if (xd) for (let j = 0; j < dims; j++) z += wd[j] * xd[j] * opts.denseScale;
      const g = (sigmoid(z) - e.y) * scale[k];
      for (let j = 0; j < ids.length; j++) gw[ids[j]] += g * xw[j];
      if (xd) for (let j = 0; j < dims; j++) gd[j] += g * xd[j] * opts.denseScale;
      gb += g;
    }
    const lr = opts.learningRate;
    for (let j = 0; j < w.length; j++) w[j] -= lr * (gw[j] + opts.l2 * w[j]);
    for (let j = 0; j < dims; j++) wd[j] -= lr * (gd[j] + opts.l2 * wd[j]);
    b -= lr * gb;
  }
  const order = [...vocab.entries()].sort((x, y) => x[0] - y[0]);
  return {
    terms: Int32Array.from(order, ([t]) => t),
    weights: Float64Array.from(order, ([, i]) => w[i]),
    dense: dims ? wd.map((v) => v * opts.denseScale) : null,
    bias: b,
    positives: pos.length,
    negatives: neg.length,
  };
}

/** The model's weight of each query term, merged over the two sorted term lists. */
function contributions(model: ReaderModel, x: TermVector, visit: (term: number, value: number) => void) {
  let i = 0;
  let j = 0;
  while (i < model.terms.length && j < x.terms.length) {
    const a = model.terms[i];
    const c = x.terms[j];
    if (a === c) visit(a, model.weights[i++] * x.weights[j++]);
    else if (a < c) i++;
    else j++;
  }
}

/** Probability that the reader wants this paper. */
export function scoreReader(model: ReaderModel, x: ReaderFeatures): number {
  let z = model.bias;
  contributions(model, x.sparse, (_, v) => (z += v));
  if (model.dense && x.dense && x.dense.length === model.dense.length) for (let j = 0; j < x.dense.length; j++) z += model.dense[j] * x.dense[j];
  return sigmoid(z);
}

/** The query's terms that raise its score most, strongest first (for "why"). */
export function topTerms(model: ReaderModel, x: TermVector, n: number): number[] {
  const out: [number, number][] = [];
  contributions(model, x, (t, v) => v > 0 && out.push([t, v]));
  return out
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([t]) => t);
}

/** The stored form (typed arrays become plain arrays; IndexedDB would keep them, JSON would not). */
export interface StoredReaderModel {
  fingerprint: string;
  trainedAt: number;
  terms: number[];
  weights: number[];
  dense: number[] | null;
  bias: number;
  positives: number;
  negatives: number;
}

export function storeReaderModel(m: ReaderModel, fingerprint: string, trainedAt: number): StoredReaderModel {
  return { fingerprint, trainedAt, terms: [...m.terms], weights: [...m.weights], dense: m.dense ? [...m.dense] : null, bias: m.bias, positives: m.positives, negatives: m.negatives };
}

/** The model back from storage; null when the row is not one (another version, damage). */
export function loadReaderModel(row: unknown): (ReaderModel & { fingerprint: string; trainedAt: number }) | null {
  if (typeof row !== 'object' || row === null) return null;
  const r = row as Partial<StoredReaderModel>;
  const nums = (a: unknown): a is number[] => Array.isArray(a) && a.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (typeof r.fingerprint !== 'string' || typeof r.trainedAt !== 'number' || !nums(r.terms) || !nums(r.weights) || r.terms.length !== r.weights.length) return null;
  if (typeof r.bias !== 'number' || !Number.isFinite(r.bias) || typeof r.positives !== 'number' || typeof r.negatives !== 'number') return null;
  if (r.dense !== null && !nums(r.dense)) return null;
  return {
    fingerprint: r.fingerprint,
    trainedAt: r.trainedAt,
    terms: Int32Array.from(r.terms),
    weights: Float64Array.from(r.weights),
    dense: r.dense ? Float64Array.from(r.dense) : null,
    bias: r.bias,
    positives: r.positives,
    negatives: r.negatives,
  };
}
