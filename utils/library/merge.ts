/** Merging imported entries into the library: no duplicates, newer edits win, notes never silently dropped. */
import type { LibraryEntry } from './types';

export interface MergeReport {
  added: string[];
  updated: { id: string; reason: string }[];
  skipped: { id: string; reason: string }[];
}

export interface MergePlan {
  /** Entries to write (new and changed). */
  writes: LibraryEntry[];
  report: MergeReport;
}

const MERGE_MARK = '\n\n--- note kept from the older copy ---\n';

function sameContent(a: LibraryEntry, b: LibraryEntry): boolean {
  return a.status === b.status && a.note === b.note && a.tags.join('\u0000') === b.tags.join('\u0000');
}

/** Plans the merge of `incoming` into `existing` (by id). Pure. */
export function planMerge(existing: ReadonlyMap<string, LibraryEntry>, incoming: readonly LibraryEntry[]): MergePlan {
  const writes: LibraryEntry[] = [];
  const report: MergeReport = { added: [], updated: [], skipped: [] };
  for (const inc of incoming) {
    const cur = existing.get(inc.id);
    if (!cur) {
      writes.push(inc);
      report.added.push(inc.id);
      continue;
    }
    const paper = cur.paper?.title ? cur.paper : (inc.paper ?? cur.paper);
    const paperFilled = paper !== cur.paper;
    if (sameContent(cur, inc)) {
      if (paperFilled) {
        writes.push({ ...cur, paper });
        report.updated.push({ id: inc.id, reason: 'paper details filled in from the file' });
      } else report.skipped.push({ id: inc.id, reason: 'already in the library, unchanged' });
      continue;
    }
    const incomingNewer = inc.updatedAt > cur.updatedAt;
    const [newer, older] = incomingNewer ? [inc, cur] : [cur, inc];
    let note = newer.note;
    let notesMerged = false;
    if (older.note.trim() && older.note !== newer.note && !newer.note.includes(older.note)) {
      note = newer.note.trim() ? `${newer.note}${MERGE_MARK}${older.note}` : older.note;
      notesMerged = true;
    }
    const merged: LibraryEntry = {
      ...newer,
      note,
      addedAt: Math.min(cur.addedAt, inc.addedAt),
      updatedAt: Math.max(cur.updatedAt, inc.updatedAt),
      paper,
    };
    if (sameContent(merged, cur) && !paperFilled) {
      report.skipped.push({ id: inc.id, reason: 'the library copy is newer' });
      continue;
    }
    writes.push(merged);
    report.updated.push({
      id: inc.id,
      reason: [incomingNewer ? 'the file’s copy is newer' : 'the library copy is newer', notesMerged ? 'both notes kept' : ''].filter(Boolean).join('; '),
    });
  }
  return { writes, report };
}
