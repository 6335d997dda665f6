/**
 * An Embedder for Node scripts (eval, bench), loading a model folder laid out like the hub
 * (`<modelDir>/<modelId>/config.json`, `onnx/model_quantized.onnx`, ...).
 */
import { env } from '@huggingface/transformers';
import type { Embedder } from './types';
import { embedWith, featureExtraction } from './transformers-embedder';

/** Creates an embedder over local files only; never touches the network. */
export async function createNodeEmbedder(opts: { modelDir: string; modelId: string; dtype?: 'q8' | 'fp32' }): Promise<Embedder> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = opts.modelDir.endsWith('/') ? opts.modelDir : `${opts.modelDir}/`;
  const pipe = await featureExtraction(opts.modelId, { dtype: opts.dtype ?? 'q8' });
  return {
    modelId: opts.modelId,
    embed: (texts) => embedWith(pipe, texts),
    state: () => ({ phase: 'ready' }),
    reset() {},
  };
}
