/**
 * A collapsible related-papers drawer on HTML full-text pages, e.g. https://arxiv.org/html/1706.03762v7:
 * inline right after the abstract (`div.ltx_abstract`), so it never covers the text and does not depend
 * on arXiv's header, which its scripts may add after load; re-inserted if the page rebuilds that part.
 */
import { useState } from 'preact/hooks';
import type { ComponentChild } from 'preact';
import { PANEL_CSS } from './panel-css';
import { createClosedUi } from './closed-ui';
import type { Lifecycle } from './lifecycle';
import type { PaperMeta } from '@/utils/arxiv/abs-page';
import { mountPanel, relatedFetcher } from './abs-panel';

function Drawer({ children }: { children: ComponentChild }) {
  const [open, setOpen] = useState(true);
  return (
    <div class={`an-drawer${open ? ' an-open' : ''}`}>
      <button type="button" class="an-drawer-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? '▾' : '▸'} Related papers from your corpus
      </button>
      <div hidden={!open}>{children}</div>
    </div>
  );
}

const ANCHOR = 'article.ltx_document .ltx_abstract';

/** Shows the drawer once the abstract is there, and puts it back if the page's scripts replace that part. */
export function showHtmlDrawer(life: Lifecycle, paper: PaperMeta): void {
  const ui = createClosedUi('drawer', PANEL_CSS);
  let rendered = false;
  const place = () => {
    if (ui.host.isConnected) return;
    const anchor = document.querySelector(ANCHOR);
    if (!anchor) return;
    anchor.after(ui.host);
    if (rendered) return;
    rendered = true;
    mountPanel(ui.container, paper, relatedFetcher(paper), life, (panel) => <Drawer>{panel}</Drawer>);
  };
  place();
  // Only a disconnected host costs more than one property read per batch of the page's changes.
  const observer = new MutationObserver(place);
  observer.observe(document.documentElement, { childList: true, subtree: true });
  life.onOrphaned(() => observer.disconnect());
}
