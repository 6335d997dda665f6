/**
 * npm run bench: the numbers readers feel, measured, printed as a table and written to
 * bench-results/bench.json. Medians over repeated runs with their spread; nothing here is asserted.
 * - model: a random-weight model of all-MiniLM-L6-v2's exact shape (generated, see scripts/bench/model.ts);
 * - in headless Chromium on the built extension: the embedding Worker, the panel in cases (a)–(d),
 *   first-install indexing, the Worker's memory;
 * - in Node: the same embedding work natively (the reference), and ranking over synthetic corpora.
 * - the reading list at scale (scripts/bench/library.ts): import, library page, a panel meanwhile, search
 *   after a save, export, over a generated library of --library-size entries.
 * Usage: npm run bench [-- --runs 7 --installs 3 --sizes 1000,10000,100000 --skip-browser --library-size 50000]
 *        npm run bench -- --only library [--library-dist <another build's chrome-mv3>]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS } from '../utils/background/corpus/corpus-data';
import { DEFAULT_MODEL_ID, modelInfo } from '../utils/shared/models';
import { countTokens } from './lib/node-embedder';
import { DIST } from '../tests/helpers/extension';
import { browserBench, type PanelTimings } from './bench/browser';
import { bundleSizes } from './bench/bundle';
import { ensureBenchModel } from './bench/model';
import { nodeReference } from './bench/node-reference';
import { rankingBench } from './bench/ranking';
import { fmt, fmtP95, summarize } from './bench/stats';
import { libraryBench, type LibraryTimings } from './bench/library';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    installs: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '1000,10000,100000' },
    'skip-browser': { type: 'boolean', default: false },
    'library-size': { type: 'string', default: '50000' },
    'library-dist': { type: 'string' },
    only: { type: 'string' },
  },
});
const runs = Number(values.runs);
const log = (s = '') => console.log(s);

/** The library section: targets from issue 12 beside each figure. */
async function librarySection(): Promise<LibraryTimings> {
  console.error(`… reading list of ${Number(values['library-size']).toLocaleString('en')} entries in Chromium (a few minutes)`);
  const lib = await libraryBench({ size: Number(values['library-size']), runs: Math.min(runs, 5), dist: values['library-dist'] });
  const ms = (x: number | null) => (x === null ? 'never (gave up)' : x.toFixed(0));
  log(`\n## Reading list of ${lib.size.toLocaleString('en')} entries (${lib.fileMb.toFixed(1)} MB JSON backup; ms, median [min–max])`);
  log('| step | measured | target |');
  log('|---|---|---|');
  log(`| import the backup through the library page | ${ms(lib.importMs)} | – |`);
  log(`| library page interactive (opened → first card) | ${lib.pageInteractiveMs ? fmt(lib.pageInteractiveMs) : 'never (gave up)'} | ≤ 1000 |`);
  log(`| a panel's first results while the library page loads | ${lib.panelWhileLibraryLoadsMs ? fmt(lib.panelWhileLibraryLoadsMs) : 'never (gave up)'} | ≤ 200 |`);
  log(`| search after a save (the search message) | ${lib.searchAfterSaveMs ? fmt(lib.searchAfterSaveMs) : 'n/a'} | ≤ 100 |`);
  log(`| search after a save (the page's search box → the card) | ${ms(lib.pageSearchAfterSaveMs)} | – |`);
  log(`| export the whole library as JSON | ${ms(lib.exportMs)}${lib.exportMb ? ` (${lib.exportMb.toFixed(1)} MB)` : ''} | ≤ 5000 |`);
  for (const note of lib.notes) log(`- ${note}`);
  return lib;
}

if (values.only === 'library') {
  const lib = await librarySection();
  mkdirSync(resolve('bench-results'), { recursive: true });
  writeFileSync(resolve('bench-results', 'bench-library.json'), `${JSON.stringify({ date: new Date().toISOString(), library: lib }, null, 2)}\n`);
  process.exit(0);
}
const texts = CORPUS.map((p) => `${p.title}. ${p.abstract}`);

log(`arXiv Neighbors bench — ${new Date().toISOString()} — Node ${process.version}, ${runs} runs per figure unless noted`);
const modelDir = ensureBenchModel();
const tokens = summarize(await countTokens({ modelDir, modelId: DEFAULT_MODEL_ID }, texts));
log(`model: random weights, all-MiniLM-L6-v2 shape, q8; corpus texts are ${fmt(tokens)} tokens (median [range]), embedded up to ${modelInfo(DEFAULT_MODEL_ID).maxTokens}\n`);

const step = (what: string) => console.error(`… ${what}`);
step('Node reference');
const node = await nodeReference(modelDir, DEFAULT_MODEL_ID, texts, { cold: 3, one: Math.max(20, runs * 3), batch: 3 });
step('Chromium: first installs, the Worker, the panel (a few minutes)');
const browser = values['skip-browser'] ? null : await browserBench(modelDir, runs, Number(values.installs));
step('ranking synthetic corpora (the 100k index takes a minute or two to build)');
const bundle = bundleSizes(DIST);
const ranking = rankingBench(values.sizes!.split(',').map(Number), runs);

const ratio = browser ? browser.worker.oneMs.median / node.oneMs.median : null;
log('## Embedding (ms; median [min–max], or p50 / p95)');
const w = browser?.worker;
const w1 = browser?.workerOneThread;
log(`| | extension Worker, WASM ${browser?.threads ?? '?'} threads (as shipped) | same, 1 thread | Node reference (onnxruntime-node) |`);
log('|---|---|---|---|---|');
log(`| cold start: worker start → first embedding, model cached | ${fmt(w?.coldStartMs)} | ${fmt(w1?.coldStartMs)} | ${fmt(node.coldStartMs)} |`);
log(`| first start of a fresh profile, model over loopback | ${w ? w.firstDownloadMs.toFixed(0) : 'n/a'} | – | – |`);
log(`| one abstract, p50 / p95 | ${fmtP95(w?.oneMs)} | ${fmtP95(w1?.oneMs)} | ${fmtP95(node.oneMs)} |`);
log(`| 70 abstracts in one request (extension: one text per inference; Node: batches of 16) | ${fmt(w?.batch70Ms)} | ${fmt(w1?.batch70Ms)} | ${fmt(node.batch70Ms)} |`);
log(`| Worker heap with the model loaded (MB, Chromium's accounting) | ${w?.workerMemoryMb?.toFixed(0) ?? 'n/a'} | ${w1?.workerMemoryMb?.toFixed(0) ?? 'n/a'} | – |`);
log(`\none abstract, extension ÷ native: ${ratio ? `${ratio.toFixed(1)}×` : 'n/a'}`);

if (browser) {
  const row = (name: string, p: PanelTimings) => log(`| ${name} | ${fmt(p.firstMs)} | ${fmt(p.semanticMs)} | ${p.longestTaskMs.toFixed(0)} |`);
  log('\n## Panel on an abstract page (ms after DOMContentLoaded; median [min–max])');
  log('| case | first results | semantic results | longest main-thread task (ms, 0 = none > 50) |');
  log('|---|---|---|---|');
  row('(a) paper never seen, model warm', browser.panel.unseen);
  row('(b) paper seen before', browser.panel.seen);
  row('(c) after the service worker was stopped', browser.panel.afterStop);
  row('(d) model not yet downloaded (keyword only)', browser.panel.modelNotDownloaded);
  log(`\ncorpus indexing on first install (first page → 70 papers embedded, incl. model download and load): ${fmt(browser.firstInstallIndexingMs)} ms`);
  log(`texts re-embedded after ${runs} service-worker stops: ${browser.reembeddedAfterStop}`);
}

log('\n## Ranking one paper (Node, pure function; ms, median [min–max])');
log('| papers | build index | calibrate (backgrounds) | lexical | fused with 384-d vectors |');
log('|---|---|---|---|---|');
for (const r of ranking) log(`| ${r.papers.toLocaleString('en')} | ${r.buildMs.toFixed(0)} | ${r.calibrateMs.toFixed(0)} | ${fmt(r.lexicalMs, 1)} | ${fmt(r.fusedMs, 1)} |`);

log('\n## Bundle');
log(`content script ${bundle.contentScriptKb.toFixed(1)} kB (${bundle.contentScriptGzipKb.toFixed(1)} kB gzipped); extension without the model runtime ${(bundle.extensionWithoutModelKb / 1024).toFixed(2)} MB; onnxruntime wasm ${(bundle.ortWasmKb / 1024).toFixed(1)} MB`);

const library = values['skip-browser'] ? null : await librarySection();

const out = resolve('bench-results');
mkdirSync(out, { recursive: true });
writeFileSync(resolve(out, 'bench.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs, tokens, embedding: { node, browser: browser?.worker ?? null, threads: browser?.threads ?? null, browserOneThread: browser?.workerOneThread ?? null, ratio }, panel: browser?.panel ?? null, firstInstallIndexingMs: browser?.firstInstallIndexingMs ?? null, reembeddedAfterStop: browser?.reembeddedAfterStop ?? null, ranking, bundle, library }, null, 2)}\n`);
log(`\nwritten to ${resolve(out, 'bench.json')}`);
