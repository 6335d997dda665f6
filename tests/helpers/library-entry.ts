/** A reading-list entry for format tests: `paper` (the tests' own default paper) and `over` change what a test needs. */
import type { LibraryEntry } from '@/utils/shared/library/types';

export function libraryEntry(paper: NonNullable<LibraryEntry['paper']>, over: Partial<LibraryEntry> & { id: string }): LibraryEntry {
  return { addedAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, status: 'to-read', tags: [], note: '', paper, ...over };
}
