/**
 * The library page's `send`, in Node: each message is checked by the protocol's validator and
 * answered by the library's handlers, as the background does; the largest message each way is kept.
 */
import { libraryHandlers } from '@/utils/library/handlers';
import type { LibraryService } from '@/utils/library/service';
import type { Send } from '@/utils/library/transfer';
import { parseEnvelope, type MessageName } from '@/utils/messaging/protocol';

export function bridge(library: LibraryService) {
  const handlers = libraryHandlers(library) as Record<string, (p: unknown) => Promise<unknown>>;
  const sizes = { request: 0, response: 0, messages: 0, largest: '' };
  const send = (async (name: MessageName, payload: unknown) => {
    const raw = JSON.stringify({ name, payload });
    if (raw.length > sizes.request) Object.assign(sizes, { request: raw.length, largest: name });
    sizes.messages++;
    const env = parseEnvelope(JSON.parse(raw));
    if (!env) throw new Error('Malformed message.');
    const handler = handlers[env.name];
    if (!handler) throw new Error(`not a library message: ${name}`);
    const answer = JSON.stringify(await handler(env.payload));
    sizes.response = Math.max(sizes.response, answer.length);
    return JSON.parse(answer);
  }) as Send;
  return { send, sizes };
}
