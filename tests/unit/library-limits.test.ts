import { describe, expect, it } from 'vitest';
import { applyLimits, cutText, LIMITS } from '@/utils/shared/library/limits';
import { MAX_NOTE_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from '@/utils/shared/library/types';

const paper = { title: 'T', abstract: 'A', authors: ['Ann Bee'], yearMonth: '2023-04', primarySubject: null, version: null };
const entry = { id: '2304.09157', addedAt: 1, updatedAt: 1, status: 'to-read' as const, tags: ['a'], note: 'n', paper };

describe('applyLimits', () => {
  it('returns the value itself and no cuts when everything is within the limits', () => {
    const at = { ...entry, note: 'x'.repeat(LIMITS.note), tags: Array.from({ length: LIMITS.tags }, (_, i) => `${i}`.padEnd(LIMITS.tag, 't')) };
    const r = applyLimits(at);
    expect(r.value).toBe(at);
    expect(r.cut).toEqual([]);
  });

  it('shortens a note one character over the limit and says so', () => {
    const r = applyLimits({ ...entry, note: 'x'.repeat(LIMITS.note + 1) });
    expect(r.value.note).toHaveLength(LIMITS.note);
    expect(r.cut).toEqual(['note shortened to 100,000 characters (was 100,001)']);
  });

  it('shortens the title, abstract and authors of an entry’s paper', () => {
    const big = { ...entry, paper: { ...paper, title: 't'.repeat(10_200_000), abstract: 'a'.repeat(5_000_000), authors: Array.from({ length: 20_000 }, (_, i) => `Author ${i}`) } };
    const r = applyLimits(big);
    expect(r.value.paper?.title).toHaveLength(LIMITS.title);
    expect(r.value.paper?.abstract).toHaveLength(LIMITS.abstract);
    expect(r.value.paper?.authors).toHaveLength(LIMITS.authors);
    expect(r.value.paper?.yearMonth).toBe('2023-04');
    expect(r.cut).toEqual([
      'title shortened to 2,000 characters (was 10,200,000)',
      'abstract shortened to 20,000 characters (was 5,000,000)',
      'author list shortened to the first 5,000 names (was 20,000)',
    ]);
    expect(big.paper.title).toHaveLength(10_200_000);
  });

  it('limits top-level fields of a page’s metadata and a long author name', () => {
    const r = applyLimits({ id: 'x', title: 'ok', abstract: 'ok', authors: ['n'.repeat(LIMITS.authorName + 1), 'Ann'] });
    expect(r.value.authors?.[0]).toHaveLength(LIMITS.authorName);
    expect(r.value.authors?.[1]).toBe('Ann');
    expect(r.cut).toEqual(['an author name shortened to 500 characters']);
  });

  it('keeps the first tags and shortens long ones', () => {
    const tags = Array.from({ length: LIMITS.tags + 2 }, (_, i) => (i === 0 ? 'y'.repeat(LIMITS.tag + 5) : `t${i}`));
    const r = applyLimits({ tags });
    expect(r.value.tags).toHaveLength(LIMITS.tags);
    expect(r.value.tags?.[0]).toHaveLength(LIMITS.tag);
    expect(r.value.tags?.[1]).toBe('t1');
    expect(r.cut).toEqual(['only the first 50 tags kept (there were 52)', 'a tag shortened to 64 characters']);
  });

  it('never splits a surrogate pair', () => {
    expect(cutText('ab😀', 3)).toBe('ab');
    expect(cutText('ab😀', 4)).toBe('ab😀');
    expect(cutText('abc', 2)).toBe('ab');
  });

  it('is the one source of the limits the message validators use', () => {
    expect([MAX_NOTE_LENGTH, MAX_TAGS, MAX_TAG_LENGTH]).toEqual([LIMITS.note, LIMITS.tags, LIMITS.tag]);
  });
});
