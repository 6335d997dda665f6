/**
 * An Embedder for Node scripts (eval, bench), loading a model folder laid out like the hub
 * (`<modelDir>/<modelId>/config.json`, `onnx/model_quantized.onnx`, ...).
 */
import { AutoTokenizer, env } from '@huggingface/transformers';
import type { Embedder } from '../../utils/model/types';
import { embedWith, featureExtraction } from '../../utils/model/transformers-embedder';
import { modelInfo } from '../../utils/shared/models';

function useLocalFiles(modelDir: string) {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = modelDir.endsWith('/') ? modelDir : `${modelDir}/`;
}

/** Creates an embedder over local files only; never touches the network. `dispose` frees the model. */
export async function createNodeEmbedder(opts: { modelDir: string; modelId: string; dtype?: 'q8' | 'fp32'; maxTokens?: number }): Promise<Embedder & { dispose(): Promise<void> }> {
  useLocalFiles(opts.modelDir);
  const pipe = await featureExtraction(opts.modelId, { dtype: opts.dtype ?? 'q8', maxTokens: opts.maxTokens ?? modelInfo(opts.modelId).maxTokens });
  return {
    modelId: opts.modelId,
    embed: (texts) => embedWith(pipe, texts),
    state: () => ({ phase: 'ready' }),
    reset() {},
    dispose: () => pipe.dispose(),
  };
}

/** Token counts of `texts` with the model's tokenizer, special tokens included, capped at the tokenizer's maximum. */
export async function countTokens(opts: { modelDir: string; modelId: string }, texts: string[]): Promise<number[]> {
  useLocalFiles(opts.modelDir);
  const tokenizer = await AutoTokenizer.from_pretrained(opts.modelId);
  return texts.map((t) => Math.min(tokenizer.model_max_length, tokenizer.encode(t).length));
}
