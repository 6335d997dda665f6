/** Typed sending for UI contexts and the background. */
import { browser } from 'wxt/browser';
import type { ErrorResponse, MessageName, Request, Response } from './protocol';
import { PlainError, UPDATED_NOTICE, classifyError, plainMessage } from '../plain-errors';

export { UPDATED_NOTICE };

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

/**
 * Requests that may run twice with the same outcome: sent again once when a restart (a stopped service
 * worker, a closed offscreen document) closed their channel. Undo is: a second run finds the batch
 * already restored and leaves it so. Deleting and importing are not: a second run would answer
 * differently (an empty batch that Undo cannot restore, "0 added"), so the reader is told instead.
 */
const IDEMPOTENT: ReadonlySet<MessageName> = new Set<MessageName>([
  'getRelated',
  'getRelatedById',
  'getStats',
  'getModelStatus',
  'getSavedIds',
  'listLibrary',
  'search',
  'annotateListing',
  'exportLibrary',
  'getStorage',
  'savePaper',
  'updateEntry',
  'chooseModel',
  'retryModel',
  'undoDelete',
]);

/** Wait before the one resend: a restarting service worker takes a moment to listen again. */
const RESEND_AFTER_MS = 150;

async function sendOnce<K extends MessageName>(name: K, payload: Request<K>): Promise<Response<K> | ErrorResponse | undefined> {
  return (await browser.runtime.sendMessage({ name, payload })) as Response<K> | ErrorResponse | undefined;
}

/**
 * Sends a message to the extension (background or offscreen document) and returns its typed answer.
 * Failures reach the caller in words (PlainError): the background's answers are already mapped, and
 * the messaging layer's own (a restart, the extension updated) are mapped here.
 */
export async function send<K extends MessageName>(name: K, payload: Request<K>): Promise<Response<K>> {
  let answer: Response<K> | ErrorResponse | undefined;
  try {
    answer = await sendOnce(name, payload).catch(async (e: unknown) => {
      if (extensionGone() || classifyError(e) !== 'restart' || !IDEMPOTENT.has(name)) throw e;
      await new Promise((r) => setTimeout(r, RESEND_AFTER_MS));
      return sendOnce(name, payload);
    });
  } catch (e) {
    if (extensionGone() || classifyError(e) === 'updated') {
      for (const cb of [...goneListeners]) cb();
      throw new ExtensionGoneError();
    }
    throw new PlainError(plainMessage(e));
  }
  if (answer === undefined) throw new PlainError(plainMessage(new Error(`No answer to ${name}`)));
  if (typeof answer === 'object' && answer !== null && 'error' in answer && Object.keys(answer).length === 1) {
    // Written for readers by the background (plainMessage there).
    throw new PlainError((answer as ErrorResponse).error);
  }
  return answer as Response<K>;
}
