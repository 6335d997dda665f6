import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { CORPUS } from '@/utils/background/corpus/corpus-data';
import { createDb, DB_NAME, SCHEMA_V1 } from '@/utils/background/db/schema';
import { describeStorageError } from '@/utils/background/db/errors';
import { createLibraryService } from '@/utils/background/library/service';
import { toJson } from '@/utils/background/library/export';
import { exportEntries, importText } from '../helpers/library-bridge';
import { createSaveHandlers } from '@/utils/background/library/save-handlers';
import type { PaperMeta } from '@/utils/shared/arxiv/abs-page';

let n = 0;
const freshName = () => `lib-${Date.now()}-${n++}`;

const page: PaperMeta = {
  id: '2304.09157',
  version: 2,
  title: 'Neural networks for geospatial data',
  authors: ['Wentao Zhan', 'Abhirup Datta'],
  abstract: 'Analysis of geospatial data.',
  primarySubject: 'stat.ML',
  subjects: ['stat.ML'],
  submitted: ['2023-04-18'],
};

const exportText = exportEntries;

function setup() {
  const db = createDb(freshName());
  const onChange = vi.fn();
  let t = 1000;
  const lib = createLibraryService({ db, corpus: CORPUS, onChange, now: () => (t += 10) });
  return { db, lib, onChange };
}

describe('library service', () => {
  it('saves from a page or from a corpus id, with metadata for offline use', async () => {
    const { lib, onChange } = setup();
    const a = (await lib.save(page)).entry;
    expect(a.paper?.title).toBe(page.title);
    expect(a.paper?.yearMonth).toBe('2023-04');
    const b = (await lib.save({ id: CORPUS[4].id })).entry;
    expect(b.paper?.title).toBe(CORPUS[4].title);
    expect(b.paper?.abstract).toBe(CORPUS[4].abstract);
    expect((await lib.list()).map((e) => e.id)).toEqual([CORPUS[4].id, page.id]);
    expect(onChange).toHaveBeenCalledTimes(2);
    // Saving again keeps the entry's edits.
    await lib.update(page.id, { note: 'keep me', tags: [' a ', 'A', 'b'] });
    await lib.save(page);
    const again = (await lib.list()).find((e) => e.id === page.id);
    expect(again?.note).toBe('keep me');
    expect(again?.tags).toEqual(['a', 'b']);
  });

  it('deletes to a trash that undo restores, notes and tags included', async () => {
    const { lib } = setup();
    await lib.save(page);
    await lib.save({ id: CORPUS[0].id });
    await lib.update(page.id, { note: 'n', tags: ['t'], status: 'read' });
    const { batch, count } = await lib.remove([page.id, CORPUS[0].id, '9999.99999']);
    expect(count).toBe(2);
    expect(await lib.list()).toEqual([]);
    expect(await lib.undo(batch)).toEqual({ restored: 2 });
    const back = (await lib.list()).find((e) => e.id === page.id);
    expect(back).toMatchObject({ note: 'n', tags: ['t'], status: 'read' });
    expect(await lib.undo(batch)).toEqual({ restored: 0 });
  });

  it('imports a backup into an empty library exactly, and a corrupt one changes nothing', async () => {
    const src = setup();
    await src.lib.save(page);
    await src.lib.update(page.id, { note: 'note', tags: ['x'] });
    const json = (await exportText(src.lib, 'json')).text;

    const dst = setup();
    const result = await importText(dst.lib, json);
    expect(result).toEqual({ ok: true, report: { added: [page.id], updated: [], skipped: [], cut: [] } });
    expect(await dst.lib.list()).toEqual(await src.lib.list());

    await dst.lib.update(page.id, { note: 'edited' });
    const before = await dst.lib.list();
    const bad = await importText(dst.lib, json.replace('"status": "to-read"', '"status": 7'));
    expect(bad.ok).toBe(false);
    expect(await dst.lib.list()).toEqual(before);
    expect(await importText(dst.lib, json.slice(0, 100))).toMatchObject({ ok: false });
    expect(await dst.lib.list()).toEqual(before);
  });

  it('a full disk gives a clear message and keeps what was saved', async () => {
    const { db, lib } = setup();
    await lib.save(page);
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const spy = vi.spyOn(db.readingList, 'add').mockRejectedValue(quota);
    const error = await lib.save({ id: CORPUS[1].id }).catch((e: unknown) => e);
    spy.mockRestore();
    expect(describeStorageError(error)).toMatch(/out of storage space.*nothing was changed/);
    expect((await lib.list()).map((e) => e.id)).toEqual([page.id]);
    // The failed transaction left no half-written paper row behind it either.
    expect((await db.papers.get(CORPUS[1].id))?.sources ?? []).not.toContain('saved');
  });

  it('JSON export of the whole library is the backup format', async () => {
    const { lib } = setup();
    await lib.save(page);
    const { text, filename, mime } = await exportText(lib, 'json');
    expect(filename).toMatch(/^arxiv-neighbors-\d{4}-\d{2}-\d{2}\.json$/);
    expect(mime).toBe('application/json');
    expect(text).toBe(toJson(await lib.list(), new Date(JSON.parse(text).exportedAt)));
  });
});

describe('schema migration', () => {
  it('opens a v1 database holding data and loses nothing', async () => {
    const name = freshName();
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.table('papers').bulkPut([
      { id: '2304.09157', version: 2, title: 'T', authors: ['A'], abstract: 'Abs', primarySubject: 'stat.ML', subjects: [], yearMonth: '2023-04', sources: ['visited'], updatedAt: 1 },
      { id: '2205.13147', version: null, title: 'M', authors: [], abstract: '', primarySubject: null, subjects: [], yearMonth: '2022-05', sources: ['seed'], updatedAt: 1 },
    ]);
    await v1.table('readingList').bulkPut([
      { id: '2304.09157', addedAt: 5, status: 'reading', tags: ['x'], note: 'my note', updatedAt: 6 },
      // Written by an older build without tags/note/updatedAt.
      { id: '2205.13147', addedAt: 7, status: 'to-read' },
    ]);
    await v1.table('vectors').put({ modelId: 'm', textHash: 'h', dims: 1, data: new Float32Array([1]).buffer, createdAt: 1 });
    await v1.table('meta').put({ key: 'corpusVersion', value: 'seed-70-v1' });
    v1.close();

    const db = createDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(await db.readingList.get('2304.09157')).toEqual({ id: '2304.09157', addedAt: 5, status: 'reading', tags: ['x'], note: 'my note', updatedAt: 6 });
    expect(await db.readingList.get('2205.13147')).toEqual({ id: '2205.13147', addedAt: 7, status: 'to-read', tags: [], note: '', updatedAt: 7 });
    expect((await db.papers.get('2304.09157'))?.sources).toEqual(['visited', 'saved']);
    expect((await db.papers.get('2205.13147'))?.sources).toEqual(['seed', 'saved']);
    expect(await db.vectors.count()).toBe(1);
    expect((await db.meta.get('corpusVersion'))?.value).toBe('seed-70-v1');
    expect(await db.deleted.count()).toBe(0);
    db.close();
  });

  it('the production database name is stable', () => {
    expect(DB_NAME).toBe('arxiv-neighbors');
  });
});

describe('context menu and keyboard command', () => {
  function handlers(pagePaper: PaperMeta | null) {
    const saved: unknown[] = [];
    const h = createSaveHandlers({
      save: async (p) => saved.push(p),
      pagePaper: async () => pagePaper,
      activeTab: async () => ({ id: 7, url: 'https://arxiv.org/pdf/2304.09157v2' }),
    });
    return { h, saved };
  }

  it('the context menu saves the linked abstract page', async () => {
    const { h, saved } = handlers(null);
    expect(await h.onContextMenuClick({ menuItemId: 'save-linked-paper', linkUrl: 'https://arxiv.org/abs/2205.13147v3' })).toBe(true);
    expect(await h.onContextMenuClick({ menuItemId: 'save-linked-paper', linkUrl: 'https://example.org/abs/1' })).toBe(false);
    expect(await h.onContextMenuClick({ menuItemId: 'other', linkUrl: 'https://arxiv.org/abs/2205.13147' })).toBe(false);
    expect(saved).toEqual([{ id: '2205.13147' }]);
  });

  it('the command saves the page’s paper with its metadata, or the id of a PDF tab', async () => {
    const withPage = handlers(page);
    expect(await withPage.h.onCommand('save-current-paper', { id: 1, url: 'https://arxiv.org/abs/2304.09157' })).toBe(true);
    expect(withPage.saved).toEqual([page]);
    const pdf = handlers(null);
    expect(await pdf.h.onCommand('save-current-paper')).toBe(true);
    expect(pdf.saved).toEqual([{ id: '2304.09157' }]);
    expect(await pdf.h.onCommand('something-else')).toBe(false);
  });
});

describe('a newer schema opened elsewhere', () => {
  it('our connection steps aside instead of blocking the upgrade, then carries on with the data', async () => {
    const name = freshName();
    const ours = createDb(name);
    await createLibraryService({ db: ours, corpus: CORPUS }).save(page);
    const newer = new Dexie(name);
    newer.version(5).stores({ ...SCHEMA_V1, deleted: '[batch+id], batch, id, deletedAt', extra: '&id' });
    await newer.open();
    expect(newer.verno).toBe(5);
    // Dexie closed our connection on "versionchange" (so the upgrade was not blocked) and reopens it.
    expect((await ours.readingList.toArray()).map((e) => e.id)).toEqual([page.id]);
    newer.close();
    ours.close();
  });
});
