/**
 * The same embedding work in Node (transformers.js over onnxruntime-node, native code): the reference
 * for "how close to native" the extension's WASM worker gets.
 */
import { performance } from 'node:perf_hooks';
import { createNodeEmbedder } from '../lib/node-embedder';
import { summarize, type Summary } from './stats';

export interface EmbedTimings {
  /** Model load to first embedding of one abstract. */
  coldStartMs: Summary;
  /** One abstract per call. */
  oneMs: Summary;
  /** All 70 corpus texts, in batches of 16 as the extension sends them. */
  batch70Ms: Summary;
}

/** Times `texts` (the corpus) with the model in `modelDir`/`modelId`, a fresh model per cold start. */
export async function nodeReference(modelDir: string, modelId: string, texts: string[], runs: { cold: number; one: number; batch: number }): Promise<EmbedTimings> {
  const cold: number[] = [];
  let embedder = null;
  for (let i = 0; i < runs.cold; i++) {
    await embedder?.dispose();
    const t = performance.now();
    embedder = await createNodeEmbedder({ modelDir, modelId });
    await embedder.embed([texts[0]]);
    cold.push(performance.now() - t);
  }
  if (!embedder) throw new Error('no cold-start run');
  const one: number[] = [];
  for (let i = 0; i < runs.one; i++) {
    const t = performance.now();
    await embedder.embed([texts[(i + 1) % texts.length]]);
    one.push(performance.now() - t);
  }
  const batch: number[] = [];
  for (let i = 0; i < runs.batch; i++) {
    const t = performance.now();
    await embedder.embed(texts);
    batch.push(performance.now() - t);
  }
  await embedder.dispose();
  return { coldStartMs: summarize(cold), oneMs: summarize(one), batch70Ms: summarize(batch) };
}
