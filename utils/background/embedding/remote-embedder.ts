/**
 * The background's Embedder: forwards texts to wherever the model runs (Chrome: a Worker inside the
 * offscreen document; Firefox: a Worker owned by the background page) and tracks its state for the UI.
 */
import type { Embedder, EmbedderState, ModelConfig } from '../../model/types';
import { browserOnline } from '../../shared/retry-fetch';
import { PlainError, classifyError, hostOf, plainMessage } from '../../shared/plain-errors';

/** Runs one embedding request where the model lives; rejects with a readable message on failure. */
export type EmbedTransport = (config: ModelConfig, texts: string[]) => Promise<Float32Array[]>;

/**
 * What the reader is told when the model cannot be used (utils/shared/plain-errors.ts's mapping, never the raw
 * text): offline, which host could not be reached, or that the model failed to run.
 */
export function describeModelError(e: unknown, online = browserOnline(), host?: string | null): string {
  if (!online) return 'You are offline, so the embedding model cannot be downloaded yet. Showing keyword matches.';
  const kind = classifyError(e);
  const message = ['offline', 'blocked', 'refused'].includes(kind)
    ? plainMessage(e, { online, host: host ?? undefined, doing: 'download the embedding model' })
    : kind === 'unknown' || kind === 'plain'
      ? 'The embedding model failed to run.'
      : plainMessage(e);
  return `${message} Showing keyword matches.`;
}

/**
 * When the model host restarted under a request (Chrome closed the offscreen document, the worker died,
 * the channel closed): the same texts are sent again after these waits, to a host created anew.
 */
export const RESTART_RETRY_MS = [250, 1000, 3000];
/** After a failure, the next request tries the model again once this long has passed (then stays failed). */
export const HEAL_AFTER_MS = [2000, 10_000, 30_000];

export interface RemoteEmbedderOptions {
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface RemoteEmbedder extends Embedder {
  /** Called with download progress reported by the model host. */
  onProgress(loaded: number, total: number): void;
}

/** An Embedder whose work happens behind `transport`. */
export function createRemoteEmbedder(config: ModelConfig, transport: EmbedTransport, opts: RemoteEmbedderOptions = {}): RemoteEmbedder {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  const host = config.localPath ? null : hostOf(config.remoteHost);
  let state: EmbedderState = { phase: 'idle' };
  let failedAt = 0;
  let heals = 0;
  /** A failed model is tried again, without a click, after a growing wait and a bounded number of times. */
  const healDue = () => state.phase === 'error' && heals < HEAL_AFTER_MS.length && now() - failedAt >= HEAL_AFTER_MS[heals];
  const current = (): EmbedderState => {
    if (healDue()) {
      heals++;
      state = { phase: 'idle' };
    }
    return state;
  };

  async function run(texts: string[]): Promise<Float32Array[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await transport(config, texts);
      } catch (e) {
        if (classifyError(e) !== 'restart' || attempt >= RESTART_RETRY_MS.length) throw e;
        await sleep(RESTART_RETRY_MS[attempt]);
      }
    }
  }

  return {
    modelId: config.modelId,
    state: current,
    reset() {
      heals = 0;
      if (state.phase === 'error') state = { phase: 'idle' };
    },
    onProgress(loaded, total) {
      if (state.phase !== 'ready') state = { phase: 'downloading', loaded, total };
    },
    async embed(texts) {
      const s = current();
      if (s.phase === 'error') throw new PlainError(s.message);
      if (s.phase === 'idle') state = { phase: 'downloading', loaded: 0, total: 0 };
      try {
        const vectors = await run(texts);
        state = { phase: 'ready' };
        heals = 0;
        return vectors;
      } catch (e) {
        state = { phase: 'error', message: describeModelError(e, browserOnline(), host) };
        failedAt = now();
        throw new PlainError(state.message);
      }
    },
  };
}
