import { describe, expect, it } from 'vitest';
import { CORPUS } from '@/utils/corpus/corpus-data';
import { buildLexicalIndex } from '@/utils/ranking/lexical';
import { rankRelated } from '@/utils/ranking/rank';
import { ndcgAt, recallAt, reciprocalRank } from '@/utils/ranking/metrics';
import { stem, terms } from '@/utils/ranking/tokenize';
import { devQueries } from '../helpers/dom';

const index = buildLexicalIndex(CORPUS);
const queries = devQueries();

describe('tokenize', () => {
  it('folds plurals but keeps -ss words', () => {
    expect(stem('networks')).toBe('network');
    expect(stem('loss')).toBe('loss');
    expect(stem('queries')).toBe('query');
  });
  it('drops stop words and builds bigrams of adjacent content words', () => {
    const t = terms('Product quantization for the search of vectors').map((x) => x.term);
    expect(t).toContain('product quantization');
    expect(t).not.toContain('the');
    expect(t).not.toContain('quantization search');
  });
});

describe('rankRelated', () => {
  it('ranks a corpus paper first for its own text and excludes it when asked', () => {
    const p = CORPUS[4];
    const self = rankRelated({ index, query: p, exclude: new Set() });
    expect(self[0].id).toBe(p.id);
    expect(self[0].score).toBeCloseTo(1);
    const others = rankRelated({ index, query: p, exclude: new Set([p.id]) });
    expect(others.map((r) => r.id)).not.toContain(p.id);
  });

  it('returns scores in [0, 1], sorted, with 1–3 readable shared terms', () => {
    const r = rankRelated({ index, query: queries[0], exclude: new Set() });
    expect(r.length).toBeGreaterThan(0);
    for (let i = 0; i < r.length; i++) {
      expect(r[i].score).toBeGreaterThanOrEqual(0);
      expect(r[i].score).toBeLessThanOrEqual(1);
      if (i > 0) expect(r[i].score).toBeLessThanOrEqual(r[i - 1].score);
      expect(r[i].reason.length).toBeGreaterThan(0);
      expect(r[i].reason.length).toBeLessThanOrEqual(3);
    }
    expect(r[0].reason.join(' ')).toMatch(/quantiz/);
  });

  it('says nothing is closely related for the off-topic dev query', () => {
    const offTopic = queries.find((q) => Object.keys(q.relevant).length === 0)!;
    expect(rankRelated({ index, query: offTopic, exclude: new Set() })).toEqual([]);
  });

  it('beats the TF-IDF reference (nDCG@10 0.839) on the dev set with the lexical path alone', () => {
    let total = 0;
    let n = 0;
    for (const q of queries) {
      const grades = new Map(Object.entries(q.relevant).map(([i, g]) => [CORPUS[Number(i)].id, g]));
      if (grades.size === 0) continue;
      total += ndcgAt(10, rankRelated({ index, query: q, exclude: new Set([q.arxiv_id]) }).map((r) => r.id), grades);
      n++;
    }
    expect(total / n).toBeGreaterThanOrEqual(0.85);
  });

  it('fuses a semantic signal: a paper only the embedding finds close rises', () => {
    const q = queries[0];
    const dims = 4;
    const unit = (i: number) => Float32Array.from({ length: dims }, (_, k) => (k === i ? 1 : 0));
    const target = CORPUS.findIndex((p) => p.id === '2205.13147');
    const docs = CORPUS.map((_, i) => (i === target ? unit(0) : unit(1)));
    const r = rankRelated({ index, query: q, exclude: new Set(), semantic: { query: unit(0), docs, calibration: { floor: 0.2, ceiling: 0.7 } } });
    expect(r[0].id).toBe('2205.13147');
    expect(r[0].semantic).toBe(1);
  });
});

describe('metrics', () => {
  const grades = new Map([
    ['a', 2],
    ['b', 1],
  ]);
  it('nDCG is 1 for the ideal order and lower otherwise', () => {
    expect(ndcgAt(10, ['a', 'b', 'c'], grades)).toBeCloseTo(1);
    expect(ndcgAt(10, ['c', 'b', 'a'], grades)).toBeLessThan(1);
  });
  it('recall and MRR', () => {
    expect(recallAt(1, ['b', 'a'], grades)).toBe(0.5);
    expect(reciprocalRank(['c', 'a'], grades)).toBe(0.5);
    expect(reciprocalRank(['c'], grades)).toBe(0);
  });
});
