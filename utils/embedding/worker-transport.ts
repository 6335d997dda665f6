/** Firefox (MV2 background page): the background page owns the embedding Worker directly. */
import { createWorkerClient } from './worker-client';
import type { EmbedTransport } from './remote-embedder';

/** A transport over a Worker started by `makeWorker`, reporting progress to `onProgress`. */
export function createWorkerTransport(makeWorker: () => Worker, onProgress: (loaded: number, total: number) => void): EmbedTransport {
  const client = createWorkerClient(makeWorker, onProgress);
  return (config, texts) => client.embed(config, texts);
}
