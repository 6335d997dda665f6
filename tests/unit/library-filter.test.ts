import { describe, expect, it } from 'vitest';
import { CORPUS } from '@/utils/background/corpus/corpus-data';
import { createDb } from '@/utils/background/db/schema';
import { formatBytes } from '@/utils/ui/library/filter';
import { createLibraryService, type ViewQuery } from '@/utils/background/library/service';
import type { LibraryEntry } from '@/utils/shared/library/types';

// The library page's search, filters and sorting, as the background computes them over its index.
const e = (id: string, title: string, over: Partial<LibraryEntry> = {}): LibraryEntry => ({
  id,
  addedAt: 0,
  updatedAt: 0,
  status: 'to-read',
  tags: [],
  note: '',
  paper: { title, authors: ['Ada Lovelace'], abstract: '', yearMonth: '2020-01', primarySubject: null, version: null },
  ...over,
});

const [A, B, C] = ['2301.10001', '2301.10002', '2301.10003'];
const list = [
  e(A, 'Beta quantization', { addedAt: 3, tags: ['llm'], status: 'read' }),
  e(B, 'Alpha retrieval', { addedAt: 2, note: 'about product quantization', paper: { title: 'Alpha retrieval', authors: ['Grace Hopper'], abstract: '', yearMonth: '2024-02', primarySubject: null, version: null } }),
  e(C, 'Gamma vision', { addedAt: 1, tags: ['llm', 'vision'] }),
];

let n = 0;
async function view() {
  const lib = createLibraryService({ db: createDb(`filter-${Date.now()}-${n++}`), corpus: CORPUS });
  await lib.importEntries(list);
  return async (o: Partial<ViewQuery>) => (await lib.query({ query: '', status: 'all', tag: 'all', sort: 'added', ...o }, 0, 100)).ids;
}

describe('the library view', () => {
  it('sorts by date added, year and title', async () => {
    const ids = await view();
    expect(await ids({})).toEqual([A, B, C]);
    expect(await ids({ sort: 'title' })).toEqual([B, A, C]);
    expect(await ids({ sort: 'year' })).toEqual([B, A, C]);
  });
  it('filters by status and tag', async () => {
    const ids = await view();
    expect(await ids({ status: 'read' })).toEqual([A]);
    expect(await ids({ tag: 'vision' })).toEqual([C]);
  });
  it('searches titles, authors and notes; the ranking’s results add matches and order by relevance', async () => {
    const ids = await view();
    expect(await ids({ query: 'quantization' })).toEqual([A, B]);
    expect(await ids({ query: 'hopper' })).toEqual([B]);
    const scores = [
      { id: C, score: 0.6 },
      { id: B, score: 0.1 },
    ];
    // Every entry the background's search returned matches, however weakly; the rest do not.
    expect(await ids({ query: 'image models', sort: 'relevance', scores })).toEqual([C, B]);
    expect(await ids({ query: 'image models', sort: 'relevance', scores: [{ id: C, score: 0.6 }] })).toEqual([C]);
    expect(await ids({ query: 'quantization', sort: 'relevance', scores })).toEqual([B, A, C]);
  });
  it('lists tags by use and formats sizes', async () => {
    const lib = createLibraryService({ db: createDb(`filter-${Date.now()}-${n++}`), corpus: CORPUS });
    await lib.importEntries(list);
    let q = await lib.query({ query: '', status: 'all', tag: 'all', sort: 'added' }, 0, 1);
    // The first answer may come while the library is still being read (no tags yet).
    while (q.pending) q = await lib.query({ query: '', status: 'all', tag: 'all', sort: 'added' }, 0, 1);
    expect(q.tags).toEqual(['llm', 'vision']);
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3.2 * 1024 * 1024)).toBe('3.2 MB');
  });
});
