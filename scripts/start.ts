/**
 * npm start: builds the extension and opens a browser with it on an arXiv abstract page.
 * - the browser: the first of Chromium, Chrome for Testing, Edge, Chrome and Firefox found
 *   (scripts/browsers.ts), or the one named by --browser; none found: one line saying how to get one;
 * - live https://arxiv.org/abs/2002.05709 (SimCLR, which has neighbours in the collection) when arxiv.org
 *   answers; otherwise (or with --offline) a bundled abstract page of the same paper at the same URL;
 * - a window when there is a display; without one, headless: prints the related papers the panel shows
 *   and saves a screenshot to artifacts/start.png.
 * Options: --browser auto|chromium|chrome|edge|firefox, --offline, --headless, --test-model (serve the
 *          generated test model instead of the hub), --url <arxiv abs URL>, --dark.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'wxt';
import { launchExtension } from '../tests/helpers/extension';
import { launchFirefox } from '../tests/helpers/firefox';
import { pageWithPaper } from '../tests/helpers/fixture-pages';
import { devQueries } from '../tests/helpers/dom';
import { startModelServer } from '../tests/helpers/model-server';
import { until } from '../tests/helpers/wait';
import { SURFACE, evaluateInRoots } from '../tests/helpers/closed-root';
import { findBrowser, hostEnvironment, noBrowserMessage, type BrowserChoice, type BrowserKind } from './browsers';
import { makeTestModels } from './make-test-models';

const CHOICES: BrowserChoice[] = ['auto', 'chromium', 'chrome', 'edge', 'firefox'];
const NAMES: Record<BrowserKind, string> = { chromium: 'Chromium', 'chrome-for-testing': 'Chrome for Testing', edge: 'Microsoft Edge', chrome: 'Google Chrome', firefox: 'Firefox' };

const { values } = parseArgs({
  options: {
    browser: { type: 'string', default: 'auto' },
    offline: { type: 'boolean', default: false },
    headless: { type: 'boolean', default: !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && process.platform === 'linux' },
    'test-model': { type: 'boolean', default: false },
    url: { type: 'string', default: 'https://arxiv.org/abs/2002.05709' },
    dark: { type: 'boolean', default: false },
  },
});

const choice = values.browser as BrowserChoice;
if (!CHOICES.includes(choice)) fail(`--browser takes one of ${CHOICES.join(', ')}; got "${values.browser}".`);
const env = hostEnvironment();
const browser = findBrowser(choice, env);
if (!browser) fail(noBrowserMessage(choice, env));
if (!existsSync(browser.path)) fail(`${browser.kind === 'firefox' ? 'FIREFOX_PATH' : 'CHROMIUM_PATH'} names ${browser.path}, which does not exist.`);
const firefox = browser.kind === 'firefox';

await build({ browser: firefox ? 'firefox' : 'chrome' });

async function arxivReachable(): Promise<boolean> {
  try {
    const res = await fetch(values.url!, { method: 'HEAD', signal: AbortSignal.timeout(4000) });
    return res.ok;
  } catch {
    return false;
  }
}

const offline = values.offline || !(await arxivReachable());
// The bundled page: SimCLR's abstract page in the classic layout (the dev set's copy of its text).
const simclr = devQueries().find((q) => q.id === 'q13')!;
const bundledPage = () => pageWithPaper('classic', { id: simclr.arxiv_id, title: simclr.title, abstract: simclr.abstract, authors: ['Ting Chen', 'Simon Kornblith', 'Mohammad Norouzi', 'Geoffrey Hinton'] });
const url = new URL(values.url!);
console.log(offline ? `arxiv.org not used: serving a bundled abstract page at ${url.href}` : `opening the live page ${url.href}`);
console.log(`${NAMES[browser.kind]}: ${browser.path}`);
const server = values['test-model'] ? await startModelServer(makeTestModels()) : null;
const colorScheme = values.dark ? 'dark' : 'light';
const viewport = values.headless ? undefined : null;

/** What the panel shows, read in the page from its (closed) shadow root, handed over by DevTools or BiDi. */
function readPanel(roots: ShadowRoot[]) {
  const root = roots[0];
  if (!root) return null;
  const status = root.querySelector('.an-status');
  return {
    status: status?.textContent ?? '',
    settled: status !== null && !status.classList.contains('an-status-busy'),
    messages: [...root.querySelectorAll('[role="alert"] p')].map((p) => p.textContent ?? ''),
    empty: root.querySelector('.an-empty')?.textContent ?? null,
    rows: [...root.querySelectorAll('.an-list:not(.an-skeleton) .an-row')].map((li) => ({
      title: li.querySelector('.an-title')?.textContent ?? '',
      href: (li.querySelector('.an-title') as HTMLAnchorElement | null)?.href ?? '',
      level: li.querySelector('.an-level')?.textContent ?? '',
      reason: li.querySelector('.an-reason')?.textContent ?? '',
    })),
  };
}
type Panel = ReturnType<typeof readPanel>;

/** Waits for the panel's answer and for the model to refine it (or to say it cannot), then prints it. */
async function report(read: () => Promise<Panel>, screenshot: () => Promise<Buffer>): Promise<void> {
  let panel = await until(read, (p) => p !== null && (p.rows.length > 0 || p.empty !== null), 30_000).catch(() => null);
  if (!panel) console.error('The panel did not appear within 30 s.');
  else panel = await until(read, (p) => p?.settled === true, 60_000).catch(read);
  mkdirSync(resolve('artifacts'), { recursive: true });
  const shot = resolve('artifacts/start.png');
  writeFileSync(shot, await screenshot());
  console.log(`\nPanel state: ${panel?.status ?? 'no panel'}`);
  for (const m of panel?.messages ?? []) console.log(`Message: ${m}`);
  if (panel?.empty) console.log(panel.empty);
  panel?.rows.forEach((r, i) => console.log(`${String(i + 1).padStart(2)}. [${r.level}] ${r.title}\n     ${r.href}  ${r.reason}`));
  console.log(`\nScreenshot: ${shot}`);
}

if (firefox) {
  const ff = await launchFirefox({ executable: browser.path, headless: values.headless, offline, colorScheme, viewport });
  if (offline) ff.pages.set(url.pathname, bundledPage());
  if (server) await ff.setSettings({ modelHost: server.url });
  const tab = await ff.firstTab();
  await tab.goto(url.href);
  if (!values.headless) {
    console.log('Firefox is open with arXiv Neighbors installed as a temporary add-on; close the window to finish.');
    await ff.exited;
  } else {
    await report(() => tab.evaluateInRoots(SURFACE.panel, readPanel), () => tab.screenshot());
  }
  await ff.close();
} else {
  const ext = await launchExtension({ browser, headless: values.headless, offline, colorScheme, viewport });
  if (offline) ext.pages.set(url.pathname, bundledPage());
  if (server) await ext.setSettings({ modelHost: server.url });
  const page = ext.context.pages()[0] ?? (await ext.context.newPage());
  await page.goto(url.href, { waitUntil: 'domcontentloaded' });
  if (!values.headless) {
    console.log(`${NAMES[browser.kind]} is open with arXiv Neighbors loaded; close the window to finish.`);
    await new Promise<void>((done) => ext.context.on('close', () => done()));
  } else {
    await report(
      () => evaluateInRoots(page, SURFACE.panel, readPanel),
      async () => {
        await page.locator(SURFACE.panel).scrollIntoViewIfNeeded({ timeout: 1000 }).catch(() => undefined);
        return page.screenshot();
      },
    );
  }
  await ext.close();
}
await server?.close();

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
