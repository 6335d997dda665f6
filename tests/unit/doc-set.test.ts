import { describe, expect, it } from 'vitest';
import { CORPUS, CORPUS_VERSION } from '@/utils/background/corpus/corpus-data';
import { createDb } from '@/utils/background/db/schema';
import { createDocSets } from '@/utils/background/related/doc-set';
import { createSavedIds } from '@/utils/background/related/saved-ids';

describe('the related papers’ document set', () => {
  it('changes that arrive while it is being rebuilt fold into one rebuild (a deletion in five parts is not five rebuilds)', async () => {
    const db = createDb(`doc-set-${Date.now()}`);
    const ids = Array.from({ length: 50 }, (_, i) => `2501.${String(10000 + i)}`);
    const now = Date.now();
    await db.papers.bulkPut(ids.map((id, i) => ({ id, version: 1, title: `Saved paper ${i} on sparse attention kernels`, authors: ['A. Author'], abstract: 'An abstract.', primarySubject: null, subjects: [], yearMonth: '2025-01', sources: ['saved' as const], updatedAt: now })));
    await db.readingList.bulkPut(ids.map((id) => ({ id, addedAt: now, status: 'to-read' as const, tags: [], note: '', updatedAt: now })));
    const savedIds = createSavedIds(db);
    const sets = createDocSets({ db, corpus: CORPUS, corpusVersion: CORPUS_VERSION, savedIds, modelId: 'fake/model', onAppended: async () => undefined });
    expect((await sets.load()).docs).toHaveLength(CORPUS.length + 50);

    // Reading papers takes time, as with 50,000 of them: the first rebuild is still running when the next parts arrive.
    let reads = 0;
    const bulkGet = db.papers.bulkGet.bind(db.papers);
    db.papers.bulkGet = (async (keys: string[]) => {
      reads++;
      await new Promise((r) => setTimeout(r, 40));
      return bulkGet(keys);
    }) as typeof db.papers.bulkGet;
    let last: Promise<unknown> = Promise.resolve();
    for (let part = 0; part < 5; part++) {
      const removed = ids.slice(part * 10, part * 10 + 10);
      await db.readingList.bulkDelete(removed);
      savedIds.apply({ added: [], removed });
      sets.markChanged();
      last = sets.load();
    }
    await last;
    const set = await sets.load();
    expect(set.docs).toHaveLength(CORPUS.length);
    // Two rebuilds (the first part's, then the other four together), each reading the saved papers at most
    // twice (what left, then the rebuild): at most four reads (three here), where a rebuild per part made six.
    expect(reads).toBeLessThanOrEqual(4);
  });
});
