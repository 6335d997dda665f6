/**
 * The related-papers panel on HTML full-text pages, e.g. https://arxiv.org/html/1706.03762v7: inline right
 * after the abstract (`div.ltx_abstract`), so it never covers the text and does not depend on arXiv's
 * header, which its scripts may add after load; re-inserted if the page rebuilds that part. It collapses
 * like the abstract page's panel (the same remembered state).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { PANEL_CSS } from './panel-css';
import type { PaperMeta } from '@/utils/arxiv/abs-page';
import { mountPanel, relatedFetcher } from './abs-panel';
import type { DisplaySettings } from '@/utils/display';

export async function showHtmlDrawer(ctx: ContentScriptContext, paper: PaperMeta, display: DisplaySettings): Promise<void> {
  const ui = await createShadowRootUi(ctx, {
    name: 'arxiv-neighbors-drawer',
    position: 'inline',
    css: PANEL_CSS,
    anchor: 'article.ltx_document .ltx_abstract',
    append: 'after',
    onMount: (container) => mountPanel(container, paper, relatedFetcher(paper), display, 'article'),
    onRemove: (cleanup) => cleanup?.(),
  });
  // Mounts when the abstract is there and again if the page's scripts replace it.
  ui.autoMount();
  ctx.onInvalidated(() => ui.remove());
}
