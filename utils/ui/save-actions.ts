/** The panel's and popup's reading-list actions, over the message protocol. */
import type { PaperMeta } from '../shared/arxiv/abs-page';
import { sendToBackground } from '../shared/messages/client';
import { subscribeToLibrary } from './subscribe';
import { PlainError } from '../shared/plain-errors';

/**
 * Actions for a view of `paper` (the page's paper), or of `selfId` alone where only the id is known
 * (a PDF tab): the background then fills in what the corpus or database knows.
 */
export function createSaveActions(paper: PaperMeta | null, selfId?: string) {
  return {
    async save(id: string | null) {
      if (id === null) {
        if (paper) return sendToBackground('savePaper', { paper });
        if (selfId) return sendToBackground('savePaper', { id: selfId });
        throw new PlainError('No paper on this page.');
      }
      return sendToBackground('savePaper', { id });
    },
    async remove(id: string) {
      return (await sendToBackground('deleteEntries', { ids: [id] })).batch;
    },
    undo: (batch: string) => sendToBackground('undoDelete', { batch }),
    subscribe: subscribeToLibrary,
  };
}
