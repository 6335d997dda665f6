/**
 * Measurements in headless Chromium on the built extension (.output/chrome-mv3), with the benchmark
 * model served at the hub's URL layout from 127.0.0.1 and arXiv pages routed to fixtures:
 * the embedding Worker itself (cold start, one abstract, a batch of 70, memory), the panel on abstract
 * pages (DOMContentLoaded → first results, → semantic results, long tasks), and first-install indexing.
 */
import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { cpus } from 'node:os';
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
}

export interface PanelTimings {
  /** DOMContentLoaded → first results (keyword or better) in the panel. */
  firstMs: Summary;
  /** DOMContentLoaded → "topic and shared words" in the panel (when it came). */
  semanticMs: Summary | null;
  /** Longest task on the page's main thread while the panel loaded (0: none over 50 ms). */
  longestTaskMs: number;
}

export interface BrowserResults {
  /** With the threads the extension uses (the cores, up to 4; cross-origin isolated pages). */
  worker: WorkerTimings;
  threads: number;
  /** The same on one thread, to show what threads buy. */
  workerOneThread: WorkerTimings;
  panel: { unseen: PanelTimings; seen: PanelTimings; afterStop: PanelTimings; modelNotDownloaded: PanelTimings };
  /** First install: first arXiv page → every corpus paper embedded (includes the model download and load). */
  firstInstallIndexingMs: Summary;
  /** Texts the corpus re-embedded after the service worker was stopped (should be 0). */
  reembeddedAfterStop: number;
}

const text = (p: { title: string; abstract: string }) => `${p.title}. ${p.abstract}`;

/** Runs the built extension's embedding Worker directly from an extension page (same origin, same code). */
async function measureWorker(ext: ExtensionSession, modelHost: string, runs: { cold: number; one: number; batch: number }, threads = 1): Promise<WorkerTimings> {
  const workerFile = readdirSync(join(DIST, 'assets')).find((f) => /^embed\.worker-.*\.js$/.test(f));
  if (!workerFile) throw new Error('embed.worker chunk not found in the build');
  const origin = `chrome-extension://${ext.extensionId}`;
  const info = modelInfo(DEFAULT_MODEL_ID);
  const config: ModelConfig = { modelId: info.id, dtype: info.dtype, pooling: info.pooling, maxTokens: info.maxTokens, remoteHost: modelHost, wasmUrl: `${origin}${ORT_WASM_PATH}`, threads, localPath: null };
  const page = await openExtensionPage(ext, 'library.html');
  // tsx keeps function names through a `__name` helper that the page lacks.
  await page.evaluate('globalThis.__name = (f) => f');
  const texts = CORPUS.map(text);
  type Probe = { cold: number; one: number[]; batch: number[] };
  const run = (opts: { one: number; batch: number; keep: boolean }) =>
    page.evaluate(
      async ({ url, config, texts, opts }) => {
        const g = globalThis as unknown as { benchWorker?: Worker };
        g.benchWorker?.terminate();
        const w = new Worker(url, { type: 'module' });
        g.benchWorker = w;
        let id = 0;
        const call = (t: string[]) =>
          new Promise<void>((resolve, reject) => {
            const mine = ++id;
            const on = (ev: MessageEvent<{ id?: number; type: string; message?: string }>) => {
              if (ev.data.id !== mine) return;
              w.removeEventListener('message', on);
              if (ev.data.type === 'result') resolve();
              else reject(new Error(ev.data.message));
            };
            w.addEventListener('message', on);
            w.postMessage({ id: mine, type: 'embed', config, texts: t });
          });
        let t = performance.now();
        await call([texts[0]]);
        const cold = performance.now() - t;
        const one: number[] = [];
        for (let i = 0; i < opts.one; i++) {
          t = performance.now();
          await call([texts[(i + 1) % texts.length]]);
          one.push(performance.now() - t);
        }
        const batch: number[] = [];
        for (let i = 0; i < opts.batch; i++) {
          t = performance.now();
          await call(texts);
          batch.push(performance.now() - t);
        }
        if (!opts.keep) w.terminate();
        return { cold, one, batch };
      },
      { url: `${origin}/assets/${workerFile}`, config, texts, opts },
    ) as Promise<Probe>;

  const first = await run({ one: 0, batch: 0, keep: false });
  const cold: number[] = [];
  for (let i = 0; i < runs.cold; i++) cold.push((await run({ one: 0, batch: 0, keep: false })).cold);
  // Memory: the extension's processes without a Worker, then with the model loaded and warm.
  await new Promise((r) => setTimeout(r, 500));
  const warm = await run({ one: runs.one, batch: runs.batch, keep: true });
  // The browser's own per-context accounting (cross-origin isolated pages only): the Worker's JS and WASM
  // heap. With WASM threads the measurement never completes here (the thread pool never idles): n/a.
  // Process RSS was tried and dropped: Chromium's allocator makes its deltas meaningless (even negative).
  const workerBytes = (await page.evaluate(`(async () => {
    if (!self.crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return null;
    const m = await Promise.race([performance.measureUserAgentSpecificMemory(), new Promise((r) => setTimeout(() => r(null), 20000))]);
    if (!m) return null;
    return m.breakdown.filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope')).reduce((s, b) => s + b.bytes, 0);
  })()`)) as number | null;
  await page.evaluate(() => (globalThis as unknown as { benchWorker?: Worker }).benchWorker?.terminate());
  await page.close();
  return {
    firstDownloadMs: first.cold,
    coldStartMs: summarize(cold),
    oneMs: summarize(warm.one),
    batch70Ms: summarize(warm.batch),
    workerMemoryMb: workerBytes !== null ? workerBytes / 2 ** 20 : null,
  };
}

/**
 * Records, in the page's own world, when DOMContentLoaded fired and when the panel showed what. A string,
 * not a function: tsx wraps named functions in a helper that does not exist in the page.
 */
export const PAGE_PROBE = `(() => {
  const an = { dcl: -1, first: -1, semantic: -1, longest: 0 };
  window.__an = an;
  document.addEventListener('DOMContentLoaded', () => { an.dcl = performance.now(); });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) an.longest = Math.max(an.longest, e.duration); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  // The panel's root is closed: the bench hands it over through DevTools (handRootToPage) once the host exists.
  window.__anWatch = (root) => {
    const check = () => {
      if (an.first < 0 && root.querySelector('.an-list:not(.an-skeleton), .an-empty')) an.first = performance.now();
      if (an.semantic < 0 && /topic and shared words/.test(root.querySelector('.an-status')?.textContent ?? '')) an.semantic = performance.now();
    };
    new MutationObserver(check).observe(root, { childList: true, subtree: true, characterData: true });
    check();
  };
})();`;

interface Visit {
  first: number;
  semantic: number | null;
  longest: number;
}

/** Opens `path` and reads the probe once the panel shows first results (and semantic ones, if `semantic`). */
async function visit(page: Page, path: string, semantic: boolean): Promise<Visit> {
  await page.goto(`https://arxiv.org${path}`, { waitUntil: 'domcontentloaded' });
  await handRootToPage(page, SURFACE.panel, '__anWatch', 120_000);
  type Probe = { dcl: number; first: number; semantic: number; longest: number };
  const ready = semantic ? 'p.semantic >= 0' : 'p.first >= 0';
  await page.waitForFunction(`(() => { const p = window.__an; return p && p.dcl >= 0 && ${ready}; })()`, undefined, { timeout: 120_000, polling: 50 });
  // Let the long-task observer see the tasks around the last update.
  await page.waitForTimeout(100);
  const p = (await page.evaluate('window.__an')) as Probe;
  return { first: p.first - p.dcl, semantic: p.semantic >= 0 ? p.semantic - p.dcl : null, longest: p.longest };
}

function panelSummary(visits: Visit[]): PanelTimings {
  const sem = visits.flatMap((v) => (v.semantic === null ? [] : [v.semantic]));
  return { firstMs: summarize(visits.map((v) => v.first)), semanticMs: sem.length ? summarize(sem) : null, longestTaskMs: Math.max(0, ...visits.map((v) => v.longest)) };
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

/** Every browser-side figure; `runs` repeats per panel case, `installs` fresh profiles per first-install case. */
export async function browserBench(modelDir: string, runs: number, installs: number): Promise<BrowserResults> {
  const server = await startModelServer(modelDir);
  const hanging = await hangingHost();
  const corpusPage = (i: number) => {
    const p = CORPUS[i];
    return { path: `/abs/${p.id}`, html: pageWithPaper('classic', { id: p.id, title: p.title, abstract: p.abstract, authors: [p.firstAuthor ?? 'Anonymous'] }) };
  };
  try {
    // First install, twice over: (d) with the model download still in flight, then full indexing.
    const notDownloaded: Visit[] = [];
    const indexing: number[] = [];
    for (let i = 0; i < installs; i++) {
      for (const host of [hanging.url, server.url]) {
        const ext = await launchExtension();
        try {
          await ext.setSettings({ modelHost: host });
          const { path, html } = corpusPage(i);
          ext.pages.set(path, html);
          const page = await ext.context.newPage();
          await page.addInitScript({ content: PAGE_PROBE });
          const t0 = Date.now();
          if (host === hanging.url) notDownloaded.push(await visit(page, path, false));
          else {
            await visit(page, path, false);
            await until(() => embeddedTotal(ext), (n) => n >= CORPUS.length, 300_000, 50);
            indexing.push(Date.now() - t0);
          }
        } finally {
          await ext.close();
        }
      }
    }

    const ext = await launchExtension();
    try {
      await ext.setSettings({ modelHost: server.url });
      const workerRuns = { cold: Math.max(3, Math.ceil(runs / 2)), one: Math.max(20, runs * 3), batch: 3 };
      const threads = Math.max(1, Math.min(4, cpus().length));
      const worker = await measureWorker(ext, server.url, workerRuns, threads);
      const workerOneThread = await measureWorker(ext, server.url, { ...workerRuns, batch: 1 }, 1);
      const page = await ext.context.newPage();
      await page.addInitScript({ content: PAGE_PROBE });
      const warmup = corpusPage(0);
      ext.pages.set(warmup.path, warmup.html);
      await visit(page, warmup.path, true);

      const unseen: Visit[] = [];
      const seen: Visit[] = [];
      const afterStop: Visit[] = [];
      for (let i = 0; i < runs; i++) {
        const p = unseenPaper(i);
        const path = `/abs/${p.id}`;
        ext.pages.set(path, pageWithPaper('classic', p));
        unseen.push(await visit(page, path, true));
        seen.push(await visit(page, path, true));
      }
      const before = await embeddedTotal(ext);
      for (let i = 0; i < runs; i++) {
        await stopServiceWorkers(page);
        afterStop.push(await visit(page, `/abs/${unseenPaper(i).id}`, true));
      }
      const reembedded = (await embeddedTotal(ext)) - before;
      return {
        worker,
        threads,
        workerOneThread,
        panel: { unseen: panelSummary(unseen), seen: panelSummary(seen), afterStop: panelSummary(afterStop), modelNotDownloaded: panelSummary(notDownloaded) },
        firstInstallIndexingMs: summarize(indexing),
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
