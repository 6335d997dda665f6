/**
 * Launches Debian's Firefox ESR with the built MV2 add-on over WebDriver BiDi (tests/helpers/bidi.ts)
 * and routes https://arxiv.org/* to in-memory pages, as tests/helpers/extension.ts does for Chromium.
 *
 * Facts this relies on (checked with firefox-esr 153):
 * - `--remote-debugging-port 0` makes Firefox print "WebDriver BiDi listening on ws://…" on stderr;
 *   `--remote-allow-system-access` is what lets a BiDi client open and script `moz-extension://` pages.
 * - `webExtension.install` installs the unpacked build as a temporary add-on; the pref
 *   `extensions.webextensions.uuids` fixes the add-on's UUID beforehand, so its pages have a known URL.
 * - `network.addIntercept` + `network.provideResponse` answer the pages' requests to arxiv.org, but
 *   never see the background page's own requests: models are served from 127.0.0.1 (model-server.ts).
 * - `devtools.console.stdout.content` puts pages' and extensions' console messages (the background
 *   page's too) on stdout; with `devtools.console.stdout.chrome` off, Firefox's own stay out of it.
 *
 * Over 300 lines: the whole Firefox session (launch, profile, routes, closed roots, storage) behind
 * the same methods as the Chromium helper, so a test reads the same in both browsers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findBrowser, hostEnvironment, noBrowserMessage } from '../../scripts/browsers';
import { BiDi } from './bidi';
import { until } from './wait';
// Hosts routed to `pages`: the same list the content script's match patterns are built from.
import { ARXIV_HOSTS } from '@/utils/shared/arxiv/ids';

export const FIREFOX_DIST = resolve(import.meta.dirname, '../../.output/firefox-mv2');
const APPROX_CSS = readFileSync(resolve(import.meta.dirname, '../fixtures/arxiv/arxiv-approx.css'), 'utf8');

/** A tab, driven through BiDi. */
export interface FirefoxTab {
  readonly context: string;
  /** Navigates and waits for `wait` ("interactive" = DOMContentLoaded). */
  goto(url: string, wait?: 'none' | 'interactive' | 'complete'): Promise<void>;
  /** Runs `fn(...args)` in the page (the page's own realm) and returns its JSON-serialisable result. */
  evaluate<T, A extends unknown[]>(fn: (...args: A) => T | Promise<T>, ...args: A): Promise<T>;
  /** Polls `fn` in the page until `ok` holds for its result (default: truthy); returns that result. */
  waitFor<T, A extends unknown[]>(fn: (...args: A) => T, args: A, ok?: (v: T) => boolean, timeoutMs?: number): Promise<T>;
  /** A real mouse click (BiDi input actions) at the centre of the element `find` returns in the page. */
  click<A extends unknown[]>(find: (...args: A) => Element | null | undefined, ...args: A): Promise<void>;
  /**
   * Runs `fn(roots, arg)` in the page with the shadow roots of the elements matching `hostSelector`: the
   * extension's roots are closed, and BiDi hands them over (`includeShadowTree: "all"` serialises closed
   * roots too; a page script gets null from `host.shadowRoot`).
   */
  evaluateInRoots<T, A = undefined>(hostSelector: string, fn: (roots: ShadowRoot[], arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** A real mouse click at the centre of the element `find(roots)` returns inside those roots. */
  clickInRoots<A>(hostSelector: string, find: (roots: ShadowRoot[], arg: A) => Element | null | undefined, arg?: A): Promise<void>;
  /** PNG of the viewport. */
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

export interface FirefoxSession {
  bidi: BiDi;
  /** `moz-extension://<uuid>/`: the add-on's pages live under it. */
  baseUrl: string;
  /** Pages served for https://arxiv.org paths (path → HTML); edit freely during a test. */
  pages: Map<string, string>;
  /** Everything Firefox printed on stdout and stderr so far, line by line (console messages included). */
  output: string[];
  newTab(url?: string): Promise<FirefoxTab>;
  /** The tab Firefox opened with. */
  firstTab(): Promise<FirefoxTab>;
  /** Resolves when Firefox has exited (closed by the test, or its window by the user). */
  exited: Promise<void>;
  /** Sets the extension's settings from one of its own pages. */
  setSettings(settings: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** Preferences of the test profile: quiet, and nothing leaves the machine unless `offline` is false. */
function profilePrefs(geckoId: string, uuid: string, opts: { offline: boolean; colorScheme: 'light' | 'dark' }): Record<string, string | number | boolean> {
  return {
    'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
    'devtools.console.stdout.chrome': false,
    'devtools.console.stdout.content': true,
    // 0 = dark, 1 = light: what prefers-color-scheme reports to pages.
    'layout.css.prefers-color-scheme.content-override': opts.colorScheme === 'dark' ? 0 : 1,
    'browser.startup.page': 0,
    'browser.startup.homepage': 'about:blank',
    'browser.aboutwelcome.enabled': false,
    'datareporting.policy.firstRunURL': '',
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'browser.newtabpage.enabled': false,
    'browser.ping-centre.telemetry': false,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.http.speculative-parallel-limit': 0,
    'extensions.blocklist.enabled': false,
    'media.gmp-manager.url': 'data:,',
    'services.settings.server': 'data:,#no-remote-settings',
    'messaging-system.rsexperimentloader.enabled': false,
    'app.shield.optoutstudies.enabled': false,
    'app.normandy.enabled': false,
    // Firefox's own experiment loader logs its failure to reach Remote Settings as a console error.
    'messaging-system.log': 'off',
    'browser.safebrowsing.provider.google4.updateURL': '',
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    ...(opts.offline
      ? {
          // Every request that no intercept answers goes to a proxy on the discard port and fails at
          // once (Firefox never proxies 127.0.0.1, where the model server listens).
          'network.proxy.type': 1,
          'network.proxy.http': '127.0.0.1',
          'network.proxy.http_port': 9,
          'network.proxy.ssl': '127.0.0.1',
          'network.proxy.ssl_port': 9,
          'network.proxy.share_proxy_settings': false,
          'network.proxy.no_proxies_on': '',
        }
      : {}),
  };
}

/** Starts Firefox with a fresh profile and the add-on installed. */
export async function launchFirefox(
  opts: {
    headless?: boolean;
    /** Route arxiv.org to `pages` and let nothing else but 127.0.0.1 through (default); false lets the live site through. */
    offline?: boolean;
    dist?: string;
    colorScheme?: 'light' | 'dark';
    /** Tabs' viewport in CSS pixels (default 1280×900); null keeps the window's own size. */
    viewport?: { width: number; height: number } | null;
    /** The Firefox executable (default: FIREFOX_PATH or the first one installed, scripts/browsers.ts). */
    executable?: string;
  } = {},
): Promise<FirefoxSession> {
  const executable = opts.executable ?? findBrowser('firefox', hostEnvironment())?.path;
  if (!executable) throw new Error(noBrowserMessage('firefox', hostEnvironment()));
  const dist = opts.dist ?? FIREFOX_DIST;
  if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`Build the Firefox add-on first (npm run build:firefox): ${dist} is missing.`);
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as { browser_specific_settings: { gecko: { id: string } } };
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const uuid = randomUUID();
  const offline = opts.offline ?? true;
  const profile = mkdtempSync(join(tmpdir(), 'arxiv-neighbors-firefox-'));
  const prefs = profilePrefs(geckoId, uuid, { offline, colorScheme: opts.colorScheme ?? 'light' });
  writeFileSync(join(profile, 'user.js'), Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''));

  const viewport = opts.viewport === undefined ? { width: 1280, height: 900 } : opts.viewport;
  const args = ['--no-remote', '--profile', profile, '--remote-debugging-port', '0', '--remote-allow-system-access'];
  if (opts.headless ?? true) args.unshift('--headless');
  const proc: ChildProcess = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' } });
  const output: string[] = [];
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const address = new Promise<string>((resolveAddress, reject) => {
    const collect = (chunk: Buffer) => {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        output.push(line);
        const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(line);
        if (m) resolveAddress(m[1]);
      }
    };
    proc.stdout!.on('data', collect);
    proc.stderr!.on('data', collect);
    proc.once('exit', (code) => reject(new Error(`Firefox exited (${code}) before offering WebDriver BiDi:\n${output.slice(-20).join('\n')}`)));
    setTimeout(() => reject(new Error(`Firefox did not offer WebDriver BiDi within 30 s:\n${output.slice(-20).join('\n')}`)), 30_000).unref();
  });

  let bidi: BiDi;
  try {
    bidi = await BiDi.connect(await address);
  } catch (e) {
    proc.kill();
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }

  const pages = new Map<string, string>();
  if (offline) {
    const { intercept } = await bidi.send<{ intercept: string }>('network.addIntercept', {
      phases: ['beforeRequestSent'],
      urlPatterns: ARXIV_HOSTS.map((hostname) => ({ type: 'pattern', protocol: 'https', hostname })),
    });
    bidi.on('network.beforeRequestSent', (params) => {
      const p = params as { isBlocked?: boolean; intercepts?: string[]; request: { request: string; url: string } };
      if (!p.isBlocked || !p.intercepts?.includes(intercept)) return;
      const url = new URL(p.request.url);
      const css = /\/arXiv\.css$/.test(url.pathname);
      const html = pages.get(url.pathname);
      const [status, type, body] = css ? [200, 'text/css', APPROX_CSS] : html !== undefined ? [200, 'text/html; charset=utf-8', html] : [404, 'text/plain', 'not routed'];
      void bidi
        .send('network.provideResponse', {
          request: p.request.request,
          statusCode: status,
          reasonPhrase: status === 200 ? 'OK' : 'Not Found',
          headers: [{ name: 'Content-Type', value: { type: 'string', value: type } }],
          body: { type: 'string', value: body },
        })
        .catch(() => undefined);
    });
    await bidi.send('session.subscribe', { events: ['network.beforeRequestSent'] });
  }

  await bidi.send('webExtension.install', { extensionData: { type: 'path', path: resolve(dist) } });
  const baseUrl = `moz-extension://${uuid}/`;

  const makeTab = (context: string): FirefoxTab => {
    const call = async <T>(fnSource: string, args: unknown[]): Promise<T> => {
      const r = await bidi.send<{ type: string; result?: { type: string; value?: string }; exceptionDetails?: { text: string } }>('script.callFunction', {
        functionDeclaration: `async (json) => { const v = await (${fnSource})(...JSON.parse(json)); return v === undefined ? 'null' : JSON.stringify(v); }`,
        arguments: [{ type: 'string', value: JSON.stringify(args) }],
        target: { context },
        awaitPromise: true,
      });
      if (r.type === 'exception') throw new Error(`in the page: ${r.exceptionDetails?.text ?? 'exception'}`);
      return JSON.parse(r.result?.value ?? 'null') as T;
    };
    type Remote = { type: string; sharedId?: string; value?: { shadowRoot?: { sharedId?: string } | null } };
    /** The shared ids of the shadow roots (open or closed) of the hosts matching `hostSelector`. */
    const rootsOf = async (hostSelector: string): Promise<string[]> => {
      const r = await bidi.send<{ type: string; result?: { value?: Remote[] }; exceptionDetails?: { text: string } }>('script.callFunction', {
        functionDeclaration: '(sel) => [...document.querySelectorAll(sel)]',
        arguments: [{ type: 'string', value: hostSelector }],
        target: { context },
        awaitPromise: false,
        serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
      });
      if (r.type === 'exception') throw new Error(`in the page: ${r.exceptionDetails?.text ?? 'exception'}`);
      return (r.result?.value ?? []).map((n) => n.value?.shadowRoot?.sharedId).filter((id): id is string => typeof id === 'string');
    };
    const inRoots = async <T>(hostSelector: string, fnSource: string, arg: unknown): Promise<T> => {
      const ids = await rootsOf(hostSelector);
      const r = await bidi.send<{ type: string; result?: { value?: string }; exceptionDetails?: { text: string } }>('script.callFunction', {
        functionDeclaration: `async (json, ...roots) => { const v = await (${fnSource})(roots, JSON.parse(json)); return v === undefined ? 'null' : JSON.stringify(v); }`,
        arguments: [{ type: 'string', value: JSON.stringify(arg ?? null) }, ...ids.map((sharedId) => ({ sharedId }))],
        target: { context },
        awaitPromise: true,
      });
      if (r.type === 'exception') throw new Error(`in the page: ${r.exceptionDetails?.text ?? 'exception'}`);
      return JSON.parse(r.result?.value ?? 'null') as T;
    };
    const clickAt = async (box: { x: number; y: number }) => {
      await bidi.send('input.performActions', {
        context,
        actions: [
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', x: box.x, y: box.y, origin: 'viewport' },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ],
      });
    };
    const tab: FirefoxTab = {
      context,
      evaluateInRoots: (hostSelector, fn, arg) => inRoots(hostSelector, fn.toString(), arg),
      async clickInRoots(hostSelector, find, arg) {
        const box = await inRoots<{ x: number; y: number } | null>(
          hostSelector,
          `(roots, a) => { const el = (${find.toString()})(roots, a); if (!el) return null; el.scrollIntoView({ block: 'center' }); const r = el.getBoundingClientRect(); return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) }; }`,
          arg,
        );
        if (!box) throw new Error(`nothing to click in ${hostSelector}: ${find.toString()}`);
        await clickAt(box);
      },
      async goto(url, wait = 'interactive') {
        await bidi.send('browsingContext.navigate', { context, url, wait });
      },
      evaluate: (fn, ...args) => call(fn.toString(), args),
      waitFor: (fn, args, ok = Boolean, timeoutMs = 30_000) =>
        until(
          () => call<ReturnType<typeof fn>>(fn.toString(), args).catch(() => undefined as ReturnType<typeof fn>),
          (v) => v !== undefined && ok(v),
          timeoutMs,
          100,
        ),
      async click(find, ...args) {
        const findSource = find.toString();
        const box = await call<{ x: number; y: number } | null>(
          `(...a) => { const el = (${findSource})(...a); if (!el) return null; el.scrollIntoView({ block: 'center' }); const r = el.getBoundingClientRect(); return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) }; }`,
          args,
        );
        if (!box) throw new Error(`nothing to click: ${findSource}`);
        await clickAt(box);
      },
      async screenshot() {
        const { data } = await bidi.send<{ data: string }>('browsingContext.captureScreenshot', { context });
        return Buffer.from(data, 'base64');
      },
      async close() {
        await bidi.send('browsingContext.close', { context }).catch(() => undefined);
      },
    };
    return tab;
  };

  const session: FirefoxSession = {
    bidi,
    baseUrl,
    pages,
    output,
    async newTab(url) {
      const { context } = await bidi.send<{ context: string }>('browsingContext.create', { type: 'tab' });
      if (viewport) await bidi.send('browsingContext.setViewport', { context, viewport });
      const tab = makeTab(context);
      if (url) await tab.goto(url);
      return tab;
    },
    async firstTab() {
      const { contexts } = await bidi.send<{ contexts: { context: string }[] }>('browsingContext.getTree', { maxDepth: 0 });
      if (viewport) await bidi.send('browsingContext.setViewport', { context: contexts[0].context, viewport });
      return makeTab(contexts[0].context);
    },
    exited,
    async setSettings(settings) {
      const tab = await session.newTab(`${baseUrl}library.html`);
      await tab.evaluate((s) => (globalThis as unknown as { browser: { storage: { local: { set(i: object): Promise<void> } } } }).browser.storage.local.set({ settings: s }), settings);
      await tab.close();
    },
    async close() {
      // Uninstalled first, the background page unloads normally; killed at quit, Firefox reports its
      // unload listeners (Dexie's) as "Script terminated by timeout".
      await bidi.send('webExtension.uninstall', { extension: geckoId }).catch(() => undefined);
      await bidi.send('browser.close').catch(() => undefined);
      await bidi.close().catch(() => undefined);
      const killed = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killed);
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return session;
}

/**
 * Lines of Firefox's output that report a problem of the add-on: console errors and warnings (the
 * profile prints only pages' and extensions' console messages, not Firefox's own) and uncaught errors
 * or warnings located in its `moz-extension://` files.
 */
export function addonProblems(output: string[], baseUrl: string): string[] {
  return output.filter((l) => /^console\.(error|warn):/.test(l) || (/^JavaScript (error|warning):/.test(l) && l.includes(baseUrl)));
}
