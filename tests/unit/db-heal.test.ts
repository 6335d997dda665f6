/**
 * A database handle that failed stays failed in Dexie (every call: DatabaseClosedError) even after the
 * cause is gone; the background's requests run through withHealedDb, which opens it again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forceCloseDatabase } from 'fake-indexeddb';
import { createDb } from '@/utils/background/db/schema';
import { withHealedDb } from '@/utils/background/db/heal';
import { createLibraryService } from '@/utils/background/library/service';
import { plainMessage } from '@/utils/shared/plain-errors';
import { CORPUS } from '@/utils/background/corpus/corpus-data';

const paper = { id: '2401.00009', version: null, title: 'A paper', abstract: 'About things.', authors: ['A. Author'], primarySubject: null, subjects: [], submitted: [] };

/** Makes the next `times` opens fail as a full disk or I/O error does in Chrome ("Internal error opening backing store"). */
function failOpens(times: number) {
  const real = indexedDB.open.bind(indexedDB);
  let left = times;
  return vi.spyOn(indexedDB, 'open').mockImplementation((...args: Parameters<typeof indexedDB.open>) => {
    if (left-- <= 0) return real(...args);
    const req = {} as IDBOpenDBRequest & { error: DOMException };
    setTimeout(() => {
      Object.defineProperty(req, 'error', { value: new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError') });
      req.onerror?.({ target: req, type: 'error', preventDefault() {}, stopPropagation() {} } as unknown as Event);
    }, 1);
    return req;
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a failed or closed database handle is opened again on the next request', () => {
  async function brokenHandle() {
    const db = createDb(`heal-${Math.random()}`);
    const library = createLibraryService({ db, corpus: CORPUS, onChange() {} });
    await library.save(paper);
    // The browser closes the connection (disk full, I/O error) and reopening fails while the cause lasts.
    failOpens(6);
    // fake-indexeddb's typings name the class where it takes an instance.
    forceCloseDatabase(db.backendDB() as unknown as Parameters<typeof forceCloseDatabase>[0]);
    const during = await library.list().catch((e: unknown) => e);
    return { db, library, during };
  }

  it('without healing, Dexie keeps failing after the disk is freed (the issue’s stuck state)', async () => {
    const { library, during } = await brokenHandle();
    // Dexie reports the failed reopen itself (UnknownError) or the closed handle, depending on which read comes first.
    expect(['DatabaseClosedError', 'UnknownError']).toContain((during as Error).name);
    vi.restoreAllMocks();
    // Still a failure, though opening would now work.
    expect(['DatabaseClosedError', 'UnknownError']).toContain(((await library.list().catch((e: unknown) => e)) as Error).name);
  });

  it('the failure is said in words while it lasts; the first request after it heals works, and nothing was lost', async () => {
    const { db, library, during } = await brokenHandle();
    expect(plainMessage(during)).toMatch(/storage/);
    expect(plainMessage(during)).not.toMatch(/upgraded in another tab/);
    vi.restoreAllMocks();
    const entries = await withHealedDb(db, () => library.list());
    expect(entries.map((e) => e.id)).toEqual([paper.id]);
    await withHealedDb(db, () => library.update(paper.id, { note: 'after the disk was freed' }));
    expect((await withHealedDb(db, () => library.list()))[0].note).toBe('after the disk was freed');
  });

  it('a request whose handle closes under it runs once more on a reopened handle', async () => {
    const db = createDb(`heal-${Math.random()}`);
    const library = createLibraryService({ db, corpus: CORPUS, onChange() {} });
    await library.save(paper);
    let runs = 0;
    const ids = await withHealedDb(db, async () => {
      runs++;
      if (runs === 1) {
        db.close();
        return library.savedIds();
      }
      return library.savedIds();
    });
    expect(ids).toEqual([paper.id]);
    expect(runs).toBe(2);
  });
});
