/** Storage failures in words a reader can act on: the one mapping of utils/shared/plain-errors.ts. */
import { plainMessage } from '../../shared/plain-errors';

/** A readable message for an error thrown by Dexie/IndexedDB (or anything else). */
export function describeStorageError(e: unknown): string {
  return plainMessage(e);
}
