/**
 * The related-papers panel on abstract pages, e.g. https://arxiv.org/abs/2304.09157v2: top of the right
 * column (`div.extra-services`), or right under the abstract on narrow windows.
 */
import { render } from 'preact';
import { PANEL_CSS } from './panel-css';
import { createClosedUi } from './closed-ui';
import type { Lifecycle } from './lifecycle';
import type { PaperMeta } from '@/utils/arxiv/abs-page';
import type { RelatedResponse } from '@/utils/related/types';
import { RelatedPanel } from '@/components/RelatedPanel';
import { send, UPDATED_NOTICE } from '@/utils/messaging/client';
import { createSaveActions } from '@/utils/library/save-actions';
import { prefersDark } from '@/utils/theme';

/** Below this width arXiv stacks its columns, so the panel goes right under the abstract. */
const NARROW = '(max-width: 767px)';

/**
 * Asks the background for related papers at once, before any UI exists: the answer travels while the
 * panel's shadow root and styles are set up. The first (non-waiting) ask of the panel takes it.
 */
export function relatedFetcher(paper: PaperMeta): (wait: boolean) => Promise<RelatedResponse> {
  let early: Promise<RelatedResponse> | null = send('getRelated', { paper });
  // Not awaited here; a failure is the panel's to show when it asks.
  early.catch(() => undefined);
  return (wait) => {
    if (early && !wait) {
      const answer = early;
      early = null;
      return answer;
    }
    return send('getRelated', { paper, wait });
  };
}

/**
 * Renders the panel into a themed root; once the extension is gone (updated or reloaded while the page
 * stays open) the panel is replaced by a line saying so, since none of its buttons can work any more.
 */
export function mountPanel(
  container: HTMLElement,
  paper: PaperMeta,
  fetchRelated: (wait: boolean) => Promise<RelatedResponse>,
  life: Lifecycle,
  wrap?: (panel: preact.ComponentChild) => preact.ComponentChild,
): void {
  const root = document.createElement('div');
  root.className = 'an-root';
  container.append(root);
  const applyTheme = () => root.classList.toggle('an-dark', prefersDark(window));
  applyTheme();
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', applyTheme);
  const panel = (
    <RelatedPanel
      fetchRelated={fetchRelated}
      retryModel={() => send('retryModel', {})}
      self={{ id: paper.id, title: paper.title }}
      actions={createSaveActions(paper)}
    />
  );
  render(wrap ? wrap(panel) : panel, root);
  life.onOrphaned(() => {
    scheme.removeEventListener('change', applyTheme);
    render(
      <p class="an-message an-updated" role="status">
        {UPDATED_NOTICE}
      </p>,
      root,
    );
  });
}

/** Shows the panel; `sources` (which signals the page was read from) is set as the host's data-sources. */
export async function showAbsPanel(life: Lifecycle, paper: PaperMeta, sources: string): Promise<void> {
  const sidebar = document.querySelector('div.extra-services');
  const abstract = document.querySelector('blockquote.abstract');
  if (!sidebar && !abstract) return;
  const fetchRelated = relatedFetcher(paper);
  const narrow = window.matchMedia(NARROW);
  const place = (host: Element) => {
    if ((narrow.matches || !sidebar) && abstract) abstract.after(host);
    else sidebar?.prepend(host);
  };
  const ui = createClosedUi('panel', PANEL_CSS);
  // Rendering gets a task of its own: on a cold start the script's own evaluation already fills one, and
  // together they made a 50–90 ms long task on the reader's page (the request is in flight meanwhile).
  await new Promise((resolve) => setTimeout(resolve, 0));
  place(ui.host);
  mountPanel(ui.container, paper, fetchRelated, life);
  // Which page signals were read: the page's own facts, for diagnosis (nothing of the reader's).
  ui.host.dataset.sources = sources;
  // Moving the host keeps its shadow tree and state; nothing is re-fetched.
  const onWidth = () => place(ui.host);
  narrow.addEventListener('change', onWidth);
  life.onOrphaned(() => narrow.removeEventListener('change', onWidth));
}
