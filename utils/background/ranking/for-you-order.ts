/**
 * The glue between the collection and the reader model: which papers are its examples, and the scores
 * of a listing's entries. Shared by the background (For you on listings) and npm run eval.
 */
import { sparseDot, type LexicalIndex } from './lexical';
import { DEFAULT_TRAIN, MIN_SAVED, scoreReader, trainReaderModel, type ReaderExample, type ReaderFeatures, type ReaderModel } from './for-you';

/** Most examples of each kind trained on: keeps training in milliseconds in a library of any size. */
export const MAX_POSITIVES = 400;
export const MAX_NEGATIVES = 400;
/**
 * A dismissal is a deliberate "not this", a paper merely not saved a weak one: the dismissals together weigh
 * this share of the negative class, however many papers the collection holds.
 */
export const DISMISSED_SHARE = 0.5;

/** Every k-th item, so a sample spreads over the whole list and repeats exactly. */
function spread<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  const step = xs.length / n;
  return Array.from({ length: n }, (_, k) => xs[Math.floor(k * step)]);
}

export function readerExamples(
  index: LexicalIndex,
  input: {
    saved: readonly string[];
    dismissed: readonly string[];
    docVectors?: readonly (Float32Array | null)[] | null;
    /** Papers being ranked right now (a listing's entries that the collection holds): never negatives. */
    ranking?: ReadonlySet<string>;
    /** Dismissed papers the collection does not hold ("Not for me" on a listing), as features. */
    dismissedFeatures?: readonly ReaderFeatures[];
  },
): ReaderExample[] {
  const saved = new Set(input.saved);
  const dismissed = new Set(input.dismissed.filter((id) => !saved.has(id)));
  const at = (id: string) => index.position.get(id);
  const pos = spread(input.saved.filter((id) => at(id) !== undefined), MAX_POSITIVES);
  const neg = spread(index.ids.filter((id) => !saved.has(id) && !dismissed.has(id) && !input.ranking?.has(id)), MAX_NEGATIVES);
  const dis = [...dismissed].filter((id) => at(id) !== undefined);
  const all = [...pos, ...dis, ...neg];
  // The embedding takes part only when every example has one (a half-read collection trains on words).
  const dense = input.docVectors && all.every((id) => input.docVectors![at(id)!]) ? input.docVectors : null;
  const x = (id: string): ReaderFeatures => ({ sparse: index.vectors[at(id)!], dense: dense?.[at(id)!] ?? null });
  // Outside features join only when they match the examples' kind (with an embedding or without).
  const outside = (input.dismissedFeatures ?? []).map((f) => ({ sparse: f.sparse, dense: dense ? f.dense : null })).filter((f) => !dense || f.dense);
  const disCount = dis.length + outside.length;
  const disWeight = disCount && neg.length ? (DISMISSED_SHARE / (1 - DISMISSED_SHARE)) * (neg.length / disCount) : 1;
  return [
    ...pos.map((id) => ({ x: x(id), y: 1 as const, weight: 1 })),
    ...dis.map((id) => ({ x: x(id), y: 0 as const, weight: disWeight })),
    ...outside.map((f) => ({ x: f, y: 0 as const, weight: disWeight })),
    ...neg.map((id) => ({ x: x(id), y: 0 as const, weight: 1 })),
  ];
}

/** True when there are enough saved papers to learn from. */
export function canLearn(examples: readonly ReaderExample[]): boolean {
  return examples.filter((e) => e.y === 1).length >= MIN_SAVED;
}

/** The reader model for `input` (its embedding part weighed by the on-device model's reliability). */
export function trainForReader(input: ForYouInput): ReaderModel {
  return trainReaderModel(readerExamples(input.index, input), { denseScale: DEFAULT_TRAIN.denseScale * input.reliability });
}

/** Standard deviation (1 when there is no spread to measure). */
function spreadOf(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length || 1)) || 1;
}

/** How much "closest saved paper" counts beside the learned model, and how far a dismissed look-alike pushes back. */
export const NEIGHBOUR_WEIGHT = 0.5;

export interface ForYouInput {
  index: LexicalIndex;
  saved: readonly string[];
  dismissed: readonly string[];
  /** The collection's vectors by index position (null: the on-device model has not read them). */
  docVectors: readonly (Float32Array | null)[] | null;
  /** The on-device model's measured reliability on this collection (0 = chance): how much its vectors count. */
  reliability: number;
  ranking?: ReadonlySet<string>;
  dismissedFeatures?: readonly ReaderFeatures[];
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * For you's order of `entries`: the reader model's score (a linear model trained on saved and dismissed
 * papers) plus, at NEIGHBOUR_WEIGHT, how much closer each entry is to its nearest saved paper than to its
 * nearest dismissed one. With three to five saved papers a linear model alone under-uses the nearest
 * neighbour (npm run eval: p@5 0.78 → 0.83 with a good model), and the neighbour term lets a dismissal
 * push its look-alikes down at once. Returns one value per entry (higher first) and the model's probability.
 */
export function forYouScores(input: ForYouInput, entries: readonly ReaderFeatures[], trained?: ReaderModel): { order: number[]; probability: number[] } {
  const model = trained ?? trainForReader(input);
  const probability = entries.map((x) => scoreReader(model, model.dense ? x : { sparse: x.sparse, dense: null }));
  const at = (id: string) => input.index.position.get(id);
  const near = (ids: readonly string[], x: ReaderFeatures) => {
    let best = 0;
    for (const id of ids) {
      const i = at(id);
      if (i === undefined) continue;
      const v = input.docVectors?.[i];
      const s = sparseDot(x.sparse, input.index.vectors[i]) + (v && x.dense ? input.reliability * dot(x.dense, v) : 0);
      if (s > best) best = s;
    }
    return best;
  };
  const logitOf = (p: number) => Math.log(Math.max(p, 1e-12) / Math.max(1 - p, 1e-12));
  const nearOutside = (x: ReaderFeatures) => {
    let best = 0;
    for (const f of input.dismissedFeatures ?? []) {
      const s = sparseDot(x.sparse, f.sparse) + (f.dense && x.dense ? input.reliability * dot(x.dense, f.dense) : 0);
      if (s > best) best = s;
    }
    return best;
  };
  const neighbourOf = (x: ReaderFeatures) => near(input.saved, x) - Math.max(near(input.dismissed, x), nearOutside(x));
  // Both parts are put on one scale by their spread over the collection's own unsaved papers, not over
  // the listing: a listing sent in parts gets the same order as in one piece.
  const saved = new Set(input.saved);
  const reference = spread(input.index.ids.filter((id) => !saved.has(id)), 200).map((id) => {
    const i = at(id)!;
    const x = { sparse: input.index.vectors[i], dense: input.docVectors?.[i] ?? null };
    return { logit: logitOf(scoreReader(model, model.dense ? x : { sparse: x.sparse, dense: null })), neighbour: neighbourOf(x) };
  });
  const logitSd = spreadOf(reference.map((r) => r.logit));
  const neighbourSd = spreadOf(reference.map((r) => r.neighbour));
  const logit = probability.map((p) => logitOf(p) / logitSd);
  const neighbour = entries.map((x) => neighbourOf(x) / neighbourSd);
  return { order: logit.map((v, i) => v + NEIGHBOUR_WEIGHT * neighbour[i]), probability };
}
