/** The reading list's messages, answered by the library service (the background spreads these into its handlers). */
import type { MessageName, Request, Response } from '../../shared/messages/background';
import type { LibraryService } from './service';

type LibraryMessage = 'savePaper' | 'getSavedIds' | 'listLibrary' | 'queryLibrary' | 'getEntries' | 'updateEntry' | 'deleteEntries' | 'undoDelete' | 'exportLibrary' | 'importLibrary' | 'getUnreadable';

export type LibraryHandlers = { [K in LibraryMessage & MessageName]: (payload: Request<K>) => Promise<Response<K>> };

export function libraryHandlers(library: LibraryService): LibraryHandlers {
  return {
    savePaper: async (p) => library.save('paper' in p ? p.paper : { id: p.id }),
    getSavedIds: async () => ({ ids: await library.savedIds() }),
    listLibrary: async (p) => library.listPage(p.offset ?? 0, p.limit ?? 50),
    queryLibrary: async (p) => library.query(p.view, p.offset, p.limit),
    getEntries: async (p) => ({ entries: await library.entries(p.ids) }),
    updateEntry: async (p) => library.update(p.id, p.patch),
    deleteEntries: async (p) => library.remove(p.ids, p.batch),
    undoDelete: async (p) => library.undo(p.batch),
    exportLibrary: async (p) => library.exportPart(p.format, p.part, p.ids, p.index, p.exportedAt ? new Date(p.exportedAt) : undefined, p.cursor),
    importLibrary: async (p) => ({ report: await library.importEntries(p.entries, { kind: p.kind, mode: p.mode, dismissals: p.dismissals }) }),
    getUnreadable: async (p) => library.unreadableRows(p.offset, p.limit),
  };
}
