/**
 * Ranking cost on synthetic corpora (pure functions, Node): index build, lexical ranking, and fused
 * ranking with 384-d vectors, for one query paper.
 */
import { performance } from 'node:perf_hooks';
import { CORPUS } from '../../utils/background/corpus/corpus-data';
import { CORPUS_VERSION } from '../../utils/background/corpus/corpus-data';
import { addToIndex, buildLexicalIndex, type LexicalIndex, type TextDoc } from '../../utils/background/ranking/lexical';
import { shipCorpus, shippedIndex } from '../../utils/background/corpus/shipped-index';
import { calibrate, rankRelated } from '../../utils/background/ranking/rank';
import { normalize, packSigns } from '../../utils/background/ranking/vectors';
import { seededRandom } from '../rng';
import { summarize, type Summary } from './stats';

/** Papers made of the corpus' own words, with its abstract lengths, so term statistics look real. */
export function syntheticCorpus(n: number): TextDoc[] {
  const words = CORPUS.flatMap((p) => `${p.title} ${p.abstract}`.split(/\s+/));
  const r = seededRandom(n);
  const pickWords = (k: number) => Array.from({ length: k }, () => words[Math.floor(r() * words.length)]).join(' ');
  return Array.from({ length: n }, (_, i) => ({ id: `${2400 + Math.floor(i / 99999)}.${String(i % 99999).padStart(5, '0')}`, title: pickWords(10), abstract: pickWords(170) }));
}

export interface RankingRow {
  papers: number;
  /** Building the index of the papers in one go (buildLexicalIndex). */
  buildMs: Summary;
  /** The same papers joining the shipped corpus index (addToIndex: what saved papers do at run time), once. */
  addToShippedMs: number;
  /** Measuring the keyword and semantic backgrounds of the set (once per set and model). */
  calibrateMs: number;
  lexicalMs: Summary;
  fusedMs: Summary;
}

/** Times ranking one corpus paper against `n` synthetic papers, `runs` times per size (builds: fewer as they grow). */
export function rankingBench(sizes: number[], runs: number): RankingRow[] {
  const query = CORPUS[0];
  const shipped = shipCorpus(CORPUS, CORPUS_VERSION);
  return sizes.map((n) => {
    const docs = syntheticCorpus(n);
    const builds: number[] = [];
    let index: LexicalIndex | null = null;
    for (let k = 0; k < (n >= 100_000 ? 3 : n >= 10_000 ? 5 : runs); k++) {
      index = null;
      const t0 = performance.now();
      index = buildLexicalIndex(docs);
      builds.push(performance.now() - t0);
    }
    if (!index) throw new Error('no build');
    const buildMs = summarize(builds);
    let added: LexicalIndex | null = shippedIndex(shipped);
    const ta = performance.now();
    addToIndex(added, docs);
    const addToShippedMs = performance.now() - ta;
    added = null;
    const r = seededRandom(7);
    const vec = () => normalize(Float32Array.from({ length: 384 }, () => r() - 0.5));
    const vectors = docs.map(vec);
    const semantic = { query: vec(), docs: vectors, codes: packSigns(vectors, 384) };
    const t1 = performance.now();
    const calibration = calibrate(index, docs, vectors);
    const calibrateMs = performance.now() - t1;
    const lexical: number[] = [];
    const fused: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      rankRelated({ index, query, exclude: new Set(), calibration });
      lexical.push(performance.now() - t);
      t = performance.now();
      rankRelated({ index, query, exclude: new Set(), calibration, semantic });
      fused.push(performance.now() - t);
    }
    return { papers: n, buildMs, addToShippedMs, calibrateMs, lexicalMs: summarize(lexical), fusedMs: summarize(fused) };
  });
}
