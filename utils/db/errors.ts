/** Storage failures in words a reader can act on. */

/** A readable message for an error thrown by Dexie/IndexedDB (or anything else). */
export function describeStorageError(e: unknown): string {
  const name = (e as { name?: string } | null)?.name ?? '';
  const inner = (e as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return 'Your browser is out of storage space for this extension: nothing was changed, and what was saved before is intact. Free some disk space and try again.';
  }
  if (name === 'DatabaseClosedError' || name === 'VersionError' || inner === 'VersionError') {
    return 'The reading list is being upgraded in another tab. Close other arXiv Neighbors pages and try again.';
  }
  return e instanceof Error ? e.message : String(e);
}
