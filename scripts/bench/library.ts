/**
 * The reading list at scale, in headless Chromium on the built extension (issue 12): a generated
 * JSON backup of `size` entries imported through the library page, then the page's time to be
 * interactive (its first card on screen), an arXiv panel's answer time while the library page loads,
 * a search right after a save (the background's `search` message, and the page's own search box),
 * and an export of the whole library. Every step has a time limit: a build that never gets there
 * reports null. Nothing is asserted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, openExtensionPage, sendFrom, type ExtensionSession } from '../../tests/helpers/extension';
import { pageWithPaper } from '../../tests/helpers/fixture-pages';
import { rawText } from '../../utils/shared/plain-errors';
import { CORPUS } from '../../utils/background/corpus/corpus-data';
import { generatedBackup } from '../../tests/helpers/library-data';
import { PAGE_PROBE } from './browser';
import { SURFACE, handRootToPage } from '../../tests/helpers/closed-root';
import { summarize, type Summary } from './stats';

export interface LibraryTimings {
  size: number;
  fileMb: number;
  importMs: number | null;
  /** library.html opened → its first card on screen (the page answers input from then on). */
  pageInteractiveMs: Summary | null;
  /** An arXiv page opened together with library.html: DOMContentLoaded → the panel's first results. */
  panelWhileLibraryLoadsMs: Summary | null;
  /** savePaper, then the `search` message over the library: its answer time. */
  searchAfterSaveMs: Summary | null;
  /** savePaper, then the library page's search box: typing → the saved paper's card on screen. */
  pageSearchAfterSaveMs: number | null;
  /** Export button (JSON) → the download. */
  exportMs: number | null;
  exportMb: number | null;
  notes: string[];
}

async function timed<T>(what: string, notes: string[], run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (e) {
    notes.push(`${what}: ${rawText(e).split('\n')[0]}`);
    return null;
  }
}

/** library.html opened in a new tab → its first card on screen (ms). */
async function openLibrary(ext: ExtensionSession, timeout: number): Promise<{ page: Page; ms: number }> {
  const page = await ext.context.newPage();
  const t0 = Date.now();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/library.html`, { timeout });
    await page.locator('.entry .entry-title').first().waitFor({ timeout });
  } catch (e) {
    // A page that never rendered would keep the extension's process busy for the steps after it.
    await page.close().catch(() => undefined);
    throw e;
  }
  return { page, ms: Date.now() - t0 };
}

export async function libraryBench(opts: { size: number; runs: number; dist?: string; timeoutMs?: number }): Promise<LibraryTimings> {
  const timeout = opts.timeoutMs ?? 60_000;
  const notes: string[] = [];
  const json = generatedBackup(opts.size);
  const dir = mkdtempSync(join(tmpdir(), 'an-bench-lib-'));
  const file = join(dir, 'backup.json');
  writeFileSync(file, json);
  const out: LibraryTimings = { size: opts.size, fileMb: json.length / 2 ** 20, importMs: null, pageInteractiveMs: null, panelWhileLibraryLoadsMs: null, searchAfterSaveMs: null, pageSearchAfterSaveMs: null, exportMs: null, exportMb: null, notes };
  const ext = await launchExtension({ dist: opts.dist });
  try {
    const paper = CORPUS[3];
    ext.pages.set(`/abs/${paper.id}`, pageWithPaper('classic', { id: paper.id, title: paper.title, abstract: paper.abstract, authors: [paper.firstAuthor ?? 'A. Author'] }));
    const arxiv = await ext.context.newPage();
    await arxiv.addInitScript({ content: PAGE_PROBE });
    await arxiv.goto(`https://arxiv.org/abs/${paper.id}`, { waitUntil: 'domcontentloaded' });
    // The panel's root is closed: the probe gets it through DevTools.
    await handRootToPage(arxiv, SURFACE.panel, '__anWatch', 120_000);
    await arxiv.waitForFunction('window.__an && window.__an.first >= 0', undefined, { timeout: 120_000, polling: 50 });

    const lib = await openExtensionPage(ext, 'library.html');
    await lib.locator('.empty').waitFor();
    out.importMs = await timed('import', notes, async () => {
      const t0 = Date.now();
      await lib.locator('input[type="file"]').setInputFiles(file);
      await lib.locator('.report').waitFor({ timeout: 300_000 });
      const report = (await lib.locator('.report').textContent()) ?? '';
      if (!/Import finished/.test(report)) throw new Error(report.slice(0, 200));
      return Date.now() - t0;
    });
    await lib.close();
    if (out.importMs === null) return out;

    const interactive: number[] = [];
    const panel: number[] = [];
    for (let r = 0; r < opts.runs; r++) {
      // The library page and an arXiv page at the same moment: the panel's answer while the library loads.
      const [opened, visit] = await Promise.all([
        timed('library page', notes, () => openLibrary(ext, timeout)),
        timed('panel while the library page loads', notes, async () => {
          await arxiv.reload({ waitUntil: 'domcontentloaded' });
          await handRootToPage(arxiv, SURFACE.panel, '__anWatch', timeout);
          await arxiv.waitForFunction('window.__an && window.__an.dcl >= 0 && window.__an.first >= 0', undefined, { timeout, polling: 20 });
          const p = (await arxiv.evaluate('window.__an')) as { dcl: number; first: number };
          return p.first - p.dcl;
        }),
      ]);
      if (visit !== null) panel.push(visit);
      if (opened) {
        interactive.push(opened.ms);
        await opened.page.close();
      } else break;
    }
    out.pageInteractiveMs = interactive.length ? summarize(interactive) : null;
    out.panelWhileLibraryLoadsMs = panel.length ? summarize(panel) : null;

    const probe = await timed('an extension page to send from', notes, () => openExtensionPage(ext, 'popup.html'));
    if (!probe) return out;
    const search: number[] = [];
    for (let r = 0; r < opts.runs; r++) {
      const p = CORPUS[10 + r];
      const ms = await timed('search after save', notes, async () => {
        await sendFrom(probe, 'savePaper', { id: p.id });
        const t0 = Date.now();
        const answer = await sendFrom<{ results?: unknown[]; error?: string }>(probe, 'search', { query: p.title, scope: 'library' });
        if (answer.error) throw new Error(answer.error);
        return Date.now() - t0;
      });
      if (ms === null) break;
      search.push(ms);
    }
    out.searchAfterSaveMs = search.length ? summarize(search) : null;

    const opened = await timed('library page for search and export', notes, () => openLibrary(ext, timeout));
    if (opened) {
      const page = opened.page;
      out.pageSearchAfterSaveMs = await timed('page search after save', notes, async () => {
        const p = CORPUS[20];
        await sendFrom(probe, 'savePaper', { id: p.id });
        const t0 = Date.now();
        await page.locator('.lib-search').fill(p.title);
        await page.locator('.entry', { hasText: p.title }).first().waitFor({ timeout });
        return Date.now() - t0;
      });
      await page.locator('.lib-search').fill('');
      await page.locator('#format').selectOption('json');
      const exported = await timed('export', notes, async () => {
        const t0 = Date.now();
        const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.locator('button', { hasText: /^Export/ }).click()]);
        const path = await download.path();
        const ms = Date.now() - t0;
        const { statSync } = await import('node:fs');
        return { ms, mb: statSync(path).size / 2 ** 20 };
      });
      out.exportMs = exported?.ms ?? null;
      out.exportMb = exported?.mb ?? null;
    }
    return out;
  } finally {
    await ext.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
