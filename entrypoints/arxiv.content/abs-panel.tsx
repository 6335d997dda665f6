/**
 * The related-papers panel on abstract pages, e.g. https://arxiv.org/abs/2304.09157v2: in the right column
 * (`div.extra-services`) right AFTER arXiv's "Access Paper" links, so View PDF never moves; on narrow
 * windows arXiv drops that column under the abstract and the panel goes with it, still after the links.
 */
import { render } from 'preact';
import { PANEL_CSS } from './panel-css';
import { createClosedUi } from './closed-ui';
import type { Lifecycle } from './lifecycle';
import type { PaperMeta } from '@/utils/shared/arxiv/abs-page';
import type { RelatedResponse } from '@/utils/shared/related-types';
import { RelatedPanel } from '@/components/RelatedPanel';
import { sendToBackground, UPDATED_NOTICE } from '@/utils/shared/messages/client';
import { createSaveActions } from '@/utils/ui/save-actions';
import { watchPageTheme } from '@/utils/ui/theme';
import { isShown, updateDisplay, type DisplaySettings } from '@/utils/shared/display';
import { readAbsPageReport } from '@/utils/shared/arxiv/abs-page';
import { archiveOf, type Feature } from './feature';

/**
 * Asks the background for related papers at once, before any UI exists: the answer travels while the
 * panel's shadow root and styles are set up. The first (non-waiting) ask of the panel takes it.
 */
export function relatedFetcher(paper: PaperMeta): (wait: boolean) => Promise<RelatedResponse> {
  let early: Promise<RelatedResponse> | null = sendToBackground('getRelated', { paper });
  // Not awaited here; a failure is the panel's to show when it asks.
  early.catch(() => undefined);
  return (wait) => {
    if (early && !wait) {
      const answer = early;
      early = null;
      return answer;
    }
    return sendToBackground('getRelated', { paper, wait });
  };
}

/**
 * Renders the panel into a root themed like the page; once the extension is gone (updated or reloaded
 * while the page stays open) the panel is replaced by a line saying so, since none of its buttons can
 * work any more.
 */
export function mountPanel(container: HTMLElement, paper: PaperMeta, fetchRelated: (wait: boolean) => Promise<RelatedResponse>, display: DisplaySettings, variant: 'sidebar' | 'article', life: Lifecycle): void {
  const root = document.createElement('div');
  root.className = `an-root an-${variant}`;
  container.append(root);
  const stopTheme = watchPageTheme(window, (dark) => root.classList.toggle('an-dark', dark));
  render(
    <RelatedPanel
      fetchRelated={fetchRelated}
      retryModel={() => sendToBackground('retryModel', {})}
      self={{ id: paper.id, title: paper.title }}
      actions={createSaveActions(paper)}
      dismiss={{
        hide: (paperId) => sendToBackground('dismissPaper', { forId: paper.id, paperId }),
        restore: (paperId) => sendToBackground('restorePaper', { forId: paper.id, paperId }),
      }}
      collapse={{ collapsed: display.collapsed, onChange: (collapsed) => void updateDisplay((d) => ({ ...d, collapsed })).catch(() => undefined) }}
      onHowItWorks={() => void sendToBackground('openHowItWorks', {}).catch(() => undefined)}
    />,
    root,
  );
  life.onOrphaned(() => {
    stopTheme();
    render(
      <p class="an-message an-updated" role="status">
        {UPDATED_NOTICE}
      </p>,
      root,
    );
  });
}

/**
 * Where the panel goes: right after "Access Paper" (`.full-text`, all layouts) in the right column, else
 * the top of that column, else right under the abstract.
 */
export function panelPlace(doc: Document): ((host: Element) => void) | null {
  const links = doc.querySelector('div.extra-services .full-text');
  if (links) return (host) => links.after(host);
  const sidebar = doc.querySelector('div.extra-services');
  if (sidebar) return (host) => sidebar.prepend(host);
  const abstract = doc.querySelector('blockquote.abstract');
  if (abstract) return (host) => abstract.after(host);
  return null;
}

/** Shows the panel; `sources` (which signals the page was read from) is set as the host's data-sources. */
export async function showAbsPanel(life: Lifecycle, paper: PaperMeta, sources: string, display: DisplaySettings): Promise<void> {
  const place = panelPlace(document);
  if (!place) return;
  const fetchRelated = relatedFetcher(paper);
  const ui = createClosedUi('panel', PANEL_CSS);
  // Rendering gets a task of its own: on a cold start the script's own evaluation already fills one, and
  // together they made a 50–90 ms long task on the reader's page (the request is in flight meanwhile).
  await new Promise((resolve) => setTimeout(resolve, 0));
  place(ui.host);
  mountPanel(ui.container, paper, fetchRelated, display, 'sidebar', life);
  // Which page signals were read: the page's own facts, for diagnosis (nothing of the reader's).
  ui.host.dataset.sources = sources;
}

export const absPanelFeature: Feature = {
  name: 'related papers on abstract pages',
  paths: ['/abs/*'],
  examples: [
    'https://arxiv.org/abs/2304.09157v2',
    'https://arxiv.org/abs/1706.03762',
    'https://arxiv.org/abs/hep-th/9901001',
    'https://www.arxiv.org/abs/2405.14852v1',
    'https://export.arxiv.org/abs/0704.0001',
  ],
  test: (url) => url.pathname.startsWith('/abs/'),
  async run({ life, url, doc, display, setPaper }) {
    const report = readAbsPageReport(url, doc);
    setPaper(report?.paper ?? null);
    // Which signals were read (meta tags, markup, URL) is stated on our own host element, for diagnosis.
    if (report && isShown(display, 'panel', archiveOf(report.paper))) {
      await showAbsPanel(life, report.paper, Object.entries(report.sources).map(([k, v]) => `${k}:${v ?? 'none'}`).join(' '), display);
    }
  },
};
