/**
 * npm run screenshots: every surface in light and dark, wide and narrow windows, with the generated test
 * model served locally. Writes artifacts/*.png, and the README's pictures to .github/screenshots/.
 * "Dark" is the OS setting for the extension's own pages (popup, library) and, on arXiv's pages (which stay
 * white whatever the OS says), a page darkened the way a dark-mode extension does it: the panel follows
 * the page.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';
import { launchExtension, openExtensionPage, tabIdOf } from '../tests/helpers/extension';
import { fixtureHtml, LAYOUTS, pageWithPaper } from '../tests/helpers/fixture-pages';
import { devQueries } from '../tests/helpers/dom';
import { startModelServer } from '../tests/helpers/model-server';
import { SURFACE, panelOf, readClosedRoot } from '../tests/helpers/closed-root';
import { makeTestModels } from './make-test-models';

const out = resolve('artifacts');
mkdirSync(out, { recursive: true });
const readme = resolve('.github/screenshots');
mkdirSync(readme, { recursive: true });

/** What Dark Reader's dynamic mode does to arXiv: dark backgrounds through a style sheet. */
async function darkened(page: Page, scheme: 'light' | 'dark') {
  if (scheme !== 'dark') return;
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'html, body, #abs-outer, .extra-services, #dlpage { background-color: #181a1b !important; color: #e8e6e3 !important; } a { color: #6cb4f7 !important; }';
    document.head.append(style);
  });
  await page.waitForTimeout(200);
}
const server = await startModelServer(makeTestModels());
// A paper with judged neighbours in the collection (SimCLR), for a panel full of related papers.
const simclr = devQueries().find((q) => q.id === 'q13')!;
for (const scheme of ['light', 'dark'] as const) {
  for (const [label, viewport] of [
    ['wide', { width: 1280, height: 800 }],
    ['narrow', { width: 420, height: 900 }],
  ] as const) {
    const ext = await launchExtension({ colorScheme: scheme, viewport });
    await ext.setSettings({ modelHost: server.url });
    ext.pages.set('/abs/2304.09157v2', fixtureHtml(LAYOUTS.classic));
    ext.pages.set('/abs/0704.0001', fixtureHtml(LAYOUTS.legacy));
    ext.pages.set(`/abs/${simclr.arxiv_id}`, pageWithPaper('classic', { id: simclr.arxiv_id, title: simclr.title, abstract: simclr.abstract, authors: ['Ting Chen', 'Simon Kornblith'] }));
    ext.pages.set('/list/astro-ph.CO/new', fixtureHtml('arxiv/list_astro-ph.CO_new_render-2025-05-layout.html'));
    ext.pages.set('/list/cs/new', fixtureHtml('arxiv/list_cs_new_2018-07_legacy-layout.html'));
    ext.pages.set('/html/1706.03762v7', fixtureHtml('arxiv/html_1706.03762_ar5iv-latexml-2023.html'));
    const page = await ext.context.newPage();
    for (const [name, url] of [
      ['classic', 'https://arxiv.org/abs/2304.09157v2'],
      ['related', `https://arxiv.org/abs/${simclr.arxiv_id}`],
      ['offtopic', 'https://arxiv.org/abs/0704.0001'],
    ] as const) {
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      await panelOf(page).waitFor('.an-status', { hasText: /^Ranked/, timeout: 60_000 });
      await darkened(page, scheme);
      // arXiv's own links first, the panel right under them: the picture shows that View PDF stays put.
      await page.evaluate(() => document.querySelector('.extra-services .full-text')?.scrollIntoView({ block: 'start' }));
      const file = resolve(out, `panel-${name}-${scheme}-${label}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    }
    if (label === 'wide') {
      await page.goto('https://arxiv.org/list/cs/new', { waitUntil: 'domcontentloaded' });
      const badges = readClosedRoot(page, SURFACE.badge);
      await badges.waitFor('a.c');
      await page.waitForTimeout(1500);
      // The first badge with a link, scrolled into view from inside its closed root.
      await badges.evaluate((roots) => roots.find((r) => r.querySelector('a.c'))?.host.scrollIntoView({ block: 'center' }));
      await darkened(page, scheme);
      await page.screenshot({ path: resolve(out, `listing-${scheme}.png`) });
      // A listing of another field: no badge at all.
      await page.goto('https://arxiv.org/list/astro-ph.CO/new', { waitUntil: 'domcontentloaded' });
      await readClosedRoot(page, SURFACE.badge).waitFor('.b');
      await page.waitForTimeout(1500);
      await darkened(page, scheme);
      await page.screenshot({ path: resolve(out, `listing-astro-${scheme}.png`) });
      await page.goto('https://arxiv.org/html/1706.03762v7', { waitUntil: 'domcontentloaded' });
      await readClosedRoot(page, SURFACE.drawer).waitFor('.an-title');
      await darkened(page, scheme);
      await page.locator(SURFACE.drawer).scrollIntoViewIfNeeded();
      await page.screenshot({ path: resolve(out, `html-drawer-${scheme}.png`) });
      // Popup and library page, with a few papers saved, tagged and annotated.
      await page.goto('https://arxiv.org/abs/2304.09157v2', { waitUntil: 'domcontentloaded' });
      const panel = panelOf(page);
      await panel.waitFor('.an-self .an-save:not([disabled])');
      await panel.click('.an-self .an-save');
      // The geospatial paper has no neighbours in the collection: two related papers are saved from SimCLR's page.
      await page.waitForTimeout(300);
      await page.goto(`https://arxiv.org/abs/${simclr.arxiv_id}`, { waitUntil: 'domcontentloaded' });
      await panel.waitFor('.an-list .an-row .an-save');
      for (const i of [0, 1]) await panel.click('.an-list .an-row .an-save', { nth: i });
      await page.waitForTimeout(300);
      // For you on the cs listing, with those three papers saved.
      await page.goto('https://arxiv.org/list/cs/new', { waitUntil: 'domcontentloaded' });
      const controls = readClosedRoot(page, SURFACE.triage);
      await controls.waitFor('input', { nth: 1 });
      await controls.click('input', { nth: 1 });
      await controls.waitFor('.fy-status', { hasText: /^(Ordered for you|Nothing on this listing)/, timeout: 30_000 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await darkened(page, scheme);
      await page.screenshot({ path: resolve(out, `listing-foryou-${scheme}.png`) });
      await controls.click('input', { nth: 1 });
      // The popup below shows the tab's paper.
      await page.goto(`https://arxiv.org/abs/${simclr.arxiv_id}`, { waitUntil: 'domcontentloaded' });
      const library = await openExtensionPage(ext, 'library.html');
      const geo = library.locator('.entry', { hasText: 'geospatial' });
      await geo.waitFor();
      await geo.locator('.entry-status').selectOption('reading');
      await geo.locator('.tag-input').fill('spatial');
      await geo.locator('.tag-input').press('Enter');
      await geo.locator('.entry-note').fill('Compare with kriging baselines; **GLS** loss as in section 3.');
      await geo.locator('.note-state', { hasText: 'Note saved' }).waitFor();
      await library.setViewportSize({ width: 1100, height: 700 });
      await library.screenshot({ path: resolve(out, `library-${scheme}.png`) });
      // The model settings, opened.
      await library.locator('#model-settings summary').click();
      await library.locator('#model-status').waitFor();
      await library.locator('#model-settings').screenshot({ path: resolve(out, `model-settings-${scheme}.png`) });
      await library.locator('#model-settings summary').click();
      const popup = await openExtensionPage(ext, `popup.html?tab=${await tabIdOf(ext, page)}`);
      await popup.setViewportSize({ width: 420, height: 720 });
      await popup.locator('.an-status').filter({ hasText: /^Ranked/ }).waitFor({ timeout: 60_000 });
      await popup.screenshot({ path: resolve(out, `popup-${scheme}.png`) });
      await popup.locator('#q').fill('quantization for large language models');
      await popup.locator('section[aria-label="Search results"] .an-row').first().waitFor();
      await popup.screenshot({ path: resolve(out, `popup-search-${scheme}.png`) });
      await popup.locator('#q').fill('zzqx nonsense');
      await popup.locator('.an-no-match').waitFor();
      await popup.screenshot({ path: resolve(out, `popup-search-none-${scheme}.png`) });
      console.log(`library-${scheme}.png, popup-${scheme}.png, popup-search-${scheme}.png`);
      // The README's pictures.
      for (const [from, to] of [
        [`panel-related-${scheme}-wide.png`, `panel-${scheme}.png`],
        [`listing-foryou-${scheme}.png`, `listing-${scheme}.png`],
        [`popup-${scheme}.png`, `popup-${scheme}.png`],
        [`library-${scheme}.png`, `library-${scheme}.png`],
      ]) {
        copyFileSync(resolve(out, from), resolve(readme, to));
      }
    }
    await ext.close();
  }
}
await server.close();
