/**
 * Model downloads survive a flaky connection: a request that fails on the network or with a server
 * error (429, 5xx) is tried again after 0.5 s, 1 s, 2 s. Not when the browser knows it is offline (the
 * reader is told at once instead) and never for answers that will not change (404, 403).
 */
export interface RetryOptions {
  retries?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  online?: () => boolean;
}

const retryable = (status: number) => status === 429 || status >= 500;

/** False only when the browser knows it is offline (and true where there is no `navigator`, as in Node). */
export const browserOnline = (): boolean => typeof navigator === 'undefined' || navigator.onLine !== false;

export function retryingFetch(base: typeof fetch, opts: RetryOptions = {}): typeof fetch {
  const retries = opts.retries ?? 3;
  const baseDelay = opts.baseDelayMs ?? 500;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const online = opts.online ?? browserOnline;
  return async (input, init) => {
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries || !online();
      try {
        const response = await base(input, init);
        if (last || !retryable(response.status)) return response;
      } catch (e) {
        if (last || (e instanceof DOMException && e.name === 'AbortError')) throw e;
      }
      await sleep(baseDelay * 2 ** attempt);
    }
  };
}
