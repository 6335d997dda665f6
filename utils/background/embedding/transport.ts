/** Where the model runs, per browser: Chrome's offscreen document, or a Worker of Firefox's background page. */
import type { EmbedTransport } from './remote-embedder';
import { createWorkerClient } from '../../model/worker-client';

export interface TransportChoice {
  /** Firefox has no offscreen documents, but its (MV2, non-service-worker) background page can start Workers. */
  firefox: boolean;
  makeWorker: () => Worker;
  onProgress: (modelId: string, loaded: number, total: number) => void;
  offscreen: EmbedTransport;
}

/** The transport for this browser. */
export function chooseTransport(c: TransportChoice): EmbedTransport {
  if (!c.firefox) return c.offscreen;
  const client = createWorkerClient(c.makeWorker, c.onProgress);
  return (config, texts) => client.embed(config, texts);
}
