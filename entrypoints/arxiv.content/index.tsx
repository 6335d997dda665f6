/**
 * arXiv Neighbors on arXiv pages. Detects the page type with pure parsers and shows:
 * - abstract pages (https://arxiv.org/abs/2304.09157v2, /abs/hep-th/9901001): the related-papers panel;
 * - HTML full text (https://arxiv.org/html/1706.03762v7): a collapsible drawer after the abstract;
 * - listings (https://arxiv.org/list/cs/new) and search results (https://arxiv.org/search/?query=…): badges.
 * Pages it cannot read are left untouched, silently. Never touches the model or IndexedDB.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { readAbsPageReport, type PaperMeta } from '@/utils/shared/arxiv/abs-page';
import { readHtmlPage } from '@/utils/shared/arxiv/html-page';
import { isListingUrl, isSearchUrl, readListing, readSearchResults } from '@/utils/shared/arxiv/listing';
import { showAbsPanel } from './abs-panel';
import { showHtmlDrawer } from './html-drawer';
import { showListingBadges } from './listing-badges';
import { DEFAULT_DISPLAY, isShown, loadDisplay, shownAnywhere, type DisplaySettings } from '@/utils/shared/display';
import { createLifecycle } from './lifecycle';
import { arxivMatches } from '@/utils/shared/arxiv/ids';
import { parseTabMessage } from '@/utils/shared/messages/tab';
import { answerWith } from '@/utils/shared/messages/envelope';

const PATHS = ['/abs/*', '/html/*', '/list/*', '/search/*'];

export default defineContentScript({
  matches: arxivMatches(...PATHS),
  runAt: 'document_end',
  // Styles go into each shadow root as a string (panel-css.ts); nothing is injected into arXiv's page.
  cssInjectionMode: 'manual',
  // WXT announces each start with window.postMessage, naming the extension's id to every page script.
  noScriptStartedPostMessage: true,
  // WXT's context is left unused: a page can invalidate it (see lifecycle.ts).
  async main() {
    const life = createLifecycle();
    const url = new URL(location.href);
    let paper: PaperMeta | null = null;

    // The "save current paper" command asks the page which paper it shows: listening comes first, so a
    // surface that fails to draw (unexpected markup) does not also take the command away.
    const onMessage = (message: unknown, sender: { id?: string }) => {
      // The tab contract (utils/shared/messages/tab.ts), checked by hand: no validator ships in the page.
      if (sender.id !== browser.runtime.id || !parseTabMessage(message)) return undefined;
      return Promise.resolve(answerWith({ paper }));
    };
    browser.runtime.onMessage.addListener(onMessage);
    life.onOrphaned(() => {
      try {
        browser.runtime.onMessage.removeListener(onMessage);
      } catch {
        // An orphaned script's runtime may be half torn down; its listeners die with it anyway.
      }
    });

    try {
      // Where the reader turned things off (per arXiv archive); unreadable settings mean "everywhere".
      const display: DisplaySettings = await loadDisplay().catch(() => DEFAULT_DISPLAY);
      /** The paper's archive: its primary category, else an old-style id's archive (hep-th/9901001). */
      const archiveOf = (p: PaperMeta) => p.primarySubject ?? (p.id.includes('/') ? p.id : null);
      if (url.pathname.startsWith('/abs/')) {
        const report = readAbsPageReport(url, document);
        paper = report?.paper ?? null;
        // Which signals were read (meta tags, markup, URL) is stated on our own host element, for diagnosis.
        if (report && isShown(display, 'panel', archiveOf(report.paper))) {
          await showAbsPanel(life, report.paper, Object.entries(report.sources).map(([k, v]) => `${k}:${v ?? 'none'}`).join(' '), display);
        }
      } else if (url.pathname.startsWith('/html/')) {
        paper = readHtmlPage(url, document);
        if (paper && isShown(display, 'panel', archiveOf(paper))) showHtmlDrawer(life, paper, display);
      } else if (isListingUrl(url)) {
        // /list/<archive or category>/…: the listing's own field decides.
        const field = url.pathname.split('/')[2] ?? null;
        const heading = document.querySelector('#dlpage h1');
        if (isShown(display, 'badges', field) || isShown(display, 'triage', field)) {
          await showListingBadges(life, readListing(document), heading ? (host) => heading.after(host) : null, {
            badges: isShown(display, 'badges', field),
            triage: isShown(display, 'triage', field),
          });
        }
      } else if (isSearchUrl(url)) {
        // Search results span fields: only a surface turned off everywhere stays off.
        const list = document.querySelector('ol.breathe-horizontal');
        await showListingBadges(life, readSearchResults(document), list ? (host) => list.before(host) : null, {
          badges: shownAnywhere(display, 'badges'),
          triage: shownAnywhere(display, 'triage'),
        });
      }
    } catch {
      // Unexpected markup must never break the page or fill its console.
    }

  },
});
