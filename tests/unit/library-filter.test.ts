import { describe, expect, it } from 'vitest';
import { allTags, formatBytes, viewEntries } from '@/utils/library/filter';
import type { LibraryEntry } from '@/utils/library/types';

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

const list = [
  e('1', 'Beta quantization', { addedAt: 3, tags: ['llm'], status: 'read' }),
  e('2', 'Alpha retrieval', { addedAt: 2, note: 'about product quantization', paper: { title: 'Alpha retrieval', authors: ['Grace Hopper'], abstract: '', yearMonth: '2024-02', primarySubject: null, version: null } }),
  e('3', 'Gamma vision', { addedAt: 1, tags: ['llm', 'vision'] }),
];

describe('viewEntries', () => {
  const base = { query: '', status: 'all' as const, tag: 'all', sort: 'added' as const };
  it('sorts by date added, year and title', () => {
    expect(viewEntries(list, base).map((x) => x.id)).toEqual(['1', '2', '3']);
    expect(viewEntries(list, { ...base, sort: 'title' }).map((x) => x.id)).toEqual(['2', '1', '3']);
    expect(viewEntries(list, { ...base, sort: 'year' }).map((x) => x.id)).toEqual(['2', '1', '3']);
  });
  it('filters by status and tag', () => {
    expect(viewEntries(list, { ...base, status: 'read' }).map((x) => x.id)).toEqual(['1']);
    expect(viewEntries(list, { ...base, tag: 'vision' }).map((x) => x.id)).toEqual(['3']);
  });
  it('searches titles, authors and notes; the ranking’s results add matches and order by relevance', () => {
    expect(viewEntries(list, { ...base, query: 'quantization' }).map((x) => x.id)).toEqual(['1', '2']);
    expect(viewEntries(list, { ...base, query: 'hopper' }).map((x) => x.id)).toEqual(['2']);
    const scores = new Map([
      ['3', 0.6],
      ['2', 0.1],
    ]);
    // Every entry the background's search returned matches, however weakly; the rest do not.
    expect(viewEntries(list, { ...base, query: 'image models', sort: 'relevance', scores }).map((x) => x.id)).toEqual(['3', '2']);
    expect(viewEntries(list, { ...base, query: 'image models', sort: 'relevance', scores: new Map([['3', 0.6]]) }).map((x) => x.id)).toEqual(['3']);
    expect(viewEntries(list, { ...base, query: 'quantization', sort: 'relevance', scores }).map((x) => x.id)).toEqual(['2', '1', '3']);
  });
  it('lists tags by use and formats sizes', () => {
    expect(allTags(list)).toEqual(['llm', 'vision']);
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3.2 * 1024 * 1024)).toBe('3.2 MB');
  });
});
