/**
 * "Not relevant": papers the reader hid from the related papers of one paper. Kept per pair (hiding a paper
 * next to one paper says nothing about the others), in the database so it survives restarts and travels in
 * the JSON backup, and available to personal ranking as a negative signal.
 */
import type { DismissalRecord, NeighborsDb } from './schema';

import { NOT_FOR_ME } from '../../shared/library/types';

export { NOT_FOR_ME };

/** Most dismissals kept for one paper: more than the panel ever lists, so a reader never hits it. */
export const MAX_DISMISSALS_PER_PAPER = 500;

/** Hides `paperId` next to `forId` (again: refreshes the time). */
export async function dismiss(db: NeighborsDb, forId: string, paperId: string, at = Date.now()): Promise<void> {
  if (forId === paperId) throw new Error('A paper cannot be hidden from its own list.');
  await db.transaction('rw', db.dismissals, async () => {
    const count = await db.dismissals.where('forId').equals(forId).count();
    if (count >= MAX_DISMISSALS_PER_PAPER && !(await db.dismissals.get([forId, paperId]))) {
      // The oldest goes: a limit the reader never sees rather than a refusal.
      const oldest = await db.dismissals.where('forId').equals(forId).sortBy('at');
      await db.dismissals.delete([oldest[0].forId, oldest[0].paperId]);
    }
    await db.dismissals.put({ forId, paperId, at });
  });
}

/** Shows `paperId` next to `forId` again; true when it was hidden. */
export async function undismiss(db: NeighborsDb, forId: string, paperId: string): Promise<boolean> {
  return db.transaction('rw', db.dismissals, async () => {
    const had = (await db.dismissals.get([forId, paperId])) !== undefined;
    await db.dismissals.delete([forId, paperId]);
    return had;
  });
}

/** Ids hidden next to `forId`. */
export async function dismissedFor(db: NeighborsDb, forId: string): Promise<Set<string>> {
  const keys = (await db.dismissals.where('forId').equals(forId).primaryKeys()) as [string, string][];
  return new Set(keys.map(([, paperId]) => paperId));
}

/** Every dismissal, oldest first (the JSON backup and personal ranking read these). */
export async function allDismissals(db: NeighborsDb): Promise<DismissalRecord[]> {
  return db.dismissals.orderBy('at').toArray();
}

/** Adds dismissals from a backup; never removes one the reader made. Returns how many were new. */
export async function addDismissals(db: NeighborsDb, rows: readonly DismissalRecord[]): Promise<number> {
  return db.transaction('rw', db.dismissals, async () => {
    const valid = rows.filter((r) => r.forId !== r.paperId);
    const existing = await db.dismissals.bulkGet(valid.map((r) => [r.forId, r.paperId] as [string, string]));
    const fresh = valid.filter((_, i) => existing[i] === undefined);
    await db.dismissals.bulkPut(fresh.map(({ forId, paperId, at }) => ({ forId, paperId, at })));
    return fresh.length;
  });
}
