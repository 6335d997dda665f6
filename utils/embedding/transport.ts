/** Where the model runs, per browser: Chrome's offscreen document, or a Worker of Firefox's background page. */
import type { EmbedTransport } from './remote-embedder';
import { createWorkerTransport } from './worker-transport';

export interface TransportChoice {
  /** Firefox has no offscreen documents, but its (MV2, non-service-worker) background page can start Workers. */
  firefox: boolean;
  makeWorker: () => Worker;
  onProgress: (loaded: number, total: number) => void;
  offscreen: EmbedTransport;
}

/** The transport for this browser. */
export function chooseTransport(c: TransportChoice): EmbedTransport {
  return c.firefox ? createWorkerTransport(c.makeWorker, c.onProgress) : c.offscreen;
}
