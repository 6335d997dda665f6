/**
 * What every message travels in, whoever sends it: the recipient it is addressed to, its name, its
 * payload; and what every answer travels in: a value, or an error in words. A listener looks at `to`
 * before anything else, so a message for someone else costs it one property read (the offscreen
 * document is not made to validate a 50 MB import addressed to the background).
 */

/** The three contracts: messages to the background, to the offscreen document, to a tab's content script. */
export type Recipient = 'background' | 'offscreen' | 'tab';

export interface Envelope {
  to: Recipient;
  name: string;
  payload: unknown;
}

/** An answer: explicit about failure, so a response whose own fields are named `error` is never mistaken for one. */
export type Answer<T> = { ok: true; value: T } | { ok: false; error: string };

export const answerWith = <T>(value: T): Answer<T> => ({ ok: true, value });
export const answerError = (error: string): Answer<never> => ({ ok: false, error });

/** True when `message` is an envelope addressed to `to` (its payload is not looked at). */
export function addressedTo(message: unknown, to: Recipient): message is Envelope {
  return typeof message === 'object' && message !== null && (message as { to?: unknown }).to === to && typeof (message as { name?: unknown }).name === 'string';
}

/** True for an answer envelope (anything else came from something that does not speak this protocol). */
export function isAnswer(x: unknown): x is Answer<unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const a = x as { ok?: unknown; error?: unknown };
  return a.ok === true ? 'value' in x : a.ok === false && typeof a.error === 'string';
}
