/**
 * The reading list in the background. Every message carries a page of it, never the whole library:
 * lists are pages of ids (sorted and filtered here, over an in-memory index of the rows), entries are
 * read a window at a time, exports and imports travel in parts. Long work yields every ~20 ms so the
 * service worker keeps answering the panels meanwhile. Deletions go to a trash keyed by batch and id.
 * Over 300 lines on purpose: one in-memory index of the reading list and every operation that must keep
 * it consistent with the database (save, edit, delete, undo, import, export); apart, each part would
 * reach into the same index. The pure parts are their own files (merge, rows, export, limits, paging).
 */
import { PlainError } from '../../shared/plain-errors';
import type { PaperMeta } from '../../shared/arxiv/abs-page';
import type { CorpusPaper } from '../corpus/types';
import type { NeighborsDb, PaperRecord, ReadingListRecord, TrashRecord } from '../db/schema';
import { mergePaperRow, writePaperRow } from '../db/paper-record';
import { citationKeys, exportFile, formatEntries, formatFooter, formatHeader, type ExportFormat, type KeySource } from './export';
import { applyLimits } from '../../shared/library/limits';
import type { ImportKind } from '../../ui/library/import';
import { allDismissals, addDismissals } from '../db/dismissals';
import { EXPORT_PART_CHARS, MAX_ENTRIES_PER_WINDOW, MAX_IDS_PER_PAGE } from '../../shared/library/paging';
import { planMerge, type MergeMode, type MergeReport } from './merge';
import { rawJson, readEntry, toRecord } from './rows';
import { entryYear, normalizeTags, type BackupDismissal, type EntryPatch, type LibraryChange, type LibraryEntry, type ReadingStatus } from '../../shared/library/types';

/** Deleted entries stay restorable this long. */
export const TRASH_TTL_MS = 24 * 60 * 60 * 1000;

/** What an import part did; `cut` says what the limits shortened. */
export type ImportReportPart = MergeReport & { dismissals?: number };

export type SortKey = 'added' | 'year' | 'title' | 'relevance';

export interface ViewQuery {
  query: string;
  status: ReadingStatus | 'all';
  tag: string;
  sort: SortKey;
  /** The background's search results (semantic when ready): every id in it matches, its score orders. */
  scores?: { id: string; score: number }[];
}

export interface QueryPage {
  /** Matching ids from `offset`, in order. */
  ids: string[];
  /** How many match. */
  total: number;
  /** How many entries the library holds (readable ones). */
  size: number;
  /** Tags in use, most used first (at most TAG_LIST of them); `moreTags` counts the rest. */
  tags: string[];
  moreTags: number;
  /** Rows that could not be read (set aside, exportable as they are) and rows repaired on reading. */
  unreadable: number;
  repaired: number;
  /** True while the library is still being read: the ids are the newest first, unfiltered. */
  pending: boolean;
}

export const TAG_LIST = 1000;

export interface LibraryService {
  /** A page of the library, newest first (the popup's "Latest saved"). */
  listPage(offset: number, limit: number): Promise<{ entries: LibraryEntry[]; total: number }>;
  /** The whole library, newest first (tests and tools; never sent as one message). */
  list(): Promise<LibraryEntry[]>;
  query(view: ViewQuery, offset: number, limit: number): Promise<QueryPage>;
  entries(ids: readonly string[]): Promise<LibraryEntry[]>;
  savedIds(): Promise<string[]>;
  /** Saves a paper with what is known of it: the page's metadata, else the corpus or database row. */
  save(paper: PaperMeta | { id: string }): Promise<{ entry: LibraryEntry; cut: string[] }>;
  /**
   * Edits an entry. An entry deleted meanwhile (from a panel, during the note's autosave delay) gets the
   * edit in its trash copy, so Undo brings it back with it: `deleted` says so.
   */
  update(id: string, patch: EntryPatch): Promise<{ entry: LibraryEntry; cut: string[]; deleted: boolean }>;
  /** Deletes entries; returns the batch that `undo` restores. Pass `batch` to add to a batch (a deletion sent in parts). */
  remove(ids: readonly string[], batch?: string): Promise<{ batch: string; count: number }>;
  undo(batch: string): Promise<{ restored: number }>;
  /**
   * Merges parsed, checked entries (one part of an import) into the library, and a backup's "not
   * relevant" marks. `kind`: the file's (a JSON backup says where the reader was; `restore` lets it
   * replace what the reader set).
   */
  importEntries(entries: readonly LibraryEntry[], opts?: { kind?: ImportKind; mode?: MergeMode; dismissals?: readonly BackupDismissal[] }): Promise<ImportReportPart>;
  /**
   * One part of an export: the header, entries until the part is big enough, or the footer. Entries
   * come from `ids` (a selection: `consumed` of them) or, when `cursor` is given (null: from the start),
   * from the whole library in arXiv-id order (`next`: the cursor of the next part, null at the end).
   * `index`: entries already written. BibTeX keys are computed over the whole library, so a key never
   * depends on which part, or which selection, an entry is exported in.
   */
  exportPart(
    format: ExportFormat,
    part: 'header' | 'entries' | 'footer',
    ids: readonly string[],
    index: number,
    exportedAt?: Date,
    cursor?: string | null,
  ): Promise<{ text: string; consumed: number; next: string | null; written: number; exportedAt: string; filename: string; mime: string }>;
  /** Rows that could not be read, as JSON text, a page at a time. */
  unreadableRows(offset: number, limit: number): Promise<{ rows: string[]; total: number }>;
}

export interface LibraryServiceDeps {
  db: NeighborsDb;
  corpus: readonly CorpusPaper[];
  /** Called after every committed change (to tell open pages), with the ids that joined or left the list. */
  onChange?: (change: LibraryChange) => void;
  now?: () => number;
  /** Gives the thread back to the event loop (tests pass a counter). */
  pause?: () => Promise<void>;
}

/** What the index keeps of an entry to filter and sort without reading the database. */
interface IndexRow {
  id: string;
  addedAt: number;
  status: ReadingStatus;
  tags: string[];
  year: string; // the first submission's year, '' when unknown (sorted last by year)
  titleKey: string; // the title as sorted: lower-cased, accents removed (the id when there is no title)
  hay: string; // lower-cased id, title, authors, abstract, note and tags: what a search looks in
  key: KeySource; // what its BibTeX key is made of
}

// Rows per read: a page of the library index, and of an export (whose rows are written out at once).
const READ_PAGE = 2000;
const EXPORT_READ_PAGE = 500;
// Longest stretch of work before yielding to other messages (a panel's request waits at most this long).
const SLICE_MS = 20;

const titleKey = (e: LibraryEntry) =>
  (e.paper?.title || e.id)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

function indexRow(e: LibraryEntry): IndexRow {
  const hay = [e.id, e.paper?.title, e.paper?.authors.join(' '), e.paper?.abstract, e.note, e.tags.join(' ')].join('\n').toLowerCase();
  const key: KeySource = { id: e.id, paper: e.paper && { title: e.paper.title, authors: e.paper.authors.slice(0, 1), yearMonth: e.paper.yearMonth } };
  return { id: e.id, addedAt: e.addedAt, status: e.status, tags: e.tags, year: entryYear(e) ?? '', titleKey: titleKey(e), hay, key };
}

const byAdded = (a: IndexRow, b: IndexRow) => b.addedAt - a.addedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const ORDER: Record<Exclude<SortKey, 'relevance'>, (a: IndexRow, b: IndexRow) => number> = {
  added: byAdded,
  year: (a, b) => (a.year < b.year ? 1 : a.year > b.year ? -1 : byAdded(a, b)),
  title: (a, b) => (a.titleKey < b.titleKey ? -1 : a.titleKey > b.titleKey ? 1 : byAdded(a, b)),
};

const defaultPause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Creates the service over a database. */
export function createLibraryService(deps: LibraryServiceDeps): LibraryService {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const pause = deps.pause ?? defaultPause;
  const corpusById = new Map(deps.corpus.map((p) => [p.id, p]));
  const tellViews = (change: LibraryChange) => deps.onChange?.(change);
  /** Tells at once; what a throttled import or deletion had not told yet goes first (the order matters to the ids). */
  const changed = (change: LibraryChange = { added: [], removed: [] }) => {
    if (noticeTimer) {
      clearTimeout(noticeTimer);
      noticeTimer = null;
      const pending = since;
      since = { added: [], removed: [] };
      tellViews(pending);
    }
    lastNotice = Date.now();
    tellViews(change);
  };
  // An import arrives in dozens of parts: the open views are told at most once a second meanwhile (and
  // once after the last part, with every id added since the last notice), not after every part.
  let noticeTimer: ReturnType<typeof setTimeout> | null = null;
  let lastNotice = 0;
  let since: { added: string[]; removed: string[] } = { added: [], removed: [] };
  function changedInParts(change: LibraryChange) {
    since.added.push(...change.added);
    since.removed.push(...change.removed);
    const tell = () => {
      lastNotice = Date.now();
      const all = since;
      since = { added: [], removed: [] };
      tellViews(all);
    };
    if (noticeTimer) return;
    const wait = lastNotice + 1000 - Date.now();
    if (wait <= 0) return tell();
    noticeTimer = setTimeout(() => {
      noticeTimer = null;
      tell();
    }, wait);
  }

  // ---- the index: every readable row's filter and sort fields, built by reading the table in pages ----
  let rows: Map<string, IndexRow> | null = null;
  let unreadable = new Map<string, unknown>();
  let repaired = new Set<string>();
  let building: Promise<Map<string, IndexRow>> | null = null;
  /** Ids written while the index was being built: read again once it is. */
  const touchedWhileBuilding = new Set<string>();
  /** Sorted orders and the tag list, per index state (dropped on any change). */
  let sorted: Partial<Record<Exclude<SortKey, 'relevance'>, IndexRow[]>> = {};
  let tagList: string[] | null = null;
  let bibKeys: Map<string, string> | null = null;
  let lastQuery: { key: string; ids: string[] } | null = null;

  const keyOf = (raw: unknown) => {
    const id = (raw as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : rawJson(id ?? raw);
  };

  /** Keeps a yielding clock: `tick()` gives the thread back after SLICE_MS of work. */
  function slicer() {
    let t0 = performance.now();
    return async () => {
      if (performance.now() - t0 < SLICE_MS) return;
      await pause();
      t0 = performance.now();
    };
  }

  function dropDerived() {
    sorted = {};
    tagList = null;
    bibKeys = null;
    lastQuery = null;
  }

  function putRow(id: string, raw: unknown, paper: unknown) {
    if (!rows) return;
    unreadable.delete(id);
    repaired.delete(id);
    rows.delete(id);
    if (raw === undefined) return;
    const read = readEntry(raw, paper);
    if (read.ok) {
      rows.set(read.entry.id, indexRow(read.entry));
      if (read.repaired) repaired.add(read.entry.id);
    } else unreadable.set(id, raw);
  }

  function build(): Promise<Map<string, IndexRow>> {
    building ??= (async () => {
      const map = new Map<string, IndexRow>();
      const bad = new Map<string, unknown>();
      const fixed = new Set<string>();
      let last: unknown = undefined;
      for (;;) {
        const page: unknown[] = last === undefined ? await db.readingList.limit(READ_PAGE).toArray() : await db.readingList.where(':id').above(last).limit(READ_PAGE).toArray();
        if (page.length === 0) break;
        const keys = (page as { id?: unknown }[]).map((r) => r?.id);
        const papers = await papersOf(keys);
        const tick = slicer();
        for (let i = 0; i < page.length; i++) {
          await tick();
          const read = readEntry(page[i], papers[i]);
          if (read.ok) {
            map.set(read.entry.id, indexRow(read.entry));
            if (read.repaired) fixed.add(read.entry.id);
          } else bad.set(keyOf(page[i]), page[i]);
        }
        last = keys.at(-1);
        if (page.length < READ_PAGE || last === undefined) break;
      }
      rows = map;
      unreadable = bad;
      repaired = fixed;
      dropDerived();
      if (touchedWhileBuilding.size) {
        const ids = [...touchedWhileBuilding];
        touchedWhileBuilding.clear();
        await touch(ids);
      }
      return map;
    })().catch((e: unknown) => {
      building = null;
      throw e;
    });
    return building;
  }

  /**
   * The paper rows of a page of reading-list rows (in key order): one range read (50,000 single reads
   * take seconds; a range of the same rows a fraction of that), the other papers in the range skipped.
   */
  async function papersOf(keys: readonly unknown[]): Promise<(PaperRecord | undefined)[]> {
    const ids = keys.filter((k): k is string => typeof k === 'string');
    if (!ids.length) return keys.map(() => undefined);
    const first = ids.reduce((a, b) => (a < b ? a : b));
    const last = ids.reduce((a, b) => (a > b ? a : b));
    const found = new Map((await db.papers.where(':id').between(first, last, true, true).toArray()).map((p) => [p.id, p]));
    return keys.map((k) => (typeof k === 'string' ? found.get(k) : undefined));
  }

  /** Reads the written rows again into the index (a save, an edit, a deletion, an import part). */
  async function touch(ids: readonly string[]) {
    dropDerived();
    if (!rows) {
      if (building) for (const id of ids) touchedWhileBuilding.add(id);
      return;
    }
    for (let i = 0; i < ids.length; i += READ_PAGE) {
      const part = ids.slice(i, i + READ_PAGE);
      const [recs, papers] = await Promise.all([db.readingList.bulkGet(part), db.papers.bulkGet(part)]);
      part.forEach((id, j) => putRow(id, recs[j], papers[j]));
    }
    dropDerived();
  }

  async function sortedBy(key: Exclude<SortKey, 'relevance'>, map: Map<string, IndexRow>): Promise<IndexRow[]> {
    const have = sorted[key];
    if (have) return have;
    const list = [...map.values()].sort(ORDER[key]);
    await pause();
    sorted[key] = list;
    return list;
  }

  function tagsOf(map: Map<string, IndexRow>): string[] {
    if (tagList) return tagList;
    const counts = new Map<string, number>();
    for (const r of map.values()) for (const t of r.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
    tagList = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([t]) => t);
    return tagList;
  }

  async function matching(view: ViewQuery, map: Map<string, IndexRow>): Promise<string[]> {
    const words = view.query.toLowerCase().split(/\s+/).filter(Boolean);
    const scores = new Map((view.scores ?? []).map((s) => [s.id, s.score]));
    const sortKey = view.sort === 'relevance' && !words.length ? 'added' : view.sort;
    const base = await sortedBy(sortKey === 'relevance' ? 'added' : sortKey, map);
    const out: IndexRow[] = [];
    const relevance = new Map<string, number>();
    const tick = slicer();
    for (const r of base) {
      await tick();
      if (view.status !== 'all' && r.status !== view.status) continue;
      if (view.tag !== 'all' && !r.tags.includes(view.tag)) continue;
      if (words.length) {
        const text = words.every((w) => r.hay.includes(w));
        const rank = scores.get(r.id);
        if (!text && rank === undefined) continue;
        relevance.set(r.id, (rank ?? 0) + (text ? 1 : 0));
      }
      out.push(r);
    }
    // A stable sort: equal relevance keeps the newest first.
    if (sortKey === 'relevance') out.sort((a, b) => (relevance.get(b.id) ?? 0) - (relevance.get(a.id) ?? 0));
    return out.map((r) => r.id);
  }

  async function readEntries(ids: readonly string[]): Promise<LibraryEntry[]> {
    const [recs, papers] = await Promise.all([db.readingList.bulkGet([...ids]), db.papers.bulkGet([...ids])]);
    const out: LibraryEntry[] = [];
    recs.forEach((r, i) => {
      if (!r) return;
      const read = readEntry(r, papers[i]);
      if (read.ok) out.push(read.entry);
    });
    return out;
  }

  async function entry(id: string): Promise<LibraryEntry> {
    const [e] = await readEntries([id]);
    if (!e) throw new PlainError(`arXiv:${id} is not in the reading list.`);
    return e;
  }

  async function purgeTrash(): Promise<void> {
    await db.deleted.where('deletedAt').below(now() - TRASH_TTL_MS).delete();
  }

  /** The paper row to store, within the limits. */
  function limitedPaper(p: PaperRecord): { paper: PaperRecord; cut: string[] } {
    const { value, cut } = applyLimits({ title: p.title, abstract: p.abstract, authors: p.authors });
    return { paper: { ...p, title: value.title, abstract: value.abstract, authors: value.authors }, cut };
  }

  const service: LibraryService = {
    async listPage(offset, limit) {
      const page = await this.query({ query: '', status: 'all', tag: 'all', sort: 'added' }, offset, limit);
      return { entries: await readEntries(page.ids.slice(0, MAX_ENTRIES_PER_WINDOW)), total: page.total };
    },

    async list() {
      const map = await build();
      const ids = (await sortedBy('added', map)).map((r) => r.id);
      const out: LibraryEntry[] = [];
      for (let i = 0; i < ids.length; i += MAX_ENTRIES_PER_WINDOW) out.push(...(await readEntries(ids.slice(i, i + MAX_ENTRIES_PER_WINDOW))));
      return out;
    },

    async query(view, offset, limit) {
      void purgeTrash().catch(() => undefined);
      limit = Math.min(limit, MAX_IDS_PER_PAGE);
      const plain = !view.query.trim() && view.status === 'all' && view.tag === 'all' && view.sort === 'added';
      if (!rows && plain) {
        // Still reading the library: the newest entries straight from the date index, so the page is usable at once.
        void build().catch(() => undefined);
        const [ids, total] = await Promise.all([db.readingList.orderBy('addedAt').reverse().offset(offset).limit(limit).primaryKeys(), db.readingList.count()]);
        return { ids: ids as string[], total, size: total, tags: [], moreTags: 0, unreadable: 0, repaired: 0, pending: true };
      }
      const map = rows ?? (await build());
      const key = JSON.stringify(view);
      const ids = lastQuery?.key === key ? lastQuery.ids : await matching(view, map);
      lastQuery = { key, ids };
      const tags = tagsOf(map);
      return {
        ids: ids.slice(offset, offset + limit),
        total: ids.length,
        size: map.size,
        tags: tags.slice(0, TAG_LIST),
        moreTags: Math.max(0, tags.length - TAG_LIST),
        unreadable: unreadable.size,
        repaired: repaired.size,
        pending: false,
      };
    },

    entries: (ids) => readEntries(ids.slice(0, MAX_ENTRIES_PER_WINDOW)),

    async savedIds() {
      return (await db.readingList.toCollection().primaryKeys()).filter((k): k is string => typeof k === 'string');
    },

    async save(paper) {
      const meta = 'title' in paper ? paper : null;
      let cut: string[] = [];
      let added = false;
      await db.transaction('rw', db.papers, db.readingList, async () => {
        const shape = (row: PaperRecord) => {
          const limited = limitedPaper(row);
          cut = limited.cut;
          return limited.paper;
        };
        if (meta) await writePaperRow(db, meta, corpusById.get(paper.id), 'saved', shape, now());
        else await db.papers.put(shape(mergePaperRow(paper.id, null, await db.papers.get(paper.id), corpusById.get(paper.id), 'saved', now())));
        if (!(await db.readingList.get(paper.id))) {
          const t = now();
          await db.readingList.add({ id: paper.id, addedAt: t, updatedAt: t, status: 'to-read', tags: [], note: '' });
          added = true;
        }
      });
      await touch([paper.id]);
      changed({ added: added ? [paper.id] : [], removed: [] });
      return { entry: await entry(paper.id), cut };
    },

    async update(id, patch) {
      const limited = applyLimits({ note: patch.note, tags: patch.tags ? normalizeTags(patch.tags) : undefined });
      const apply = <R extends ReadingListRecord>(cur: R): R => ({
        ...cur,
        status: patch.status ?? cur.status,
        tags: limited.value.tags ?? cur.tags,
        note: limited.value.note ?? cur.note,
        updatedAt: now(),
      });
      let trashed: TrashRecord | null = null;
      await db.transaction('rw', db.readingList, db.deleted, async () => {
        const cur = await db.readingList.get(id);
        if (cur) {
          const read = readEntry(cur, undefined);
          await db.readingList.put(apply(read.ok ? toRecord(read.entry) : cur));
          return;
        }
        // Deleted meanwhile: the edit goes into the newest trash copy, which Undo restores.
        const copies = await db.deleted.where('id').equals(id).toArray();
        const newest = copies.sort((a, b) => b.deletedAt - a.deletedAt)[0];
        if (!newest) throw new PlainError(`arXiv:${id} is not in the reading list.`);
        trashed = apply(newest);
        await db.deleted.put(trashed);
      });
      if (trashed) {
        const t: TrashRecord = trashed;
        const read = readEntry(t, await db.papers.get(id));
        if (!read.ok) throw new PlainError(`arXiv:${id} is not in the reading list.`);
        return { entry: read.entry, cut: limited.cut, deleted: true };
      }
      await touch([id]);
      changed();
      return { entry: await entry(id), cut: limited.cut, deleted: false };
    },

    async remove(ids, given) {
      const continued = given !== undefined;
      const batch = given ?? `${now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      let count = 0;
      const gone: string[] = [];
      await db.transaction('rw', db.readingList, db.deleted, async () => {
        const found = (await db.readingList.bulkGet([...ids])).filter((r): r is ReadingListRecord => !!r);
        const t = now();
        await db.deleted.bulkPut(found.map((r): TrashRecord => ({ ...r, batch, deletedAt: t })));
        await db.readingList.bulkDelete(found.map((r) => r.id));
        count = found.length;
        gone.push(...found.map((r) => r.id));
      });
      // Gone from the index without reading them back.
      if (rows) {
        dropDerived();
        for (const id of gone) putRow(id, undefined, undefined);
      } else if (building) for (const id of gone) touchedWhileBuilding.add(id);
      // The later parts of a large deletion (they name the first part's batch) are told at most once a second.
      if (continued) changedInParts({ added: [], removed: gone });
      else changed({ added: [], removed: gone });
      return { batch, count };
    },

    async undo(batch) {
      let restored = 0;
      const back: string[] = [];
      const restoredRows: ReadingListRecord[] = [];
      // In parts, so a deletion of 50,000 entries is undone without one huge transaction.
      for (;;) {
        let done = true;
        await db.transaction('rw', db.readingList, db.deleted, async () => {
          const copies = await db.deleted.where('batch').equals(batch).limit(READ_PAGE).toArray();
          if (copies.length === READ_PAGE) done = false;
          // An entry saved again since the deletion is newer than this copy: keep it. (With the index
          // built, only the ids it holds can be present.)
          const maybe = copies.map((r) => r.id).filter((id) => !rows || rows.has(id));
          const present = new Set((await db.readingList.bulkGet(maybe)).filter(Boolean).map((r) => r!.id));
          const restore = copies.filter((r) => !present.has(r.id)).map(({ batch: _b, deletedAt: _d, ...r }): ReadingListRecord => r);
          await db.readingList.bulkPut(restore);
          await db.deleted.bulkDelete(copies.map((r): [string, string] => [r.batch, r.id]));
          restored += restore.length;
          back.push(...restore.map((r) => r.id));
          restoredRows.push(...restore);
        });
        if (done) break;
      }
      // Into the index as restored, with their papers read by ranges (a batch's copies come in id order).
      if (rows) {
        dropDerived();
        for (let i = 0; i < restoredRows.length; i += READ_PAGE) {
          const part = restoredRows.slice(i, i + READ_PAGE);
          const papers = await papersOf(part.map((r) => r.id));
          part.forEach((r, j) => putRow(r.id, r, papers[j]));
        }
      } else if (building) for (const id of back) touchedWhileBuilding.add(id);
      changed({ added: back, removed: [] });
      return { restored };
    },

    async importEntries(incoming, opts = {}) {
      const kind = opts.kind ?? 'json';
      // The page applied the limits already; this door applies them again (nothing reaches the database unchecked).
      const cutHere: MergeReport['cut'] = [];
      const limitedIn = incoming.map((e) => {
        const l = applyLimits(e);
        if (l.cut.length) cutHere.push({ id: e.id, what: l.cut });
        return l.value;
      });
      let report: MergeReport = { added: [], updated: [], skipped: [], cut: [] };
      let written: [ReadingListRecord, PaperRecord][] = [];
      if (limitedIn.length) {
        await db.transaction('rw', db.readingList, db.papers, async () => {
          const ids = limitedIn.map((e) => e.id);
          // With the index built, only the ids it holds can be in the list: the others are not read (an
          // import into a large library is mostly new papers).
          const known = rows ? ids.filter((id) => rows!.has(id)) : ids;
          const [knownRecs, papers] = await Promise.all([db.readingList.bulkGet(known), db.papers.bulkGet(ids)]);
          const recById = new Map(knownRecs.filter((r): r is ReadingListRecord => !!r).map((r) => [r.id, r]));
          const recs = ids.map((id) => recById.get(id));
          const existing = new Map<string, LibraryEntry>();
          recs.forEach((r, i) => {
            const read = r ? readEntry(r, papers[i]) : null;
            if (read?.ok) existing.set(read.entry.id, read.entry);
          });
          const plan = planMerge(existing, limitedIn, { mode: kind === 'json' ? (opts.mode ?? 'merge') : 'merge', statusFromFile: kind === 'json' });
          const paperById = new Map(papers.filter((p): p is PaperRecord => !!p).map((p) => [p.id, p]));
          const records = plan.writes.map(toRecord);
          await db.readingList.bulkPut(records);
          // w.paper is the stored paper with empty fields filled from the file, within the limits.
          const paperRows = plan.writes.map((w): PaperRecord => limitedPaper(mergePaperRow(w.id, w.paper, paperById.get(w.id), corpusById.get(w.id), 'saved', now())).paper);
          await db.papers.bulkPut(paperRows);
          written = records.map((r, i) => [r, paperRows[i]]);
          report = plan.report;
        });
      }
      const fresh = opts.dismissals?.length ? await addDismissals(db, opts.dismissals) : 0;
      // The index takes the rows as written (reading 2,000 of them back costs more than writing them).
      if (rows) {
        dropDerived();
        for (const [r, p] of written) putRow(r.id, r, p);
      } else if (building) for (const [r] of written) touchedWhileBuilding.add(r.id);
      changedInParts({ added: report.added, removed: [] });
      const planned = new Set(report.cut.map((c) => c.id));
      return { ...report, cut: [...cutHere.filter((c) => !planned.has(c.id)), ...report.cut], ...(opts.dismissals ? { dismissals: fresh } : {}) };
    },

    async exportPart(format, part, ids, index, at, cursor) {
      const exportedAt = at ?? new Date(now());
      const file = { ...exportFile(format, exportedAt), exportedAt: exportedAt.toISOString() };
      if (part === 'header') return { text: formatHeader(format, { now: exportedAt }), consumed: 0, next: null, written: 0, ...file };
      if (part === 'footer') {
        const dismissals = format === 'json' ? await allDismissals(db) : [];
        return { text: formatFooter(format, { now: exportedAt, dismissals }), consumed: 0, next: null, written: 0, ...file };
      }
      let keys: Map<string, string> | undefined;
      if (format === 'bibtex') {
        const map = rows ?? (await build());
        bibKeys ??= citationKeys([...map.values()].map((r) => r.key));
        keys = bibKeys;
      }
      type Item = { key: unknown; entry: LibraryEntry | undefined };
      // Either the ids given (a selection, in its order) or the whole library from a cursor, in key order:
      // range reads, far cheaper than one read per entry.
      const whole = cursor !== undefined;
      let position = 0;
      let after: unknown = cursor === null || cursor === undefined ? undefined : (JSON.parse(cursor) as unknown);
      let exhausted = false;
      const nextBatch = async (): Promise<Item[]> => {
        if (!whole) {
          const slice = ids.slice(position, position + 100);
          const found = new Map((await readEntries(slice)).map((e) => [e.id, e]));
          return slice.map((id) => ({ key: id, entry: found.get(id) }));
        }
        const page: unknown[] = after === undefined ? await db.readingList.limit(EXPORT_READ_PAGE).toArray() : await db.readingList.where(':id').above(after).limit(EXPORT_READ_PAGE).toArray();
        if (page.length < EXPORT_READ_PAGE) exhausted = true;
        const keys = (page as { id?: unknown }[]).map((r) => r?.id);
        const papers = await papersOf(keys);
        return page.map((raw, i) => {
          const read = readEntry(raw, papers[i]);
          return { key: keys[i], entry: read.ok ? read.entry : undefined };
        });
      };
      const texts: string[] = [];
      let chars = 0;
      let written = index;
      const tick = slicer();
      for (;;) {
        if (!whole && position >= ids.length) break;
        await tick();
        const batch = await nextBatch();
        if (batch.length === 0) break;
        // As many of the batch as fit in the part (at least one): an entry's JSON size bounds its text in every format.
        const group: LibraryEntry[] = [];
        let taken = 0;
        for (const item of batch) {
          const size = item.entry ? JSON.stringify(item.entry).length : 0;
          if ((chars > 0 || taken > 0) && chars + size > EXPORT_PART_CHARS) break;
          if (item.entry) group.push(item.entry);
          chars += size;
          taken++;
          after = item.key;
        }
        if (group.length) {
          texts.push(formatEntries(format, group, { index: written, keys }));
          written += group.length;
        }
        position += taken;
        if (taken < batch.length) {
          exhausted = false;
          break;
        }
        if (whole && exhausted) break;
        if (chars >= EXPORT_PART_CHARS) break;
      }
      const next = whole && !exhausted ? JSON.stringify(after ?? null) : null;
      return { text: texts.join(''), consumed: whole ? 0 : position, next, written: written - index, ...file };
    },

    async unreadableRows(offset, limit) {
      if (!rows) await build();
      const all = [...unreadable.values()];
      return { rows: all.slice(offset, offset + Math.min(limit, MAX_ENTRIES_PER_WINDOW)).map(rawJson), total: all.length };
    },
  };
  return service;
}
