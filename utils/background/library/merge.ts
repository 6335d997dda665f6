/**
 * Merging imported entries into the library.
 *
 * - "merge" (every import unless the reader chose otherwise): adds papers the library does not have
 *   and fills what is empty; it never changes what the reader set. Status stays; tags from the file are
 *   added after the reader's; a note fills an empty one, and a different note is added below the
 *   reader's (never silently dropped); paper details fill empty fields only.
 * - "restore" (a JSON backup, after the reader confirmed): the backup's status, tags, note and dates
 *   replace the library's for the papers in the backup; papers not in it stay as they are.
 *
 * Either way the result goes through applyLimits, so two long notes merged stay within the limits.
 */
import { applyLimits } from '../../shared/library/limits';
import type { ImportCut } from '../../ui/library/import';
import { normalizeTags, STATUS_LABEL, type EntryPaper, type LibraryEntry } from '../../shared/library/types';

export type MergeMode = 'merge' | 'restore';

export interface MergeReport {
  added: string[];
  updated: { id: string; reason: string }[];
  skipped: { id: string; reason: string }[];
  /** What was shortened to fit the limits (in the file, or by merging). */
  cut: ImportCut[];
}

export interface MergePlan {
  /** Entries to write (new and changed). */
  writes: LibraryEntry[];
  report: MergeReport;
}

export interface MergeOptions {
  mode?: MergeMode;
  /** The file says where the reader was with each paper (a JSON backup; BibTeX has no status). */
  statusFromFile?: boolean;
}

const MERGE_MARK = '\n\n--- note from the imported file ---\n';

const sameTags = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

function sameContent(a: LibraryEntry, b: LibraryEntry): boolean {
  return a.status === b.status && a.note === b.note && sameTags(a.tags, b.tags) && a.addedAt === b.addedAt;
}

/** `cur`'s paper with its empty fields filled from `inc`'s (the same object when nothing was empty). */
function fillPaper(cur: EntryPaper | null, inc: EntryPaper | null): EntryPaper | null {
  const empty = (p: EntryPaper) => !p.title && !p.authors.length && !p.abstract && !p.yearMonth && !p.primarySubject && p.version === null;
  if (!inc || empty(inc)) return cur;
  if (!cur) return inc;
  const filled: EntryPaper = {
    title: cur.title || inc.title,
    authors: cur.authors.length ? cur.authors : inc.authors,
    abstract: cur.abstract || inc.abstract,
    yearMonth: cur.yearMonth ?? inc.yearMonth,
    primarySubject: cur.primarySubject ?? inc.primarySubject,
    version: cur.version ?? inc.version,
  };
  const same = (Object.keys(filled) as (keyof EntryPaper)[]).every((k) => filled[k] === cur[k]);
  return same ? cur : filled;
}

/** Plans the merge of `incoming` into `existing` (by id). Pure. */
export function planMerge(existing: ReadonlyMap<string, LibraryEntry>, incoming: readonly LibraryEntry[], opts: MergeOptions = {}): MergePlan {
  const mode = opts.mode ?? 'merge';
  const writes: LibraryEntry[] = [];
  const report: MergeReport = { added: [], updated: [], skipped: [], cut: [] };
  const limited = (e: LibraryEntry) => {
    const r = applyLimits(e);
    if (r.cut.length) report.cut.push({ id: e.id, what: r.cut });
    return r.value;
  };
  for (const inc of incoming) {
    const cur = existing.get(inc.id);
    if (!cur) {
      writes.push(limited(inc));
      report.added.push(inc.id);
      continue;
    }
    const paper = fillPaper(cur.paper, inc.paper);
    const why: string[] = [];
    let next: LibraryEntry;
    if (mode === 'restore') {
      next = { ...inc, paper };
      if (!sameContent(next, cur)) why.push('status, tags and note replaced by the backup’s');
    } else {
      const tags = normalizeTags([...cur.tags, ...inc.tags]);
      if (!sameTags(tags, cur.tags)) why.push('tags added from the file');
      let note = cur.note;
      if (!cur.note.trim() && inc.note.trim()) {
        note = inc.note;
        why.push('note filled in from the file');
      } else if (inc.note.trim() && inc.note !== cur.note && !cur.note.includes(inc.note)) {
        note = `${cur.note}${MERGE_MARK}${inc.note}`;
        why.push('the file’s note added below yours');
      }
      next = { ...cur, tags, note, paper, updatedAt: why.length ? Math.max(cur.updatedAt, inc.updatedAt) : cur.updatedAt };
    }
    if (paper !== cur.paper) why.push('paper details filled in from the file');
    const kept = mode === 'merge' && opts.statusFromFile && inc.status !== cur.status ? `kept your status “${STATUS_LABEL[cur.status]}” (the file says “${STATUS_LABEL[inc.status]}”)` : '';
    if (!why.length) {
      report.skipped.push({ id: inc.id, reason: kept ? `already in the library; ${kept}` : 'already in the library, unchanged' });
      continue;
    }
    writes.push(limited(next));
    report.updated.push({ id: inc.id, reason: [...why, kept].filter(Boolean).join('; ') });
  }
  return { writes, report };
}
