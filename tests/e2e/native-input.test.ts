// Real input the way a reader gives it: the keyboard command and the right-click menu, in a headed
// Chromium on a virtual display (headless Chromium does not route either to extensions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, openExtensionPage, sendFrom, type ExtensionSession } from '../helpers/extension';
import { LAYOUTS, fixtureHtml } from '../helpers/fixture-pages';
import { startXvfb, type VirtualDisplay } from '../helpers/xvfb';
import type { LibraryEntry } from '@/utils/shared/library/types';
import { panelOf } from '../helpers/closed-root';

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
    const panel = panelOf(page);
    await panel.waitFor('.an-title');
    await page.bringToFront();
    x.keys('alt+shift+s');
    await expect.poll(() => panel.text('.an-self .an-save'), { timeout: 5000 }).toBe('★ In your reading list');
    const [entry] = await saved();
    expect(entry.id).toBe('2304.09157');
    expect(entry.paper?.authors).toEqual(['Wentao Zhan', 'Abhirup Datta']);
    await page.close();
  });

  it('right-click → "Save to reading list" saves the linked paper', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://arxiv.org/abs/2304.09157v2', { waitUntil: 'domcontentloaded' });
    const panel = panelOf(page);
    await panel.waitFor('.an-title', { nth: 1 });
    const title = await panel.text('.an-title', { nth: 1 });
    await page.bringToFront();
    await panel.click('.an-title', { nth: 1, button: 'right' });
    await page.waitForTimeout(500);
    // The extension's item sits just above "Inspect", the menu's last item.
    x.keys('Up', 'Up', 'Return');
    await expect.poll(async () => (await saved()).map((e) => e.paper?.title), { timeout: 5000 }).toContain(title);
    // The panel follows.
    await expect.poll(() => panel.attr('.an-row', 'aria-pressed', { hasText: title!, inside: '.an-save' }), { timeout: 2000 }).toBe('true');
    await page.close();
  });
});
