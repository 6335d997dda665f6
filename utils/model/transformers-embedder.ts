/**
 * The only module that imports transformers.js (@huggingface/transformers v3, the continuation of
 * @xenova/transformers). Runs wherever a Worker or Node runs it; one pipeline per model config.
 */
import { env, pipeline, type FeatureExtractionPipeline, type ProgressInfo } from '@huggingface/transformers';
import type { ModelConfig } from './types';

/**
 * `pipeline` narrowed to the one task used here: its full overload set is a union TypeScript cannot
 * represent (TS2590).
 */
export async function featureExtraction(
  model: string,
  options: { dtype: 'q8' | 'fp32'; device?: 'wasm'; progress_callback?: (info: ProgressInfo) => void; maxTokens?: number },
): Promise<FeatureExtractionPipeline> {
  const load = pipeline as unknown as (task: string, model: string, options: object) => Promise<FeatureExtractionPipeline>;
  const { maxTokens, ...rest } = options;
  const pipe = await load('feature-extraction', model, rest);
  // The pipeline truncates to the tokenizer's maximum; the model is used (and was evaluated) at this length.
  if (maxTokens) pipe.tokenizer.model_max_length = Math.min(maxTokens, pipe.tokenizer.model_max_length ?? maxTokens);
  return pipe;
}

/** Loaded pipelines by config: two at most, so a model switch embeds while the old model still answers. */
const loaded = new Map<string, Promise<FeatureExtractionPipeline>>();
const MAX_LOADED = 2;

/** Bytes loaded over all files of the model, summed from transformers.js' per-file progress events. */
function progressTracker(onProgress: (loaded: number, total: number) => void) {
  const files = new Map<string, { loaded: number; total: number }>();
  return (info: ProgressInfo) => {
    if (info.status !== 'progress' && info.status !== 'done') return;
    const prev = files.get(info.file) ?? { loaded: 0, total: 0 };
    if (info.status === 'progress') files.set(info.file, { loaded: info.loaded, total: info.total });
    else files.set(info.file, { loaded: prev.total, total: prev.total });
    let loaded = 0;
    let total = 0;
    for (const f of files.values()) {
      loaded += f.loaded;
      total += f.total;
    }
    onProgress(loaded, total);
  };
}

/** The pipeline of `config` if it is loaded or being loaded, else null (nothing is started). */
export function loadedPipeline(config: ModelConfig): Promise<FeatureExtractionPipeline> | null {
  return loaded.get(JSON.stringify(config)) ?? null;
}

/** The pipeline of `config`, loaded on first use (at most MAX_LOADED kept, least recently used dropped). */
export function load(config: ModelConfig, onProgress: (loaded: number, total: number) => void): Promise<FeatureExtractionPipeline> {
  const key = JSON.stringify(config);
  const cached = loaded.get(key);
  if (cached) {
    // Most recently used last, so eviction drops the model not asked for longest.
    loaded.delete(key);
    loaded.set(key, cached);
    return cached;
  }
  // Bundled files (npm run model:bundle) are used alone; otherwise the hub or mirror, cached by the browser.
  env.allowLocalModels = config.localPath !== null;
  env.allowRemoteModels = config.localPath === null;
  if (config.localPath) env.localModelPath = config.localPath.endsWith('/') ? config.localPath : `${config.localPath}/`;
  env.remoteHost = config.remoteHost.endsWith('/') ? config.remoteHost : `${config.remoteHost}/`;
  env.useBrowserCache = typeof caches !== 'undefined' && config.localPath === null;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    // Explicit files (the loader script sits beside the binary): never a CDN, never a guessed path.
    wasm.wasmPaths = { wasm: config.wasmUrl, mjs: config.wasmUrl.replace(/\.wasm$/, '.mjs') };
    wasm.numThreads = globalThis.crossOriginIsolated ? config.threads : 1;
    wasm.proxy = false;
  }
  const pipe = featureExtraction(config.modelId, {
    dtype: config.dtype,
    maxTokens: config.maxTokens,
    device: 'wasm',
    progress_callback: progressTracker(onProgress),
  });
  loaded.set(key, pipe);
  // A failed load is forgotten so that a retry downloads again instead of replaying the error.
  pipe.catch(() => {
    if (loaded.get(key) === pipe) loaded.delete(key);
  });
  while (loaded.size > MAX_LOADED) {
    const [oldest, old] = loaded.entries().next().value as [string, Promise<FeatureExtractionPipeline>];
    loaded.delete(oldest);
    void old.then((p) => p.dispose()).catch(() => undefined);
  }
  return pipe;
}

/**
 * Runs a loaded pipeline over `texts` in batches, pooling (mean or [CLS]) and normalising. Texts are
 * batched in order of length so that little padding is computed; results come back in input order.
 */
export async function embedWith(pipe: FeatureExtractionPipeline, texts: string[], batchSize = 16, pooling: 'mean' | 'cls' = 'mean'): Promise<Float32Array[]> {
  const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length);
  const out: Float32Array[] = new Array<Float32Array>(texts.length);
  for (let i = 0; i < order.length; i += batchSize) {
    const batch = order.slice(i, i + batchSize);
    const tensor = await pipe(batch.map((k) => texts[k]), { pooling, normalize: true });
    const [n, dims] = tensor.dims as [number, number];
    const data = tensor.data as Float32Array;
    for (let j = 0; j < n; j++) out[batch[j]] = data.slice(j * dims, (j + 1) * dims);
  }
  return out;
}
