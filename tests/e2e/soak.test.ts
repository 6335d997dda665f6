/**
 * Soak: ten arXiv tabs and the library page, driven the way a reader would (real clicks into the closed
 * panels, typing notes, importing and exporting files) from a seeded schedule, while the offscreen
 * document is closed and the service worker stopped in between and in the middle of requests. At the end
 * the database equals a model of what the reader did: nothing lost, nothing doubled, Undo restored
 * notes; and no surface ever showed a raw browser or library message. Bounded: the schedule stops
 * after SCHEDULE_MS, the whole test within two minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openExtensionPage, sendFrom, stopServiceWorkers, type ExtensionSession } from '../helpers/extension';
import { launchWithTestModels, type ModelServer } from '../helpers/model-server';
import { devPaperRoute } from '../helpers/fixture-pages';
import { devQueries } from '../helpers/dom';
import { panelOf } from '../helpers/closed-root';
import { until } from '../helpers/wait';
import { seededRandom } from '../../scripts/rng';
import { BACKUP_FORMAT, type LibraryEntry } from '@/utils/shared/library/types';

const SEED = 13;
const TABS = 10;
/** The schedule runs this long; then the state settles and is compared. */
const SCHEDULE_MS = 60_000;
/** Raw texts no surface may show (tests/unit/plain-errors.test.tsx has the full list). */
const RAW_TEXT = /listener indicated|message channel|Receiving end|context invalidated|AbortError|bulkPut|operations failed|DatabaseClosed|QuotaExceeded|VersionError|Failed to fetch|NetworkError|net::|ERR_[A-Z]|TypeError|undefined/;

type Op = 'save' | 'unsave' | 'note' | 'import' | 'export' | 'offscreen' | 'sw-stop';
const WEIGHTS: [Op, number][] = [
  ['save', 24],
  ['unsave', 18],
  ['note', 20],
  ['import', 8],
  ['export', 8],
  ['offscreen', 11],
  ['sw-stop', 11],
];

describe('soak: ten tabs, the library page, restarts in between', () => {
  let ext: ExtensionSession;
  let models: ModelServer;
  const papers = devQueries().slice(0, TABS);
  const work = mkdtempSync(join(tmpdir(), 'arxiv-neighbors-soak-'));

  beforeAll(async () => {
    ({ ext, models } = await launchWithTestModels());
    for (const q of papers) ext.pages.set(...devPaperRoute(q, 'A. Author'));
  });

  afterAll(async () => {
    await ext?.close();
    await models?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('the database equals the model of what was done; no surface showed a raw error', { timeout: 120_000 }, async () => {
    const started = Date.now();
    const random = seededRandom(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const tabs: Page[] = [];
    for (const q of papers) {
      const page = await ext.context.newPage();
      await page.goto(`https://arxiv.org/abs/${q.arxiv_id}`, { waitUntil: 'domcontentloaded' });
      tabs.push(page);
    }
    for (const page of tabs) await panelOf(page).waitFor('.an-self .an-save:not([disabled])', { timeout: 30_000 });
    const lib = await openExtensionPage(ext, 'library.html');
    // The library page renders only the cards on screen: a window tall enough for every card of the run.
    await lib.setViewportSize({ width: 1280, height: 12_000 });
    await lib.locator('.lib-search, .empty').first().waitFor();
    const sw = () => ext.serviceWorker();

    /** What the reader did: saved ids → their note. */
    const model = new Map<string, string>();
    const counts: Record<string, number> = {};
    const raw: string[] = [];
    const retries: Record<string, number> = {};
    const undoLost: string[] = [];
    let importNo = 0;
    const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);

    /** Every surface's text we can see, checked for raw messages. */
    const scan = async (pages: Page[]) => {
      for (const page of pages) {
        const text = await panelOf(page).evaluate((roots) => roots.map((r) => r.textContent ?? '').join(' '));
        if (RAW_TEXT.test(text)) raw.push(text);
      }
      const libText = (await lib.locator('body').innerText()) ?? '';
      if (RAW_TEXT.test(libText)) raw.push(libText);
    };
    /** Dismisses the library page's error line, if one is shown (it is checked for raw text first). */
    const dismissLibError = async () => {
      const button = lib.locator('p.error button');
      if (await button.count()) await button.click();
    };
    /** Runs `act` until `done` holds (a failure said in words means: try again, as a reader would). */
    const attempt = async (name: string, act: () => Promise<void>, done: () => Promise<boolean>, timeoutMs = 8000) => {
      for (let i = 0; i < 4; i++) {
        await act();
        const ok = await until(done, Boolean, timeoutMs, 100).then(
          () => true,
          () => false,
        );
        if (ok) return;
        retries[name] = (retries[name] ?? 0) + 1;
        await dismissLibError();
      }
      throw new Error(`${name} did not take effect after 4 tries`);
    };
    const selfLabel = (t: number) => panelOf(tabs[t]).text('.an-self .an-save');

    const ops = {
      async save() {
        const unsaved = papers.map((_, i) => i).filter((i) => !model.has(papers[i].arxiv_id));
        if (!unsaved.length) return false;
        const t = pick(unsaved);
        const panel = panelOf(tabs[t]);
        await panel.waitFor('.an-self .an-save:not([disabled])');
        await attempt(
          'save',
          async () => {
            if (!/In your reading list/.test((await selfLabel(t)) ?? '')) await panel.click('.an-self .an-save');
          },
          async () => /In your reading list/.test((await selfLabel(t)) ?? ''),
        );
        model.set(papers[t].arxiv_id, model.get(papers[t].arxiv_id) ?? '');
        await scan([tabs[t]]);
        return true;
      },
      async unsave() {
        const saved = papers.map((_, i) => i).filter((i) => model.has(papers[i].arxiv_id));
        if (!saved.length) return false;
        const t = pick(saved);
        const id = papers[t].arxiv_id;
        const note = model.get(id)!;
        const panel = panelOf(tabs[t]);
        await panel.waitFor('.an-self .an-save', { hasText: 'In your reading list' });
        await panel.waitFor('.an-self .an-save:not([disabled])');
        await attempt(
          'unsave',
          async () => {
            if (/In your reading list/.test((await selfLabel(t)) ?? '')) await panel.click('.an-self .an-save');
          },
          async () => (await selfLabel(t)) === '☆ Save this paper',
        );
        model.delete(id);
        await scan([tabs[t]]);
        if (random() < 0.5 && (await panel.count('.an-undo button'))) {
          count('undo');
          await panel.click('.an-undo button');
          await until(async () => /In your reading list/.test((await selfLabel(t)) ?? ''), Boolean, 8000).catch(() => undefined);
          if (/In your reading list/.test((await selfLabel(t)) ?? '')) model.set(id, note);
          else {
            count('undo-lost');
            // What the panel said and what the database holds, for the failure's message.
            const said = await panel.evaluate((roots) => roots.map((r) => r.textContent ?? '').join(' '));
            const held = await sendFrom<{ entries: LibraryEntry[] }>(lib, 'listLibrary', { limit: 500 }).then((r) => r.entries.some((e) => e.id === id), () => null);
            undoLost.push(`${id}: in the database ${held}; the panel said: ${said.slice(0, 400)}`);
          }
        }
        return true;
      },
      async note() {
        const ids = [...model.keys()];
        if (!ids.length) return false;
        const id = pick(ids);
        const text = `note ${Math.floor(random() * 1e6)} for ${id}`;
        const card = lib.locator(`li.entry[data-id="${id}"]`);
        await card.waitFor({ timeout: 10_000 });
        await attempt(
          'note',
          async () => {
            await card.locator('.entry-note').fill(text);
            await lib.waitForTimeout(50);
          },
          async () => (await card.locator('.note-state').textContent()) === 'Note saved' && (await card.locator('.entry-note').inputValue()) === text,
        );
        model.set(id, text);
        await scan([]);
        return true;
      },
      async import() {
        importNo++;
        const entries = [0, 1, 2].map((k) => ({
          id: `2402.${String(10000 + importNo * 10 + k)}`,
          status: 'to-read',
          tags: ['soak'],
          note: `imported ${importNo}.${k}`,
          addedAt: 1_700_000_000_000 + importNo,
          updatedAt: 1_700_000_000_000 + importNo,
          paper: { title: `Imported paper ${importNo}.${k}` },
        }));
        const file = join(work, `import-${importNo}.json`);
        writeFileSync(file, JSON.stringify({ format: BACKUP_FORMAT, version: 1, entries }));
        const report = lib.locator('section.report');
        await attempt(
          'import',
          async () => {
            if (await report.count()) await lib.locator('button[aria-label="Close the import report"]').click();
            await lib.locator('input[type="file"]').setInputFiles(file);
          },
          async () => /3 added|0 added · 3 updated|0 added · 0 updated · 3 skipped/.test((await report.textContent().catch(() => '')) ?? ''),
          15_000,
        );
        for (const e of entries) model.set(e.id, e.note);
        await scan([]);
        return true;
      },
      async export() {
        await lib.locator('#format').selectOption('json');
        let text = '';
        await attempt(
          'export',
          async () => {
            const [download] = await Promise.all([lib.waitForEvent('download', { timeout: 8000 }).catch(() => null), lib.locator('button', { hasText: /^Export/ }).click()]);
            const path = download ? await download.path() : null;
            text = path ? readFileSync(path, 'utf8') : '';
          },
          async () => text !== '',
        );
        const exported = (JSON.parse(text) as { entries: { id: string; note: string }[] }).entries;
        expect(exported.map((e) => e.id).sort()).toEqual([...model.keys()].sort());
        for (const e of exported) expect(e.note, e.id).toBe(model.get(e.id));
        await scan([]);
        return true;
      },
    } satisfies Partial<Record<Op, () => Promise<boolean>>>;

    const restarts = {
      async offscreen() {
        const closed = await (await sw())
          .evaluate(() => (globalThis as unknown as { chrome: { offscreen: { closeDocument(): Promise<void> } } }).chrome.offscreen.closeDocument().then(() => true, () => false))
          .catch(() => false);
        if (closed) count('offscreen closed');
      },
      async 'sw-stop'() {
        await stopServiceWorkers(lib);
        count('service worker stopped');
      },
    };

    const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
    const draw = (): Op => {
      let r = random() * total;
      for (const [op, w] of WEIGHTS) if ((r -= w) < 0) return op;
      return 'save';
    };
    const scheduleEnd = Date.now() + SCHEDULE_MS;
    let restart: Promise<void> = Promise.resolve();
    let operations = 0;
    while (Date.now() < scheduleEnd) {
      const op = draw();
      if (op === 'offscreen' || op === 'sw-stop') {
        // Fired into the middle of what comes next (0–400 ms after it starts).
        await restart;
        const delay = Math.floor(random() * 400);
        restart = new Promise<void>((r) => setTimeout(r, delay)).then(() => restarts[op]());
        continue;
      }
      if (await ops[op]()) {
        count(op);
        operations++;
      }
    }
    await restart;

    // Settled: every panel shows its paper's state, the database equals the model.
    const entries = await until(
      // Every entry: the default page is 50, and a long schedule saves and imports more than that.
      () => sendFrom<{ entries: LibraryEntry[]; total: number }>(lib, 'listLibrary', { limit: 500 }).then((r) => (r.total <= r.entries.length ? r.entries : null), () => null),
      (e) => e !== null,
      20_000,
    );
    const ids = entries!.map((e) => e.id);
    const lost = [...model.keys()].filter((id) => !ids.includes(id));
    const wrongNote = entries!.filter((e) => model.has(e.id) && e.note !== model.get(e.id)).map((e) => e.id);
    const extra = ids.filter((id) => !model.has(id));
    for (let t = 0; t < TABS; t++) {
      const want = model.has(papers[t].arxiv_id) ? /In your reading list/ : /^☆ Save this paper$/;
      await expect.poll(() => selfLabel(t), { timeout: 10_000 }).toMatch(want);
    }
    await scan(tabs);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(
      `soak (seed ${SEED}, ${TABS} tabs, ${seconds} s): ${operations} operations ${JSON.stringify(counts)}; retried after a failure said in words: ${JSON.stringify(retries)}; ` +
        `${entries!.length} entries at the end; lost ${lost.length}, wrong notes ${wrongNote.length}, extra ${extra.length}, duplicates ${ids.length - new Set(ids).size}; raw errors shown ${raw.length}`,
    );
    expect(raw).toEqual([]);
    expect(ids.length).toBe(new Set(ids).size);
    expect(lost).toEqual([]);
    expect(wrongNote).toEqual([]);
    expect(extra).toEqual([]);
    expect(undoLost).toEqual([]);
    expect((counts['offscreen closed'] ?? 0) + (counts['service worker stopped'] ?? 0)).toBeGreaterThan(5);
    expect(operations).toBeGreaterThan(30);
  });
});
