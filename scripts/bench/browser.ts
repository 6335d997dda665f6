/**
 * Measurements in headless Chromium on the built extension (.output/chrome-mv3), with the benchmark
 * model served at the hub's URL layout from 127.0.0.1 and arXiv pages routed to fixtures:
 * the embedding Worker itself (cold start, one abstract, a batch of 70, memory), the panel on abstract
 * pages (DOMContentLoaded → first results, → semantic results, long tasks), and first-install indexing.
 * Over 300 lines: one Chromium session per measurement kind, each with its setup beside what it times.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { cpus, tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { DEFAULT_MODEL_ID, modelInfo } from '../../utils/shared/models';
import { ORT_WASM_PATH } from '../../utils/background/embedding/ort';
import type { ModelConfig } from '../../utils/model/types';
import { DIST, launchExtension, openExtensionPage, stopServiceWorkers, type ExtensionSession } from '../../tests/helpers/extension';
import { startModelServer } from '../../tests/helpers/model-server';
import { pageWithPaper } from '../../tests/helpers/fixture-pages';
import { until } from '../../tests/helpers/wait';
import { SURFACE, handRootToPage } from '../../tests/helpers/closed-root';
import { CORPUS } from '../../utils/background/corpus/corpus-data';
import { summarize, type Summary } from './stats';
import type { EmbedTimings } from './node-reference';

export interface WorkerTimings extends EmbedTimings {
  /** First cold start of a fresh profile: the model comes over the (loopback) network. */
  firstDownloadMs: number;
  /** The Worker's heap (JS + WASM) with the model loaded, as Chromium accounts it (MB). */
  workerMemoryMb: number | null;
  /** The same abstracts natively, each right after the Worker's (null: not measured). */
  nativeOneMs: Summary | null;
  /** Worker ÷ native, pair by pair. */
  ratioToNative: Summary | null;
  /** Median cold start ÷ median warm abstract, both of this run. */
  coldOverWarm: number;
}

export interface PanelTimings {
  /** DOMContentLoaded → first results (keyword or better) in the panel. */
  firstMs: Summary;
  /** DOMContentLoaded → "topic and shared words" in the panel (when it came). */
  semanticMs: Summary | null;
  /** Longest task on the page's main thread while the panel loaded (0: none over 50 ms). */
  longestTaskMs: number;
  /** Every task over 50 ms: its length and when it began, in ms after the page's document was created (negative: before). */
  longTasks: LongTask[];
  visits: number;
}

export interface PageAlone {
  longestTaskMs: number;
  longTasks: LongTask[];
  visits: number;
}

export interface LongTask {
  durationMs: number;
  startMs: number;
}

export interface BrowserResults {
  /** With the threads the extension uses (the cores, up to 4; cross-origin isolated pages). */
  worker: WorkerTimings;
  threads: number;
  /** The same on one thread, to show what threads buy. */
  workerOneThread: WorkerTimings;
  panel: { unseen: PanelTimings; seen: PanelTimings; afterStop: PanelTimings; modelNotDownloaded: PanelTimings; firstInstall: PanelTimings };
  /** The same pages in the same browser with an extension that does nothing: the page's own long tasks. */
  pageAlone: PageAlone;
  /** The same, each page the first of a fresh profile (a new browser), as in the first-install cases. */
  pageAloneFresh: PageAlone;
  /** First install: first arXiv page → every corpus paper embedded (includes the model download and load). */
  firstInstallIndexingMs: Summary;
  /** First install: the first page's DOMContentLoaded → its semantic results (includes the model download and load). */
  firstInstallSemanticMs: Summary | null;
  /** (c) ÷ (b) first results, pair by pair: the same paper just before and just after a stop. */
  coldOverWarmPanel: Summary;
  /** Texts the corpus re-embedded after the service worker was stopped (should be 0). */
  reembeddedAfterStop: number;
}

const text = (p: { title: string; abstract: string }) => `${p.title}. ${p.abstract}`;

/** One abstract embedded natively (onnxruntime-node), in ms: measured between the Worker's, side by side. */
export type NativeOne = (text: string) => Promise<number>;

/**
 * Runs the built extension's embedding Worker directly from an extension page (same origin, same code).
 * With `native`, each warm abstract in the Worker is followed by the same abstract natively, so the
 * ratio is taken pair by pair within this run (a noisy machine slows both sides of a pair alike).
 */
export async function measureWorker(ext: ExtensionSession, modelHost: string, runs: { cold: number; one: number; batch: number }, threads = 1, native?: NativeOne, dtype?: 'q8' | 'fp32'): Promise<WorkerTimings> {
  const workerFile = readdirSync(join(DIST, 'assets')).find((f) => /^embed\.worker-.*\.js$/.test(f));
  if (!workerFile) throw new Error('embed.worker chunk not found in the build');
  const origin = `chrome-extension://${ext.extensionId}`;
  const info = modelInfo(DEFAULT_MODEL_ID);
  const config: ModelConfig = { modelId: info.id, dtype: dtype ?? info.dtype, pooling: info.pooling, maxTokens: info.maxTokens, remoteHost: modelHost, wasmUrl: `${origin}${ORT_WASM_PATH}`, threads, localPath: null };
  const page = await openExtensionPage(ext, 'library.html');
  // tsx keeps function names through a `__name` helper that the page lacks.
  await page.evaluate('globalThis.__name = (f) => f');
  const texts = CORPUS.map(text);
  type BenchGlobal = { benchWorker?: Worker; benchCall?: (t: string[]) => Promise<number> };
  /** A new Worker, timed from its creation to its first embedding (the cold start). */
  const start = () =>
    page.evaluate(
      async ({ url, config, first }) => {
        const g = globalThis as unknown as BenchGlobal;
        g.benchWorker?.terminate();
        const t0 = performance.now();
        const w = new Worker(url, { type: 'module' });
        g.benchWorker = w;
        let id = 0;
        g.benchCall = (t: string[]) =>
          new Promise<number>((resolve, reject) => {
            const mine = ++id;
            const begun = performance.now();
            const on = (ev: MessageEvent<{ id?: number; type: string; message?: string }>) => {
              if (ev.data.id !== mine) return;
              w.removeEventListener('message', on);
              if (ev.data.type === 'result') resolve(performance.now() - begun);
              else reject(new Error(ev.data.message));
            };
            w.addEventListener('message', on);
            w.postMessage({ id: mine, type: 'embed', config, texts: t });
          });
        await g.benchCall([first]);
        return performance.now() - t0;
      },
      { url: `${origin}/assets/${workerFile}`, config, first: texts[0] },
    );
  const call = (t: string[]) => page.evaluate((t) => (globalThis as unknown as BenchGlobal).benchCall!(t), t);

  const firstDownloadMs = await start();
  const cold: number[] = [];
  for (let i = 0; i < runs.cold; i++) cold.push(await start());
  const one: number[] = [];
  const nativeOne: number[] = [];
  const ratios: number[] = [];
  // Both sides warm before the pairs: a first call of each, not counted.
  await call([texts[1]]);
  if (native) await native(texts[1]);
  for (let i = 0; i < runs.one; i++) {
    const t = texts[(i + 1) % texts.length];
    const w = await call([t]);
    one.push(w);
    if (native) {
      const n = await native(t);
      nativeOne.push(n);
      ratios.push(w / n);
    }
  }
  const batch: number[] = [];
  for (let i = 0; i < runs.batch; i++) batch.push(await call(texts));
  // Memory: the browser's own per-context accounting (cross-origin isolated pages only): the Worker's JS and WASM
  // heap. With WASM threads the measurement never completes here (the thread pool never idles): n/a.
  // Process RSS was tried and dropped: Chromium's allocator makes its deltas meaningless (even negative).
  const workerBytes = (await page.evaluate(`(async () => {
    if (!self.crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return null;
    const m = await Promise.race([performance.measureUserAgentSpecificMemory(), new Promise((r) => setTimeout(() => r(null), 20000))]);
    if (!m) return null;
    return m.breakdown.filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope')).reduce((s, b) => s + b.bytes, 0);
  })()`)) as number | null;
  await page.evaluate(() => (globalThis as unknown as BenchGlobal).benchWorker?.terminate());
  await page.close();
  const coldStartMs = summarize(cold);
  const oneMs = summarize(one);
  return {
    firstDownloadMs,
    coldStartMs,
    oneMs,
    batch70Ms: summarize(batch),
    workerMemoryMb: workerBytes !== null ? workerBytes / 2 ** 20 : null,
    nativeOneMs: nativeOne.length ? summarize(nativeOne) : null,
    ratioToNative: ratios.length ? summarize(ratios) : null,
    coldOverWarm: coldStartMs.median / oneMs.median,
  };
}

/**
 * Records, in the page's own world, when DOMContentLoaded fired and when the panel showed what. A string,
 * not a function: tsx wraps named functions in a helper that does not exist in the page.
 */
export const PAGE_PROBE = `(() => {
  // at: when this script ran, as the page's document was created (before any of the page's or the extension's scripts).
  const an = { at: performance.now(), dcl: -1, first: -1, semantic: -1, early: -1, longest: 0, tasks: [] };
  window.__an = an;
  document.addEventListener('DOMContentLoaded', () => { an.dcl = performance.now(); });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) { an.longest = Math.max(an.longest, e.duration); an.tasks.push({ durationMs: e.duration, startMs: e.startTime - an.at }); } })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  // The panel's root is closed: the bench hands it over through DevTools (handRootToPage) once the host exists.
  window.__anWatch = (root) => {
    const check = () => {
      if (an.first < 0 && root.querySelector('.an-list:not(.an-skeleton), .an-empty')) an.first = performance.now();
      const status = root.querySelector('.an-status')?.textContent ?? '';
      // Semantic: the model's complete list; early: its first list on a fresh install (the paper's closest papers first).
      if (an.early < 0 && /topic and shared words|closest papers are done/.test(status)) an.early = performance.now();
      if (an.semantic < 0 && /topic and shared words/.test(status)) an.semantic = performance.now();
    };
    new MutationObserver(check).observe(root, { childList: true, subtree: true, characterData: true });
    check();
  };
})();`;

interface Visit {
  first: number;
  semantic: number | null;
  longest: number;
  tasks: LongTask[];
}

/**
 * Opens `path` and reads the probe once the panel shows first results (and semantic ones, if `semantic`;
 * with 'early', the model's first list counts, even while the rest of the corpus is being read).
 */
async function visit(page: Page, path: string, semantic: boolean | 'early'): Promise<Visit> {
  await page.goto(`https://arxiv.org${path}`, { waitUntil: 'domcontentloaded' });
  await handRootToPage(page, SURFACE.panel, '__anWatch', 120_000);
  type Probe = { dcl: number; first: number; semantic: number; early: number; longest: number; tasks: LongTask[] };
  const key = semantic === 'early' ? 'early' : 'semantic';
  const ready = semantic ? `p.${key} >= 0` : 'p.first >= 0';
  await page.waitForFunction(`(() => { const p = window.__an; return p && p.dcl >= 0 && ${ready}; })()`, undefined, { timeout: 120_000, polling: 50 });
  // Let the long-task observer see the tasks around the last update.
  await page.waitForTimeout(100);
  const p = (await page.evaluate('window.__an')) as Probe;
  const at = semantic === 'early' ? p.early : p.semantic;
  return { first: p.first - p.dcl, semantic: at >= 0 ? at - p.dcl : null, longest: p.longest, tasks: p.tasks };
}

/** The page's own long tasks: the same page and probe, the same wait, no panel (an extension that does nothing). */
async function visitAlone(page: Page, path: string): Promise<LongTask[]> {
  await page.goto(`https://arxiv.org${path}`, { waitUntil: 'domcontentloaded' });
  await page.waitForTimeout(600);
  return ((await page.evaluate('window.__an')) as { tasks: LongTask[] }).tasks;
}

/** An extension with a service worker and nothing else, for the page-alone baseline. */
function emptyExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arxiv-neighbors-empty-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'empty', version: '1.0', background: { service_worker: 'bg.js' } }));
  writeFileSync(join(dir, 'bg.js'), '');
  return dir;
}

function panelSummary(visits: Visit[]): PanelTimings {
  const sem = visits.flatMap((v) => (v.semantic === null ? [] : [v.semantic]));
  return { firstMs: summarize(visits.map((v) => v.first)), semanticMs: sem.length ? summarize(sem) : null, longestTaskMs: Math.max(0, ...visits.map((v) => v.longest)), longTasks: visits.flatMap((v) => v.tasks), visits: visits.length };
}

/** A paper never seen before: a corpus paper's words in another order, under a new id. */
function unseenPaper(i: number) {
  const base = CORPUS[(i * 7) % CORPUS.length];
  const words = base.abstract.split(' ');
  const rotated = [...words.slice(i % words.length), ...words.slice(0, i % words.length)].join(' ');
  return { id: `2611.${String(10000 + i)}`, title: `${base.title} revisited`, abstract: rotated, authors: ['A. Reader'] };
}

/** Total texts embedded so far, all models. */
async function embeddedTotal(ext: ExtensionSession): Promise<number> {
  const counts = (await ext.readMeta<Record<string, number>>('embeddedTexts')) ?? {};
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** A host that accepts connections and never answers: a model download that has not finished. */
async function hangingHost(): Promise<{ url: string; close(): void }> {
  const server = createServer(() => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const aloneSummary = (tasks: LongTask[], visits: number): PageAlone => ({ longestTaskMs: Math.max(0, ...tasks.map((t) => t.durationMs)), longTasks: tasks, visits });

type FixturePage = { path: string; html: string };

/**
 * A new browser with a fresh profile and the extension in `dist` (default: ours, its model at `modelHost`),
 * `p` routed and opened in a tab with the probe: `use` measures, then the browser goes.
 */
async function firstPage<T>(p: FixturePage, opts: { dist?: string; modelHost?: string }, use: (page: Page, ext: ExtensionSession) => Promise<T>): Promise<T> {
  const ext = await launchExtension(opts.dist ? { dist: opts.dist } : {});
  try {
    if (opts.modelHost) await ext.setSettings({ modelHost: opts.modelHost });
    ext.pages.set(p.path, p.html);
    const page = await ext.context.newPage();
    await page.addInitScript({ content: PAGE_PROBE });
    return await use(page, ext);
  } finally {
    await ext.close();
  }
}

/**
 * The page's own long tasks on the first page of fresh profiles (an extension that does nothing), one
 * new browser per page: the first-install cases' baseline.
 */
export async function freshProfileAlone(pages: FixturePage[]): Promise<PageAlone> {
  const dir = emptyExtension();
  const tasks: LongTask[] = [];
  try {
    for (const p of pages) tasks.push(...(await firstPage(p, { dist: dir }, (page) => visitAlone(page, p.path))));
    return aloneSummary(tasks, pages.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page-alone baseline: as many visits as the panel's cases (a)–(c) together, on the same kinds of pages. */
async function pageAloneBaseline(runs: number): Promise<PageAlone> {
  const dir = emptyExtension();
  const ext = await launchExtension({ dist: dir });
  try {
    const page = await ext.context.newPage();
    await page.addInitScript({ content: PAGE_PROBE });
    const tasks: LongTask[] = [];
    const visits = runs * 3;
    for (let i = 0; i < visits; i++) {
      const { path, html } = i % 3 === 0 ? corpusPage(i % CORPUS.length) : { path: `/abs/${unseenPaper(i).id}`, html: pageWithPaper('classic', unseenPaper(i)) };
      ext.pages.set(path, html);
      tasks.push(...(await visitAlone(page, path)));
    }
    return aloneSummary(tasks, visits);
  } finally {
    await ext.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Long tasks on the first page of a fresh profile, ours against the page's own: `installs` times, one
 * after the other, a new browser with the extension (its model download never finishing, as in (d)) and
 * a new browser with an extension that does nothing, on the same page. A rare task needs many visits to
 * be told from the page's own (npm run bench -- --only long-tasks --installs 50).
 */
export async function freshLongTasks(installs: number): Promise<{ ours: PageAlone; alone: PageAlone }> {
  const hanging = await hangingHost();
  const dir = emptyExtension();
  const ours: LongTask[] = [];
  const alone: LongTask[] = [];
  try {
    for (let i = 0; i < installs; i++) {
      const p = corpusPage(i % CORPUS.length);
      const tasks = await firstPage(p, { modelHost: hanging.url }, async (page) => {
        await visit(page, p.path, false);
        // At least as long a look as the page alone gets (visitAlone: 600 ms after DOMContentLoaded).
        await page.waitForTimeout(500);
        return ((await page.evaluate('window.__an')) as { tasks: LongTask[] }).tasks;
      });
      ours.push(...tasks);
      alone.push(...(await firstPage(p, { dist: dir }, (page) => visitAlone(page, p.path))));
      console.error(`… ${i + 1} of ${installs}: ${ours.length} tasks over 50 ms with the extension, ${alone.length} without`);
    }
    return { ours: aloneSummary(ours, installs), alone: aloneSummary(alone, installs) };
  } finally {
    hanging.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A corpus paper's abstract page. */
export function corpusPage(i: number): { path: string; html: string } {
  const p = CORPUS[i];
  return { path: `/abs/${p.id}`, html: pageWithPaper('classic', { id: p.id, title: p.title, abstract: p.abstract, authors: [p.firstAuthor ?? 'Anonymous'] }) };
}

/** Every browser-side figure; `runs` repeats per panel case, `installs` fresh profiles per first-install case. */
export async function browserBench(modelDir: string, runs: number, installs: number, native?: NativeOne): Promise<BrowserResults> {
  const server = await startModelServer(modelDir);
  const hanging = await hangingHost();
  try {
    // First install, twice over: (d) with the model download still in flight, then full indexing.
    const notDownloaded: Visit[] = [];
    const indexing: number[] = [];
    const firstSemantic: Visit[] = [];
    for (let i = 0; i < installs; i++) {
      const p = corpusPage(i);
      notDownloaded.push(await firstPage(p, { modelHost: hanging.url }, (page) => visit(page, p.path, false)));
      await firstPage(p, { modelHost: server.url }, async (page, ext) => {
        const t0 = Date.now();
        // The first page stays open until the model's first list shows; the corpus may still be embedding.
        firstSemantic.push(await visit(page, p.path, 'early'));
        await until(() => embeddedTotal(ext), (n) => n >= CORPUS.length, 300_000, 50);
        indexing.push(Date.now() - t0);
      });
    }

    const ext = await launchExtension();
    try {
      await ext.setSettings({ modelHost: server.url });
      const workerRuns = { cold: Math.max(3, Math.ceil(runs / 2)), one: Math.max(20, runs * 3), batch: 3 };
      const threads = Math.max(1, Math.min(4, cpus().length));
      const worker = await measureWorker(ext, server.url, workerRuns, threads, native);
      const workerOneThread = await measureWorker(ext, server.url, { ...workerRuns, batch: 1 }, 1);
      const page = await ext.context.newPage();
      await page.addInitScript({ content: PAGE_PROBE });
      const warmup = corpusPage(0);
      ext.pages.set(warmup.path, warmup.html);
      await visit(page, warmup.path, true);

      const unseen: Visit[] = [];
      const seen: Visit[] = [];
      const afterStop: Visit[] = [];
      const coldOverWarm: number[] = [];
      let reembedded = 0;
      // Side by side: each paper unseen (a), then seen (b), then the same again after a stop (c).
      for (let i = 0; i < runs; i++) {
        const p = unseenPaper(i);
        const path = `/abs/${p.id}`;
        ext.pages.set(path, pageWithPaper('classic', p));
        unseen.push(await visit(page, path, true));
        const warm = await visit(page, path, true);
        seen.push(warm);
        const before = await embeddedTotal(ext);
        await stopServiceWorkers(page);
        const cold = await visit(page, path, true);
        afterStop.push(cold);
        reembedded += (await embeddedTotal(ext)) - before;
        coldOverWarm.push(cold.first / warm.first);
      }
      return {
        worker,
        threads,
        workerOneThread,
        panel: { unseen: panelSummary(unseen), seen: panelSummary(seen), afterStop: panelSummary(afterStop), modelNotDownloaded: panelSummary(notDownloaded), firstInstall: panelSummary(firstSemantic) },
        pageAlone: await pageAloneBaseline(runs),
        // The pages of (d) and (e): each first install's page, twice.
        pageAloneFresh: await freshProfileAlone(Array.from({ length: installs * 2 }, (_, k) => corpusPage(Math.floor(k / 2)))),
        firstInstallIndexingMs: summarize(indexing),
        firstInstallSemanticMs: panelSummary(firstSemantic).semanticMs,
        coldOverWarmPanel: summarize(coldOverWarm),
        reembeddedAfterStop: reembedded,
      };
    } finally {
      await ext.close();
    }
  } finally {
    hanging.close();
    await server.close();
  }
}
