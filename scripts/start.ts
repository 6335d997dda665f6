/**
 * npm start: opens Chromium with the built extension on an arXiv abstract page.
 * - live https://arxiv.org/abs/2205.13147 when arxiv.org answers; otherwise (or with --offline) a bundled
 *   abstract page served at the same URL;
 * - a window when there is a display; without one, headless: prints the related papers the panel shows
 *   and saves a screenshot to artifacts/start.png.
 * Options: --offline, --headless, --test-model (serve the generated test model instead of the hub),
 *          --url <arxiv abs URL>, --dark.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchExtension } from '../tests/helpers/extension';
import { fixtureHtml, LAYOUTS } from '../tests/helpers/fixture-pages';
import { startModelServer } from '../tests/helpers/model-server';
import { makeTestModels } from './make-test-models';

const { values } = parseArgs({
  options: {
    offline: { type: 'boolean', default: false },
    headless: { type: 'boolean', default: !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY },
    'test-model': { type: 'boolean', default: false },
    url: { type: 'string', default: 'https://arxiv.org/abs/2304.09157v2' },
    dark: { type: 'boolean', default: false },
  },
});

async function arxivReachable(): Promise<boolean> {
  try {
    const res = await fetch('https://arxiv.org/abs/2304.09157', { method: 'HEAD', signal: AbortSignal.timeout(4000) });
    return res.ok;
  } catch {
    return false;
  }
}

const offline = values.offline || !(await arxivReachable());
const url = new URL(values.url!);
console.log(offline ? `arxiv.org not used: serving a bundled abstract page at ${url.href}` : `opening the live page ${url.href}`);

const ext = await launchExtension({ headless: values.headless, offline, colorScheme: values.dark ? 'dark' : 'light', viewport: values.headless ? undefined : null });
if (offline) ext.pages.set(url.pathname, fixtureHtml(LAYOUTS.classic));
const server = values['test-model'] ? await startModelServer(makeTestModels()) : null;
if (server) await ext.setSettings({ modelHost: server.url });

const page = ext.context.pages()[0] ?? (await ext.context.newPage());
await page.goto(url.href, { waitUntil: 'domcontentloaded' });

if (!values.headless) {
  console.log('Chromium is open with arXiv Neighbors loaded; close the window to finish.');
  await new Promise<void>((done) => ext.context.on('close', () => done()));
  await server?.close();
  process.exit(0);
}

const panel = page.locator('arxiv-neighbors-panel');
try {
  await panel.locator('.an-title, .an-empty').first().waitFor({ timeout: 30_000 });
  // Give the model a moment to refine the list (or to report that it cannot be downloaded).
  await panel.locator('.an-status').filter({ hasText: /Semantic|Keyword-only/ }).waitFor({ timeout: 60_000 }).catch(() => undefined);
} catch {
  console.error('The panel did not appear within 30 s.');
}
const status = await panel.locator('.an-status').textContent().catch(() => null);
const alert = await panel.locator('[role="alert"] p').allTextContents();
const rows = await panel.locator('.an-row').evaluateAll((lis) =>
  lis.map((li) => ({
    title: li.querySelector('.an-title')?.textContent ?? '',
    href: (li.querySelector('.an-title') as HTMLAnchorElement | null)?.href ?? '',
    score: li.querySelector('[role="meter"]')?.getAttribute('aria-valuenow') ?? '',
    reason: li.querySelector('.an-reason')?.textContent ?? '',
  })),
);
const empty = await panel.locator('.an-empty').textContent().catch(() => null);
mkdirSync(resolve('artifacts'), { recursive: true });
const shot = resolve('artifacts/start.png');
await panel.scrollIntoViewIfNeeded().catch(() => undefined);
await page.screenshot({ path: shot, fullPage: false });

console.log(`\nPanel state: ${status ?? 'no panel'}`);
for (const a of alert) console.log(`Message: ${a}`);
if (empty) console.log(empty);
rows.forEach((r, i) => console.log(`${String(i + 1).padStart(2)}. [${r.score.padStart(3)}%] ${r.title}\n     ${r.href}  ${r.reason}`));
console.log(`\nScreenshot: ${shot}`);
await ext.close();
await server?.close();
