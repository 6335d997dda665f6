/**
 * For you on listing and search pages: with fewer than three saved papers it says so; with a seeded reading
 * list it reorders the entries (the reader's topic first), marks and explains the top ones, learns from
 * "Not for me", remembers being on, and puts the page's own order back when turned off. The popup lists
 * the day's best.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, openExtensionPage, sendFrom, type ExtensionSession } from '../helpers/extension';
import { fixtureHtml, searchResultsPage, UNREACHABLE_HOST } from '../helpers/fixture-pages';
import { devQueries, FIXTURES } from '../helpers/dom';
import { CORPUS } from '@/utils/background/corpus/corpus-data';
import { SURFACE, readClosedRoot } from '../helpers/closed-root';

const q = devQueries()[0]; // GPTQ: post-training quantization of LLMs
const quantSaved = Object.entries(q.relevant)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 3)
  .map(([i]) => CORPUS[Number(i)].id);
const extra = JSON.parse(readFileSync(resolve(FIXTURES, 'judged-extra.json'), 'utf8')) as { arxiv_id: string; title: string; abstract: string; relevant: Record<string, number> }[];
const unrelated = JSON.parse(readFileSync(resolve(FIXTURES, 'unrelated-papers.json'), 'utf8')) as { arxiv_id: string; title: string; abstract: string | null; group: string }[];
// Quantization papers the reader has not seen (judged relevant to the same collection papers), last on the page.
const quantEntries = [q, ...extra.filter((x) => quantSaved.filter((id) => Object.keys(x.relevant).some((i) => CORPUS[Number(i)].id === id)).length >= 2)].slice(0, 3);
const others = unrelated.filter((u) => u.abstract && !u.arxiv_id.includes('/')).slice(0, 7);
const PAGE_ORDER = [...others.map((u) => u.arxiv_id), ...quantEntries.map((e) => e.arxiv_id)];

const searchIds = (page: Page) => page.locator('li.arxiv-result p.list-title > a:first-child').evaluateAll((as) => as.map((a) => (a.textContent ?? '').replace('arXiv:', '').trim()));
const controls = (page: Page) => readClosedRoot(page, SURFACE.triage);
const SEARCH = 'https://arxiv.org/search/?query=mixed&searchtype=all';
/** Opens the search page and turns For you on, until it says the entries are in its order. */
async function orderedForYou(page: Page): Promise<void> {
  await page.goto(SEARCH);
  await controls(page).click('input', { nth: 1 });
  await expect.poll(() => controls(page).text('.fy-status'), { timeout: 10_000 }).toMatch(/^Ordered for you/);
}

describe('For you', () => {
  let ext: ExtensionSession;

  beforeAll(async () => {
    ext = await launchExtension();
    // No model host answers: For you works on words alone, at once.
    await ext.setSettings({ modelHost: UNREACHABLE_HOST });
    ext.pages.set(
      '/search/',
      searchResultsPage('mixed', [...others.map((u) => ({ id: u.arxiv_id, title: u.title, abstract: u.abstract ?? '', authors: ['A. Author'] })), ...quantEntries.map((e) => ({ id: e.arxiv_id, title: e.title, abstract: e.abstract, authors: ['B. Author'] }))]),
    );
    ext.pages.set('/list/cs/new', fixtureHtml('arxiv/list_cs_new_2018-07_legacy-layout.html'));
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('with fewer than three saved papers says so instead of guessing', async () => {
    expect(quantEntries.length).toBe(3);
    const lib = await openExtensionPage(ext, 'library.html');
    await sendFrom(lib, 'savePaper', { id: quantSaved[0] });
    const page = await ext.context.newPage();
    await page.goto(SEARCH);
    await controls(page).waitFor('input', { nth: 1 });
    await controls(page).click('input', { nth: 1 });
    await expect.poll(() => controls(page).text('.fy-status')).toBe('Save at least 3 papers to get a For you order (you have 1).');
    expect(await searchIds(page)).toEqual(PAGE_ORDER);
    await controls(page).click('input', { nth: 1 });
    await lib.close();
    await page.close();
  });

  it('reorders by the reader’s papers, explains the top ones, and restores the page’s order when off', async () => {
    const lib = await openExtensionPage(ext, 'library.html');
    for (const id of quantSaved) await sendFrom(lib, 'savePaper', { id });
    const page = await ext.context.newPage();
    await page.goto(SEARCH);
    expect(await searchIds(page)).toEqual(PAGE_ORDER);
    await controls(page).waitFor('input', { nth: 1 });
    await controls(page).click('input', { nth: 1 });
    await expect.poll(() => controls(page).text('.fy-status'), { timeout: 10_000 }).toMatch(/^Ordered for you: \d+ marked/);
    const order = await searchIds(page);
    // The three quantization papers come first; the seven of other fields after them.
    expect(new Set(order.slice(0, 3))).toEqual(new Set(quantEntries.map((e) => e.arxiv_id)));
    const marks = await readClosedRoot(page, SURFACE.badge).texts('.fy-mark');
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.length).toBeLessThanOrEqual(3);
    for (const m of marks) expect(m).toMatch(/^For you( · (Very close|Related|Loosely related))?:(Like (one|\d) of your saved papers: |Uses words of your saved papers: )/);
    // Off: the page's own order and no marks.
    await controls(page).click('input', { nth: 1 });
    await expect.poll(() => searchIds(page)).toEqual(PAGE_ORDER);
    expect(await readClosedRoot(page, SURFACE.badge).count('.fy-mark')).toBe(0);
    await lib.close();
    await page.close();
  });

  it('is remembered: the next listing opens in For you’s order, and the popup lists the day’s best', async () => {
    const page = await ext.context.newPage();
    await orderedForYou(page);
    await page.reload();
    await expect.poll(() => controls(page).text('.fy-status'), { timeout: 10_000 }).toMatch(/^Ordered for you/);
    expect(new Set((await searchIds(page)).slice(0, 3))).toEqual(new Set(quantEntries.map((e) => e.arxiv_id)));
    const popup = await openExtensionPage(ext, 'popup.html');
    await popup.locator('.today li').first().waitFor();
    const titles = await popup.locator('.today li a').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.length).toBeLessThanOrEqual(5);
    expect(quantEntries.map((e) => e.title)).toContain(titles[0]);
    await popup.close();
    // The legacy listing too: reordered while on, its page order back when off.
    await page.goto('https://arxiv.org/list/cs/new');
    const ids = () => page.locator('#dlpage dt a[title="Abstract"]').evaluateAll((as) => as.map((a) => a.textContent));
    await expect.poll(() => controls(page).text('.fy-status'), { timeout: 15_000 }).toMatch(/^(Ordered for you|Nothing on this listing)/);
    const listed = await ids();
    await controls(page).click('input', { nth: 1 });
    await expect.poll(ids).not.toEqual(listed);
    const fresh = await ext.context.newPage();
    ext.pages.set('/list/cs/recent', fixtureHtml('arxiv/list_cs_new_2018-07_legacy-layout.html'));
    await fresh.goto('https://arxiv.org/list/cs/recent');
    await readClosedRoot(fresh, SURFACE.triage).waitFor('input', { nth: 1 });
    const pageOrder = await fresh.locator('#dlpage dt a[title="Abstract"]').evaluateAll((as) => as.map((a) => a.textContent));
    expect(await ids()).toEqual(pageOrder);
    await fresh.close();
    await page.close();
  });

  it('"Not for me" pushes an entry and its look-alikes down, undoably', async () => {
    const page = await ext.context.newPage();
    await orderedForYou(page);
    const first = (await searchIds(page))[0];
    const badge = readClosedRoot(page, SURFACE.badge);
    await badge.click('.fy-not', { nth: 0 });
    await expect.poll(() => controls(page).text('.fy-status'), { timeout: 10_000 }).toMatch(/will rank lower from now on/);
    await expect.poll(async () => (await searchIds(page)).indexOf(first)).toBeGreaterThan(0);
    await controls(page).click('.fy-status button');
    await expect.poll(async () => (await searchIds(page))[0], { timeout: 10_000 }).toBe(first);
    await controls(page).click('input', { nth: 1 });
    await page.close();
  });
});
