import type { Embedder, EmbedderState } from '@/utils/model/types';

/**
 * A deterministic embedder: hashed bag of words in `dims` dimensions, normalised. Counts every text
 * it embeds; `fail` makes the next calls reject like an unreachable hub.
 */
export function createFakeEmbedder(opts: { dims?: number; modelId?: string } = {}) {
  const dims = opts.dims ?? 32;
  let state: EmbedderState = { phase: 'idle' };
  const fake = {
    modelId: opts.modelId ?? 'fake/model',
    embedded: 0,
    calls: 0,
    fail: false,
    /** When set, embed() waits for this promise before answering. */
    gate: null as Promise<void> | null,
    state: () => state,
    reset() {
      if (state.phase === 'error') state = { phase: 'idle' };
    },
    async embed(texts: string[]): Promise<Float32Array[]> {
      fake.calls++;
      if (fake.gate) await fake.gate;
      if (fake.fail) {
        state = { phase: 'error', message: 'offline' };
        throw new Error('offline');
      }
      state = { phase: 'ready' };
      fake.embedded += texts.length;
      return texts.map((t) => {
        const v = new Float32Array(dims);
        for (const w of t.toLowerCase().match(/[a-z]{4,}/g) ?? []) {
          let h = 0;
          for (let i = 0; i < w.length; i++) h = (h * 31 + w.charCodeAt(i)) >>> 0;
          v[h % dims] += 1;
        }
        const n = Math.hypot(...v) || 1;
        return v.map((x) => x / n);
      });
    },
  } satisfies Embedder & Record<string, unknown>;
  return fake;
}
