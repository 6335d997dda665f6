/**
 * Launches a Chromium-family browser (Debian's Chromium by default) with the built extension
 * (playwright-core, new headless mode) and routes https://arxiv.org/** to in-memory pages so
 * content-script match patterns are exercised for real.
 */
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { findBrowser, hostEnvironment, noBrowserMessage, type FoundBrowser } from '../../scripts/browsers';
import { panelOf } from './closed-root';

/** The one extension API the helpers call inside the service worker. */
declare const chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };

export const DIST = resolve(import.meta.dirname, '../../.output/chrome-mv3');
/** Stand-in for arxiv.org's stylesheet so pages look like arXiv in screenshots (see the file's header). */
const APPROX_CSS = readFileSync(resolve(import.meta.dirname, '../fixtures/arxiv/arxiv-approx.css'), 'utf8');
/** The tests' browser: CHROMIUM_PATH, else the first Chromium or Chrome for Testing installed (scripts/browsers.ts). */
export function testChromium(): FoundBrowser {
  const found = findBrowser('chromium', hostEnvironment());
  if (!found) throw new Error(noBrowserMessage('chromium', hostEnvironment()));
  return found;
}

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  /** Pages served for https://arxiv.org paths (path → HTML); edit freely during a test. */
  pages: Map<string, string>;
  serviceWorker(): Promise<Worker>;
  /** Sets the extension's settings through its service worker. */
  setSettings(settings: Record<string, unknown>): Promise<void>;
  /** A row of the extension's `meta` table, read straight from its IndexedDB. */
  readMeta<T>(key: string): Promise<T | undefined>;
  close(): Promise<void>;
}

/** Starts a browser with a fresh profile; `colorScheme` and viewport as a reader would have them. */
export async function launchExtension(
  opts: {
    colorScheme?: 'light' | 'dark';
    viewport?: { width: number; height: number } | null;
    /** Show a window (npm start with a display); tests run headless. */
    headless?: boolean;
    /** Route arxiv.org to `pages` and block every other host but 127.0.0.1 (default); false lets the live site through. */
    offline?: boolean;
    /** Another build of the extension (default: .output/chrome-mv3). */
    dist?: string;
    /** The browser (default: testChromium()); branded Chrome and Edge get the extension through DevTools. */
    browser?: FoundBrowser;
  } = {},
): Promise<ExtensionSession> {
  const dist = opts.dist ?? DIST;
  if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`Build the extension first (npm run build): ${dist} is missing.`);
  const browser = opts.browser ?? testChromium();
  const viaDevTools = browser.load === 'devtools';
  const profile = mkdtempSync(join(tmpdir(), 'arxiv-neighbors-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.path,
    headless: opts.headless ?? true,
    // Playwright's --disable-extensions would also disable the one loaded through DevTools.
    ignoreDefaultArgs: viaDevTools ? ['--disable-extensions'] : undefined,
    colorScheme: opts.colorScheme ?? 'light',
    viewport: opts.viewport === undefined ? { width: 1280, height: 900 } : opts.viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Branded Chrome 137+ ignores --load-extension; before Chrome ~149 DevTools loading needs this flag (later versions ignore it).
      ...(viaDevTools ? ['--enable-unsafe-extension-debugging'] : [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`]),
    ],
  });
  let loadedId: string | null = null;
  if (viaDevTools) {
    // Playwright talks to the browser over --remote-debugging-pipe, which is what Extensions.loadUnpacked requires.
    const cdp = await context.browser()!.newBrowserCDPSession();
    loadedId = (await cdp.send('Extensions.loadUnpacked', { path: resolve(dist) })).id;
    await cdp.detach();
  }
  const pages = new Map<string, string>();
  if (opts.offline ?? true) {
    // No request leaves the machine: anything not routed below (analytics, CDNs) fails at once.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort('internetdisconnected'));
    await context.route(/^https:\/\/(www\.|export\.)?arxiv\.org\//, async (route) => {
      const url = new URL(route.request().url());
      if (/\/arXiv\.css$/.test(url.pathname)) return route.fulfill({ status: 200, contentType: 'text/css', body: APPROX_CSS });
      const html = pages.get(url.pathname);
      if (html !== undefined) await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      else await route.fulfill({ status: 404, contentType: 'text/plain', body: 'not routed' });
    });
  }
  // Ours is the only extension unless it came through DevTools (then the browser's own may run too).
  const ours = (w: Worker) => loadedId === null || w.url().startsWith(`chrome-extension://${loadedId}/`);
  const serviceWorker = async (): Promise<Worker> => context.serviceWorkers().find(ours) ?? (await context.waitForEvent('serviceworker', { predicate: ours, timeout: 30_000 }));
  const extensionId = new URL((await serviceWorker()).url()).host;
  const session: ExtensionSession = {
    context,
    extensionId,
    pages,
    serviceWorker,
    async setSettings(settings) {
      const sw = await serviceWorker();
      await sw.evaluate((s) => chrome.storage.local.set({ settings: s }), settings);
    },
    async readMeta<T>(key: string) {
      const sw = await serviceWorker();
      return sw.evaluate(
        (k) =>
          new Promise<T | undefined>((resolve, reject) => {
            const open = indexedDB.open('arxiv-neighbors');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('meta')) return resolve(undefined);
              const get = db.transaction('meta').objectStore('meta').get(k);
              get.onsuccess = () => resolve((get.result as { value: T } | undefined)?.value);
              get.onerror = () => reject(get.error);
            };
          }),
        key,
      );
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return session;
}

/** Stops every service worker, as Chrome does after ~30 s idle. */
export async function stopServiceWorkers(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/** The panel's status text once it matches `pattern` (read through the DevTools protocol: the root is closed). */
export async function waitForStatus(page: Page, pattern: RegExp, timeout = 60_000): Promise<string> {
  return (await panelOf(page).waitFor('.an-status', { hasText: pattern, timeout })).text;
}

/** The browser's id of the tab showing `page` (asked of the extension while that page is in front). */
export async function tabIdOf(ext: ExtensionSession, page: Page): Promise<number> {
  await page.bringToFront();
  const sw = await ext.serviceWorker();
  const url = page.url();
  return sw.evaluate(async (u) => {
    const api = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } } }).chrome;
    const tabs = await api.tabs.query({ active: true, lastFocusedWindow: true });
    const tab = tabs.find((t) => t.url === undefined || t.url === u) ?? tabs[0];
    if (tab?.id === undefined) throw new Error('no active tab');
    return tab.id;
  }, url);
}

/** Opens an extension page (popup.html, library.html) in a tab of its own. */
export async function openExtensionPage(ext: ExtensionSession, path: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/${path}`);
  return page;
}

/** Sends a message to the background from an extension page (as the popup or library would); rejects with its error. */
export async function sendFrom<T>(page: Page, name: string, payload: unknown): Promise<T> {
  const answer = (await page.evaluate(
    ([n, p]) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ to: 'background', name: n, payload: p }),
    [name, payload] as const,
  )) as { ok: true; value: T } | { ok: false; error: string } | undefined;
  if (!answer) throw new Error(`no answer to ${name}`);
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}
