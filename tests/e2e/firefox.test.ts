/**
 * The built Firefox add-on (.output/firefox-mv2) in Debian's Firefox ESR, driven over WebDriver BiDi:
 * the panel on the three abstract-page layouts, the semantic state with the test model served from
 * 127.0.0.1, keyword results when no model host answers, saving from the panel, the library and popup
 * pages, and nothing reported as an error on Firefox's console output meanwhile.
 * Ranking quality is `npm run eval`'s job: these tests check structure, not which papers are listed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addonProblems, launchFirefox, type FirefoxSession, type FirefoxTab } from '../helpers/firefox';
import { startModelServer, type ModelServer } from '../helpers/model-server';
import { LAYOUTS, fixtureHtml, pageWithPaper, devPaperRoute } from '../helpers/fixture-pages';
import { devQueries } from '../helpers/dom';
import { offlineSuite } from '../helpers/offline';
import { TEST_MODEL_DIR } from '../../scripts/make-test-models';
import { until } from '../helpers/wait';
import { CORPUS } from '@/utils/background/corpus/corpus-data';
import { SURFACE } from '../helpers/closed-root';

// Papers with judged neighbours in the collection, in the classic and 2026 layouts; the legacy fixture as it is (hep-ph).
const simclr = devQueries().find((q) => q.id === 'q13')!;
const clip = devQueries().find((q) => q.id === 'q07')!;
const CLASSIC = `https://arxiv.org/abs/${simclr.arxiv_id}v3`;
const DS2026 = `https://arxiv.org/abs/${clip.arxiv_id}`;
const LEGACY = 'https://arxiv.org/abs/0704.0001';
/** The paper of the classic page. */
const FIXTURE_TITLE = simclr.title;

interface PanelState {
  inSidebar: boolean;
  sources: string | null;
  status: string;
  links: string[];
  empty: boolean;
  alert: string | null;
  buttons: string[];
}

/** What the panel shows, read in the page from its closed shadow root (handed over by BiDi). */
function panelState(roots: ShadowRoot[]): PanelState | null {
  const root = roots[0];
  const host = root?.host;
  if (!host || !root) return null;
  return {
    inSidebar: host.parentElement?.matches('.extra-services') ?? false,
    sources: host.getAttribute('data-sources'),
    status: root.querySelector('.an-status')?.textContent ?? '',
    links: [...root.querySelectorAll('.an-list:not(.an-skeleton) .an-row .an-title')].map((a) => (a as HTMLAnchorElement).href),
    empty: root.querySelector('.an-empty') !== null,
    alert: root.querySelector('.an-note, [role="alert"]')?.textContent ?? null,
    buttons: [...root.querySelectorAll('button')].map((b) => b.textContent ?? ''),
  };
}

/** The panel once it has an answer (a list or the empty state) and its status is `status`. */
function settledPanel(tab: FirefoxTab, status: RegExp, timeoutMs = 60_000): Promise<PanelState | null> {
  return readPanel(tab, (p) => p !== null && (p.links.length > 0 || p.empty) && status.test(p.status), timeoutMs);
}

/** Polls the panel's state until `ok` holds for it. */
function readPanel(tab: FirefoxTab, ok: (p: PanelState | null) => boolean, timeoutMs: number): Promise<PanelState | null> {
  return until(() => tab.evaluateInRoots(SURFACE.panel, panelState).catch(() => null), ok, timeoutMs, 100);
}

const corpusIds = new Set(CORPUS.map((p) => p.id));

describe('Firefox ESR: the built add-on with the test model served', () => {
  let ff: FirefoxSession;
  let models: ModelServer;
  let classic: FirefoxTab;

  beforeAll(async () => {
    models = await startModelServer(TEST_MODEL_DIR);
    ff = await launchFirefox();
    await ff.setSettings({ modelHost: models.url });
    ff.pages.set(...devPaperRoute(simclr, 'Ting Chen', 'v3'));
    ff.pages.set(`/abs/${clip.arxiv_id}`, pageWithPaper('ds2026', { id: clip.arxiv_id, title: clip.title, abstract: clip.abstract, authors: ['Alec Radford'] }));
    ff.pages.set('/abs/0704.0001', fixtureHtml(LAYOUTS.legacy));
  });

  afterAll(async () => {
    await ff?.close();
    await models?.close();
  });

  it.each([
    ['classic layout', CLASSIC],
    ['2026 layout', DS2026],
  ])('%s: the panel lists corpus papers in the right column and turns semantic', async (_name, url) => {
    const tab = await ff.newTab(url);
    const panel = (await settledPanel(tab, /topic and shared words/))!;
    expect(panel.inSidebar).toBe(true);
    expect(panel.sources).toMatch(/^id:(meta|selector|url) title:\w+ abstract:\w+ authors:\w+$/);
    expect(panel.status).toBe('Ranked on your device by topic and shared words.');
    expect(panel.links.length).toBeGreaterThanOrEqual(1);
    for (const href of panel.links) expect(corpusIds.has(href.replace('https://arxiv.org/abs/', '')), href).toBe(true);
    if (url === CLASSIC) classic = tab;
    else await tab.close();
  });

  it('legacy layout: the panel shows a list or the empty state, and settles', async () => {
    const tab = await ff.newTab(LEGACY);
    const panel = (await settledPanel(tab, /^Ranked/))!;
    expect(panel.inSidebar).toBe(true);
    expect(panel.links.length > 0 || panel.empty).toBe(true);
    await tab.close();
  });

  it('saves a related paper with a click on the panel; the library page lists it', async () => {
    // The page itself cannot see into the panel.
    expect(await classic.evaluate((sel) => [...document.querySelectorAll(sel)].map((h) => h.shadowRoot === null), SURFACE.panel)).toEqual([true]);
    const title = await classic.evaluateInRoots(SURFACE.panel, (roots) => roots[0].querySelector('.an-list .an-row .an-title')?.textContent ?? '');
    expect(title).not.toBe('');
    await classic.clickInRoots(SURFACE.panel, (roots) => roots[0].querySelector('.an-list .an-row .an-save'));
    await until(
      () => classic.evaluateInRoots(SURFACE.panel, (roots) => roots[0].querySelector('.an-list .an-row .an-save')?.getAttribute('aria-pressed') ?? null),
      (v) => v === 'true',
      30_000,
      100,
    );

    const library = await ff.newTab(`${ff.baseUrl}library.html`);
    const titles = await library.waitFor(() => [...document.querySelectorAll('.entry-title')].map((e) => e.textContent ?? ''), [], (t) => t.length > 0);
    expect(titles).toContain(title);
    await library.close();
  });

  it('the popup page shows the tab’s paper, its related papers and the saved one', async () => {
    // The popup opened in a tab of its own names the arXiv tab (popup.html?tab=<id>).
    const lookup = await ff.newTab(`${ff.baseUrl}library.html`);
    const tabId = await lookup.evaluate(async (url) => {
      const api = (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<{ id?: number }[]> } } }).browser;
      return (await api.tabs.query({ url }))[0]?.id ?? null;
    }, CLASSIC);
    await lookup.close();
    expect(tabId).toEqual(expect.any(Number));

    const popup = await ff.newTab(`${ff.baseUrl}popup.html?tab=${tabId}`);
    const shown = await popup.waitFor(
      () => ({
        self: document.querySelector('.an-self .an-save')?.getAttribute('aria-label') ?? '',
        related: document.querySelectorAll('.an-list:not(.an-skeleton) .an-row .an-title').length,
        latest: [...document.querySelectorAll('.latest li a')].map((a) => a.textContent ?? ''),
      }),
      [],
      (s) => s.self !== '' && s.related > 0 && s.latest.length > 0,
    );
    expect(shown.self).toContain(FIXTURE_TITLE);
    await popup.close();
  });

  it('prints no error or warning from the add-on on Firefox’s console output, and would see one', async () => {
    expect(addonProblems(ff.output, ff.baseUrl)).toEqual([]);
    // The check is not blind: a warning from the background page and an uncaught error on an extension page are caught.
    const page = await ff.newTab(`${ff.baseUrl}library.html`);
    await page.evaluate(async () => {
      const api = (globalThis as unknown as { browser: { runtime: { getBackgroundPage(): Promise<{ console: Console }> } } }).browser;
      (await api.runtime.getBackgroundPage()).console.warn('e2e probe: background warning');
      setTimeout(() => {
        throw new Error('e2e probe: uncaught');
      });
    });
    // Firefox's output reaches the test asynchronously.
    const caught = await until(async () => addonProblems(ff.output, ff.baseUrl), (p) => p.length >= 2, 5000, 100);
    expect(caught.join('\n')).toMatch(/background warning[\s\S]*uncaught|uncaught[\s\S]*background warning/);
    await page.close();
  });
});

describe('Firefox ESR: no model host answers', () => {
  const offline = offlineSuite(launchFirefox, [devPaperRoute(simclr, 'Ting Chen', 'v3')]);

  it('keeps keyword results and says why, with a retry', async () => {
    const ff = offline.session;
    const tab = await ff.newTab(CLASSIC);
    const panel = (await readPanel(tab, (p) => p !== null && p.alert !== null && p.links.length > 0, 60_000))!;
    expect(panel.status).toBe('Ranked by shared words only.');
    expect(panel.alert).not.toBe('');
    expect(panel.buttons.some((b) => /retry|try again|try loading the model again/i.test(b))).toBe(true);
    expect(addonProblems(ff.output, ff.baseUrl)).toEqual([]);
    await tab.close();
  });
});
