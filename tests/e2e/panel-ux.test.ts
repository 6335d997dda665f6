/**
 * The panel as a researcher keeps it: arXiv's own links stay where they are, every row can be opened,
 * saved or hidden, the panel collapses and can be turned off per field, it takes the page's own theme,
 * and every surface passes axe-core (no serious or critical violation) in both themes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExtensionPage, sendFrom, tabIdOf, waitForStatus, type ExtensionSession } from '../helpers/extension';
import { launchWithTestModels, type ModelServer } from '../helpers/model-server';
import { LAYOUTS, fixtureHtml, pageWithPaper, devPaperRoute } from '../helpers/fixture-pages';
import { devQueries } from '../helpers/dom';
import { SURFACE, evaluateInRoots, panelOf, readClosedRoot } from '../helpers/closed-root';

const PANEL = SURFACE.panel;
const simclr = devQueries().find((q) => q.id === 'q13')!;
const clip = devQueries().find((q) => q.id === 'q07')!;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What a dark-mode extension (Dark Reader's dynamic mode) does to arXiv: dark backgrounds through a style sheet. */
async function darken(page: Page) {
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'html, body { background-color: #181a1b !important; color: #e8e6e3 !important; }';
    document.head.append(style);
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core over `include` (our hosts on arXiv pages, the whole document on our own pages): serious and critical violations. */
async function axe(page: Page, include: string | null): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: extension pages' CSP would refuse an injected script tag.
  await page.evaluate(AXE);
  // axe walks shadow trees through host.shadowRoot, null for closed roots: hand each one to it (test only).
  if (include) await evaluateInRoots(page, include, (roots) => roots.forEach((r) => Object.defineProperty(r.host, 'shadowRoot', { get: () => r, configurable: true })));
  const violations = await page.evaluate(async (sel) => {
    const w = window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } };
    const context = sel ? { include: sel.split(',').map((one) => [one.trim()]) } : document;
    const result = await w.axe.run(context, { resultTypes: ['violations'] });
    return result.violations;
  }, include);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const summary = (vs: AxeViolation[]) => vs.map((v) => `${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);

async function viewPdfY(page: Page): Promise<number> {
  // The View PDF link the reader sees: the sidebar's, or the mobile one when arXiv shows that instead.
  const y = await page.evaluate(() => {
    for (const a of document.querySelectorAll<HTMLAnchorElement>('a.download-pdf, a.mobile-submission-download, .full-text a[href*="/pdf/"]')) {
      const r = a.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) return r.top + window.scrollY;
    }
    return null;
  });
  if (y === null) throw new Error('no visible View PDF link');
  return y;
}

describe('the panel researchers keep', () => {
  let ext: ExtensionSession;

  /** SimCLR's abstract page in a new tab, once its panel is ranked by the model too. */
  async function semanticPanel() {
    const page = await ext.context.newPage();
    await page.goto(`https://arxiv.org/abs/${simclr.arxiv_id}`);
    await waitForStatus(page, /topic and shared words/);
    return { page, panel: panelOf(page) };
  }
  let models: ModelServer;

  beforeAll(async () => {
    ({ ext, models } = await launchWithTestModels());
    ext.pages.set(...devPaperRoute(simclr, 'Ting Chen'));
    ext.pages.set(`/abs/${clip.arxiv_id}`, pageWithPaper('ds2026', { id: clip.arxiv_id, title: clip.title, abstract: clip.abstract, authors: ['Alec Radford'] }));
    ext.pages.set('/abs/0704.0001', fixtureHtml(LAYOUTS.legacy));
    ext.pages.set('/list/cs/new', fixtureHtml('arxiv/list_cs_new_2018-07_legacy-layout.html'));
    ext.pages.set('/list/astro-ph.CO/new', fixtureHtml('arxiv/list_astro-ph.CO_new_render-2025-05-layout.html'));
    ext.pages.set('/html/1706.03762v7', fixtureHtml('arxiv/html_1706.03762_ar5iv-latexml-2023.html'));
    // The first visit of a session waits for the model: later tests then see settled panels.
    const warm = await ext.context.newPage();
    await warm.goto(`https://arxiv.org/abs/${simclr.arxiv_id}`);
    await waitForStatus(warm, /topic and shared words/, 90_000);
    await warm.close();
  });

  afterAll(async () => {
    await ext?.close();
    await models?.close();
  });

  it.each([
    { layout: 'classic', id: simclr.arxiv_id, width: 1280 },
    { layout: 'classic', id: simclr.arxiv_id, width: 480 },
    { layout: '2026', id: clip.arxiv_id, width: 1280 },
    { layout: '2026', id: clip.arxiv_id, width: 480 },
  ])('$layout layout at $width px: View PDF stays where it is without the extension (±4 px)', async ({ layout, id, width }) => {
    const page = await ext.context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`https://arxiv.org/abs/${id}`);
    await panelOf(page).waitFor('.an-title', { timeout: 30_000 });
    const withPanel = await viewPdfY(page);
    await page.evaluate((sel) => document.querySelectorAll(sel).forEach((el) => el.remove()), PANEL);
    const without = await viewPdfY(page);
    console.log(`View PDF y, ${layout} ${width}px: with the extension ${withPanel.toFixed(1)}, without ${without.toFixed(1)}`);
    expect(Math.abs(withPanel - without)).toBeLessThanOrEqual(4);
    await page.close();
  });

  it('every row opens the abstract and the PDF, saves, and hides as "Not relevant" for this paper, by keyboard, stored across reloads', async () => {
    const { page, panel } = await semanticPanel();
    const first = (await panel.all('.an-row .an-title'))[0];
    const title = first.text;
    const id = first.href!.replace('https://arxiv.org/abs/', '');
    expect((await panel.all('.an-row .an-pdf'))[0].href).toBe(`https://arxiv.org/pdf/${id}`);
    // Keyboard: Tab from the title reaches PDF, Save and Not relevant in that order, each with a visible focus ring.
    await panel.focus('.an-row .an-title');
    const focusOrder: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      focusOrder.push(
        await evaluateInRoots(page, PANEL, (roots) => {
          const el = roots[0].activeElement as HTMLElement | null;
          return `${el?.textContent?.trim()}|${el ? getComputedStyle(el).outlineStyle : ''}`;
        }),
      );
    }
    expect(focusOrder).toEqual(['PDF|solid', '☆ Save|solid', 'Not relevant|solid']);
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.count('.an-title', { hasText: title })).toBe(0);
    expect(await panel.text('.an-undo')).toContain(`Hid “${title}”`);
    // Stored in the database: still hidden after a reload.
    await page.reload();
    await waitForStatus(page, /topic and shared words/);
    await panel.waitFor('.an-title');
    expect(await panel.count('.an-title', { hasText: title })).toBe(0);
    const lib = await openExtensionPage(ext, 'library.html');
    expect(await sendFrom(lib, 'restorePaper', { forId: simclr.arxiv_id, paperId: id })).toEqual({ restored: true });
    await lib.close();
    await page.close();
  });

  it('Undo of "Not relevant" brings the row back in its place, for good', async () => {
    const { page, panel } = await semanticPanel();
    const titles = () => panel.texts('.an-title');
    const before = await titles();
    await panel.click('.an-row .an-dismiss', { nth: 1 });
    await expect.poll(async () => (await titles()).includes(before[1])).toBe(false);
    expect((await titles())[0]).toBe(before[0]);
    await panel.click('.an-undo button');
    await expect.poll(titles).toEqual(before);
    await page.reload();
    await waitForStatus(page, /topic and shared words/);
    expect(await titles()).toEqual(before);
    await page.close();
  });

  it('collapses to its heading, stays collapsed on the next page, and opens again', async () => {
    const page = await ext.context.newPage();
    await page.goto(`https://arxiv.org/abs/${simclr.arxiv_id}`);
    const panel = panelOf(page);
    await panel.waitFor('.an-title');
    await panel.click('.an-collapse');
    await expect.poll(async () => (await panel.all('.an-row'))[0]?.visible).toBe(false);
    await page.goto(`https://arxiv.org/abs/${clip.arxiv_id}`);
    await panel.waitFor('.an-collapse');
    await expect.poll(() => panel.attr('.an-collapse', 'aria-expanded')).toBe('false');
    expect(await panel.text('h2')).toMatch(/^Related papers/);
    await panel.click('.an-collapse');
    await expect.poll(async () => (await panel.all('.an-row'))[0]?.visible).toBe(true);
    await page.reload();
    await panel.waitFor('.an-collapse');
    await expect.poll(() => panel.attr('.an-collapse', 'aria-expanded')).toBe('true');
    await page.close();
  });

  it('turned off for physics in the options: no panel on a hep-ph page, no badges on astro-ph, still there on cs', async () => {
    const lib = await openExtensionPage(ext, 'library.html');
    await lib.locator('#how summary').click();
    const boxes = [/Related papers beside a paper: Physics/, /Badges on listings and search: Physics/, /Triage on listings: Physics/];
    for (const name of boxes) await lib.getByRole('checkbox', { name }).uncheck();
    const page = await ext.context.newPage();
    await page.goto('https://arxiv.org/abs/0704.0001');
    await page.waitForTimeout(1500);
    expect(await page.locator(PANEL).count()).toBe(0);
    await page.goto('https://arxiv.org/list/astro-ph.CO/new');
    await page.waitForTimeout(1500);
    expect(await page.locator(`${SURFACE.badge}, ${SURFACE.triage}`).count()).toBe(0);
    await page.goto(`https://arxiv.org/abs/${simclr.arxiv_id}`);
    await panelOf(page).waitFor('.an-title');
    for (const name of boxes) await lib.getByRole('checkbox', { name }).check();
    await page.goto('https://arxiv.org/abs/0704.0001');
    await panelOf(page).waitFor('.an-empty');
    await lib.close();
    await page.close();
  });

  it('takes the page’s theme: light on arXiv whatever the OS says, dark on a page a dark-mode extension darkened', async () => {
    const page = await ext.context.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`https://arxiv.org/abs/${simclr.arxiv_id}`);
    await panelOf(page).waitFor('.an-title');
    const panelBg = () => evaluateInRoots(page, PANEL, (roots) => getComputedStyle(roots[0].querySelector('.an-panel')!).backgroundColor);
    expect(await panelBg()).toBe('rgb(248, 248, 248)');
    await darken(page);
    await expect.poll(panelBg).toBe('rgb(38, 41, 44)');
    await page.close();
  });

  it('the popup names the tab’s paper, its save state and the keyboard command; non-arXiv tabs get an honest empty state', async () => {
    const page = await ext.context.newPage();
    await page.goto(`https://arxiv.org/abs/${simclr.arxiv_id}`);
    await panelOf(page).waitFor('.an-title');
    const popup = await openExtensionPage(ext, `popup.html?tab=${await tabIdOf(ext, page)}`);
    await popup.locator('.tab-paper a').waitFor();
    expect(await popup.locator('.tab-paper').textContent()).toBe(`This tab: ${simclr.title}`);
    expect(await popup.locator('.an-self .an-save').textContent()).toBe('☆ Save this paper');
    expect(await popup.locator('.shortcut').textContent()).toBe('Alt+Shift+S saves the arXiv paper of the current tab.');
    await popup.close();
    ext.pages.set('/', '<!doctype html><title>arXiv</title><p>Home</p>');
    await page.goto('https://arxiv.org/');
    const none = await openExtensionPage(ext, `popup.html?tab=${await tabIdOf(ext, page)}`);
    await none.locator('.tab-none').waitFor();
    expect(await none.locator('.tab-none').textContent()).toMatch(/isn’t an arXiv paper/);
    expect(await none.locator('.an-panel').count()).toBe(0);
    await none.close();
    await page.close();
  });

  describe('axe-core: no serious or critical violations', () => {
    const results: string[] = [];
    afterAll(() => console.log(`axe-core results:\n${results.join('\n')}`));

    it.each(['light', 'dark'] as const)('panel, drawer and listing on arXiv pages (%s)', async (theme) => {
      const page = await ext.context.newPage();
      for (const [surface, url, sel] of [
        ['panel', `https://arxiv.org/abs/${simclr.arxiv_id}`, PANEL],
        ['drawer', 'https://arxiv.org/html/1706.03762v7', SURFACE.drawer],
        ['listing', 'https://arxiv.org/list/cs/new', `${SURFACE.badge}, ${SURFACE.triage}`],
      ] as const) {
        await page.goto(url);
        if (surface === 'listing') {
          await readClosedRoot(page, SURFACE.badge).waitFor('a.c', { timeout: 15_000 });
          await readClosedRoot(page, SURFACE.triage).click('input');
        } else await readClosedRoot(page, sel).waitFor('.an-title', { timeout: 15_000 });
        if (theme === 'dark') await darken(page);
        await page.waitForTimeout(300);
        const vs = await axe(page, sel);
        results.push(`${surface} (${theme}): ${vs.length} serious/critical${vs.length ? ` — ${summary(vs).join('; ')}` : ''}`);
        expect(summary(vs), `${surface} ${theme}`).toEqual([]);
        if (surface === 'listing') await readClosedRoot(page, SURFACE.triage).click('input');
      }
      await page.close();
    });

    it.each(['light', 'dark'] as const)('popup and library page (%s)', async (theme) => {
      const page = await ext.context.newPage();
      await page.goto(`https://arxiv.org/abs/${simclr.arxiv_id}`);
      const panel = panelOf(page);
      await panel.waitFor('.an-title');
      await panel.click('.an-self .an-save');
      await panel.waitFor('.an-self .an-saved');
      const popup = await openExtensionPage(ext, `popup.html?tab=${await tabIdOf(ext, page)}`);
      await popup.emulateMedia({ colorScheme: theme });
      await popup.locator('.an-title').first().waitFor({ timeout: 15_000 }).catch(async (e: unknown) => {
        await popup.screenshot({ path: `test-results/popup-axe-${theme}.png` });
        throw e;
      });
      const pv = await axe(popup, null);
      results.push(`popup (${theme}): ${pv.length} serious/critical${pv.length ? ` — ${summary(pv).join('; ')}` : ''}`);
      const lib = await openExtensionPage(ext, 'library.html');
      await lib.emulateMedia({ colorScheme: theme });
      await lib.locator('.entry').first().waitFor();
      await lib.locator('#how summary').click();
      const lv = await axe(lib, null);
      results.push(`library (${theme}): ${lv.length} serious/critical${lv.length ? ` — ${summary(lv).join('; ')}` : ''}`);
      expect(summary(pv), `popup ${theme}`).toEqual([]);
      expect(summary(lv), `library ${theme}`).toEqual([]);
      await panel.click('.an-self .an-save');
      await popup.close();
      await lib.close();
      await page.close();
    });
  });
});
