/**
 * Hardening on the built extension: senders and messages refused, page scripts kept out, restarts and
 * failures survived. Over 300 lines: one browser session serves its cases (a launch costs seconds).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { DIST, launchExtension, openExtensionPage, sendFrom, stopServiceWorkers, waitForStatus, type ExtensionSession } from '../helpers/extension';
import { launchWithTestModels, type ModelServer } from '../helpers/model-server';
import { LAYOUTS, fixtureHtml, pageWithPaper, searchResultsPage, devPaperRoute } from '../helpers/fixture-pages';
import { devQueries } from '../helpers/dom';
import { CORPUS } from '@/utils/background/corpus/corpus-data';
import { SURFACE, panelOf, readClosedRoot } from '../helpers/closed-root';
import { until } from '../helpers/wait';
import { BACKUP_FORMAT } from '@/utils/shared/library/types';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const PANEL = SURFACE.panel;
const queries = devQueries();

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

describe('the built extension: permissions, code and CSP', () => {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as Record<string, unknown>;

  it('asks only for the permissions it uses (each justified in the README)', () => {
    expect([...(manifest.permissions as string[])].sort()).toEqual(['activeTab', 'contextMenus', 'offscreen', 'storage', 'unlimitedStorage']);
    expect(manifest.host_permissions).toEqual(['https://arxiv.org/*']);
    expect(manifest.externally_connectable).toBeUndefined();
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    for (const p of [...(manifest.permissions as string[]), 'https://arxiv.org/*']) expect(readme).toContain(`\`${p}\``);
  });

  it('allows WebAssembly but never eval, and loads no remote code', () => {
    const csp = (manifest.content_security_policy as { extension_pages: string }).extension_pages;
    expect(csp).toBe("script-src 'self' 'wasm-unsafe-eval'; object-src 'self';");
    for (const f of files(DIST).filter((x) => /\.(html|m?js)$/.test(x))) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/<script[^>]+src=["']https?:/);
      expect(text, f).not.toMatch(/importScripts\(\s*["']https?:/);
    }
    // onnxruntime's WASM-only build and its loader ship inside the extension.
    for (const name of ['ort/ort-wasm-simd-threaded.wasm', 'ort/ort-wasm-simd-threaded.mjs']) expect(files(DIST).some((f) => f.endsWith(name)), name).toBe(true);
    // Cross-origin isolation (for WASM threads) and nothing looser.
    expect(manifest.cross_origin_embedder_policy).toEqual({ value: 'require-corp' });
    expect(manifest.cross_origin_opener_policy).toEqual({ value: 'same-origin' });
  });
});

describe('hostile input, concurrency and network use', () => {
  let ext: ExtensionSession;
  let models: ModelServer;
  const requests: { url: string; from: string }[] = [];

  beforeAll(async () => {
    ({ ext, models } = await launchWithTestModels());
    const record = (req: Request) => {
      let from = 'page';
      try {
        if (req.serviceWorker()) from = 'service-worker';
        else if (req.frame().url().startsWith('chrome-extension://')) from = 'extension-page';
      } catch {
        from = 'service-worker';
      }
      requests.push({ url: req.url(), from });
    };
    ext.context.on('request', record);
    ext.context.on('weberror', () => undefined);
  });

  afterAll(async () => {
    await ext?.close();
    await models?.close();
  });

  it('20 arXiv tabs opened at once: every tab gets its panel, the model loads once, nothing is embedded twice', async () => {
    const papers = [...queries.map((q) => ({ id: q.arxiv_id, title: q.title, abstract: q.abstract })), ...CORPUS.slice(0, 8)];
    for (const p of papers) ext.pages.set(`/abs/${p.id}`, pageWithPaper('classic', { id: p.id, title: p.title, abstract: p.abstract, authors: ['A. Author'] }));
    const pages = await Promise.all(papers.map(() => ext.context.newPage()));
    await Promise.all(pages.map((page, i) => page.goto(`https://arxiv.org/abs/${papers[i].id}`, { waitUntil: 'domcontentloaded' })));
    await Promise.all(pages.map((page) => panelOf(page).waitFor('.an-status', { hasText: /^Ranked/, timeout: 90_000 })));
    for (const page of pages) expect(await panelOf(page).text('.an-status')).toMatch(/topic and shared words/);
    const modelFile = models.requests.filter((r) => r.endsWith('/onnx/model_quantized.onnx'));
    expect(modelFile).toHaveLength(1);
    const embedded = await ext.readMeta<Record<string, number>>('embeddedTexts');
    // 70 corpus papers + the 12 papers that are not in the corpus; the 8 corpus pages reuse their vectors
    // only when their page text equals the corpus text, which it does here.
    expect(embedded?.['Xenova/all-MiniLM-L6-v2']).toBe(70 + 12);
    await Promise.all(pages.map((p) => p.close()));
  });

  it('extension pages are cross-origin isolated, so the model can run on several WASM threads', async () => {
    const lib = await openExtensionPage(ext, 'library.html');
    expect(await lib.evaluate(() => [globalThis.crossOriginIsolated, typeof SharedArrayBuffer])).toEqual([true, 'function']);
    await lib.close();
  });

  it('rejects hostile payloads with an error answer and keeps serving', async () => {
    const lib = await openExtensionPage(ext, 'library.html');
    const paper = { id: '2304.09157', version: 2, title: 'T', abstract: 'A', authors: [], primarySubject: null, subjects: [], submitted: [] };
    const hostile: [string, unknown][] = [
      ['getRelated', null],
      ['getRelated', { paper: { ...paper, id: '<script>' } }],
      ['getRelated', { paper: { ...paper, title: 42 } }],
      ['getRelated', { paper: { ...paper, abstract: 'x'.repeat(1_000_001) } }],
      ['savePaper', { id: '../../etc/passwd' }],
      ['savePaper', { paper, id: '2304.09157' }],
      ['updateEntry', { id: '2304.09157', patch: { status: 'done' } }],
      ['updateEntry', { id: '2304.09157', patch: { __proto__: { admin: true } } }],
      ['updateEntry', { id: '2304.09157', patch: { tags: ['x'.repeat(65)] } }],
      ['deleteEntries', { ids: 'all' }],
      ['importLibrary', { text: 7 }],
      ['exportLibrary', { format: 'exe' }],
      ['annotateListing', { entries: [{ id: 'x', title: 't', abstract: null }], semantic: false }],
      ['search', { query: 'x'.repeat(3000), scope: 'all' }],
      ['embed', { config: {}, texts: [] }],
      ['dropDatabase', {}],
      ['constructor', {}],
    ];
    let errors = 0;
    for (const [name, payload] of hostile) {
      const answer = await sendFrom<{ error?: string } | undefined>(lib, name, payload).catch(() => ({ error: 'no receiver' }));
      if (answer === undefined || (answer && 'error' in answer)) errors++;
    }
    expect(errors).toBe(hostile.length);
    const ok = await sendFrom<{ results: unknown[] }>(lib, 'getRelated', { paper: { ...paper, title: 'Neural networks for geospatial data', abstract: 'neural networks' } });
    expect(Array.isArray(ok.results)).toBe(true);
    await lib.close();
  });

  it('a page script cannot message the extension', async () => {
    ext.pages.set('/abs/2304.09157v2', fixtureHtml(LAYOUTS.classic));
    const page = await ext.context.newPage();
    await page.goto('https://arxiv.org/abs/2304.09157v2', { waitUntil: 'domcontentloaded' });
    const result = await page.evaluate(async (id) => {
      const rt = (globalThis as unknown as { chrome?: { runtime?: { sendMessage?: (id: string, m: unknown) => Promise<unknown> } } }).chrome?.runtime;
      if (!rt?.sendMessage) return 'no runtime messaging for pages';
      try {
        return JSON.stringify(await rt.sendMessage(id, { name: 'listLibrary', payload: {} }));
      } catch (e) {
        return `refused: ${String(e)}`;
      }
    }, ext.extensionId);
    expect(result).toMatch(/no runtime messaging|refused/);
    await page.close();
  });

  it('alters nothing of the page but adding its own host element', async () => {
    const html = fixtureHtml(LAYOUTS.classic);
    ext.pages.set('/abs/2304.09157v2', html);
    // The same markup at a path the content script does not run on, as the reference.
    ext.pages.set('/reference/abs-page', html);
    const dom = async (url: string, removeHost: boolean) => {
      const page = await ext.context.newPage();
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      if (removeHost) {
        // The panel has answered (a list or "no closely related papers"), then it is taken away again.
        await panelOf(page).waitFor('.an-title, .an-empty');
        await page.evaluate((sel) => document.querySelectorAll(sel).forEach((el) => el.remove()), PANEL);
      }
      const out = await page.evaluate(() => document.documentElement.outerHTML);
      await page.close();
      return out;
    };
    const reference = await dom('https://arxiv.org/reference/abs-page', false);
    expect(await dom('https://arxiv.org/abs/2304.09157v2', true)).toBe(reference);
  });

  it('the extension itself requested nothing but the model host and arxiv.org', () => {
    const own = requests.filter((r) => r.from !== 'page');
    const outside = own.filter((r) => !r.url.startsWith(models.url) && !r.url.startsWith('https://arxiv.org/abs/') && !r.url.startsWith('chrome-extension://'));
    expect(outside).toEqual([]);
    // The offscreen document's Worker fetches the model directly; the model server saw only model files.
    expect(models.requests.every((p) => p.startsWith('/Xenova/all-MiniLM-L6-v2/resolve/main/'))).toBe(true);
  });
});

/**
 * A page script as hostile as it gets: it knows the extension's id, runs before and after the content
 * script, and tries to read, click, stop or pre-empt the extension's surfaces (issue 13's cases).
 */
describe('a hostile page cannot read, drive or stop the extension’s surfaces', () => {
  let ext: ExtensionSession;
  let models: ModelServer;
  let lib: Page;
  const clip = queries.find((q) => q.id === 'q07')!;
  const ABS = `https://arxiv.org/abs/${clip.arxiv_id}`;
  const SEARCH = 'https://arxiv.org/search/?query=quantization&searchtype=all';
  const savedIds = async () => (await sendFrom<{ ids: string[] }>(lib, 'getSavedIds', {})).ids.sort();

  beforeAll(async () => {
    ({ ext, models } = await launchWithTestModels());
    ext.pages.set(...devPaperRoute(clip, 'Alec Radford'));
    ext.pages.set('/search/', searchResultsPage('quantization', queries.slice(0, 6).map((q) => ({ id: q.arxiv_id, title: q.title, abstract: q.abstract, authors: ['A. Author'] }))));
    lib = await openExtensionPage(ext, 'library.html');
    // The reader's library: the page's paper and the first search result are saved.
    await sendFrom(lib, 'savePaper', { id: '2405.14852' });
    await sendFrom(lib, 'savePaper', { paper: { id: clip.arxiv_id, version: null, title: clip.title, abstract: clip.abstract, authors: ['Alec Radford'], primarySubject: null, subjects: [], submitted: [] } });
  });

  afterAll(async () => {
    await ext?.close();
    await models?.close();
  });

  /** Everything a page script can learn from the DOM: open roots, text, and every attribute of every element. */
  const whatThePageSees = () =>
    [...document.querySelectorAll('*')].map((el) => ({
      tag: el.tagName,
      shadow: el.shadowRoot ? el.shadowRoot.textContent : null,
      attrs: el.getAttributeNames().map((n) => `${n}=${el.getAttribute(n)}`).join(' '),
      text: el.children.length === 0 ? (el.textContent ?? '') : '',
    }));

  it('sees no shadow root, no text and no saved state of the panel', async () => {
    const page = await ext.context.newPage();
    await page.goto(ABS, { waitUntil: 'domcontentloaded' });
    const panel = panelOf(page);
    const saved = (await panel.waitFor('.an-self .an-save', { hasText: 'In your reading list' })).text;
    const related = (await panel.waitFor('.an-list .an-row .an-title')).text;
    const toggle = (await panel.text('.an-self .an-save'))!;
    const seen = await page.evaluate(whatThePageSees);
    expect(seen.filter((e) => e.shadow !== null)).toEqual([]);
    // What the panel shows (read through DevTools) is nowhere in what the page can read.
    const visible = JSON.stringify(seen);
    for (const text of [saved, related, toggle]) expect(visible).not.toContain(text);
    await page.close();
  });

  it('sees no badge text, no "saved" and no triage mark on a search listing', async () => {
    const page = await ext.context.newPage();
    await page.goto(SEARCH, { waitUntil: 'domcontentloaded' });
    const badges = readClosedRoot(page, SURFACE.badge);
    await expect.poll(() => badges.count('.s'), { timeout: 10_000 }).toBeGreaterThan(0);
    await readClosedRoot(page, SURFACE.triage).click('input');
    await expect.poll(() => badges.count('.t'), { timeout: 5000 }).toBeGreaterThan(0);
    const shown = [(await badges.text('.s'))!, (await badges.text('.t .lv'))!, (await readClosedRoot(page, SURFACE.triage).text('label'))!];
    const seen = await page.evaluate(whatThePageSees);
    expect(seen.filter((e) => e.shadow !== null)).toEqual([]);
    const visible = JSON.stringify(seen);
    for (const text of shown) expect(visible).not.toContain(text);
    // Nor is any of the page's own elements marked (the triage outline used to be their inline style).
    expect(await page.locator('li.arxiv-result[style]').count()).toBe(0);
    await page.close();
  });

  it('a script’s clicks (untrusted events) change nothing; the reader’s clicks still work', async () => {
    const page = await ext.context.newPage();
    await page.goto(ABS, { waitUntil: 'domcontentloaded' });
    const panel = panelOf(page);
    await panel.waitFor('.an-self .an-save', { hasText: 'In your reading list' });
    await panel.waitFor('.an-list .an-row .an-save');
    const before = await savedIds();
    // Unsave the page's paper, save a related one: what the page script did through the open root.
    expect(await panel.syntheticClick('.an-self .an-save')).toBe(true);
    expect(await panel.syntheticClick('.an-list .an-row .an-save', { hasText: /./ })).toBe(true);
    await page.waitForTimeout(1000);
    expect(await savedIds()).toEqual(before);
    expect(await panel.text('.an-self .an-save')).toBe('★ In your reading list');
    // The same control with real input acts.
    await panel.click('.an-self .an-save');
    await expect.poll(() => savedIds()).not.toContain(clip.arxiv_id);
    await panel.click('.an-self .an-save');
    await expect.poll(() => savedIds()).toContain(clip.arxiv_id);

    const listing = await ext.context.newPage();
    await listing.goto(SEARCH, { waitUntil: 'domcontentloaded' });
    const triage = readClosedRoot(listing, SURFACE.triage);
    await triage.waitFor('input');
    await readClosedRoot(listing, SURFACE.badge).waitFor('.s');
    expect(await triage.syntheticClick('input')).toBe(true);
    await listing.waitForTimeout(500);
    expect(await triage.evaluate((roots) => (roots[0].querySelector('input') as HTMLInputElement).checked)).toBe(false);
    expect(await readClosedRoot(listing, SURFACE.badge).count('.t')).toBe(0);
    await listing.close();
    await page.close();
  });

  it('learns no extension id from the page’s messages, and the start event it forges does not stop the panel', async () => {
    const page = await ext.context.newPage();
    // Runs before the content script: records every window message, as a page could.
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { seenMessages: seen });
      window.addEventListener('message', (e) => seen.push(JSON.stringify(e.data)));
    });
    await page.goto(ABS, { waitUntil: 'domcontentloaded' });
    const panel = panelOf(page);
    await panel.waitFor('.an-row .an-title');
    const messages = await page.evaluate(() => (window as unknown as { seenMessages: string[] }).seenMessages);
    expect(messages.filter((m) => m.includes(ext.extensionId))).toEqual([]);
    // The id is public for a listed extension: the page forges WXT's "a newer script started" both ways.
    await page.evaluate((id) => {
      const type = `${id}:arxiv:wxt:content-script-started`;
      document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'arxiv', messageId: 'forged' } }));
      window.postMessage({ type, contentScriptName: 'arxiv', messageId: 'forged' }, '*');
    }, ext.extensionId);
    await page.waitForTimeout(1000);
    expect(await page.locator(PANEL).count()).toBe(1);
    expect(await panel.count('.an-row .an-title')).toBeGreaterThan(0);
    // And it still acts on the reader's input.
    const title = (await panel.text('.an-list .an-row .an-title'))!;
    const pressed = () => panel.attr('.an-list .an-row', 'aria-pressed', { hasText: title, inside: '.an-save' });
    const was = await pressed();
    await panel.click('.an-list .an-row', { hasText: title, inside: '.an-save' });
    await expect.poll(pressed).not.toBe(was);
    await page.close();
  });

  it('a page that defines the old host element names first still gets its panel, drawer and badges', async () => {
    ext.pages.set('/html/1706.03762v7', fixtureHtml('arxiv/html_1706.03762_ar5iv-latexml-2023.html'));
    const squat = () => {
      for (const name of ['arxiv-neighbors-panel', 'arxiv-neighbors-drawer', 'arxiv-neighbors-badge', 'arxiv-neighbors-triage']) {
        customElements.define(
          name,
          class extends HTMLElement {
            constructor() {
              super();
              this.attachShadow({ mode: 'open' }).textContent = 'taken by the page';
            }
          },
        );
      }
    };
    for (const [url, kind] of [
      [ABS, SURFACE.panel],
      ['https://arxiv.org/html/1706.03762v7', SURFACE.drawer],
      [SEARCH, SURFACE.badge],
    ] as const) {
      const page = await ext.context.newPage();
      await page.addInitScript(squat);
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      await readClosedRoot(page, kind).waitFor(kind === SURFACE.badge ? '.b' : '.an-title, .an-empty', { timeout: 15_000 });
      await page.close();
    }
  });
});

describe('after the extension is updated or reloaded, an open page says so in words', () => {
  let ext: ExtensionSession;
  const clip = queries.find((q) => q.id === 'q07')!;

  beforeAll(async () => {
    ext = await launchExtension();
    ext.pages.set(...devPaperRoute(clip, 'Alec Radford'));
    ext.pages.set('/search/', searchResultsPage('quantization', queries.slice(0, 6).map((q) => ({ id: q.arxiv_id, title: q.title, abstract: q.abstract, authors: ['A. Author'] }))));
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('the panel and the listing replace themselves with "reload the page"; no alert, no raw error', async () => {
    const page = await ext.context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`https://arxiv.org/abs/${clip.arxiv_id}`, { waitUntil: 'domcontentloaded' });
    const panel = panelOf(page);
    await panel.waitFor('.an-list .an-row .an-save');
    const listing = await ext.context.newPage();
    await listing.goto('https://arxiv.org/search/?query=quantization&searchtype=all', { waitUntil: 'domcontentloaded' });
    await readClosedRoot(listing, SURFACE.badge).waitFor('.b');

    const sw = await ext.serviceWorker();
    await sw.evaluate(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload()).catch(() => undefined);
    // The reader clicks Save on the open panel as the extension goes away.
    await panel.click('.an-list .an-row .an-save').catch(() => undefined);
    const notice = await panel.waitFor('[role="status"]', { hasText: 'arXiv Neighbors was updated — reload the page to use it', timeout: 10_000 });
    expect(notice.text).toBe('arXiv Neighbors was updated — reload the page to use it.');
    const shown = await panel.evaluate((roots) => roots[0].textContent ?? '');
    expect(shown).not.toMatch(/Extension context invalidated|message channel|Could not establish/);
    expect(await panel.count('button')).toBe(0);

    await readClosedRoot(listing, SURFACE.triage).waitFor('[role="status"]', { hasText: 'reload the page', timeout: 10_000 });
    expect(await listing.locator(SURFACE.badge).count()).toBe(0);
    expect(dialogs).toEqual([]);
    await listing.close();
    await page.close();
  });
});

/** Raw texts no surface may show (tests/unit/plain-errors.test.tsx has the full list). */
const RAW_TEXT = /listener indicated|message channel|Receiving end|context invalidated|AbortError|bulkPut|DatabaseClosed|QuotaExceeded|Failed to fetch|net::|ERR_[A-Z]/;

describe('restarts heal without a click', () => {
  let ext: ExtensionSession;
  let models: ModelServer;
  const simclr = queries.find((q) => q.id === 'q13')!;
  const clip = queries.find((q) => q.id === 'q07')!;

  beforeAll(async () => {
    ({ ext, models } = await launchWithTestModels());
    for (const q of [simclr, clip]) ext.pages.set(...devPaperRoute(q, 'A. Author'));
  });

  afterAll(async () => {
    await ext?.close();
    await models?.close();
  });

  it('the offscreen document closed while an embedding is pending: the panel, and a new tab, turn semantic by themselves', async () => {
    // The model file is held back, so the first embedding is pending when the document goes.
    const release = models.hold(/model_quantized\.onnx$/);
    const page = await ext.context.newPage();
    await page.goto(`https://arxiv.org/abs/${simclr.arxiv_id}`, { waitUntil: 'domcontentloaded' });
    const panel = panelOf(page);
    await panel.waitFor('.an-list .an-row .an-title');
    await until(async () => models.requests.filter((r) => r.endsWith('model_quantized.onnx')).length, (n) => n > 0, 30_000);
    const sw = await ext.serviceWorker();
    await sw.evaluate(() => (globalThis as unknown as { chrome: { offscreen: { closeDocument(): Promise<void> } } }).chrome.offscreen.closeDocument());
    release();
    // What the panel says meanwhile, every 200 ms, until it is semantic.
    const said: string[] = [];
    await until(
      async () => {
        const text = await panel.evaluate((roots) => roots[0]?.textContent ?? '');
        said.push(text);
        return text;
      },
      (t) => /topic and shared words/.test(t),
      45_000,
      200,
    );
    expect(said.filter((t) => RAW_TEXT.test(t) || /failed to run/.test(t))).toEqual([]);
    // The document was created again for the retried request.
    expect(models.requests.filter((r) => r.endsWith('model_quantized.onnx')).length).toBeGreaterThanOrEqual(2);
    const next = await ext.context.newPage();
    await next.goto(`https://arxiv.org/abs/${clip.arxiv_id}`, { waitUntil: 'domcontentloaded' });
    await waitForStatus(next, /topic and shared words/, 30_000);
    await next.close();
    await page.close();
  });

  it('the service worker stopped in the middle of an import: the library page says so in words, and nothing is half written', async () => {
    const lib = await openExtensionPage(ext, 'library.html');
    const before = (await sendFrom<{ ids: string[] }>(lib, 'getSavedIds', {})).ids.length;
    // A large import (validation and merge take a while in the service worker).
    const n = 20_000;
    const entries = Array.from({ length: n }, (_, i) => ({ id: `2401.${String(10000 + i).padStart(5, '0')}`, status: 'to-read', tags: ['bulk'], note: `note ${i}`, addedAt: 1, updatedAt: 1, paper: { title: `Imported paper ${i}` } }));
    const file = join(mkdtempSync(join(tmpdir(), 'arxiv-neighbors-import-')), 'big.json');
    writeFileSync(file, JSON.stringify({ format: BACKUP_FORMAT, version: 1, entries }));
    await lib.locator('input[type="file"]').setInputFiles(file);
    await new Promise((r) => setTimeout(r, 150));
    await stopServiceWorkers(lib);
    const shown = await lib.locator('[role="alert"], .report, .report-error').first().textContent({ timeout: 30_000 });
    expect(shown).not.toMatch(RAW_TEXT);
    const after = await until(
      async () => (await sendFrom<{ ids: string[] }>(lib, 'getSavedIds', {}).catch(() => ({ ids: [] as string[] }))).ids.length,
      (c) => c > 0 || before === 0,
      30_000,
    );
    // All or nothing: the import is one transaction.
    expect([before, before + n]).toContain(after);
    console.log(`import interrupted by a service-worker stop: the page said "${shown}"; ${after - before} of ${n} entries written`);
    await lib.close();
  });
});
