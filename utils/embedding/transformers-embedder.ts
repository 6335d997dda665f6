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
export function featureExtraction(
  model: string,
  options: { dtype: 'q8' | 'fp32'; device?: 'wasm'; progress_callback?: (info: ProgressInfo) => void },
): Promise<FeatureExtractionPipeline> {
  const load = pipeline as unknown as (task: string, model: string, options: object) => Promise<FeatureExtractionPipeline>;
  return load('feature-extraction', model, options);
}

let current: { key: string; pipe: Promise<FeatureExtractionPipeline> } | null = null;

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

function load(config: ModelConfig, onProgress: (loaded: number, total: number) => void): Promise<FeatureExtractionPipeline> {
  const key = JSON.stringify(config);
  if (current?.key === key) return current.pipe;
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = config.remoteHost.endsWith('/') ? config.remoteHost : `${config.remoteHost}/`;
  env.useBrowserCache = typeof caches !== 'undefined';
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    // Object form: a string would make onnxruntime import() a loader script at run time.
    wasm.wasmPaths = { wasm: config.wasmUrl };
    wasm.numThreads = 1;
    wasm.proxy = false;
  }
  const pipe = featureExtraction(config.modelId, {
    dtype: config.dtype,
    device: 'wasm',
    progress_callback: progressTracker(onProgress),
  });
  current = { key, pipe };
  // A failed load is forgotten so that a retry downloads again instead of replaying the error.
  pipe.catch(() => {
    if (current?.pipe === pipe) current = null;
  });
  return pipe;
}

/** Mean-pooled, L2-normalised embeddings of `texts`, in batches so memory stays bounded. */
export async function embedTexts(
  config: ModelConfig,
  texts: string[],
  onProgress: (loaded: number, total: number) => void = () => {},
  batchSize = 16,
): Promise<Float32Array[]> {
  return embedWith(await load(config, onProgress), texts, batchSize);
}

/** Runs a loaded pipeline over `texts` in batches, mean pooling and normalising. */
export async function embedWith(pipe: FeatureExtractionPipeline, texts: string[], batchSize = 16): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += batchSize) {
    const batch = texts.slice(i, i + batchSize);
    const tensor = await pipe(batch, { pooling: 'mean', normalize: true });
    const [n, dims] = tensor.dims as [number, number];
    const data = tensor.data as Float32Array;
    for (let j = 0; j < n; j++) out.push(data.slice(j * dims, (j + 1) * dims));
  }
  return out;
}
