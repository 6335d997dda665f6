/** The one interface the rest of the extension sees of an embedding model; tests inject fakes. */

/** Where the model is in its life, as shown to the reader. */
export type EmbedderState =
  | { phase: 'idle' }
  | { phase: 'downloading'; loaded: number; total: number }
  | { phase: 'ready' }
  | { phase: 'error'; message: string };

export interface Embedder {
  readonly modelId: string;
  /** L2-normalised embeddings of `texts`, in order. Loads the model on first use. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Current state, for the UI. */
  state(): EmbedderState;
  /** Forgets a failed load so the next embed() tries again. */
  reset(): void;
}

/** Messages between the embedding host (offscreen document / background page) and its Worker. */
export interface ModelConfig {
  modelId: string;
  dtype: 'q8' | 'fp32';
  pooling: 'mean' | 'cls';
  /** Tokens each text is truncated to. */
  maxTokens: number;
  /** Base URL serving `{model}/resolve/main/{file}`: the Hugging Face hub or a mirror. */
  remoteHost: string;
  /** Extension URL of the shipped onnxruntime .wasm. */
  wasmUrl: string;
  /** WASM threads; more than 1 only takes effect where the page is cross-origin isolated. */
  threads: number;
  /** Extension URL of bundled model files (`npm run model:bundle`); null: download from `remoteHost`. */
  localPath: string | null;
}

export type WorkerRequest = { id: number; type: 'embed'; config: ModelConfig; texts: string[] };

export type WorkerResponse =
  | { id: number; type: 'result'; vectors: Float32Array[] }
  | { id: number; type: 'error'; message: string }
  | { type: 'progress'; modelId: string; loaded: number; total: number };
