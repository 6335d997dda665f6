/** Typed sending for UI contexts and the background. */
import { browser } from 'wxt/browser';
import type { ErrorResponse, MessageName, Request, Response } from './protocol';

/** What a surface says once the extension that drew it was updated, reloaded or removed. */
export const UPDATED_NOTICE = 'arXiv Neighbors was updated — reload the page to use it.';

/** The error a send throws once the extension is gone (a content script left on a page after an update). */
export class ExtensionGoneError extends Error {
  override name = 'ExtensionGoneError';
  constructor() {
    super(UPDATED_NOTICE);
  }
}

/** True when this context's extension is gone: Chrome clears `runtime.id` of an orphaned content script. */
export function extensionGone(): boolean {
  try {
    return !browser.runtime?.id;
  } catch {
    return true;
  }
}

const goneListeners = new Set<() => void>();

/** Calls `cb` when a send finds the extension gone; returns the unsubscribe function. */
export function onExtensionGone(cb: () => void): () => void {
  goneListeners.add(cb);
  return () => goneListeners.delete(cb);
}

/** Sends a message to the extension (background or offscreen document) and returns its typed answer. */
export async function send<K extends MessageName>(name: K, payload: Request<K>): Promise<Response<K>> {
  let answer: Response<K> | ErrorResponse | undefined;
  try {
    answer = (await browser.runtime.sendMessage({ name, payload })) as Response<K> | ErrorResponse | undefined;
  } catch (e) {
    if (extensionGone() || /Extension context invalidated/i.test(String(e))) {
      for (const cb of [...goneListeners]) cb();
      throw new ExtensionGoneError();
    }
    throw e;
  }
  if (answer === undefined) throw new Error(`No answer to ${name}: the extension may be restarting.`);
  if (typeof answer === 'object' && answer !== null && 'error' in answer && Object.keys(answer).length === 1) {
    throw new Error((answer as ErrorResponse).error);
  }
  return answer as Response<K>;
}
