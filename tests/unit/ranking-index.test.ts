/**
 * The keyword index made fast for 100k papers (issue 16: word table, one-array pair table, typed
 * arrays per term) against the index as it was: digests of everything observable (term ids, weights
 * bit for bit, exported data, scores) recorded from the old code, for papers built in one go, added
 * later, and imported.
 */
import { describe, expect, it } from 'vitest';
import { CORPUS } from '@/utils/background/corpus/corpus-data';
import { createHash } from 'node:crypto';
import * as now from '@/utils/background/ranking/lexical';
import { addToIndex, buildLexicalIndex, decodeIndexData, encodeIndexData, exportIndex, expandedScores, importIndex, lexicalScores, queryVector, sharedEvidence, titleScores, type LexicalIndex } from '@/utils/background/ranking/lexical';
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

/** A SHA-256 of any value: numbers as their 8 bytes, typed arrays as their elements, keys in order. */
function digest(value: unknown): string {
  const h = createHash('sha256');
  const num = new Float64Array(1);
  const walk = (v: unknown): void => {
    if (typeof v === 'number') {
      num[0] = v;
      h.update('n').update(new Uint8Array(num.buffer));
    } else if (typeof v === 'string') h.update(`s${v.length}:`).update(v);
    else if (typeof v === 'boolean' || v === null || v === undefined) h.update(`v${String(v)}`);
    // A typed array counts as the array of its numbers (the index before used plain arrays).
    else if (ArrayBuffer.isView(v)) walk(Array.from(v as unknown as ArrayLike<number>));
    else if (Array.isArray(v) || v instanceof Set) {
      const items = [...(v as Iterable<unknown>)];
      h.update(`a${items.length}`);
      items.forEach(walk);
    } else if (v instanceof Map) walk([...v.entries()]);
    else if (typeof v === 'object') {
      for (const k of Object.keys(v as object).sort()) {
        h.update(`k${k}`);
        walk((v as Record<string, unknown>)[k]);
      }
    }
  };
  walk(value);
  return h.digest('hex');
}

/** Everything observable of an index (ids, terms, df, idf, vectors, titles, its exported data), then its scores for every query. */
function observe(index: LexicalIndex) {
  const n = index.terms.length;
  const shape = {
    ids: index.ids,
    terms: index.terms,
    df: Array.from(index.df).slice(0, n),
    idf: Array.from(index.idf).slice(0, n),
    vectors: index.vectors.map((v) => [Array.from(v.terms), Array.from(v.weights)]),
    titles: index.titles.map((v) => [Array.from(v.terms), Array.from(v.weights)]),
    exported: (({ surface, votes, pairA, selfVotes }) => ({ surface, votes, pairA, selfVotes }))(exportIndex(index)),
  };
  const scores = queries.map((q) => {
    const exclude = new Set([q.id]);
    const qv = queryVector(index, q, exclude);
    const tv = queryVector(index, { title: q.title, abstract: '' }, exclude);
    return {
      query: [Array.from(qv.terms), Array.from(qv.weights)],
      lexical: Array.from(lexicalScores(index, qv)),
      title: Array.from(titleScores(index, tv)),
      expanded: expandedScores(index, qv, exclude),
      shared: [0, 1, 7, index.ids.length - 1].map((i) => sharedEvidence(index, qv, index.vectors[i])),
    };
  });
  return { index: digest(shape), scores: digest(scores) };
}

/**
 * What the index before issue 16 gave for the same inputs (its code, run once on 2026-12-02; the word
 * table, pair table and typed arrays of issue 16 must not change a bit of it).
 */
const BEFORE = {
  built: { index: 'edc08d6bf236e383bf267df35c4cd50a54ec07626f897871f3c013cfae90be62', scores: '5bfefe08e63d279f3da05b332327a2cc4fbe0ee7f4b1a402a046258c7d8c5f49' },
  added: { index: 'd2d06fc4f66bd2bf5a464a98852ddad85990410d3a6045bcdd005f1a2cbcb91a', scores: 'eddded86cbd6bb6a36a92f3b71bf4669ab792133be88e42bd69b5b72bd18f2fa' },
  imported: { index: 'd2d06fc4f66bd2bf5a464a98852ddad85990410d3a6045bcdd005f1a2cbcb91a', scores: 'eddded86cbd6bb6a36a92f3b71bf4669ab792133be88e42bd69b5b72bd18f2fa' },
};
const extra = () => [...syntheticCorpus(300).map((d) => ({ ...d, id: `x${d.id}` })), ...ODD];

describe('the keyword index against the index before issue 16', () => {
  it('builds the same index and scores, bit for bit, over the corpus, synthetic papers and odd texts', () => {
    expect(observe(buildLexicalIndex(sample))).toEqual(BEFORE.built);
  });

  it('adds papers later the same way, to a built index and to an imported one', () => {
    const built = buildLexicalIndex(CORPUS);
    addToIndex(built, extra());
    expect(observe(built)).toEqual(BEFORE.added);
    const imported = importIndex(decodeIndexData(encodeIndexData(exportIndex(buildLexicalIndex(CORPUS)))));
    addToIndex(imported, extra());
    expect(observe(imported)).toEqual(BEFORE.imported);
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
