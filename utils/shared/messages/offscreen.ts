/**
 * Messages to Chrome's offscreen document (the model's host there), declared once like the background's
 * (background.ts). The only sender is the background (sendToOffscreen, client.ts); Firefox has no
 * offscreen document (its background page hosts the Worker itself).
 */
import * as v from 'valibot';
import { answers, parseFor, type Contract, type MessageOf, type RequestOf } from './contract';
import { modelConfig, text } from './schemas';

export const OFFSCREEN_MESSAGES = {
  /** Embed texts in the document's Worker: one vector per text, in order. */
  embed: { request: v.strictObject({ config: modelConfig, texts: v.pipe(v.array(text(20_000)), v.maxLength(512)) }), answer: answers<{ vectors: number[][] }>() },
} satisfies Contract;

export type OffscreenMessage = MessageOf<typeof OFFSCREEN_MESSAGES>;
export type OffscreenName = OffscreenMessage['name'];
export type OffscreenRequest<K extends OffscreenName> = RequestOf<typeof OFFSCREEN_MESSAGES, K>;
export type OffscreenResponse<K extends OffscreenName> = (typeof OFFSCREEN_MESSAGES)[K]['answer'];

/** The message, typed, when it is addressed to the offscreen document and well formed; otherwise null. */
export const parseOffscreenMessage = (message: unknown): OffscreenMessage | null => parseFor(OFFSCREEN_MESSAGES, 'offscreen', message);
