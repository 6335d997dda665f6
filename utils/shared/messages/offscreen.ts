/**
 * Messages to Chrome's offscreen document (the model's host there), declared once like the background's
 * (background.ts). The only sender is the background (sendToOffscreen, client.ts); Firefox has no
 * offscreen document (its background page hosts the Worker itself).
 */
import * as v from 'valibot';
import { addressedTo } from './envelope';
import { modelConfig, text } from './schemas';

const answers = <T>() => undefined as unknown as T;

export const OFFSCREEN_MESSAGES = {
  /** Embed texts in the document's Worker: one vector per text, in order. */
  embed: { request: v.strictObject({ config: modelConfig, texts: v.pipe(v.array(text(20_000)), v.maxLength(512)) }), answer: answers<{ vectors: number[][] }>() },
} satisfies Record<string, { request: v.GenericSchema; answer: unknown }>;

type Declared = typeof OFFSCREEN_MESSAGES;
export type OffscreenName = keyof Declared;
export type OffscreenRequest<K extends OffscreenName> = v.InferOutput<Declared[K]['request']>;
export type OffscreenResponse<K extends OffscreenName> = Declared[K]['answer'];
export type OffscreenMessage = { [K in OffscreenName]: { name: K; payload: OffscreenRequest<K> } }[OffscreenName];

/** The message, typed, when it is addressed to the offscreen document and well formed; otherwise null. */
export function parseOffscreenMessage(message: unknown): OffscreenMessage | null {
  if (!addressedTo(message, 'offscreen') || !Object.hasOwn(OFFSCREEN_MESSAGES, message.name)) return null;
  const name = message.name as OffscreenName;
  const result = v.safeParse(OFFSCREEN_MESSAGES[name].request, message.payload);
  return result.success ? ({ name, payload: result.output } as OffscreenMessage) : null;
}
