/**
 * A database handle that heals: Dexie keeps a handle whose (re)open failed — a full disk, an I/O error —
 * failed for good ("DatabaseClosedError" on every later call, even once space is freed), so the
 * background would answer every save, note edit and panel with an error until the service worker
 * happened to restart. Here a failed handle is reset before each request and opened again on its use.
 */
import type Dexie from 'dexie';
import { classifyError } from '../../shared/plain-errors';

/** Lets a handle whose open failed (or that was closed) open again on its next use; true if it had failed. */
export function healDb(db: Dexie): boolean {
  if (!db.hasFailed() && !db.hasBeenClosed()) return false;
  db.close({ disableAutoOpen: false });
  return true;
}

/**
 * Runs one request against `db`: heals the handle first, and runs the request once more when it failed
 * because the handle was closed under it (a closed handle runs no transaction, and an interrupted one
 * is rolled back, so the second run cannot apply anything twice).
 */
export async function withHealedDb<T>(db: Dexie, run: () => Promise<T>): Promise<T> {
  healDb(db);
  try {
    return await run();
  } catch (e) {
    if (classifyError(e) !== 'closed') throw e;
    healDb(db);
    return run();
  }
}
