/** Reading-list change notifications for UI contexts (content script, popup, library page). */
import { browser } from 'wxt/browser';
import { LIBRARY_REVISION_KEY } from '../shared/library/revision';

/** Calls `onChange` after every reading-list change made anywhere; returns the unsubscribe function. */
export function subscribeToLibrary(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && LIBRARY_REVISION_KEY in changes) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
