/**
 * The order the model's Worker works in. Two queues, not one: loading a model (its download, its
 * session) waits only for other loads, and inference waits only for other inference. With one FIFO
 * queue for everything, a model being switched to held every query of the model in use behind its
 * download and first batch, so "the old model keeps answering" was true only of papers already embedded.
 * Loads stay one at a time (transformers.js reads its global `env` while it downloads) and so does
 * inference (one WASM runtime); requests of one model keep their arrival order.
 */
import type { ModelConfig } from './types';

export interface SchedulerDeps<M> {
  /** The model when it is loaded (or loading) already, else null. */
  cached(config: ModelConfig): Promise<M> | null;
  load(config: ModelConfig): Promise<M>;
  run(model: M, config: ModelConfig, texts: string[]): Promise<Float32Array[]>;
}

export function createScheduler<M>(deps: SchedulerDeps<M>): (config: ModelConfig, texts: string[]) => Promise<Float32Array[]> {
  let loading: Promise<unknown> = Promise.resolve();
  let running: Promise<unknown> = Promise.resolve();
  const after = <T>(queue: Promise<unknown>, work: () => Promise<T>) => queue.then(work, work);

  return (config, texts) => {
    let model = deps.cached(config);
    if (!model) {
      const queued = after(loading, () => deps.cached(config) ?? deps.load(config));
      loading = queued.catch(() => undefined);
      model = queued;
    }
    // Enters the inference queue only once loaded: a request's turn is never held by another model's download.
    return model.then((m) => {
      const turn = after(running, () => deps.run(m, config, texts));
      running = turn.catch(() => undefined);
      return turn;
    });
  };
}
