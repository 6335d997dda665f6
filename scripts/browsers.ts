/**
 * Finds a browser that can run the built extension, for npm start and the end-to-end tests, on Linux,
 * macOS and Windows.
 *
 * How each kind loads an unpacked extension:
 * - Chromium and Chrome for Testing honour `--load-extension`.
 * - Branded Google Chrome (since 137) and Microsoft Edge ignore that flag; they load it through the
 *   DevTools protocol instead (`Extensions.loadUnpacked`, over the pipe Playwright launches them with).
 * - Firefox installs it as a temporary add-on over WebDriver BiDi (tests/helpers/firefox.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export type BrowserKind = 'chromium' | 'chrome-for-testing' | 'edge' | 'chrome' | 'firefox';
/** What `--browser` accepts: "auto" takes the first of Chromium, Chrome for Testing, Edge, Chrome, Firefox. */
export type BrowserChoice = 'auto' | 'chromium' | 'chrome' | 'edge' | 'firefox';

export interface FoundBrowser {
  kind: BrowserKind;
  path: string;
  /** How the extension gets in: the command-line flag, DevTools' Extensions.loadUnpacked, or WebDriver BiDi. */
  load: 'flag' | 'devtools' | 'bidi';
}

export interface Environment {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
  exists(path: string): boolean;
  /** Entries of a folder, [] when it is missing. */
  list(dir: string): string[];
}

export const LOAD: Record<BrowserKind, FoundBrowser['load']> = {
  chromium: 'flag',
  'chrome-for-testing': 'flag',
  edge: 'devtools',
  chrome: 'devtools',
  firefox: 'bidi',
};

/** Where Puppeteer, and the install command of noBrowserMessage, put Chrome for Testing. */
export const cftCache = (e: Pick<Environment, 'platform' | 'home'>): string => joinFor(e.platform)(e.home, '.cache', 'puppeteer');

/** Chrome for Testing as `npx @puppeteer/browsers install chrome@stable --path <cache>` lays it out in <cache>/chrome. */
function chromeForTesting(e: Environment, root: string): string[] {
  const join = joinFor(e.platform);
  const binaries: Record<string, string[]> = {
    linux: ['chrome-linux64/chrome'],
    darwin: ['chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing', 'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing'],
    win32: ['chrome-win64/chrome.exe', 'chrome-win32/chrome.exe'],
  };
  // Newest build first: folders are named <platform>-<version>.
  const builds = e.list(root).sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  return builds.flatMap((b) => (binaries[e.platform] ?? []).map((bin) => join(root, b, bin)));
}

const joinFor = (platform: NodeJS.Platform) => (platform === 'win32' ? win32.join : posix.join);

/** Every place each kind is usually installed, in order of preference. */
export function candidates(e: Environment): { kind: BrowserKind; path: string }[] {
  const join = joinFor(e.platform);
  const cft = chromeForTesting(e, join(cftCache(e), 'chrome'));
  const list: [BrowserKind, string[]][] =
    e.platform === 'win32'
      ? (() => {
          const roots = [e.env.LOCALAPPDATA, e.env.PROGRAMFILES, e.env['PROGRAMFILES(X86)']].filter((r): r is string => Boolean(r));
          const under = (...rel: string[]) => roots.map((r) => join(r, ...rel));
          return [
            ['chromium', under('Chromium', 'Application', 'chrome.exe')],
            ['chrome-for-testing', cft],
            ['edge', under('Microsoft', 'Edge', 'Application', 'msedge.exe')],
            ['chrome', under('Google', 'Chrome', 'Application', 'chrome.exe')],
            ['firefox', under('Mozilla Firefox', 'firefox.exe')],
          ];
        })()
      : e.platform === 'darwin'
        ? (() => {
            const apps = ['/Applications', join(e.home, 'Applications')];
            const app = (name: string, bin = name) => apps.map((a) => join(a, `${name}.app`, 'Contents', 'MacOS', bin));
            return [
              ['chromium', app('Chromium')],
              ['chrome-for-testing', [...cft, ...app('Google Chrome for Testing')]],
              ['edge', app('Microsoft Edge')],
              ['chrome', app('Google Chrome')],
              ['firefox', app('Firefox', 'firefox')],
            ];
          })()
        : [
            ['chromium', ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium']],
            ['chrome-for-testing', cft],
            ['edge', ['/usr/bin/microsoft-edge', '/usr/bin/microsoft-edge-stable', '/opt/microsoft/msedge/msedge']],
            ['chrome', ['/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome']],
            ['firefox', ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/snap/bin/firefox']],
          ];
  return list.flatMap(([kind, paths]) => paths.map((path) => ({ kind, path })));
}

const KINDS: Record<BrowserChoice, BrowserKind[]> = {
  auto: ['chromium', 'chrome-for-testing', 'edge', 'chrome', 'firefox'],
  chromium: ['chromium', 'chrome-for-testing'],
  chrome: ['chrome'],
  edge: ['edge'],
  firefox: ['firefox'],
};

/** The kind of a Chromium-family executable named by CHROMIUM_PATH, read from its path. */
export function kindOf(path: string): BrowserKind {
  if (/edge/i.test(path)) return 'edge';
  if (/for testing|chrome-(linux64|mac-|win)/i.test(path)) return 'chrome-for-testing';
  if (/chrome/i.test(path) && !/chromium/i.test(path)) return 'chrome';
  return 'chromium';
}

/**
 * The browser to use: for Firefox, FIREFOX_PATH or the first installed Firefox; otherwise CHROMIUM_PATH
 * or the first installed candidate of the chosen kinds ("auto" ends with Firefox); null when there is none.
 */
export function findBrowser(choice: BrowserChoice, e: Environment): FoundBrowser | null {
  const kinds = KINDS[choice];
  const chromiumPath = e.env.CHROMIUM_PATH;
  if (chromiumPath && choice !== 'firefox') {
    const kind = kindOf(chromiumPath);
    return { kind, path: chromiumPath, load: LOAD[kind] };
  }
  const firefoxPath = e.env.FIREFOX_PATH;
  for (const c of candidates(e)) {
    if (!kinds.includes(c.kind)) continue;
    if (c.kind === 'firefox' && firefoxPath) return { kind: 'firefox', path: firefoxPath, load: 'bidi' };
    if (e.exists(c.path)) return { ...c, load: LOAD[c.kind] };
  }
  return null;
}

/** One line saying how to get a browser of the chosen kind. */
export function noBrowserMessage(choice: BrowserChoice, e: Pick<Environment, 'platform' | 'home'>): string {
  if (choice === 'firefox') {
    const how = e.platform === 'linux' ? 'install it (Debian: sudo apt-get install firefox-esr)' : 'install it';
    return `No Firefox found: ${how}, or set FIREFOX_PATH to its executable.`;
  }
  if (choice === 'chrome' || choice === 'edge') {
    const name = choice === 'chrome' ? 'Google Chrome' : 'Microsoft Edge';
    return `No ${name} found: install it, set CHROMIUM_PATH to its executable, or leave out --browser to take any browser that can load the extension.`;
  }
  const cft = `Chrome for Testing (npx @puppeteer/browsers install chrome@stable --path ${cftCache(e)})`;
  const others = choice === 'auto' ? (e.platform === 'linux' ? ', Firefox' : ', Google Chrome, Microsoft Edge, Firefox') : '';
  const chromium = e.platform === 'linux' ? 'Chromium (Debian: sudo apt-get install chromium), ' : '';
  return `No browser that can load the extension found: install ${chromium}${cft}${others}, or set CHROMIUM_PATH to one.`;
}

/** This machine. */
export function hostEnvironment(): Environment {
  return {
    platform: process.platform,
    env: process.env,
    home: homedir(),
    exists: existsSync,
    list: (dir) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
  };
}
