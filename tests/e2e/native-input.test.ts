// Real input the way a reader gives it: the keyboard command and the right-click menu, in a headed
// Chromium on a virtual display (headless Chromium does not route either to extensions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, openExtensionPage, sendFrom, type ExtensionSession } from '../helpers/extension';
import { LAYOUTS, fixtureHtml } from '../helpers/fixture-pages';
import { startXvfb, type VirtualDisplay } from '../helpers/xvfb';
import type { LibraryEntry } from '@/utils/library/types';

const PANEL = 'arxiv-neighbors-panel';

describe('saving with the keyboard command and the context menu', () => {
  let x: VirtualDisplay;
  let ext: ExtensionSession;
  const saved = async () => {
    const lib = await openExtensionPage(ext, 'library.html');
    const { entries } = await sendFrom<{ entries: LibraryEntry[] }>(lib, 'listLibrary', {});
    await lib.close();
    return entries;
  };

  beforeAll(async () => {
    x = await startXvfb();
    process.env.DISPLAY = x.display;
    ext = await launchExtension({ headless: false });
    ext.pages.set('/abs/2304.09157v2', fixtureHtml(LAYOUTS.classic));
  });

  afterAll(async () => {
    await ext?.close();
    x?.stop();
  });

  it('Alt+Shift+S saves the paper of the current tab, with the page’s metadata', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://arxiv.org/abs/2304.09157v2', { waitUntil: 'domcontentloaded' });
    await page.locator(`${PANEL} .an-title`).first().waitFor();
    await page.bringToFront();
    x.keys('alt+shift+s');
    await expect.poll(() => page.locator(`${PANEL} .an-self .an-save`).textContent(), { timeout: 5000 }).toBe('★ In your reading list');
    const [entry] = await saved();
    expect(entry.id).toBe('2304.09157');
    expect(entry.paper?.authors).toEqual(['Wentao Zhan', 'Abhirup Datta']);
    await page.close();
  });

  it('right-click → "Save to reading list" saves the linked paper', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://arxiv.org/abs/2304.09157v2', { waitUntil: 'domcontentloaded' });
    const link = page.locator(`${PANEL} .an-title`).nth(1);
    await link.waitFor();
    const title = await link.textContent();
    await page.bringToFront();
    await link.click({ button: 'right' });
    await page.waitForTimeout(500);
    // The extension's item sits just above "Inspect", the menu's last item.
    x.keys('Up', 'Up', 'Return');
    await expect.poll(async () => (await saved()).map((e) => e.paper?.title), { timeout: 5000 }).toContain(title);
    // The panel follows.
    await expect.poll(() => page.locator(`${PANEL} .an-row`, { hasText: title! }).locator('.an-save').getAttribute('aria-pressed'), { timeout: 2000 }).toBe('true');
    await page.close();
  });
});
