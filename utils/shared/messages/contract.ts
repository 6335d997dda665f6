/**
 * How a contract is declared (background.ts, offscreen.ts): per message, the schema its request must
 * pass beside the type of its answer; and the one parse every recipient runs, `to` first.
 */
import * as v from 'valibot';
import { addressedTo, type Recipient } from './envelope';

/** The answer's type, declared beside the request's schema; no code (the value is never read). */
export const answers = <T>() => undefined as unknown as T;

export type Contract = Record<string, { request: v.GenericSchema; answer: unknown }>;
export type RequestOf<C extends Contract, K extends keyof C> = v.InferOutput<C[K]['request']>;
export type MessageOf<C extends Contract> = { [K in keyof C & string]: { name: K; payload: RequestOf<C, K> } }[keyof C & string];

/** The message, typed, when it is addressed to `to`, its name is declared and its payload passes; otherwise null. */
export function parseFor<C extends Contract>(contract: C, to: Recipient, message: unknown): MessageOf<C> | null {
  if (!addressedTo(message, to) || !Object.hasOwn(contract, message.name)) return null;
  const result = v.safeParse(contract[message.name].request, message.payload);
  return result.success ? ({ name: message.name, payload: result.output } as MessageOf<C>) : null;
}
