/** Dense-vector helpers over plain typed arrays. */

/** Dot product; equals the cosine for L2-normalised vectors. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/** A copy scaled to unit length (a zero vector stays zero). */
export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  n = Math.sqrt(n);
  const out = new Float32Array(v.length);
  if (n > 0) for (let i = 0; i < v.length; i++) out[i] = v[i] / n;
  return out;
}

/** 32-bit words per sign code of a `dims`-dimensional vector. */
export const codeWords = (dims: number): number => Math.ceil(dims / 32);

/**
 * One bit per dimension (1 where the component is positive), packed into 32-bit words: the Hamming
 * distance of two codes approximates the angle between the vectors at 1/32 of the memory, so a large
 * index is searched by codes and only the closest candidates are rescored exactly. Rows of missing
 * vectors stay zero.
 */
export function packSigns(vectors: readonly (Float32Array | null)[], dims: number): Uint32Array {
  const words = codeWords(dims);
  const codes = new Uint32Array(vectors.length * words);
  vectors.forEach((v, r) => {
    if (!v) return;
    for (let d = 0; d < dims && d < v.length; d++) if (v[d] > 0) codes[r * words + (d >>> 5)] |= 1 << (d & 31);
  });
  return codes;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Hamming distance of the query's code to every row of `codes`. */
export function hammingDistances(codes: Uint32Array, query: Uint32Array): Uint16Array {
  const words = query.length;
  const rows = codes.length / words;
  const out = new Uint16Array(rows);
  for (let r = 0, o = 0; r < rows; r++, o += words) {
    let d = 0;
    for (let w = 0; w < words; w++) d += popcount(codes[o + w] ^ query[w]);
    out[r] = d;
  }
  return out;
}

/** Moves a heap's last item up to its place (the root is the worst item by `better`). */
function siftUp(heap: number[], better: (a: number, b: number) => boolean): void {
  for (let c = heap.length - 1; c > 0; ) {
    const p = (c - 1) >> 1;
    if (!better(heap[p], heap[c])) break;
    [heap[p], heap[c]] = [heap[c], heap[p]];
    c = p;
  }
}

/** Restores a heap whose root is its worst item (by `better`) from position `i` down. */
function siftDown(heap: number[], i: number, better: (a: number, b: number) => boolean): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let worst = i;
    if (l < heap.length && better(heap[worst], heap[l])) worst = l;
    if (r < heap.length && better(heap[worst], heap[r])) worst = r;
    if (worst === i) return;
    [heap[i], heap[worst]] = [heap[worst], heap[i]];
    i = worst;
  }
}

/**
 * topK(score.length, k, better, keep) for `better` = the higher score (`higherFirst`) or the lower,
 * ties to the lower index: the same items in the same order, without a comparator call per item (over
 * 100k papers the calls were most of the cost). Items whose score is NaN never make it.
 */
export function topByScore(score: ArrayLike<number>, k: number, higherFirst: boolean, keep: (i: number) => boolean = () => true): number[] {
  const s = higherFirst ? (i: number) => score[i] : (i: number) => -score[i];
  const better = (a: number, b: number) => s(a) > s(b) || (s(a) === s(b) && a < b);
  const heap: number[] = [];
  const down = (i: number) => siftDown(heap, i, better);
  const n = score.length;
  let worst = -Infinity;
  for (let i = 0; i < n; i++) {
    if (k <= 0) break;
    // Only a higher score than the worst kept can enter a full heap (a tie loses: i is the later index).
    const v = higherFirst ? score[i] : -score[i];
    if (heap.length === k && !(v > worst)) continue;
    if (!keep(i)) continue;
    if (heap.length < k) {
      heap.push(i);
      siftUp(heap, better);
    } else {
      heap[0] = i;
      down(0);
    }
    if (heap.length === k) worst = s(heap[0]);
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}

/**
 * The `k` best of `n` items by `better` (a strict order), best first; O(n log k) with a bounded heap,
 * so ranking never sorts a whole index.
 */
export function topK(n: number, k: number, better: (a: number, b: number) => boolean, keep: (i: number) => boolean = () => true): number[] {
  const heap: number[] = [];
  // heap[0] is the worst kept item.
  const down = (i: number) => siftDown(heap, i, better);
  for (let i = 0; i < n; i++) {
    if (k <= 0 || !keep(i)) continue;
    if (heap.length < k) {
      heap.push(i);
      siftUp(heap, better);
    } else if (better(i, heap[0])) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}
