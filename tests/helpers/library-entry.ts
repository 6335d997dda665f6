/** A reading-list entry for format tests: `paper` (the tests' own default paper) and `over` change what a test needs. */
import type { LibraryEntry } from '@/utils/shared/library/types';

export function libraryEntry(paper: NonNullable<LibraryEntry['paper']>, over: Partial<LibraryEntry> & { id: string }): LibraryEntry {
  return { addedAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, status: 'to-read', tags: [], note: '', paper, ...over };
}

const T0 = Date.UTC(2026, 10, 20);
type Paper = NonNullable<LibraryEntry['paper']>;

/**
 * The two entries the format tests and the library screenshots use: LoRA (a tag with a comma, a note)
 * and an old-style id with accented authors. `lora` and `old` give each its paper and what else differs.
 */
export function loraAndOldStyle(lora: { paper: Paper; note: string }, old: { paper: Paper; status: LibraryEntry['status'] }): LibraryEntry[] {
  return [
    { id: '2106.09685', addedAt: T0, updatedAt: T0, status: 'reading', tags: ['fine-tuning', 'theory, math'], note: lora.note, paper: lora.paper },
    { id: 'hep-th/9901001', addedAt: T0 - 1000, updatedAt: T0 - 1000, status: old.status, tags: [], note: '', paper: old.paper },
  ];
}
