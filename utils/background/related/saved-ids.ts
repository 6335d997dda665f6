/** The reading list's ids, read once and then kept up to date by the changes the library service reports. */
import type { NeighborsDb } from '../db/schema';
import type { LibraryChange } from '../../shared/library/types';

export interface SavedIds {
  /** The ids (50,000 keys take ~300 ms to read: read once per life, then changed in place). */
  get(): Promise<Set<string>>;
  /** The reading list changed; `change` says which ids joined or left it (absent: read them again). */
  apply(change?: LibraryChange): void;
}

export function createSavedIds(db: NeighborsDb): SavedIds {
  let ids: Promise<Set<string>> | null = null;
  return {
    get() {
      const read = (ids ??= db.readingList
        .toCollection()
        .primaryKeys()
        .then((keys) => new Set(keys as string[])));
      read.catch(() => {
        if (ids === read) ids = null;
      });
      return read;
    },
    apply(change) {
      const known = ids;
      ids =
        change && known
          ? known.then((old) => {
              const next = new Set(old);
              for (const id of change.removed) next.delete(id);
              for (const id of change.added) next.add(id);
              return next;
            })
          : null;
    },
  };
}
