/**
 * The symmetric clients: one per recipient (sendToBackground, sendToOffscreen, sendToTab), each typed by
 * that recipient's contract, each wrapping the request in an envelope addressed to it and unwrapping the
 * answer envelope (envelope.ts). The receiving side is serve.ts.
 */
import { browser } from 'wxt/browser';
import type { MessageName, Request, Response } from './background';
import type { OffscreenName, OffscreenRequest, OffscreenResponse } from './offscreen';
import type { TabName, TabRequest, TabResponse } from './tab';
import { isAnswer, type Answer } from './envelope';
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
 * Requests that may run twice with the same outcome: sent again when a restart (a stopped service
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

/**
 * Waits before each resend: a restarting service worker takes a moment to listen again, longer on a busy
 * machine (a send into a worker that is still stopping fails the same way), so up to three, ~1.5 s in all.
 */
const RESEND_AFTER_MS = [150, 400, 1000];

async function sendOnce<K extends MessageName>(name: K, payload: Request<K>): Promise<unknown> {
  return browser.runtime.sendMessage({ to: 'background', name, payload });
}

/** The value of an answer envelope; its error (or no answer at all) as an Error of `make`'s kind. */
function unwrap<T>(answer: unknown, name: string, make: (text: string) => Error): T {
  if (!isAnswer(answer)) throw make(plainMessage(new Error(`No answer to ${name}`)));
  if (!answer.ok) throw make(answer.error);
  return (answer as Answer<T> & { ok: true }).value;
}

/**
 * Sends a message to the extension (background or offscreen document) and returns its typed answer.
 * Failures reach the caller in words (PlainError): the background's answers are already mapped, and
 * the messaging layer's own (a restart, the extension updated) are mapped here.
 */
export async function sendToBackground<K extends MessageName>(name: K, payload: Request<K>): Promise<Response<K>> {
  let answer: unknown;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        answer = await sendOnce(name, payload);
        break;
      } catch (e) {
        if (extensionGone() || classifyError(e) !== 'restart' || !IDEMPOTENT.has(name) || attempt >= RESEND_AFTER_MS.length) throw e;
        await new Promise((r) => setTimeout(r, RESEND_AFTER_MS[attempt]));
      }
    }
  } catch (e) {
    if (extensionGone() || classifyError(e) === 'updated') {
      for (const cb of [...goneListeners]) cb();
      throw new ExtensionGoneError();
    }
    throw new PlainError(plainMessage(e));
  }
  // The background's errors are written for readers already (plainMessage there).
  return unwrap<Response<K>>(answer, name, (text) => new PlainError(text));
}

/**
 * The background → the offscreen document's Worker. Errors keep their raw text (not words): the embedder
 * needs it to tell a restart from a download or model failure, and maps it itself (remote-embedder.ts).
 */
export async function sendToOffscreen<K extends OffscreenName>(name: K, payload: OffscreenRequest<K>): Promise<OffscreenResponse<K>> {
  const answer: unknown = await browser.runtime.sendMessage({ to: 'offscreen', name, payload });
  if (answer === undefined) throw new Error(`No answer to ${name}: the offscreen document closed`);
  return unwrap<OffscreenResponse<K>>(answer, name, (text) => new Error(text));
}

/** The background or the popup → a tab's content script. Rejects when the tab has no script of ours (any page but arXiv's). */
export async function sendToTab<K extends TabName>(tabId: number, name: K, payload: TabRequest<K>): Promise<TabResponse<K>> {
  const answer: unknown = await browser.tabs.sendMessage(tabId, { to: 'tab', name, payload });
  return unwrap<TabResponse<K>>(answer, name, (text) => new PlainError(text));
}
