/**
 * npx wxt build && npx tsx scripts/screenshots-library.ts: the library page in light and dark, seeded
 * from a JSON backup (no panel needed): the list, a card's abstract opened, the import dialog, the
 * confirm step of a restore, and the report of an import that refused a CSV file. Writes
 * artifacts/library-*-<scheme>.png.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchExtension, openExtensionPage } from '../tests/helpers/extension';
import { toJson } from '../utils/background/library/export';
import { loraAndOldStyle } from '../tests/helpers/library-entry';

const out = resolve('artifacts');
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'an-shots-'));
const paper = (title: string, authors: string[], abstract: string, yearMonth: string, primarySubject: string) => ({ title, authors, abstract, yearMonth, primarySubject, version: 1 });
const entries = loraAndOldStyle(
  {
    note: 'Rank 4–8 is enough for most tasks; compare with adapters.',
    paper: paper(
      'LoRA: Low-Rank Adaptation of Large Language Models',
      ['Edward J. Hu', 'Yelong Shen', 'Phillip Wallis', 'Zeyuan Allen-Zhu'],
      'An important paradigm of natural language processing consists of large-scale pre-training on general domain data and adaptation to particular tasks or domains. We propose Low-Rank Adaptation, or LoRA, which freezes the pre-trained model weights and injects trainable rank decomposition matrices into each layer of the Transformer architecture.',
      '2021-06',
      'cs.CL',
    ),
  },
  { status: 'to-read', paper: paper('An old-style paper: Étienne’s dualities', ['Étienne Bézout', 'Jürgen Müller'], 'A short abstract of an old-style paper.', '1999-01', 'hep-th') },
);
const backup = join(dir, 'backup.json');
writeFileSync(backup, toJson(entries));
const csv = join(dir, 'reading-list.csv');
writeFileSync(csv, 'arxiv_id,title\n2106.09685,LoRA\n');

for (const scheme of ['light', 'dark'] as const) {
  const ext = await launchExtension({ colorScheme: scheme, viewport: { width: 1100, height: 800 } });
  try {
    const page = await openExtensionPage(ext, 'library.html');
    await page.locator('.empty').waitFor();
    await page.locator('input[type="file"]').setInputFiles(backup);
    await page.locator('.report', { hasText: '2 added' }).waitFor();
    await page.locator('.report button[aria-label="Close the import report"]').click();
    const lora = page.locator('.entry', { hasText: 'LoRA' });
    await lora.waitFor();
    await page.screenshot({ path: resolve(out, `library-list-${scheme}.png`) });
    // By keyboard, so the focus ring shows: Tab from the PDF link to the abstract button, Enter opens it.
    await lora.locator('.entry-pdf').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return `${el.textContent} (focus-visible: ${el.matches(":focus-visible")}, outline: ${getComputedStyle(el).outlineStyle} ${getComputedStyle(el).outlineColor})`;
    });
    console.log(`focus on ${focused}`);
    await page.screenshot({ path: resolve(out, `library-abstract-${scheme}.png`) });
    await page.locator('button', { hasText: /^Import/ }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#import-dialog').waitFor();
    await page.screenshot({ path: resolve(out, `library-import-${scheme}.png`) });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('button', { hasText: 'Restore a JSON backup' }).click()]);
    await chooser.setFiles(backup);
    await page.locator('[role="alertdialog"]').waitFor();
    await page.screenshot({ path: resolve(out, `library-restore-${scheme}.png`) });
    await page.locator('[role="alertdialog"] button', { hasText: 'Cancel' }).click();
    await page.locator('input[type="file"]').setInputFiles(csv);
    await page.locator('.report-error').waitFor();
    await page.screenshot({ path: resolve(out, `library-refused-${scheme}.png`) });
    console.log(`library-{list,abstract,import,restore,refused}-${scheme}.png`);
  } finally {
    await ext.close();
  }
}
