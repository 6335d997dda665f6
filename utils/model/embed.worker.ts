/** The Worker that owns the model: requests are handled one after another, in arrival order. */
import { embedTexts } from './transformers-embedder';
import type { WorkerRequest, WorkerResponse } from './types';
import { retryingFetch } from '../shared/retry-fetch';

const scope = self as unknown as { postMessage(msg: WorkerResponse, transfer?: Transferable[]): void; onmessage: ((ev: MessageEvent<WorkerRequest>) => void) | null };
// transformers.js downloads with the global fetch: in this Worker, that fetch retries with backoff.
self.fetch = retryingFetch(self.fetch.bind(self));
let queue: Promise<void> = Promise.resolve();
let lastProgress = 0;

scope.onmessage = (ev) => {
  const req = ev.data;
  queue = queue.then(async () => {
    try {
      const vectors = await embedTexts(req.config, req.texts, (loaded, total) => {
        const now = Date.now();
        // Throttled: progress events arrive per chunk and would flood the message channel.
        if (now - lastProgress > 100 || loaded === total) {
          lastProgress = now;
          scope.postMessage({ type: 'progress', modelId: req.config.modelId, loaded, total });
        }
      });
      scope.postMessage({ id: req.id, type: 'result', vectors }, vectors.map((v) => v.buffer));
    } catch (e) {
      scope.postMessage({ id: req.id, type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  });
};
