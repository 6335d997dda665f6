/**
 * npm start (scripts/start.ts) as a reader without a display runs it, in Chromium and in Firefox, and
 * the DevTools route it takes for branded Chrome and Edge (Extensions.loadUnpacked), tried on Chromium.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { launchExtension, testChromium } from '../helpers/extension';
import { LAYOUTS, fixtureHtml } from '../helpers/fixture-pages';
import { userEnv } from '../helpers/user-env';
import { panelOf } from '../helpers/closed-root';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOT = resolve(ROOT, 'artifacts/start.png');

async function npmStart(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts', ...args], { cwd: ROOT, env: userEnv(), timeout: 110_000 });
  return stdout;
}

describe('npm start without a display', () => {
  it.each([
    ['Chromium', []],
    ['Firefox', ['--browser', 'firefox']],
  ])('%s: builds, opens the bundled abstract page, prints the panel and saves a screenshot', async (name, extra) => {
    const started = Date.now();
    const out = await npmStart('--offline', '--headless', '--test-model', ...extra);
    expect(out).toContain(`${name}: `);
    expect(out).toMatch(/Panel state: Ranked on your device by topic and shared words/);
    expect(out).toMatch(/^ 1\. \[(Very close|Related)\] .+\n {5}https:\/\/arxiv\.org\/abs\/\S+/m);
    expect(existsSync(SHOT) && statSync(SHOT).mtimeMs >= started).toBe(true);
    expect(readFileSync(SHOT).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('loading through DevTools, as for branded Chrome and Edge', () => {
  it('Extensions.loadUnpacked loads the built extension: the panel turns up on an abstract page', async () => {
    const ext = await launchExtension({ browser: { ...testChromium(), kind: 'chrome', load: 'devtools' } });
    try {
      ext.pages.set('/abs/2304.09157v2', fixtureHtml(LAYOUTS.classic));
      const page = await ext.context.newPage();
      await page.goto('https://arxiv.org/abs/2304.09157v2', { waitUntil: 'domcontentloaded' });
      // The model host is the hub, blocked here: keyword results.
      await panelOf(page).waitFor('.an-row .an-title, .an-empty', { timeout: 30_000 });
      expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
    } finally {
      await ext.close();
    }
  });
});
