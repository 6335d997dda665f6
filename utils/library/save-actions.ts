/** The panel's and popup's reading-list actions, over the message protocol. */
import type { PaperMeta } from '../arxiv/abs-page';
import { send } from '../messaging/client';
import { subscribeToLibrary } from './subscribe';

/** Actions for a view of `paper` (the page's paper, or null where there is none). */
export function createSaveActions(paper: PaperMeta | null) {
  return {
    async save(id: string | null) {
      if (id === null) {
        if (!paper) throw new Error('No paper on this page.');
        return send('savePaper', { paper });
      }
      return send('savePaper', { id });
    },
    async remove(id: string) {
      return (await send('deleteEntries', { ids: [id] })).batch;
    },
    undo: (batch: string) => send('undoDelete', { batch }),
    subscribe: subscribeToLibrary,
  };
}
