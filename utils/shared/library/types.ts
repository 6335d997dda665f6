/** The reading list as the UI and the export formats see it. */
import { LIMITS } from './limits';

/** Where a reader is with a saved paper. */
export type ReadingStatus = 'to-read' | 'reading' | 'read';

export const STATUSES: readonly ReadingStatus[] = ['to-read', 'reading', 'read'];
export const STATUS_LABEL: Record<ReadingStatus, string> = { 'to-read': 'To read', reading: 'Reading', read: 'Read' };

/** What is known of a saved paper; any field may be missing for a paper saved from a bare link. */
export interface EntryPaper {
  title: string;
  authors: string[];
  abstract: string;
  yearMonth: string | null;
  primarySubject: string | null;
  version: number | null;
}

export interface LibraryEntry {
  id: string;
  addedAt: number;
  updatedAt: number;
  status: ReadingStatus;
  tags: string[];
  note: string;
  paper: EntryPaper | null;
}

/** The JSON backup: the whole library, notes and tags included. */
export interface LibraryBackup {
  format: typeof BACKUP_FORMAT;
  version: 1;
  exportedAt: string;
  entries: LibraryEntry[];
  /** "Not relevant" marks (optional; a backup without them is still version 1). */
  dismissals?: BackupDismissal[];
}

/** "Paper `paperId` is not relevant for paper `forId`", marked at `at` (ms since 1970). */
export interface BackupDismissal {
  forId: string;
  paperId: string;
  at: number;
}

export const BACKUP_FORMAT = 'arxiv-neighbors-library';

/** Editable fields of an entry. */
export type EntryPatch = Partial<Pick<LibraryEntry, 'status' | 'tags' | 'note'>>;

/** The same numbers as LIMITS (utils/shared/library/limits.ts), the one place they are set. */
export const MAX_TAGS = LIMITS.tags;
export const MAX_TAG_LENGTH = LIMITS.tag;
export const MAX_NOTE_LENGTH = LIMITS.note;

/** Trims, collapses spaces, drops empties and duplicates (case-insensitive), caps count and length. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.replace(/\s+/g, ' ').trim().slice(0, MAX_TAG_LENGTH);
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
    if (out.length >= MAX_TAGS) break;
  }
  return out;
}

/** Year of an entry ("2023"), when known. */
export function entryYear(e: LibraryEntry): string | null {
  return e.paper?.yearMonth?.slice(0, 4) ?? null;
}

/** Which ids joined or left the reading list in a change (both empty: only fields changed). */
export interface LibraryChange {
  added: readonly string[];
  removed: readonly string[];
}

/** The `forId` of "Not for me" on a listing entry: hidden from For you everywhere, not next to one paper. */
export const NOT_FOR_ME = '*';
