/**
 * The related-papers panel on HTML full-text pages, e.g. https://arxiv.org/html/1706.03762v7: inline right
 * after the abstract (`div.ltx_abstract`), so it never covers the text and does not depend on arXiv's
 * header, which its scripts may add after load; re-inserted if the page rebuilds that part. It collapses
 * like the abstract page's panel (the same remembered state).
 */
import { PANEL_CSS } from './panel-css';
import { createClosedUi } from './closed-ui';
import type { Lifecycle } from './lifecycle';
import type { PaperMeta } from '@/utils/shared/arxiv/abs-page';
import { mountPanel, relatedFetcher } from './abs-panel';
import { isShown, type DisplaySettings } from '@/utils/shared/display';
import { readHtmlPage } from '@/utils/shared/arxiv/html-page';
import { archiveOf, type Feature } from './feature';

const ANCHOR = 'article.ltx_document .ltx_abstract';

/** Shows the panel once the abstract is there, and puts it back if the page's scripts replace that part. */
export function showHtmlDrawer(life: Lifecycle, paper: PaperMeta, display: DisplaySettings): void {
  const ui = createClosedUi('drawer', PANEL_CSS);
  let rendered = false;
  const place = () => {
    if (ui.host.isConnected) return;
    const anchor = document.querySelector(ANCHOR);
    if (!anchor) return;
    anchor.after(ui.host);
    if (rendered) return;
    rendered = true;
    mountPanel(ui.container, paper, relatedFetcher(paper), display, 'article', life);
  };
  place();
  // Only a disconnected host costs more than one property read per batch of the page's changes.
  const observer = new MutationObserver(place);
  observer.observe(document.documentElement, { childList: true, subtree: true });
  life.onOrphaned(() => observer.disconnect());
}

export const htmlDrawerFeature: Feature = {
  name: 'related papers on HTML full text',
  paths: ['/html/*'],
  examples: ['https://arxiv.org/html/1706.03762v7', 'https://arxiv.org/html/2402.03300v3/', 'https://arxiv.org/html/2405.14852v1/#S3'],
  test: (url) => url.pathname.startsWith('/html/'),
  run({ life, url, doc, display, setPaper }) {
    const paper = readHtmlPage(url, doc);
    setPaper(paper);
    if (paper && isShown(display, 'panel', archiveOf(paper))) showHtmlDrawer(life, paper, display);
  },
};
