/**
 * arXiv Neighbors on arXiv pages. Detects the page type with pure parsers and shows:
 * - abstract pages (https://arxiv.org/abs/2304.09157v2, /abs/hep-th/9901001): the related-papers panel;
 * - HTML full text (https://arxiv.org/html/1706.03762v7): a collapsible drawer after the abstract;
 * - listings (https://arxiv.org/list/cs/new) and search results (https://arxiv.org/search/?query=…): badges.
 * One feature per file (features.ts lists them; their paths are this script's `matches`). Pages it cannot
 * read are left untouched, silently. Never touches the model or IndexedDB.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { PaperMeta } from '@/utils/shared/arxiv/abs-page';
import { DEFAULT_DISPLAY, loadDisplay, type DisplaySettings } from '@/utils/shared/display';
import { arxivMatches } from '@/utils/shared/arxiv/ids';
import { parseTabMessage } from '@/utils/shared/messages/tab';
import { answerWith } from '@/utils/shared/messages/envelope';
import { createLifecycle } from './lifecycle';
import { FEATURES } from './features';

export default defineContentScript({
  matches: arxivMatches(...FEATURES.flatMap((f) => f.paths)),
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
      const feature = FEATURES.find((f) => f.test(url));
      if (!feature) return;
      // Where the reader turned things off (per arXiv archive); unreadable settings mean "everywhere".
      const display: DisplaySettings = await loadDisplay().catch(() => DEFAULT_DISPLAY);
      await feature.run({ life, url, doc: document, display, setPaper: (p) => (paper = p) });
    } catch {
      // Unexpected markup must never break the page or fill its console.
    }
  },
});
