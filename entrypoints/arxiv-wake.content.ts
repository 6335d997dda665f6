/**
 * Wakes the background as an arXiv page starts loading (document_start): a stopped service worker starts,
 * and reads what the page's first request needs, while the page is still being parsed, so the panel's
 * or the badges' request (arxiv.content, at document_end) finds it ready. Its one message carries nothing
 * of the page; its answer is not used, and a failure changes nothing for the page. The same pages as
 * arxiv.content's features (tests/unit/content-features.test.ts keeps the two lists equal); kept apart
 * from them so what runs before the page is parsed stays a few kilobytes.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { arxivMatches } from '@/utils/shared/arxiv/ids';
import { sendToBackground } from '@/utils/shared/messages/client';

export default defineContentScript({
  matches: arxivMatches('/abs/*', '/html/*', '/list/*', '/search/*'),
  runAt: 'document_start',
  // WXT announces each start with window.postMessage, naming the extension's id to every page script.
  noScriptStartedPostMessage: true,
  main() {
    sendToBackground('warmUp', {}).catch(() => undefined);
  },
});
