import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Request } from 'playwright-core';
import { DIST, openExtensionPage, sendFrom, type ExtensionSession } from '../helpers/extension';
import { launchWithTestModels, type ModelServer } from '../helpers/model-server';
import { LAYOUTS, fixtureHtml, pageWithPaper } from '../helpers/fixture-pages';
import { devQueries } from '../helpers/dom';
import { CORPUS } from '@/utils/corpus/corpus-data';

const PANEL = 'arxiv-neighbors-panel';
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
    await Promise.all(pages.map((page) => page.locator(`${PANEL} .an-status`, { hasText: /^Ranked/ }).waitFor({ timeout: 90_000 })));
    for (const page of pages) expect(await page.locator(`${PANEL} .an-status`).textContent()).toMatch(/topic and shared words/);
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
      ['embedInOffscreen', { config: {}, texts: [] }],
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
        await page.locator(`${PANEL} .an-title, ${PANEL} .an-empty`).first().waitFor();
        await page.evaluate(() => document.querySelectorAll('arxiv-neighbors-panel').forEach((el) => el.remove()));
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
