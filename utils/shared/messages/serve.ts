/**
 * The receiving side of the clients (client.ts): a recipient answers only envelopes addressed to it,
 * looks at `to` before anything else, checks the sender, validates, runs its handler, and answers with
 * an explicit envelope. A message for another recipient gets no answer at all (so the right one can).
 */
import { browser, type Browser } from 'wxt/browser';
import { addressedTo, answerError, answerWith, type Answer, type Recipient } from './envelope';

export interface ServeOptions<M extends { name: string; payload: unknown }> {
  to: Recipient;
  /** The validated message, or null (answered "Malformed message."). */
  parse(message: unknown): M | null;
  /** Whether this sender may talk to this recipient at all (answered "Unknown sender." otherwise). */
  trusted(sender: Browser.runtime.MessageSender): boolean;
  handle(message: M, sender: Browser.runtime.MessageSender): Promise<unknown>;
  /** The words of a handler's failure (the background's: plainMessage; the offscreen document's: the raw text). */
  describe(e: unknown): string;
}

/** The listener `serve` registers, exposed for tests. */
export function answerer<M extends { name: string; payload: unknown }>(o: ServeOptions<M>) {
  return (message: unknown, sender: Browser.runtime.MessageSender): Promise<Answer<unknown>> | undefined => {
    if (!addressedTo(message, o.to)) return undefined;
    if (!o.trusted(sender)) return Promise.resolve(answerError('Unknown sender.'));
    const parsed = o.parse(message);
    if (!parsed) return Promise.resolve(answerError('Malformed message.'));
    return Promise.resolve()
      .then(() => o.handle(parsed, sender))
      .then(answerWith, (e: unknown) => answerError(o.describe(e)));
  };
}

/** Starts answering; returns the function that stops it. */
export function serve<M extends { name: string; payload: unknown }>(o: ServeOptions<M>): () => void {
  const listener = answerer(o);
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
