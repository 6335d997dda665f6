/**
 * The library page's `send`, in Node: each message is checked by the protocol's validator and
 * answered by the library's handlers, as the background does; the largest message each way is kept.
 */
import { libraryHandlers } from '@/utils/background/library/handlers';
import type { LibraryService } from '@/utils/background/library/service';
import { ALL, exportParts, importFile, type Send } from '@/utils/ui/library/transfer';
import type { ViewQuery } from '@/utils/background/library/service';
import { MAX_IDS_PER_PAGE } from '@/utils/shared/library/paging';
import type { ExportFormat } from '@/utils/background/library/export';
import type { MergeMode } from '@/utils/background/library/merge';
import { parseBackgroundMessage, type MessageName } from '@/utils/shared/messages/background';

export function bridge(library: LibraryService) {
  const handlers = libraryHandlers(library) as Record<string, (p: unknown) => Promise<unknown>>;
  const sizes = { request: 0, response: 0, messages: 0, largest: '' };
  const send = (async (name: MessageName, payload: unknown) => {
    const raw = JSON.stringify({ to: 'background', name, payload });
    if (raw.length > sizes.request) Object.assign(sizes, { request: raw.length, largest: name });
    sizes.messages++;
    const env = parseBackgroundMessage(JSON.parse(raw));
    if (!env) throw new Error('Malformed message.');
    const handler = handlers[env.name];
    if (!handler) throw new Error(`not a library message: ${name}`);
    const answer = JSON.stringify(await handler(env.payload));
    sizes.response = Math.max(sizes.response, answer.length);
    return JSON.parse(answer);
  }) as Send;
  return { send, sizes };
}

/** A whole file imported as the library page imports it (parsed here, sent in parts). */
export function importText(library: LibraryService, text: string, mode?: MergeMode) {
  return importFile(bridge(library).send, text, { mode });
}

/** A whole export as the library page writes it (in parts; every entry in arXiv-id order, unless `ids`). */
export async function exportEntries(library: LibraryService, format: ExportFormat, ids?: string[]) {
  const { send } = bridge(library);
  const r = await exportParts(send, format, ids ?? null);
  return { text: r.parts.join(''), filename: r.filename, mime: r.mime };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every id the view matches, in order (read in pages; waits while the background is still reading the library). */
export async function viewIds(send: Send, view: ViewQuery = ALL): Promise<string[]> {
  let first = await send('queryLibrary', { view, offset: 0, limit: MAX_IDS_PER_PAGE });
  while (first.pending) {
    await wait(100);
    first = await send('queryLibrary', { view, offset: 0, limit: MAX_IDS_PER_PAGE });
  }
  const ids = [...first.ids];
  while (ids.length < first.total) {
    const next = await send('queryLibrary', { view, offset: ids.length, limit: MAX_IDS_PER_PAGE });
    if (next.ids.length === 0) break;
    ids.push(...next.ids);
  }
  return ids;
}

