/**
 * The library page of the built extension, seeded from a JSON backup: a card's PDF link and abstract by
 * keyboard with a visible focus ring, the import dialog (formats named, CSV refused, restore confirmed),
 * the undo banner going at the next action, lossless BibTeX and JSON round trips through the real page,
 * a CSV export with a UTF-8 BOM, and axe-core on the dialog states in both themes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, openExtensionPage, type ExtensionSession } from '../helpers/extension';
import { toJson } from '../../utils/background/library/export';
import { loraAndOldStyle } from '../helpers/library-entry';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const paper = (title: string, authors: string[], abstract: string, yearMonth: string) => ({ title, authors, abstract, yearMonth, primarySubject: 'cs.CL', version: 1 });
const ENTRIES = loraAndOldStyle(
  {
    note: 'Rank 4–8 is enough;\nsecond line with $x^{2}$ & 100%',
    paper: paper('LoRA: Low-Rank Adaptation of GPT-3', ['Edward J. Hu', 'Yelong Shen'], 'We propose Low-Rank Adaptation, or LoRA.', '2021-06'),
  },
  { status: 'read', paper: paper('An old-style paper: Étienne’s dualities', ['Étienne Bézout'], 'Old abstract.', '1999-01') },
);

let ext: ExtensionSession;
let dir: string;
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function download(page: Page, format: string): Promise<Buffer> {
  await page.locator('#format').selectOption(format);
  const [d] = await Promise.all([page.waitForEvent('download'), page.locator('button', { hasText: /^Export/ }).click()]);
  return readFileSync(await d.path());
}

async function seeded(): Promise<Page> {
  const page = await openExtensionPage(ext, 'library.html');
  await page.locator('.entry, .empty').first().waitFor();
  await page.locator('input[type="file"]').setInputFiles(file('seed.json', toJson(ENTRIES)));
  await page.locator('.report').waitFor();
  await page.locator('.entry', { hasText: 'LoRA' }).waitFor();
  return page;
}

async function axe(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string }[] }> } };
    return (await w.axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'an-formats-'));
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
});

describe('library page: cards, import dialog, undo, round trips', () => {
  it('a card links the PDF and opens its abstract by keyboard, with a visible focus ring', async () => {
    const page = await seeded();
    const card = page.locator('.entry', { hasText: 'old-style' });
    expect(await card.locator('a.entry-pdf').getAttribute('href')).toBe('https://arxiv.org/pdf/hep-th/9901001');
    await card.locator('a.entry-pdf').focus();
    await page.keyboard.press('Tab');
    const toggle = card.locator('.entry-abstract-toggle');
    expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await toggle.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    await card.locator('.entry-abstract', { hasText: 'Old abstract.' }).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.close();
  });

  it('the import dialog names what it takes and refuses a CSV file by name', async () => {
    const page = await seeded();
    await page.locator('button', { hasText: /^Import/ }).click();
    const dialog = page.locator('#import-dialog');
    expect(await dialog.textContent()).toMatch(/JSON backup.*BibTeX/);
    await page.locator('input[type="file"]').setInputFiles(file('list.csv', 'arxiv_id,title\n2106.09685,LoRA\n'));
    await page.locator('.report-error li', { hasText: "CSV files can't be imported — choose a JSON backup or a BibTeX file." }).waitFor();
    await page.close();
  });

  it('the undo banner goes at the next action', async () => {
    const page = await seeded();
    await page.locator('.entry', { hasText: 'old-style' }).locator('.entry-select').check();
    await page.locator('button.danger').click();
    await page.locator('.banner', { hasText: 'Deleted 1 paper' }).waitFor();
    await page.locator('.entry', { hasText: 'LoRA' }).locator('.entry-status').selectOption('read');
    await expect.poll(() => page.locator('.banner', { hasText: 'Deleted' }).count(), { timeout: 2000 }).toBe(0);
    await page.close();
  });

  /** The seeded library with LoRA's status set to reading (what the round trips below must keep). */
  async function seededWithLoraReading() {
    const page = await seeded();
    const lora = page.locator('.entry', { hasText: 'LoRA' });
    await lora.locator('.entry-status').selectOption('reading');
    return { page, lora };
  }

  it('the own BibTeX export imported again keeps status and comma tags, and exports the same bytes', async () => {
    const { page, lora } = await seededWithLoraReading();
    const bib = await download(page, 'bibtex');
    expect(bib.toString('utf8')).toContain('title = {{LoRA}: Low-Rank Adaptation of {GPT}-3},');
    expect(bib.toString('utf8')).toContain('keywords = {fine-tuning, {theory, math}},');
    await page.locator('input[type="file"]').setInputFiles(file('own.bib', bib.toString('utf8')));
    await page.locator('.report', { hasText: '0 added' }).waitFor();
    expect(await lora.locator('.entry-status').inputValue()).toBe('reading');
    expect(await lora.locator('.tag').allTextContents()).toEqual(['fine-tuning×', 'theory, math×']);
    expect((await download(page, 'bibtex')).equals(bib)).toBe(true);
    await page.close();
  });

  it('CSV starts with a UTF-8 byte-order mark', async () => {
    const page = await seeded();
    const csv = await download(page, 'csv');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('Étienne Bézout');
    await page.close();
  });

  it('a restore asks first, then puts back the backup’s status', async () => {
    const { page, lora } = await seededWithLoraReading();
    const backup = await download(page, 'json');
    await lora.locator('.entry-status').selectOption('to-read');
    await page.locator('button', { hasText: /^Import/ }).click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('button', { hasText: 'Restore a JSON backup' }).click()]);
    await chooser.setFiles(file('backup.json', backup.toString('utf8')));
    const confirm = page.locator('[role="alertdialog"]');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('status, tags and notes replace the ones in your reading list');
    expect(await lora.locator('.entry-status').inputValue()).toBe('to-read');
    await confirm.locator('button', { hasText: 'Restore from the backup' }).click();
    await page.locator('.report', { hasText: '1 updated' }).waitFor();
    await expect.poll(() => lora.locator('.entry-status').inputValue()).toBe('reading');
    await page.close();
  });

  it.each(['light', 'dark'] as const)('axe-core: the import dialog and the restore confirm (%s) have no serious or critical violations', async (theme) => {
    const page = await seeded();
    await page.emulateMedia({ colorScheme: theme });
    await page.locator('.entry', { hasText: 'LoRA' }).locator('.entry-abstract-toggle').click();
    await page.locator('button', { hasText: /^Import/ }).click();
    const dialog = await axe(page);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('button', { hasText: 'Restore a JSON backup' }).click()]);
    await chooser.setFiles(file('b.json', toJson(ENTRIES)));
    await page.locator('[role="alertdialog"]').waitFor();
    const confirm = await axe(page);
    console.log(`axe-core library import dialog (${theme}): ${dialog.length}; restore confirm: ${confirm.length}`);
    expect(dialog).toEqual([]);
    expect(confirm).toEqual([]);
    await page.close();
  });
});
