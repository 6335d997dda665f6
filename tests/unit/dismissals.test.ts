import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { CORPUS, CORPUS_VERSION } from '@/utils/background/corpus/corpus-data';
import { createDb, SCHEMA_V2 } from '@/utils/background/db/schema';
import { addDismissals, allDismissals, dismiss, dismissedFor, MAX_DISMISSALS_PER_PAPER, undismiss } from '@/utils/background/db/dismissals';
import { createRelatedService } from '@/utils/background/related/service';
import { createFakeEmbedder } from '../helpers/fake-embedder';
import { settle, visitor } from '../helpers/related';

let n = 0;
const freshName = () => `dismissals-${Date.now()}-${n++}`;

describe('"Not relevant" dismissals', () => {
  it('hide a paper next to one paper only, survive a reopen, and undo', async () => {
    const name = freshName();
    const db = createDb(name);
    await dismiss(db, '1706.03762', '2304.09157', 5);
    expect([...(await dismissedFor(db, '1706.03762'))]).toEqual(['2304.09157']);
    expect((await dismissedFor(db, '2304.09157')).size).toBe(0);
    db.close();
    const again = createDb(name);
    expect(await allDismissals(again)).toEqual([{ forId: '1706.03762', paperId: '2304.09157', at: 5 }]);
    expect(await undismiss(again, '1706.03762', '2304.09157')).toBe(true);
    expect(await undismiss(again, '1706.03762', '2304.09157')).toBe(false);
    expect((await dismissedFor(again, '1706.03762')).size).toBe(0);
  });

  it('refuse to hide a paper from its own list', async () => {
    await expect(dismiss(createDb(freshName()), '1706.03762', '1706.03762')).rejects.toThrow(/own list/);
  });

  it('keep the newest when one paper collects more than the limit', async () => {
    const db = createDb(freshName());
    await db.dismissals.bulkPut(Array.from({ length: MAX_DISMISSALS_PER_PAPER }, (_, i) => ({ forId: '1706.03762', paperId: `2401.${String(i).padStart(5, '0')}`, at: i })));
    await dismiss(db, '1706.03762', '2304.09157', 10_000);
    const ids = await dismissedFor(db, '1706.03762');
    expect(ids.size).toBe(MAX_DISMISSALS_PER_PAPER);
    expect(ids.has('2304.09157')).toBe(true);
    expect(ids.has('2401.00000')).toBe(false);
  });

  it('a backup adds what is missing and never removes or re-dates what the reader did', async () => {
    const db = createDb(freshName());
    await dismiss(db, 'a1', 'b1', 1);
    const added = await addDismissals(db, [
      { forId: 'a1', paperId: 'b1', at: 99 },
      { forId: 'a1', paperId: 'a1', at: 3 },
      { forId: 'a2', paperId: 'b2', at: 4 },
    ]);
    expect(added).toBe(1);
    expect(await allDismissals(db)).toEqual([
      { forId: 'a1', paperId: 'b1', at: 1 },
      { forId: 'a2', paperId: 'b2', at: 4 },
    ]);
  });

  it('a v2 database holding data opens as v3 with its data intact', async () => {
    const name = freshName();
    const old = new Dexie(name);
    old.version(2).stores(SCHEMA_V2);
    await old.table('readingList').put({ id: '1706.03762', addedAt: 1, status: 'unread', tags: [], note: 'kept', updatedAt: 1 });
    old.close();
    const db = createDb(name);
    expect((await db.readingList.get('1706.03762'))?.note).toBe('kept');
    await dismiss(db, '1706.03762', '2304.09157');
    expect((await dismissedFor(db, '1706.03762')).size).toBe(1);
  });

  it('leave the related papers of that paper, and only of that paper', async () => {
    const db = createDb(freshName());
    const service = createRelatedService({ db, embedder: createFakeEmbedder(), corpus: CORPUS, corpusVersion: CORPUS_VERSION });
    // Both answers settled (the model's list, the corpus read): the order differs only by the dismissal.
    const before = await settle(service);
    expect(before.results.length).toBeGreaterThan(1);
    expect(before.hidden).toBe(0);
    const [first, second] = before.results;
    await dismiss(db, visitor.id, first.id);
    const after = await settle(service);
    expect(after.results.map((r) => r.id)).not.toContain(first.id);
    expect(after.results[0].id).toBe(second.id);
    expect(after.hidden).toBe(1);
    // Another paper's list is untouched by it.
    const other = await service.getRelated({ ...visitor, id: '2501.00001' });
    expect(other.results.map((r) => r.id)).toContain(first.id);
  });
});

describe('"Not for me" marks in the JSON backup', () => {
  it('are exported and read back like the per-paper ones (an export can always be imported again)', async () => {
    const { toJson } = await import('@/utils/background/library/export');
    const { parseJsonBackup } = await import('@/utils/ui/library/import');
    const { NOT_FOR_ME } = await import('@/utils/background/db/dismissals');
    const marks = [
      { forId: NOT_FOR_ME, paperId: '2401.00002', at: 2 },
      { forId: '1706.03762', paperId: '2304.09157', at: 1 },
    ];
    const parsed = parseJsonBackup(toJson([], new Date(0), marks));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect([...parsed.dismissals].sort((a, b) => a.at - b.at)).toEqual([marks[1], marks[0]]);
  });
});
