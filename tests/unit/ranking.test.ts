import { describe, expect, it } from 'vitest';
import { CORPUS } from '@/utils/corpus/corpus-data';
import { buildLexicalIndex } from '@/utils/ranking/lexical';
import { rankRelated } from '@/utils/ranking/rank';
import { ndcgAt, recallAt, reciprocalRank } from '@/utils/ranking/metrics';
import { stem, terms } from '@/utils/ranking/tokenize';
import { hammingDistances, normalize, packSigns, topK } from '@/utils/ranking/vectors';
import { seededRandom } from '../../scripts/rng';
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
    const t = terms('Product quantization for the search of vectors');
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

describe('ranking large indexes', () => {
  const rand = seededRandom(11);
  const unitVec = (dims: number, around?: Float32Array, noise = 1) =>
    normalize(Float32Array.from({ length: dims }, (_, d) => (around ? around[d] : 0) + noise * (rand() - 0.5)));

  it('topK equals a full sort, ties included', () => {
    const scores = Array.from({ length: 2000 }, () => Math.floor(rand() * 50));
    const better = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && a < b);
    const full = scores.map((_, i) => i).sort((a, b) => (better(a, b) ? -1 : 1));
    expect(topK(scores.length, 25, better)).toEqual(full.slice(0, 25));
    expect(topK(3, 10, better)).toEqual(full.filter((i) => i < 3));
  });

  it('Hamming distances of sign codes follow the angle between vectors', () => {
    const q = unitVec(384);
    const near = unitVec(384, q, 0.3);
    const far = unitVec(384);
    const codes = packSigns([near, far, null], 384);
    const [dNear, dFar, dMissing] = hammingDistances(codes, packSigns([q], 384));
    expect(dNear).toBeLessThan(dFar);
    expect(dFar).toBeGreaterThan(120);
    expect(dMissing).toBeGreaterThan(0);
  });

  it('with sign codes, a 20k-paper index returns the same top 10 as exact scoring', () => {
    const n = 20_000;
    const docs = Array.from({ length: n }, (_, i) => ({ id: `2401.${String(i).padStart(5, '0')}`, title: `paper ${i}`, abstract: i % 97 === 0 ? 'sparse retrieval with learned quantization' : 'unrelated words here' }));
    const big = buildLexicalIndex(docs);
    const query = unitVec(384);
    // A few hundred papers near the query in embedding space, the rest random.
    const vectors = docs.map((_, i) => (i % 50 === 0 ? unitVec(384, query, 0.15 + (i % 7) * 0.05) : unitVec(384)));
    const calibration = { floor: 0.2, ceiling: 0.7 };
    const q = { title: 'learned quantization', abstract: 'sparse retrieval' };
    const exact = rankRelated({ index: big, query: q, exclude: new Set(), semantic: { query, docs: vectors, calibration } });
    const coded = rankRelated({ index: big, query: q, exclude: new Set(), semantic: { query, docs: vectors, calibration, codes: packSigns(vectors, 384) } });
    expect(exact).toHaveLength(10);
    expect(coded.map((r) => r.id)).toEqual(exact.map((r) => r.id));
    // Keywords alone on a large index: the best keyword matches, as with a full scan.
    const lexical = rankRelated({ index: big, query: q, exclude: new Set() });
    expect(lexical.length).toBeGreaterThan(0);
    expect(lexical.every((r) => Number(r.id.split('.')[1]) % 97 === 0)).toBe(true);
  });
});
