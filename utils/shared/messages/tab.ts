/**
 * Messages to a tab's content script. Checked by hand, not with valibot: the content script ships no
 * validator library, and its one message carries no payload.
 */
import type { PaperMeta } from '../arxiv/abs-page';
import { addressedTo } from './envelope';

export interface TabMessages {
  /** The "save current paper" command and the popup: the paper this tab shows. */
  getPagePaper: { request: Record<string, never>; answer: { paper: PaperMeta | null } };
}
export type TabName = keyof TabMessages;
export type TabRequest<K extends TabName> = TabMessages[K]['request'];
export type TabResponse<K extends TabName> = TabMessages[K]['answer'];

const NAMES: ReadonlySet<string> = new Set<TabName>(['getPagePaper']);

/** The message when it is addressed to a tab, declared, and its payload is the empty object it must be; otherwise null. */
export function parseTabMessage(message: unknown): { name: TabName; payload: Record<string, never> } | null {
  if (!addressedTo(message, 'tab') || !NAMES.has(message.name)) return null;
  const p = message.payload;
  if (typeof p !== 'object' || p === null || Array.isArray(p) || Object.keys(p).length > 0) return null;
  return { name: message.name as TabName, payload: {} };
}
