/**
 * Shows related corpus papers beside an arXiv abstract page. Handles, e.g.:
 * https://arxiv.org/abs/2304.09157v2, https://arxiv.org/abs/hep-th/9901001, https://export.arxiv.org/abs/0704.0001
 * Reads the page with pure parsers and asks the background; never touches the model or IndexedDB.
 */
import { render } from 'preact';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { readAbsPage } from '@/utils/arxiv/abs-page';
import { send } from '@/utils/messaging/client';
import { prefersDark } from '@/utils/theme';
import { RelatedPanel } from '@/components/RelatedPanel';
import { createSaveActions } from '@/utils/library/save-actions';
import { browser } from 'wxt/browser';
import { parseEnvelope } from '@/utils/messaging/protocol';
import '@/components/related.css';
import './style.css';

/** Below this width arXiv stacks its columns, so the panel goes right under the abstract. */
const NARROW = '(max-width: 767px)';

export default defineContentScript({
  matches: ['*://arxiv.org/abs/*', '*://www.arxiv.org/abs/*', '*://export.arxiv.org/abs/*'],
  runAt: 'document_end',
  cssInjectionMode: 'ui',
  async main(ctx) {
    const paper = readAbsPage(new URL(location.href), document);
    const sidebar = document.querySelector('div.extra-services');
    const abstract = document.querySelector('blockquote.abstract');
    if (!paper || (!sidebar && !abstract)) return;

    const narrow = window.matchMedia(NARROW);
    const place = (host: Element) => {
      if ((narrow.matches || !sidebar) && abstract) abstract.after(host);
      else sidebar?.prepend(host);
    };

    const fetchRelated = () => send('getRelated', { paper });
    const retryModel = () => send('retryModel', {});
    const actions = createSaveActions(paper);

    // The "save current paper" command asks the page which paper it shows.
    const onMessage = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id || parseEnvelope(message)?.name !== 'getPagePaper') return undefined;
      return Promise.resolve({ paper });
    };
    browser.runtime.onMessage.addListener(onMessage);

    const ui = await createShadowRootUi(ctx, {
      name: 'arxiv-neighbors-panel',
      position: 'inline',
      anchor: 'body',
      append: (_anchor, host) => place(host),
      onMount(container) {
        const root = document.createElement('div');
        root.className = 'an-root';
        container.append(root);
        const applyTheme = () => root.classList.toggle('an-dark', prefersDark(window));
        applyTheme();
        const scheme = window.matchMedia('(prefers-color-scheme: dark)');
        scheme.addEventListener('change', applyTheme);
        render(<RelatedPanel fetchRelated={fetchRelated} retryModel={retryModel} self={{ id: paper.id, title: paper.title }} actions={actions} />, root);
        return { root, scheme, applyTheme };
      },
      onRemove(mounted) {
        if (!mounted) return;
        mounted.scheme.removeEventListener('change', mounted.applyTheme);
        render(null, mounted.root);
      },
    });
    ui.mount();
    // Moving the host keeps its shadow tree and state; nothing is re-fetched.
    const onWidth = () => place(ui.shadowHost);
    narrow.addEventListener('change', onWidth);
    ctx.onInvalidated(() => {
      narrow.removeEventListener('change', onWidth);
      browser.runtime.onMessage.removeListener(onMessage);
      ui.remove();
    });
  },
});
