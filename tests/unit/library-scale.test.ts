/**
 * Issue 12: a library of any size travels a page at a time, bulk operations of any size work, Undo
 * restores exactly its batch, an edit racing a deletion is kept, rows are checked when read, and the
 * limits hold at every door.
 * Over 300 lines: one fake database of thousands of rows serves these cases (filling it is the cost).
 */
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { CORPUS } from '@/utils/background/corpus/corpus-data';
import { createDb, SCHEMA_V2 } from '@/utils/background/db/schema';
import { createLibraryService, type LibraryService } from '@/utils/background/library/service';
import { BACKUP_FORMAT, type LibraryEntry } from '@/utils/shared/library/types';
import { LIMITS } from '@/utils/shared/library/limits';
import { deleteMany, exportParts, importFile, ALL } from '@/utils/ui/library/transfer';
import { parseBackgroundMessage } from '@/utils/shared/messages/background';
import type { PaperMeta } from '@/utils/shared/arxiv/abs-page';
import { bridge, viewIds } from '../helpers/library-bridge';
import { createRelatedService } from '@/utils/background/related/service';
import { CORPUS_VERSION } from '@/utils/background/corpus/corpus-data';
import type { Embedder } from '@/utils/model/types';
import { createFakeEmbedder } from '../helpers/fake-embedder';
import { settle, visitor } from '../helpers/related';

let n = 0;
const freshName = () => `scale-${Date.now()}-${n++}`;

function setup(extra: { pause?: () => Promise<void> } = {}) {
  const db = createDb(freshName());
  let t = 1_000_000;
  const lib = createLibraryService({ db, corpus: CORPUS, now: () => (t += 10), ...extra });
  return { db, lib, ...bridge(lib) };
}

const idOf = (i: number) => `2301.${10000 + i}`;

function entry(i: number, over: Partial<LibraryEntry> = {}): LibraryEntry {
  return {
    id: idOf(i),
    addedAt: 1000 + i,
    updatedAt: 1000 + i,
    status: 'to-read',
    tags: [`tag${i % 7}`],
    note: '',
    paper: { title: `Paper number ${i} on topic ${i % 13}`, authors: [`Author ${i}`], abstract: `Abstract of paper ${i}.`, yearMonth: '2023-01', primarySubject: 'cs.LG', version: 1 },
    ...over,
  };
}

const backup = (entries: LibraryEntry[]) => JSON.stringify({ format: BACKUP_FORMAT, version: 1, exportedAt: new Date(0).toISOString(), entries });

const page: PaperMeta = {
  id: '2304.09157',
  version: 2,
  title: 'Neural networks for geospatial data',
  authors: ['Wentao Zhan'],
  abstract: 'Analysis of geospatial data.',
  primarySubject: 'stat.ML',
  subjects: ['stat.ML'],
  submitted: ['2023-04-18'],
};

async function allEntries(lib: LibraryService) {
  return lib.list();
}

/** The view once the background has read the whole library. */
async function settled(lib: LibraryService) {
  let q = await lib.query(ALL, 0, 100);
  while (q.pending) {
    await new Promise((r) => setTimeout(r, 5));
    q = await lib.query(ALL, 0, 100);
  }
  return q;
}

describe('pages, not the whole library, per message', () => {
  it('imports, lists, exports, deletes and undoes 12,000 entries (past the old 10,000 cap) in messages of a few MB at most', async () => {
    const { lib, send, sizes } = setup();
    const many = Array.from({ length: 12_000 }, (_, i) => entry(i));
    const imported = await importFile(send, backup(many));
    expect(imported.ok && imported.report.added.length).toBe(12_000);

    const ids = await viewIds(send);
    expect(ids).toHaveLength(12_000);
    expect(ids[0]).toBe(idOf(11_999));

    const json = await exportParts(send, 'json', ids);
    const parsed = JSON.parse(json.parts.join('')) as { entries: LibraryEntry[] };
    expect(parsed.entries).toHaveLength(12_000);
    expect(parsed.entries[0]).toEqual(many[11_999]);
    const csv = (await exportParts(send, 'csv', ids)).parts.join('');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(12_001);
    // The whole library, read by ranges in arXiv-id order: the same entries.
    const whole = JSON.parse((await exportParts(send, 'json', null)).parts.join('')) as { entries: LibraryEntry[] };
    expect(whole.entries.map((e) => e.id)).toEqual([...ids].sort());
    expect(new Map(whole.entries.map((e) => [e.id, e]))).toEqual(new Map(parsed.entries.map((e) => [e.id, e])));

    const removed = await deleteMany(send, ids);
    expect(removed.count).toBe(12_000);
    expect((await lib.query(ALL, 0, 10)).total).toBe(0);
    expect(await send('undoDelete', { batch: removed.batch })).toEqual({ restored: 12_000 });
    expect((await lib.query(ALL, 0, 10)).total).toBe(12_000);
    // 12,000 entries in messages no larger than a few MB (the browser's limit is 64 MiB).
    expect(sizes.request).toBeLessThan(8_000_000);
    expect(sizes.response).toBeLessThan(8_000_000);
  }, 120_000);

  it('a library of long notes (30 MB in all) exports in parts, each far below the message limit', async () => {
    const { send, sizes } = setup();
    const big = Array.from({ length: 300 }, (_, i) => entry(i, { note: `${i} `.padEnd(LIMITS.note, 'x') }));
    const imported = await importFile(send, backup(big));
    expect(imported.ok && imported.report.added.length).toBe(300);
    const r = await exportParts(send, 'json', null);
    const text = r.parts.join('');
    expect(text.length).toBeGreaterThan(30_000_000);
    expect((JSON.parse(text) as { entries: unknown[] }).entries).toHaveLength(300);
    expect(r.parts.length).toBeGreaterThan(5);
    expect(sizes.response).toBeLessThan(8_000_000);
    expect(sizes.request).toBeLessThan(8_000_000);
  }, 120_000);

  it('one message deletes at most 10,000 ids, and says so by refusing more; deleteMany sends parts', () => {
    const ids = Array.from({ length: 10_001 }, (_, i) => idOf(i));
    expect(parseBackgroundMessage({ to: 'background', name: 'deleteEntries', payload: { ids } })).toBeNull();
    expect(parseBackgroundMessage({ to: 'background', name: 'deleteEntries', payload: { ids: ids.slice(1) } })?.name).toBe('deleteEntries');
  });

  it('filters and sorts in the background over its index, giving the thread back during long work', async () => {
    const pause = vi.fn(() => new Promise<void>((r) => setTimeout(r, 0)));
    const { lib, send } = setup({ pause });
    await importFile(send, backup(Array.from({ length: 3000 }, (_, i) => entry(i, { status: i % 3 === 0 ? 'read' : 'to-read' }))));
    const read = await lib.query({ query: '', status: 'read', tag: 'tag0', sort: 'title' }, 0, 20_000);
    const expected = Array.from({ length: 3000 }, (_, i) => i)
      .filter((i) => i % 3 === 0 && i % 7 === 0)
      .map((i) => ({ id: idOf(i), key: `paper number ${i} on topic ${i % 13}` }))
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map((x) => x.id);
    expect(read.ids).toEqual(expected);
    expect(read.tags).toEqual(['tag0', 'tag1', 'tag2', 'tag3', 'tag4', 'tag5', 'tag6'].sort((a, b) => (a === 'tag0' ? -1 : b === 'tag0' ? 1 : a < b ? -1 : 1)));
    // Every word somewhere in the entry: "1234" is in arXiv:2301.11234 (its title and author too) and in 2301.12340–12349.
    const words = await lib.query({ query: 'NUMBER 1234', status: 'all', tag: 'all', sort: 'added' }, 0, 20_000);
    expect(words.ids).toEqual([2349, 2348, 2347, 2346, 2345, 2344, 2343, 2342, 2341, 2340, 1234].map(idOf));
    // The work was cut into slices (a sort, then the thread given back).
    expect(pause).toHaveBeenCalled();
  }, 60_000);

  it('a search after a save finds the new paper without reading the whole library again', async () => {
    const { db, lib, send } = setup();
    await importFile(send, backup(Array.from({ length: 2000 }, (_, i) => entry(i))));
    expect((await lib.query({ query: 'geospatial', status: 'all', tag: 'all', sort: 'added' }, 0, 100)).total).toBe(0);
    const scans = vi.spyOn(db.readingList, 'limit');
    await lib.save(page);
    const after = await lib.query({ query: 'geospatial', status: 'all', tag: 'all', sort: 'added' }, 0, 100);
    expect(after.ids).toEqual([page.id]);
    expect(after.size).toBe(2001);
    expect(scans).not.toHaveBeenCalled();
  }, 60_000);

  it('a search over the library after a save reads only the new paper, not every saved paper again', async () => {
    const { db, send } = setup();
    // No model (as before a download): no vector is ever stored, so none may be looked up again and again.
    const offline: Embedder = { modelId: 'none', state: () => ({ phase: 'error', message: 'offline' }), reset() {}, embed: () => Promise.reject(new Error('offline')) };
    const related = createRelatedService({ db, embedder: offline, corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    await importFile(send, backup(Array.from({ length: 1500 }, (_, i) => entry(i))));
    related.invalidate();
    await related.search('paper number', 'library');
    const vectorKeys = vi.spyOn(db.vectors, 'bulkGet');
    const savedKeys = vi.spyOn(db.readingList, 'toCollection');
    await related.search('paper number', 'library');
    expect(vectorKeys).not.toHaveBeenCalled();
    expect(savedKeys).not.toHaveBeenCalled();
    // The library tells the related service which ids joined (as the background wires them).
    const changes: unknown[] = [];
    const told = createLibraryService({ db, corpus: CORPUS, onChange: (c) => (changes.push(c), related.invalidate(c)) });
    await told.save(page);
    expect(changes).toEqual([{ added: [page.id], removed: [] }]);
    const after = await related.search('geospatial neural networks', 'library');
    expect(after.results.map((r) => r.id)).toContain(page.id);
    expect(vectorKeys.mock.calls.map((c) => c[0].length)).toEqual([1]);
    expect(savedKeys).not.toHaveBeenCalled();
    // Without the ids, they are read again, once.
    related.invalidate();
    await related.search('geospatial', 'library');
    await related.search('geospatial', 'library');
    expect(savedKeys).toHaveBeenCalledTimes(1);
  }, 60_000);

  it('many panels asking at once read the vectors once and embed nothing twice', async () => {
    const { db } = setup();
    const embedder = createFakeEmbedder();
    const related = createRelatedService({ db, embedder, corpus: CORPUS, corpusVersion: CORPUS_VERSION, batchSize: 16 });
    const papers = Array.from({ length: 10 }, (_, i) => ({ ...visitor, id: `2210.${17330 + i}`, title: `${visitor.title} ${i}` }));
    const reads = vi.spyOn(db.vectors, 'bulkGet');
    await Promise.all(papers.map((p) => related.getRelated(p)));
    for (const p of papers) await settle(related, p);
    expect(embedder.embedded).toBe(CORPUS.length + papers.length);
    // One read of the whole set's keys, however many asked at once.
    expect(reads.mock.calls.filter((c) => c[0].length >= CORPUS.length)).toHaveLength(1);
  }, 60_000);

  it('answers at once while the library is still being read: the newest first, marked as pending', async () => {
    const { db, lib } = setup();
    await db.readingList.bulkPut(Array.from({ length: 50 }, (_, i) => ({ id: idOf(i), addedAt: i, updatedAt: i, status: 'to-read' as const, tags: [], note: '' })));
    const first = await lib.query(ALL, 0, 5);
    expect(first.pending).toBe(true);
    expect(first.ids).toEqual([idOf(49), idOf(48), idOf(47), idOf(46), idOf(45)]);
    expect(first.total).toBe(50);
    await vi.waitFor(async () => expect((await lib.query(ALL, 0, 5)).pending).toBe(false));
  });
});

describe('telling the views', () => {
  it('an import in parts is told at most once a second, and what it had not told goes before a deletion', async () => {
    const changes: { added: readonly string[]; removed: readonly string[] }[] = [];
    const db = createDb(freshName());
    const lib = createLibraryService({ db, corpus: CORPUS, onChange: (c) => changes.push(c) });
    await lib.importEntries([entry(1)]);
    await lib.importEntries([entry(2)]);
    await lib.importEntries([entry(3)]);
    // The first part is told at once; the next two wait for the second to pass.
    expect(changes).toEqual([{ added: [idOf(1)], removed: [] }]);
    await lib.remove([idOf(3)]);
    expect(changes).toEqual([
      { added: [idOf(1)], removed: [] },
      { added: [idOf(2), idOf(3)], removed: [] },
      { added: [], removed: [idOf(3)] },
    ]);
    // Applied in order, the ids are the list's.
    const ids = new Set<string>();
    for (const c of changes) {
      c.removed.forEach((id) => ids.delete(id));
      c.added.forEach((id) => ids.add(id));
    }
    expect([...ids].sort()).toEqual((await lib.savedIds()).sort());
  });
});

describe('undo that always undoes', () => {
  it('delete, save again, delete again: Undo of the first deletion restores the first copy with its note', async () => {
    const { lib } = setup();
    await lib.save(page);
    await lib.update(page.id, { note: 'first copy note' });
    const first = await lib.remove([page.id]);
    await lib.save(page);
    await lib.update(page.id, { note: 'second copy note' });
    const second = await lib.remove([page.id]);
    expect(await lib.undo(first.batch)).toEqual({ restored: 1 });
    expect((await lib.entries([page.id]))[0]?.note).toBe('first copy note');
    // The second batch still holds its own copy.
    await lib.remove([page.id]);
    expect(await lib.undo(second.batch)).toEqual({ restored: 1 });
    expect((await lib.entries([page.id]))[0]?.note).toBe('second copy note');
  });

  it('a note typed while the entry is deleted elsewhere is kept in the deleted copy, and the reader is told', async () => {
    const { lib } = setup();
    await lib.save(page);
    const { batch } = await lib.remove([page.id]);
    const r = await lib.update(page.id, { note: 'typed during the autosave delay' });
    expect(r.deleted).toBe(true);
    expect(r.entry.note).toBe('typed during the autosave delay');
    expect(await lib.entries([page.id])).toEqual([]);
    await lib.undo(batch);
    expect((await lib.entries([page.id]))[0]?.note).toBe('typed during the autosave delay');
  });

  it('a v2 database holding trash rows opens as v4 with them, restorable by batch', async () => {
    const name = freshName();
    const v2 = new Dexie(name);
    v2.version(1).stores(SCHEMA_V2);
    v2.version(2).stores(SCHEMA_V2);
    await v2.table('readingList').put({ id: '2205.13147', addedAt: 3, updatedAt: 3, status: 'read', tags: ['kept'], note: 'live' });
    await v2.table('trash').bulkPut([
      { id: '2304.09157', addedAt: 1, updatedAt: 2, status: 'reading', tags: ['x'], note: 'trashed note', batch: 'b1', deletedAt: Date.now() },
      { id: '2301.10001', addedAt: 1, updatedAt: 2, status: 'to-read', tags: [], note: '', batch: 'b2', deletedAt: Date.now() },
    ]);
    v2.close();
    const db = createDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(db.tables.map((t) => t.name)).not.toContain('trash');
    expect(await db.deleted.get(['b1', '2304.09157'])).toMatchObject({ note: 'trashed note', batch: 'b1' });
    const lib = createLibraryService({ db, corpus: CORPUS });
    expect(await lib.undo('b1')).toEqual({ restored: 1 });
    expect((await lib.list()).map((e) => [e.id, e.note])).toEqual([
      ['2205.13147', 'live'],
      ['2304.09157', 'trashed note'],
    ]);
    expect(await db.deleted.count()).toBe(1);
    db.close();
  });
});

describe('rows validated when read', () => {
  it('rows of the wrong type written by an older version are repaired, a row without addedAt is listed, exports do not throw', async () => {
    const { db, lib, send } = setup();
    await lib.save(page);
    await db.readingList.bulkPut([
      { id: '2301.10001', addedAt: 5, updatedAt: 5, status: 'to-read', tags: 7 as unknown as string[], note: null as unknown as string },
      { id: '2301.10002', updatedAt: 6, status: 'finished' as never, tags: [], note: 'no date' } as never,
    ]);
    await db.papers.put({ id: '2301.10001', version: null, title: 12345 as unknown as string, authors: 'One Author' as unknown as string[], abstract: '', primarySubject: null, subjects: [], yearMonth: null, sources: ['saved'], updatedAt: 1 });
    const q = await settled(lib);
    expect(q.total).toBe(3);
    expect(q.repaired).toBe(2);
    expect(q.unreadable).toBe(0);
    const [a, b] = await lib.entries(['2301.10001', '2301.10002']);
    expect(a).toMatchObject({ tags: ['7'], note: '', paper: { title: '12345', authors: ['One Author'] } });
    expect(b).toMatchObject({ addedAt: 6, status: 'to-read', note: 'no date' });
    for (const format of ['json', 'bibtex', 'markdown', 'csv'] as const) {
      const text = (await exportParts(send, format, await viewIds(send))).parts.join('');
      expect(text).toContain('2301.10002');
    }
    // And the exported backup imports again.
    const json = (await exportParts(send, 'json', await viewIds(send))).parts.join('');
    const other = setup();
    const back = await importFile(other.send, json);
    expect(back.ok && back.report.added.length).toBe(3);
  });

  it('a row that cannot be read is set aside and counted, and can be exported as it is', async () => {
    const { db, lib, send } = setup();
    await lib.save(page);
    await db.readingList.put({ id: 42 as unknown as string, addedAt: 1, updatedAt: 1, status: 'read', tags: [], note: 'orphan' });
    const q = await settled(lib);
    expect(q.ids).toEqual([page.id]);
    expect(q.unreadable).toBe(1);
    const rows = await send('getUnreadable', { offset: 0, limit: 100 });
    expect(rows.total).toBe(1);
    expect(JSON.parse(rows.rows[0])).toMatchObject({ id: 42, note: 'orphan' });
  });
});

describe('one set of limits at every door', () => {
  const long = (k: number) => 'x'.repeat(k);

  it('a save from a page stores the title, abstract and authors within the limits', async () => {
    const { lib } = setup();
    const r = await lib.save({ ...page, title: long(10_200_000), abstract: long(5_000_000), authors: Array.from({ length: 20_000 }, (_, i) => `A${i}`) });
    expect(r.entry.paper?.title.length).toBe(LIMITS.title);
    expect(r.entry.paper?.abstract.length).toBe(LIMITS.abstract);
    expect(r.entry.paper?.authors.length).toBe(LIMITS.authors);
    expect(r.cut.length).toBe(3);
  });

  it('an edit with a note over the limit is saved shortened and says so (not "Malformed message")', async () => {
    const { lib, send } = setup();
    await lib.save(page);
    const r = await send('updateEntry', { id: page.id, patch: { note: long(180_040) } });
    expect(r.entry.note.length).toBe(LIMITS.note);
    expect(r.cut.join(' ')).toMatch(/note/);
  });

  it('BibTeX annote and merged notes are cut to the limit, said in the report, and the export imports again', async () => {
    const { lib, send } = setup();
    const bib = `@misc{a, title={T}, eprint={2304.09157}, annote={${long(1_000_000)}}}`;
    const r = await importFile(send, bib);
    expect(r.ok && r.report.cut.map((c) => c.id)).toEqual(['2304.09157']);
    expect((await lib.entries(['2304.09157']))[0]?.note.length).toBe(LIMITS.note);

    // Two imports whose notes are kept together pass the limit: the merge is cut too.
    const a = entry(1, { note: long(90_000), updatedAt: 5000 });
    const b = entry(1, { note: 'y'.repeat(90_000), updatedAt: 6000 });
    await importFile(send, backup([a]));
    const merged = await importFile(send, backup([b]));
    expect(merged.ok && merged.report.cut.map((c) => c.id)).toEqual([a.id]);
    expect((await lib.entries([a.id]))[0]?.note.length).toBe(LIMITS.note);

    const json = (await exportParts(send, 'json', await viewIds(send))).parts.join('');
    const again = await importFile(setup().send, json);
    expect(again.ok).toBe(true);
    expect(await allEntries(lib)).toHaveLength(2);
  });
});

describe('the library messages are bounded', () => {
  const view = { query: '', status: 'all', tag: 'all', sort: 'added' };
  const valid = {
    queryLibrary: { view, offset: 0, limit: 20_000 },
    getEntries: { ids: Array.from({ length: 500 }, (_, i) => idOf(i)) },
    exportLibrary: { format: 'json', part: 'entries', ids: [idOf(1)], index: 0 },
    importLibrary: { entries: [entry(1)], kind: 'json' },
    getUnreadable: { offset: 0, limit: 500 },
    listLibrary: {},
  } as const;

  it('accepts the valid ones', () => {
    for (const [name, payload] of Object.entries(valid)) expect(parseBackgroundMessage({ to: 'background', name, payload })?.name).toBe(name);
  });

  it.each([
    ['a page of more than 20,000 ids', 'queryLibrary', { ...valid.queryLibrary, limit: 20_001 }],
    ['a sort that does not exist', 'queryLibrary', { ...valid.queryLibrary, view: { ...view, sort: 'random' } }],
    ['a window of more than 500 entries', 'getEntries', { ids: [...valid.getEntries.ids, idOf(999)] }],
    ['an export part with a negative index', 'exportLibrary', { ...valid.exportLibrary, index: -1 }],
    ['an import entry with a key the backup does not have', 'importLibrary', { ...valid.importLibrary, entries: [{ ...entry(1), extra: 1 }] }],
    ['an import entry whose id is not an arXiv id', 'importLibrary', { ...valid.importLibrary, entries: [entry(1, { id: 'not-an-id' })] }],
    ['an import of an unknown kind', 'importLibrary', { ...valid.importLibrary, kind: 'csv' }],
    ['a list page of more than 500 entries', 'listLibrary', { limit: 501 }],
  ])('rejects %s', (_label, name, payload) => {
    expect(parseBackgroundMessage({ to: 'background', name, payload })).toBeNull();
  });
});
