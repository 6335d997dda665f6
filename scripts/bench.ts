/**
 * npm run bench: the numbers readers feel, measured, printed as a table and written to
 * bench-results/bench.json. Medians over repeated runs with their spread; nothing here is asserted.
 * - model: a random-weight model of all-MiniLM-L6-v2's exact shape (generated, see scripts/bench/model.ts);
 * - in headless Chromium on the built extension: the embedding Worker, the panel in cases (a)–(d),
 *   first-install indexing, the Worker's memory;
 * - in Node: the same embedding work natively (the reference), and ranking over synthetic corpora.
 * - the reading list at scale (scripts/bench/library.ts): import, library page, a panel meanwhile, search
 *   after a save, export, over a generated library of --library-size entries.
 * Usage: npm run bench [-- --runs 7 --installs 3 --sizes 1000,10000,100000 --skip-browser --skip-library --library-size 50000]
 *        npm run bench -- --only library [--library-dist <another build's chrome-mv3>]
 *        npm run bench -- --only long-tasks --installs 50 (fresh profiles: ours against the page's own)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS } from '../utils/background/corpus/corpus-data';
import { DEFAULT_MODEL_ID, modelInfo } from '../utils/shared/models';
import { countTokens, createNodeEmbedder } from './lib/node-embedder';
import { performance } from 'node:perf_hooks';
import { DIST } from '../tests/helpers/extension';
import { browserBench, freshLongTasks, type LongTask, type PanelTimings } from './bench/browser';
import { bundleSizes } from './bench/bundle';
import { ensureBenchModel } from './bench/model';
import { nodeReference } from './bench/node-reference';
import { rankingBench } from './bench/ranking';
import { fmt, fmtP95, summarize, type Summary } from './bench/stats';
import { libraryBench, type LibraryTimings } from './bench/library';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    installs: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '1000,10000,100000' },
    'skip-browser': { type: 'boolean', default: false },
    'skip-library': { type: 'boolean', default: false },
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
if (values.only === 'long-tasks') {
  const installs = Number(values.installs);
  const { ours, alone } = await freshLongTasks(installs);
  log(`Long tasks over 50 ms on the first page of a fresh profile, ${installs} visits each — ${new Date().toISOString()}`);
  for (const [name, p] of [['with the extension (model not downloaded)', ours], ['with an extension that does nothing', alone]] as const) {
    const list = p.longTasks.map((t) => `${t.durationMs.toFixed(0)} ms at ${t.startMs.toFixed(0)} ms`).join(', ');
    log(`- ${name}: ${p.longTasks.length}${list ? ` (${list} after the document's creation)` : ''}`);
  }
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
step('Chromium: first installs, the Worker (beside the native model), the panel (a few minutes)');
// The native side of the Worker's pairs: one model loaded for the whole browser run.
const nativeEmbedder = await createNodeEmbedder({ modelDir, modelId: DEFAULT_MODEL_ID });
const nativeOne = async (t: string) => {
  const t0 = performance.now();
  await nativeEmbedder.embed([t]);
  return performance.now() - t0;
};
const browser = values['skip-browser'] ? null : await browserBench(modelDir, runs, Number(values.installs), nativeOne);
await nativeEmbedder.dispose();
step('ranking synthetic corpora (the 100k index is built three times)');
const bundle = bundleSizes(DIST);
const ranking = rankingBench(values.sizes!.split(',').map(Number), runs);

/** A ratio's median and range, e.g. "3.1× [2.8–3.9]". */
const fmtRatio = (x: Summary | null | undefined) => (x && x.n ? `${x.median.toFixed(1)}× [${x.min.toFixed(1)}–${x.max.toFixed(1)}]` : 'n/a');
const ratio = browser?.worker.ratioToNative ?? null;
log('## Embedding (ms; median [min–max], or p50 / p95)');
const w = browser?.worker;
const w1 = browser?.workerOneThread;
log(`| | extension Worker, WASM ${browser?.threads ?? '?'} threads (as shipped) | same, 1 thread | Node reference (onnxruntime-node) |`);
log('|---|---|---|---|');
log(`| cold start: worker start → first embedding, model cached | ${fmt(w?.coldStartMs)} | ${fmt(w1?.coldStartMs)} | ${fmt(node.coldStartMs)} |`);
log(`| first start of a fresh profile, model over loopback | ${w ? w.firstDownloadMs.toFixed(0) : 'n/a'} | – | – |`);
log(`| one abstract, median [min–max] | ${fmt(w?.oneMs)} | ${fmt(w1?.oneMs)} | ${fmt(node.oneMs)} |`);
log(`| one abstract, p50 / p95 | ${fmtP95(w?.oneMs)} | ${fmtP95(w1?.oneMs)} | ${fmtP95(node.oneMs)} |`);
log(`| one abstract natively, each right after the Worker's (the pairs below) | ${fmt(w?.nativeOneMs)} | – | – |`);
log(`| 70 abstracts in one request (extension: one text per inference; Node: batches of 16) | ${fmt(w?.batch70Ms)} | ${fmt(w1?.batch70Ms)} | ${fmt(node.batch70Ms)} |`);
log(`| Worker heap with the model loaded (MB, Chromium's accounting) | ${w?.workerMemoryMb?.toFixed(0) ?? 'n/a'} | ${w1?.workerMemoryMb?.toFixed(0) ?? 'n/a'} | – |`);
log(`\none abstract, extension ÷ native, pair by pair in this run (${ratio?.n ?? 0} pairs): ${fmtRatio(ratio)}`);
log(`cold ÷ warm in this run: Worker cold start ÷ one abstract ${w ? `${w.coldOverWarm.toFixed(1)}×` : 'n/a'}; native ${(node.coldStartMs.median / node.oneMs.median).toFixed(1)}×`);

if (browser) {
  /** "0 · none in 5 visits", or "57 · 1 task in 5 visits". */
  const tasks = (p: { longestTaskMs: number; longTasks: LongTask[]; visits: number }) => {
    const n = p.longTasks.length;
    return `${p.longestTaskMs.toFixed(0)} · ${n ? `${n} task${n === 1 ? '' : 's'}` : 'none'} in ${p.visits} visits`;
  };
  const row = (name: string, p: PanelTimings) => log(`| ${name} | ${fmt(p.firstMs)} | ${fmt(p.semanticMs)} | ${tasks(p)} |`);
  log('\n## Panel on an abstract page (ms after DOMContentLoaded; median [min–max])');
  log('| case | first results | semantic results | longest main-thread task (ms, 0 = none > 50) · tasks over 50 ms |');
  log('|---|---|---|---|');
  row('(a) paper never seen, model warm', browser.panel.unseen);
  row('(b) paper seen before', browser.panel.seen);
  row('(c) after the service worker was stopped', browser.panel.afterStop);
  row('(d) fresh install, model not yet downloaded (keyword only)', browser.panel.modelNotDownloaded);
  row('(e) fresh install, model downloading and loading (semantic: its first list)', browser.panel.firstInstall);
  log(`| (a)–(c)'s pages with an extension that does nothing (the page's own tasks) | – | – | ${tasks(browser.pageAlone)} |`);
  log(`| (d)–(e)'s pages, each the first of a new browser and profile, with an extension that does nothing | – | – | ${tasks(browser.pageAloneFresh)} |`);
  const cases: [string, { longTasks: LongTask[] }][] = [
    ['(a)', browser.panel.unseen],
    ['(b)', browser.panel.seen],
    ['(c)', browser.panel.afterStop],
    ['(d)', browser.panel.modelNotDownloaded],
    ['(e)', browser.panel.firstInstall],
    ['page alone', browser.pageAlone],
    ['page alone, fresh profile', browser.pageAloneFresh],
  ];
  // When each began: before the document existed it is the browser's navigation (no script of the page or the extension has run yet).
  const when = (t: LongTask) => (t.startMs < 0 ? `began ${(-t.startMs).toFixed(0)} ms before the page's document existed (the navigation)` : `began ${t.startMs.toFixed(0)} ms after the page's document was created`);
  for (const [name, p] of cases) for (const t of p.longTasks) log(`long task in ${name}: ${t.durationMs.toFixed(0)} ms, ${when(t)}`);
  log(`\n(c) ÷ (b), first results of the same paper just after and just before a stop, pair by pair: ${fmtRatio(browser.coldOverWarmPanel)}`);
  log(`fresh install → first semantic results on the first page (incl. model download and load): ${fmt(browser.firstInstallSemanticMs)} ms`);
  log(`corpus indexing on first install (first page → 70 papers embedded, incl. model download and load): ${fmt(browser.firstInstallIndexingMs)} ms`);
  log(`texts re-embedded after ${runs} service-worker stops: ${browser.reembeddedAfterStop}`);
}

log('\n## Ranking one paper (Node, pure function; ms, median [min–max])');
log('| papers | build index | join the shipped index (addToIndex) | calibrate (backgrounds) | lexical | fused with 384-d vectors |');
log('|---|---|---|---|---|---|');
for (const r of ranking) log(`| ${r.papers.toLocaleString('en')} | ${fmt(r.buildMs)} | ${r.addToShippedMs.toFixed(0)} | ${r.calibrateMs.toFixed(0)} | ${fmt(r.lexicalMs, 1)} | ${fmt(r.fusedMs, 1)} |`);

log('\n## Bundle');
log(`content script ${bundle.contentScriptKb.toFixed(1)} kB (${bundle.contentScriptGzipKb.toFixed(1)} kB gzipped), wake-up script at document_start ${bundle.wakeScriptKb.toFixed(1)} kB; extension without the model runtime ${(bundle.extensionWithoutModelKb / 1024).toFixed(2)} MB; onnxruntime wasm ${(bundle.ortWasmKb / 1024).toFixed(1)} MB`);

// The figures of issue 16, each against its goal.
const size = (n: number) => ranking.find((r) => r.papers === n);
const goal = (ok: boolean | null) => (ok === null ? '–' : ok ? 'met' : 'not met');
const p = browser?.panel;
const semanticAfterLoad = browser?.firstInstallSemanticMs && w ? browser.firstInstallSemanticMs.median - w.firstDownloadMs : null;
log('\n## Issue 16 figures (median [min–max] of this run)');
log('| figure | measured | goal | |');
log('|---|---|---|---|');
log(`| first results, paper never seen / seen before (ms) | ${fmt(p?.unseen.firstMs)} / ${fmt(p?.seen.firstMs)} | ≤ 100 | ${goal(p ? p.unseen.firstMs.median <= 100 && p.seen.firstMs.median <= 100 : null)} |`);
log(`| first results after the service worker was stopped (ms) | ${fmt(p?.afterStop.firstMs)} | ≤ 100 | ${goal(p ? p.afterStop.firstMs.median <= 100 : null)} |`);
log(`| first results on a fresh install, model not downloaded (ms) | ${fmt(p?.modelNotDownloaded.firstMs)} | ≤ 100 | ${goal(p ? p.modelNotDownloaded.firstMs.median <= 100 : null)} |`);
log(`| semantic results, unseen paper, model warm (ms) | ${fmt(p?.unseen.semanticMs)} | ≤ 200 | ${goal(p?.unseen.semanticMs ? p.unseen.semanticMs.median <= 200 : null)} |`);
log(`| fresh install → first semantic results on the first page (ms; after the model has loaded: minus the Worker's first start of a fresh profile, ${w ? w.firstDownloadMs.toFixed(0) : 'n/a'} ms) | ${fmt(browser?.firstInstallSemanticMs)}; ≈ ${semanticAfterLoad?.toFixed(0) ?? 'n/a'} after load | ≤ 4000 after load | ${goal(semanticAfterLoad === null ? null : semanticAfterLoad <= 4000)} |`);
log(`| one abstract in the extension's Worker ÷ native, pair by pair | ${fmtRatio(ratio)} | ≤ 2.5× in every run | ${goal(ratio ? ratio.median <= 2.5 : null)} |`);
log(`| keyword index build, 10k / 100k papers (ms) | ${fmt(size(10_000)?.buildMs)} / ${fmt(size(100_000)?.buildMs)} | ≤ 500 / ≤ 5000 | ${goal(size(10_000) && size(100_000) ? size(10_000)!.buildMs.median <= 500 && size(100_000)!.buildMs.median <= 5000 : null)} |`);
log(`| ranking 100k papers, lexical / fused (ms) | ${fmt(size(100_000)?.lexicalMs, 1)} / ${fmt(size(100_000)?.fusedMs, 1)} | ≤ 10 fused | ${goal(size(100_000) ? size(100_000)!.fusedMs.median <= 10 : null)} |`);
log(`| cold ÷ warm: (c) ÷ (b) first results; Worker cold start ÷ one abstract | ${fmtRatio(browser?.coldOverWarmPanel)}; ${w ? `${w.coldOverWarm.toFixed(1)}×` : 'n/a'} | – | |`);

const library = values['skip-browser'] || values['skip-library'] ? null : await librarySection();

const out = resolve('bench-results');
mkdirSync(out, { recursive: true });
writeFileSync(resolve(out, 'bench.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs, tokens, embedding: { node, browser: browser?.worker ?? null, threads: browser?.threads ?? null, browserOneThread: browser?.workerOneThread ?? null, ratio }, panel: browser?.panel ?? null, coldOverWarmPanel: browser?.coldOverWarmPanel ?? null, firstInstallSemanticMs: browser?.firstInstallSemanticMs ?? null, firstInstallIndexingMs: browser?.firstInstallIndexingMs ?? null, reembeddedAfterStop: browser?.reembeddedAfterStop ?? null, ranking, bundle, library }, null, 2)}\n`);
log(`\nwritten to ${resolve(out, 'bench.json')}`);
