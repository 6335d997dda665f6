/**
 * The keyword index made fast for 100k papers (issue 16: word table, one-array pair table, typed
 * arrays per term) against the index as it was (tests/helpers/lexical-before.ts): the same term ids,
 * the same weights bit for bit, the same scores, for papers built in one go, added later, and imported.
 */
import { describe, expect, it } from 'vitest';
import { CORPUS } from '@/utils/background/corpus/corpus-data';
import * as now from '@/utils/background/ranking/lexical';
import * as before from '../helpers/lexical-before';
import { syntheticCorpus } from '../../scripts/bench/ranking';
import { devQueries, unrelatedPapers } from '../helpers/dom';
import { topByScore, topK } from '@/utils/background/ranking/vectors';
import { seededRandom } from '../../scripts/rng';

type Doc = { id: string; title: string; abstract: string };

/** Texts that take every path of the word scanner: case, digits, hyphens, apostrophes, non-ASCII, tabs. */
const ODD: Doc[] = [
  { id: '2501.00001', title: "State-of-the-Art Models' Scaling -- a Re-Examination", abstract: "We re-examine large-scale models' scaling laws (GPT-4, 2x speed-ups); it's model-agnostic - and 'quoted'." },
  { id: '2501.00002', title: 'Équivariant Graph Networks für Moleküle', abstract: 'Naïve coöperation of Schrödinger-type operators; İstanbul ΣΔ modulation, 東京 dataset, café–bar.' },
  { id: '2501.00003', title: 'Tabs\tand\nnewlines', abstract: 'Words\tsplit\r\nby white space, under_scores, e-mail, x--y, -leading and trailing- hyphens, 3d-printing ab\'s.' },
  { id: '2501.00004', title: 'Sparse attention', abstract: 'Sparse attention networks; sparse attention network; SPARSE Attention Networks.' },
];

const sample: Doc[] = [...CORPUS, ...syntheticCorpus(1500), ...ODD];
const queries: Doc[] = [...devQueries().map((q) => ({ id: q.arxiv_id, title: q.title, abstract: q.abstract })), ...unrelatedPapers().slice(0, 10).map((u) => ({ id: u.arxiv_id, title: u.title, abstract: u.abstract })), ...ODD, { id: 'q', title: 'Unseen zzzword qqqterm', abstract: 'nothing the index knows: xylophone quokka' }];

/** Everything observable of an index, with term ids spelled out. */
function sameIndex(a: now.LexicalIndex, b: before.LexicalIndex): void {
  expect(a.ids).toEqual(b.ids);
  expect(a.terms.length).toBe(b.terms.length);
  expect(a.terms).toEqual(b.terms);
  expect(Array.from(a.df.subarray(0, a.terms.length))).toEqual(b.df);
  expect(Array.from(a.idf.subarray(0, a.terms.length))).toEqual(b.idf);
  expect(a.vectors.length).toBe(b.vectors.length);
  a.vectors.forEach((v, i) => {
    expect(v.terms).toEqual(b.vectors[i].terms);
    expect(v.weights).toEqual(b.vectors[i].weights);
    expect(a.titles[i].terms).toEqual(b.titles[i].terms);
    expect(a.titles[i].weights).toEqual(b.titles[i].weights);
  });
  const ex = now.exportIndex(a);
  const old = before.exportIndex(b);
  expect(ex.surface).toEqual(old.surface);
  expect(ex.votes).toEqual(old.votes);
  expect(ex.pairA).toEqual(old.pairA);
  expect(ex.selfVotes).toEqual(old.selfVotes);
}

function sameScores(a: now.LexicalIndex, b: before.LexicalIndex): void {
  for (const q of queries) {
    const exclude = new Set([q.id]);
    const qa = now.queryVector(a, q, exclude);
    const qb = before.queryVector(b, q, exclude);
    expect(qa.terms).toEqual(qb.terms);
    expect(qa.weights).toEqual(qb.weights);
    expect(now.lexicalScores(a, qa)).toEqual(before.lexicalScores(b, qb));
    const ta = now.queryVector(a, { title: q.title, abstract: '' }, exclude);
    const tb = before.queryVector(b, { title: q.title, abstract: '' }, exclude);
    expect(now.titleScores(a, ta)).toEqual(before.titleScores(b, tb));
    expect(now.expandedScores(a, qa, exclude)).toEqual(before.expandedScores(b, qb, exclude));
    for (const i of [0, 1, 7, a.ids.length - 1]) expect(now.sharedEvidence(a, qa, a.vectors[i])).toEqual(before.sharedEvidence(b, qb, b.vectors[i]));
  }
}

describe('the keyword index against the index before issue 16', () => {
  it('builds the same index and scores, bit for bit, over the corpus, synthetic papers and odd texts', () => {
    const a = now.buildLexicalIndex(sample);
    const b = before.buildLexicalIndex(sample);
    sameIndex(a, b);
    sameScores(a, b);
  });

  it('adds papers later the same way, to a built index and to an imported one', () => {
    const extra = [...syntheticCorpus(300).map((d) => ({ ...d, id: `x${d.id}` })), ...ODD];
    const a = now.buildLexicalIndex(CORPUS);
    const b = before.buildLexicalIndex(CORPUS);
    now.addToIndex(a, extra);
    before.addToIndex(b, extra);
    sameIndex(a, b);
    sameScores(a, b);
    const ia = now.importIndex(now.decodeIndexData(now.encodeIndexData(now.exportIndex(now.buildLexicalIndex(CORPUS)))));
    const ib = before.importIndex(before.decodeIndexData(before.encodeIndexData(before.exportIndex(before.buildLexicalIndex(CORPUS)))));
    now.addToIndex(ia, extra);
    before.addToIndex(ib, extra);
    sameIndex(ia, ib);
    sameScores(ia, ib);
  });

  it('imports the data the old index exported (what a build before this change shipped)', () => {
    const data = before.exportIndex(before.buildLexicalIndex(CORPUS));
    const a = now.importIndex(data as unknown as now.IndexData);
    sameIndex(a, before.importIndex(data));
    sameScores(a, before.importIndex(data));
  });
});

describe('the shortcuts of ranking a large index', () => {
  it('scores the widened query at chosen papers exactly as over the whole index', () => {
    const index = now.buildLexicalIndex(sample);
    const at = [0, 3, 69, 70, 500, 1200, sample.length - 1, 42, 71];
    for (const q of queries) {
      const exclude = new Set([q.id]);
      const qv = now.queryVector(index, q, exclude);
      const first = now.lexicalScores(index, qv);
      const whole = now.expandedScores(index, qv, exclude).scores;
      const { feedback } = now.expandedScores(index, qv, exclude);
      const picked = [...at, ...feedback];
      expect(Array.from(now.expandedScoresAt(index, qv, exclude, first, picked))).toEqual(picked.map((i) => whole[i]));
    }
  });

  it('picks the same best items in the same order as topK with the comparator it stands for', () => {
    const r = seededRandom(16);
    for (const [n, k] of [[0, 5], [10, 0], [10, 3], [1000, 200], [5000, 200], [300, 400]]) {
      // Few distinct values: many ties, which go to the lower index.
      const score = Float64Array.from({ length: n }, () => Math.floor(r() * 20) / 4);
      const dist = Uint16Array.from({ length: n }, () => Math.floor(r() * 30));
      const keep = (i: number) => i % 7 !== 3;
      expect(topByScore(score, k, true, keep)).toEqual(topK(n, k, (a, b) => score[a] > score[b] || (score[a] === score[b] && a < b), keep));
      expect(topByScore(dist, k, false)).toEqual(topK(n, k, (a, b) => dist[a] < dist[b] || (dist[a] === dist[b] && a < b)));
    }
  });
});
