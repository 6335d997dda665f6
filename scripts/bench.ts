/**
 * npm run bench: ranking cost on synthetic corpora (pure functions, Node), printed as a table and written
 * to bench-results/ranking.json. Medians over repeated runs with their spread; nothing here is asserted.
 * Usage: npm run bench [-- --sizes 1000,10000,100000 --runs 7]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { CORPUS } from '../utils/corpus/corpus-data';
import { buildLexicalIndex, type TextDoc } from '../utils/ranking/lexical';
import { rankRelated } from '../utils/ranking/rank';
import { normalize } from '../utils/ranking/vectors';
import { seededRandom } from './rng';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,100000' }, runs: { type: 'string', default: '7' } } });
const sizes = values.sizes!.split(',').map(Number);
const runs = Number(values.runs);


/** Papers made of the corpus' own words, with its abstract lengths, so term statistics look real. */
function syntheticCorpus(n: number): TextDoc[] {
  const words = CORPUS.flatMap((p) => `${p.title} ${p.abstract}`.split(/\s+/));
  const r = seededRandom(n);
  const pickWords = (k: number) => Array.from({ length: k }, () => words[Math.floor(r() * words.length)]).join(' ');
  return Array.from({ length: n }, (_, i) => ({ id: `${2400 + Math.floor(i / 99999)}.${String(i % 99999).padStart(5, '0')}`, title: pickWords(10), abstract: pickWords(170) }));
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}

const query = CORPUS[0];
const rows: Record<string, unknown>[] = [];
console.log(`\nRanking one paper against synthetic corpora (${runs} runs each; Node ${process.version})\n`);
console.log('| papers | build index (ms) | lexical rank (ms, median [min–max]) | fused with 384-d vectors (ms, median [min–max]) |');
console.log('|---|---|---|---|');
for (const n of sizes) {
  const docs = syntheticCorpus(n);
  const t0 = performance.now();
  const index = buildLexicalIndex(docs);
  const build = performance.now() - t0;
  const r = seededRandom(7);
  const vec = () => normalize(Float32Array.from({ length: 384 }, () => r() - 0.5));
  const semantic = { query: vec(), docs: docs.map(vec), calibration: { floor: 0.2, ceiling: 0.7 } };
  const lexical: number[] = [];
  const fused: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    rankRelated({ index, query, exclude: new Set() });
    lexical.push(performance.now() - t);
    t = performance.now();
    rankRelated({ index, query, exclude: new Set(), semantic });
    fused.push(performance.now() - t);
  }
  const l = stats(lexical);
  const f = stats(fused);
  const fmt = (x: { median: number; min: number; max: number }) => `${x.median.toFixed(1)} [${x.min.toFixed(1)}–${x.max.toFixed(1)}]`;
  console.log(`| ${n.toLocaleString('en')} | ${build.toFixed(0)} | ${fmt(l)} | ${fmt(f)} |`);
  rows.push({ papers: n, buildMs: build, lexicalMs: l, fusedMs: f });
}
const out = resolve('bench-results');
mkdirSync(out, { recursive: true });
writeFileSync(resolve(out, 'ranking.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs, rows }, null, 2)}\n`);
console.log(`\nwritten to ${resolve(out, 'ranking.json')}`);
