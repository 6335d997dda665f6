/** Raw messages the browser's messaging layer throws when the extension restarts or was updated. */
const RESTARTING = /Could not establish connection|Receiving end does not exist|message (channel|port) closed|asynchronous response/i;
const UPDATED = /Extension context invalidated/i;

/**
 * What a failed action says to the reader. Failures the background reports are already in words (it maps
 * storage and model errors); what the browser's messaging layer throws is not, and is put in words here.
 */
export function userMessage(e: unknown): string {
  const raw = (e instanceof Error ? e.message : String(e)).trim();
  if (UPDATED.test(raw)) return 'arXiv Neighbors was updated — reload the page to use it.';
  if (RESTARTING.test(raw)) return 'arXiv Neighbors is restarting. Try again in a moment.';
  return raw || 'Something went wrong. Try again.';
}
