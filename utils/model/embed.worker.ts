/** The Worker that owns the models: loads and inference each in their own queue (scheduler.ts). */
import { embedWith, load, loadedPipeline } from './transformers-embedder';
import { createScheduler } from './scheduler';
import { rawText } from '../shared/plain-errors';
import type { WorkerRequest, WorkerResponse } from './types';
import { retryingFetch } from '../shared/retry-fetch';

const scope = self as unknown as { postMessage(msg: WorkerResponse, transfer?: Transferable[]): void; onmessage: ((ev: MessageEvent<WorkerRequest>) => void) | null };
// transformers.js downloads with the global fetch: in this Worker, that fetch retries with backoff.
self.fetch = retryingFetch(self.fetch.bind(self));
let lastProgress = 0;

const embed = createScheduler({
  cached: loadedPipeline,
  load: (config) =>
    load(config, (loaded, total) => {
      const now = Date.now();
      // Throttled: progress events arrive per chunk and would flood the message channel.
      if (now - lastProgress > 100 || loaded === total) {
        lastProgress = now;
        scope.postMessage({ type: 'progress', modelId: config.modelId, loaded, total });
      }
    }),
  // One text per inference: on WASM, padded batches cost more than they save (70 abstracts on 2 threads:
  // 14.2 s in batches of 16, about 11 s one by one) and their attention buffers grow the heap for good.
  run: (pipe, config, texts) => embedWith(pipe, texts, 1, config.pooling),
});

scope.onmessage = (ev) => {
  const req = ev.data;
  embed(req.config, req.texts).then(
    (vectors) => scope.postMessage({ id: req.id, type: 'result', vectors }, vectors.map((v) => v.buffer)),
    (e: unknown) => scope.postMessage({ id: req.id, type: 'error', message: rawText(e) }),
  );
};
