/**
 * The reading list in the background: every write is one Dexie transaction, deletions go to a trash so
 * they can be undone, imports are validated whole before anything is written.
 */
import { PlainError } from '../plain-errors';
import type { PaperMeta } from '../arxiv/abs-page';
import type { CorpusPaper } from '../corpus/types';
import type { NeighborsDb, PaperRecord, ReadingListRecord, TrashRecord } from '../db/schema';
import { mergePaperRecord } from '../db/paper-record';
import { exportLibrary, type ExportFormat } from './export';
import { parseImport } from './import';
import { planMerge, type MergeReport } from './merge';
import { MAX_NOTE_LENGTH, normalizeTags, type EntryPatch, type LibraryEntry } from './types';

/** Deleted entries stay restorable this long. */
export const TRASH_TTL_MS = 24 * 60 * 60 * 1000;

export type ImportOutcome = { ok: true; report: MergeReport } | { ok: false; errors: string[] };

export interface LibraryService {
  list(): Promise<LibraryEntry[]>;
  savedIds(): Promise<string[]>;
  /** Saves a paper with what is known of it: the page's metadata, else the corpus or database row. */
  save(paper: PaperMeta | { id: string }): Promise<LibraryEntry>;
  update(id: string, patch: EntryPatch): Promise<LibraryEntry>;
  /** Deletes entries; returns the batch that `undo` restores. */
  remove(ids: string[]): Promise<{ batch: string; count: number }>;
  undo(batch: string): Promise<{ restored: number }>;
  importText(text: string): Promise<ImportOutcome>;
  exportEntries(format: ExportFormat, ids?: string[]): Promise<{ text: string; filename: string; mime: string }>;
}

export interface LibraryServiceDeps {
  db: NeighborsDb;
  corpus: readonly CorpusPaper[];
  /** Called after every committed change (to tell open pages). */
  onChange?: () => void;
  now?: () => number;
}

function toEntry(r: ReadingListRecord, p: PaperRecord | undefined): LibraryEntry {
  return {
    id: r.id,
    addedAt: r.addedAt,
    updatedAt: r.updatedAt,
    status: r.status,
    tags: r.tags,
    note: r.note,
    paper: p
      ? { title: p.title, authors: p.authors, abstract: p.abstract, yearMonth: p.yearMonth, primarySubject: p.primarySubject, version: p.version }
      : null,
  };
}

/** Creates the service over a database. */
export function createLibraryService(deps: LibraryServiceDeps): LibraryService {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const corpusById = new Map(deps.corpus.map((p) => [p.id, p]));
  const changed = () => deps.onChange?.();

  async function entry(id: string): Promise<LibraryEntry> {
    const r = await db.readingList.get(id);
    if (!r) throw new PlainError(`arXiv:${id} is not in the reading list.`);
    return toEntry(r, await db.papers.get(id));
  }

  async function purgeTrash(): Promise<void> {
    await db.trash.where('deletedAt').below(now() - TRASH_TTL_MS).delete();
  }

  return {
    async list() {
      void purgeTrash().catch(() => undefined);
      const rows = await db.readingList.orderBy('addedAt').reverse().toArray();
      const papers = await db.papers.bulkGet(rows.map((r) => r.id));
      return rows.map((r, i) => toEntry(r, papers[i]));
    },

    async savedIds() {
      return (await db.readingList.toCollection().primaryKeys()) as string[];
    },

    async save(paper) {
      const meta = 'title' in paper ? paper : null;
      await db.transaction('rw', db.papers, db.readingList, async () => {
        const old = await db.papers.get(paper.id);
        await db.papers.put(mergePaperRecord(paper.id, meta, old, corpusById.get(paper.id), 'saved', now()));
        if (!(await db.readingList.get(paper.id))) {
          const t = now();
          await db.readingList.add({ id: paper.id, addedAt: t, updatedAt: t, status: 'to-read', tags: [], note: '' });
        }
      });
      changed();
      return entry(paper.id);
    },

    async update(id, patch) {
      await db.transaction('rw', db.readingList, async () => {
        const cur = await db.readingList.get(id);
        if (!cur) throw new PlainError(`arXiv:${id} is not in the reading list.`);
        await db.readingList.put({
          ...cur,
          status: patch.status ?? cur.status,
          tags: patch.tags ? normalizeTags(patch.tags) : cur.tags,
          note: patch.note !== undefined ? patch.note.slice(0, MAX_NOTE_LENGTH) : cur.note,
          updatedAt: now(),
        });
      });
      changed();
      return entry(id);
    },

    async remove(ids) {
      const batch = `${now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      let count = 0;
      await db.transaction('rw', db.readingList, db.trash, async () => {
        const rows = (await db.readingList.bulkGet(ids)).filter((r): r is ReadingListRecord => !!r);
        const t = now();
        await db.trash.bulkPut(rows.map((r): TrashRecord => ({ ...r, batch, deletedAt: t })));
        await db.readingList.bulkDelete(rows.map((r) => r.id));
        count = rows.length;
      });
      changed();
      return { batch, count };
    },

    async undo(batch) {
      let restored = 0;
      await db.transaction('rw', db.readingList, db.trash, async () => {
        const rows = await db.trash.where('batch').equals(batch).toArray();
        // An entry saved again since the deletion is newer than the trashed copy: keep it.
        const present = new Set((await db.readingList.bulkGet(rows.map((r) => r.id))).filter(Boolean).map((r) => r!.id));
        const back = rows.filter((r) => !present.has(r.id)).map(({ batch: _b, deletedAt: _d, ...r }) => r);
        await db.readingList.bulkPut(back);
        await db.trash.bulkDelete(rows.map((r) => r.id));
        restored = back.length;
      });
      changed();
      return { restored };
    },

    async importText(text) {
      const parsed = parseImport(text, now());
      if (!parsed.ok) return parsed;
      let report: MergeReport = { added: [], updated: [], skipped: [] };
      await db.transaction('rw', db.readingList, db.papers, async () => {
        const ids = parsed.entries.map((e) => e.id);
        const [rows, papers] = await Promise.all([db.readingList.bulkGet(ids), db.papers.bulkGet(ids)]);
        const existing = new Map<string, LibraryEntry>();
        rows.forEach((r, i) => r && existing.set(r.id, toEntry(r, papers[i])));
        const plan = planMerge(existing, parsed.entries);
        const paperById = new Map(papers.filter((p): p is PaperRecord => !!p).map((p) => [p.id, p]));
        await db.readingList.bulkPut(plan.writes.map(({ paper: _p, ...r }) => r));
        await db.papers.bulkPut(
          plan.writes.map((w): PaperRecord => {
            const old = paperById.get(w.id);
            const c = corpusById.get(w.id);
            const p = w.paper;
            return {
              id: w.id,
              version: old?.version ?? p?.version ?? null,
              title: old?.title || p?.title || c?.title || '',
              authors: old?.authors.length ? old.authors : (p?.authors ?? (c?.firstAuthor ? [c.firstAuthor] : [])),
              abstract: old?.abstract || p?.abstract || c?.abstract || '',
              primarySubject: old?.primarySubject ?? p?.primarySubject ?? null,
              subjects: old?.subjects ?? [],
              yearMonth: old?.yearMonth ?? p?.yearMonth ?? c?.yearMonth ?? null,
              sources: [...new Set([...(old?.sources ?? []), 'saved' as const])],
              updatedAt: now(),
            };
          }),
        );
        report = { ...plan.report, skipped: [...parsed.skipped, ...plan.report.skipped] };
      });
      changed();
      return { ok: true, report };
    },

    async exportEntries(format, ids) {
      const all = await this.list();
      const chosen = ids ? all.filter((e) => ids.includes(e.id)) : all;
      return exportLibrary(chosen, format, new Date(now()));
    },
  };
}
