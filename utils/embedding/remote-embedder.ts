/**
 * The background's Embedder: forwards texts to wherever the model runs (Chrome: a Worker inside the
 * offscreen document; Firefox: a Worker owned by the background page) and tracks its state for the UI.
 */
import type { Embedder, EmbedderState, ModelConfig } from './types';
import { browserOnline } from './retry-fetch';

/** Runs one embedding request where the model lives; rejects with a readable message on failure. */
export type EmbedTransport = (config: ModelConfig, texts: string[]) => Promise<Float32Array[]>;

/** Turns low-level fetch/ORT failures into something a reader can act on. */
export function describeModelError(message: string, online = browserOnline()): string {
  if (!online) return 'You are offline, so the embedding model cannot be downloaded yet. Showing keyword matches.';
  if (/fetch|network|Failed to fetch|ERR_|Could not locate|404|offline/i.test(message)) {
    return 'Could not download the embedding model (offline or blocked). Showing keyword matches.';
  }
  return `The embedding model failed to run (${message.slice(0, 160)}). Showing keyword matches.`;
}

export interface RemoteEmbedder extends Embedder {
  /** Called with download progress reported by the model host. */
  onProgress(loaded: number, total: number): void;
}

/** An Embedder whose work happens behind `transport`. */
export function createRemoteEmbedder(config: ModelConfig, transport: EmbedTransport): RemoteEmbedder {
  let state: EmbedderState = { phase: 'idle' };
  return {
    modelId: config.modelId,
    state: () => state,
    reset() {
      if (state.phase === 'error') state = { phase: 'idle' };
    },
    onProgress(loaded, total) {
      if (state.phase !== 'ready') state = { phase: 'downloading', loaded, total };
    },
    async embed(texts) {
      if (state.phase === 'error') throw new Error(state.message);
      if (state.phase === 'idle') state = { phase: 'downloading', loaded: 0, total: 0 };
      try {
        // A crashed worker is replaced by the next request: retry the batch once before giving up.
        const vectors = await transport(config, texts).catch((e: unknown) => {
          if (e instanceof Error && /crashed/.test(e.message)) return transport(config, texts);
          throw e;
        });
        state = { phase: 'ready' };
        return vectors;
      } catch (e) {
        state = { phase: 'error', message: describeModelError(e instanceof Error ? e.message : String(e)) };
        throw e;
      }
    },
  };
}
