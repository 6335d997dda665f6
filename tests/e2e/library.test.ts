import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, openExtensionPage, tabIdOf, type ExtensionSession } from '../helpers/extension';
import { launchWithTestModels, type ModelServer } from '../helpers/model-server';
import { pageWithPaper } from '../helpers/fixture-pages';
import { devQueries } from '../helpers/dom';
import { panelOf } from '../helpers/closed-root';

// CLIP, on the classic layout: a paper with judged neighbours in the collection, so the panel has rows to save.
const clip = devQueries().find((q) => q.id === 'q07')!;
const OWN = clip.title;
const ABS = `https://arxiv.org/abs/${clip.arxiv_id}v2`;

describe('reading list: save, popup, library page, export and import', () => {
  let ext: ExtensionSession;
  let models: ModelServer;
  let arxiv: Page;

  beforeAll(async () => {
    ({ ext, models } = await launchWithTestModels());
    ext.pages.set(`/abs/${clip.arxiv_id}v2`, pageWithPaper('classic', { id: clip.arxiv_id, title: clip.title, abstract: clip.abstract, authors: ['Alec Radford', 'Jong Wook Kim'] }));
    arxiv = await ext.context.newPage();
    await arxiv.goto(ABS, { waitUntil: 'domcontentloaded' });
    await panelOf(arxiv).waitFor('.an-title');
  });

  afterAll(async () => {
    await ext?.close();
    await models?.close();
  });

  it('saves a related paper from the panel; the popup and the library page show it', async () => {
    const panel = panelOf(arxiv);
    const title = (await panel.text('.an-list .an-row .an-title'))!;
    await panel.click('.an-list .an-row', { hasText: title, inside: '.an-save' });
    await expect.poll(() => panel.attr('.an-list .an-row', 'aria-pressed', { hasText: title, inside: '.an-save' })).toBe('true');
    // The page's own paper, from the panel header.
    await panel.click('.an-self .an-save');
    await expect.poll(() => panel.text('.an-self .an-save')).toBe('★ In your reading list');

    const popup = await openExtensionPage(ext, `popup.html?tab=${await tabIdOf(ext, arxiv)}`);
    await popup.locator('.latest li').first().waitFor();
    const latest = await popup.locator('.latest li a').allTextContents();
    expect(latest).toContain(title);
    expect(latest).toContain(OWN);
    // The popup shows the tab's related list with the same saved state.
    await popup.locator('.an-row').first().waitFor();
    expect(await popup.locator('.an-row', { hasText: title }).locator('.an-save').getAttribute('aria-pressed')).toBe('true');
    await popup.close();

    const library = await openExtensionPage(ext, 'library.html');
    await library.locator('.entry').first().waitFor();
    expect(await library.locator('.entry-title').allTextContents()).toEqual(expect.arrayContaining([title, OWN]));
    await library.close();
  });

  it('edits status, tags and note in the library; they survive a reload', async () => {
    const library = await openExtensionPage(ext, 'library.html');
    const entry = library.locator('.entry', { hasText: OWN });
    await entry.waitFor();
    await entry.locator('.entry-status').selectOption('reading');
    await entry.locator('.tag-input').fill('spatial stats');
    await entry.locator('.tag-input').press('Enter');
    await entry.locator('.tag', { hasText: 'spatial stats' }).waitFor();
    await entry.locator('.entry-note').fill('Compare with **kriging** baselines.\n- check GLS loss');
    await entry.locator('.note-state', { hasText: 'Note saved' }).waitFor();

    await library.reload();
    const again = library.locator('.entry', { hasText: OWN });
    await again.waitFor();
    expect(await again.locator('.entry-status').inputValue()).toBe('reading');
    expect(await again.locator('.tag').allTextContents()).toEqual(['spatial stats×']);
    expect(await again.locator('.entry-note').inputValue()).toBe('Compare with **kriging** baselines.\n- check GLS loss');
    // Filters: by status and by tag.
    await library.locator('select[aria-label="Filter by status"]').selectOption('read');
    await library.locator('.empty', { hasText: 'No matches in your reading list' }).waitFor();
    await library.locator('select[aria-label="Filter by status"]').selectOption('all');
    await library.locator('select[aria-label="Filter by tag"]').selectOption('spatial stats');
    // Filtering is the background's: the list follows within a moment.
    await expect.poll(() => library.locator('.entry').count()).toBe(1);
    await library.locator('select[aria-label="Filter by tag"]').selectOption('all');
    // A search of words no paper uses finds nothing, and says so.
    await library.locator('.lib-search').fill('zzqx nonsense');
    await library.locator('.empty', { hasText: 'No matches in your reading list' }).waitFor();
    expect(await library.locator('.entry').count()).toBe(0);
    await library.close();
  });

  it('the popup search says "No matches" for words no paper uses, and finds the papers that use real ones', async () => {
    const popup = await openExtensionPage(ext, 'popup.html');
    await popup.locator('#q').fill('zzqx nonsense');
    await popup.locator('.an-no-match').waitFor();
    expect(await popup.locator('.an-no-match').textContent()).toMatch(/^No matches/);
    expect(await popup.locator('section[aria-label="Search results"] .an-row').count()).toBe(0);
    await popup.locator('#q').fill('product quantization');
    await popup.locator('section[aria-label="Search results"] .an-row').first().waitFor();
    expect(await popup.locator('.an-no-match').count()).toBe(0);
    await popup.close();
  });

  it('deletes with undo, and every view follows within a second', async () => {
    const library = await openExtensionPage(ext, 'library.html');
    const entry = library.locator('.entry', { hasText: OWN });
    await entry.waitFor();
    await entry.locator('.entry-select').check();
    await library.locator('button.danger').click();
    await library.locator('.banner', { hasText: 'Deleted 1 paper' }).waitFor();
    await expect.poll(() => entry.count(), { timeout: 1000 }).toBe(0);
    // The arXiv tab's panel follows the deletion.
    await expect.poll(() => panelOf(arxiv).text('.an-self .an-save'), { timeout: 1000 }).toBe('☆ Save this paper');

    await library.locator('.banner button', { hasText: 'Undo' }).click();
    await entry.waitFor();
    expect(await entry.locator('.entry-note').inputValue()).toMatch(/kriging/);
    expect(await entry.locator('.entry-status').inputValue()).toBe('reading');
    await expect.poll(() => panelOf(arxiv).text('.an-self .an-save'), { timeout: 1000 }).toBe('★ In your reading list');
    await library.close();
  });

  it('exports JSON that imports into a fresh profile exactly; BibTeX has one entry per paper', async () => {
    const library = await openExtensionPage(ext, 'library.html');
    await library.locator('.entry').first().waitFor();
    const exported: Record<string, string> = {};
    for (const format of ['json', 'bibtex', 'markdown', 'csv']) {
      await library.locator('#format').selectOption(format);
      const [download] = await Promise.all([library.waitForEvent('download'), library.locator('button', { hasText: /^Export/ }).click()]);
      exported[format] = readFileSync(await download.path(), 'utf8');
    }
    const backup = JSON.parse(exported.json) as { entries: { id: string; note: string; tags: string[] }[] };
    expect(backup.entries).toHaveLength(2);
    expect(exported.bibtex.match(/@misc\{/g)).toHaveLength(2);
    expect(exported.bibtex).toContain(`eprint = {${clip.arxiv_id}}`);
    expect(exported.markdown).toContain(`[${OWN}](https://arxiv.org/abs/${clip.arxiv_id})`);
    // A byte-order mark first, so spreadsheet programs read accents right.
    expect(exported.csv.split('\r\n')[0]).toBe('\uFEFFarxiv_id,title,authors,year,status,tags,note,added,url');
    const listBefore = await library.locator('.entry-title').allTextContents();
    await library.close();

    const fresh = await launchExtension();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'an-import-'));
      const file = join(dir, 'backup.json');
      writeFileSync(file, exported.json);
      const page = await openExtensionPage(fresh, 'library.html');
      await page.locator('.empty').waitFor();
      await page.locator('input[type="file"]').setInputFiles(file);
      await page.locator('.report', { hasText: '2 added' }).waitFor();
      await expect.poll(() => page.locator('.entry-title').allTextContents()).toEqual(listBefore);
      // Export again from the fresh profile: the same library, notes and tags included.
      await page.locator('#format').selectOption('json');
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button', { hasText: /^Export/ }).click()]);
      const again = JSON.parse(readFileSync(await download.path(), 'utf8')) as { entries: unknown[] };
      expect(again.entries).toEqual(backup.entries);

      // A truncated file and a hand-corrupted one change nothing.
      writeFileSync(file, exported.json.slice(0, exported.json.length / 2));
      await page.locator('input[type="file"]').setInputFiles(file);
      await page.locator('.report-error', { hasText: 'Nothing was imported' }).waitFor();
      const corrupted = JSON.parse(exported.json) as { entries: { status: string }[] };
      corrupted.entries[1].status = 'finished??';
      writeFileSync(file, JSON.stringify(corrupted));
      await page.locator('input[type="file"]').setInputFiles(file);
      await page.locator('.report-error li', { hasText: 'status must be one of' }).waitFor();
      expect(await page.locator('.entry-title').allTextContents()).toEqual(listBefore);
    } finally {
      await fresh.close();
    }
  });

  it('the popup saves the tab’s paper the way the keyboard command does (asking the page for its paper)', async () => {
    const popup = await openExtensionPage(ext, `popup.html?tab=${await tabIdOf(ext, arxiv)}`);
    const toggle = popup.locator('.an-self .an-save');
    // Disabled until the background has said whether the paper is saved.
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    if ((await toggle.getAttribute('aria-pressed')) === 'true') {
      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    }
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => panelOf(arxiv).text('.an-self .an-save'), { timeout: 1000 }).toBe('★ In your reading list');
    // Search box: keyword results at once.
    await popup.locator('#q').fill('product quantization');
    await popup.locator('section[aria-label="Search results"] .an-row').first().waitFor();
    await popup.close();
  });

  it('the model source is a setting on the library page, validated before it is saved', async () => {
    const library = await openExtensionPage(ext, 'library.html');
    await library.locator('#model-settings summary').click();
    const input = library.locator('#model-host');
    expect(await input.inputValue()).toBe(models.url);
    await input.fill('not a url');
    await library.locator('.settings button[type="submit"]').click();
    await library.locator('.settings [role="alert"]', { hasText: 'Enter a full address' }).waitFor();
    await input.fill(models.url.replace(/\/$/, ''));
    await library.locator('.settings button[type="submit"]').click();
    await library.locator('.settings [role="status"]', { hasText: 'Saved' }).waitFor();
    expect(await input.inputValue()).toBe(models.url);
    await library.close();
  });
});
