/** Typed sending for UI contexts and the background. */
import { browser } from 'wxt/browser';
import type { ErrorResponse, MessageName, Request, Response } from './protocol';

/** Sends a message to the extension (background or offscreen document) and returns its typed answer. */
export async function send<K extends MessageName>(name: K, payload: Request<K>): Promise<Response<K>> {
  const answer = (await browser.runtime.sendMessage({ name, payload })) as Response<K> | ErrorResponse | undefined;
  if (answer === undefined) throw new Error(`No answer to ${name}: the extension may be restarting.`);
  if (typeof answer === 'object' && answer !== null && 'error' in answer && Object.keys(answer).length === 1) {
    throw new Error((answer as ErrorResponse).error);
  }
  return answer as Response<K>;
}
