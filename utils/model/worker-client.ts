/** Talks to the embedding Worker: one request at a time per id, progress forwarded. */
import type { ModelConfig, WorkerRequest, WorkerResponse } from './types';

export interface WorkerClient {
  embed(config: ModelConfig, texts: string[]): Promise<Float32Array[]>;
}

/**
 * Wraps a Worker factory. If the worker dies (error event), pending requests fail and the next request
 * starts a fresh worker, so one crash never leaves the UI waiting forever.
 */
export function createWorkerClient(makeWorker: () => Worker, onProgress: (modelId: string, loaded: number, total: number) => void): WorkerClient {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();

  function failAll(message: string) {
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
  }

  function ensure(): Worker {
    if (worker) return worker;
    const w = makeWorker();
    w.onmessage = (ev: MessageEvent<WorkerResponse>) => {
      const msg = ev.data;
      if (msg.type === 'progress') return onProgress(msg.modelId, msg.loaded, msg.total);
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.type === 'result') p.resolve(msg.vectors);
      else p.reject(new Error(msg.message));
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      worker = null;
      w.terminate();
      failAll(`embedding worker crashed: ${ev.message || 'unknown error'}`);
    };
    worker = w;
    return w;
  }

  return {
    embed(config, texts) {
      const id = nextId++;
      return new Promise<Float32Array[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const req: WorkerRequest = { id, type: 'embed', config, texts };
        ensure().postMessage(req);
      });
    },
  };
}
