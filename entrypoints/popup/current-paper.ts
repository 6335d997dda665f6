/** Which paper the active tab shows, for the popup: asked of the content script, else read from the URL. */
import { browser } from 'wxt/browser';
import { readAbsPage, type PaperMeta } from '@/utils/shared/arxiv/abs-page';
import { absUrl, idFromPaperHref } from '@/utils/shared/arxiv/ids';
import { sendToTab } from '@/utils/shared/messages/client';

export type CurrentPaper = { kind: 'page'; paper: PaperMeta } | { kind: 'id'; id: string } | { kind: 'none' };

/**
 * The paper of the active tab (abstract pages through their content script; PDF URLs by id).
 * `popup.html?tab=<id>` names the tab instead: the popup opened in a tab of its own (keyboard users,
 * end-to-end tests) would otherwise find itself as the active tab.
 */
export async function currentPaper(search = location.search): Promise<CurrentPaper> {
  const named = Number(new URLSearchParams(search).get('tab'));
  const tab = Number.isInteger(named) && named > 0 ? await browser.tabs.get(named).catch(() => undefined) : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  if (tab?.id === undefined) return { kind: 'none' };
  // Any page but arXiv's has no script of ours to answer: then the URL says which paper it is, if any.
  const answer = await sendToTab(tab.id, 'getPagePaper', {}).catch(() => null);
  if (answer?.paper) return { kind: 'page', paper: answer.paper };
  const id = idFromPaperHref(tab.url);
  return id ? { kind: 'id', id } : { kind: 'none' };
}

/** Fetches and reads https://arxiv.org/abs/<id>; rejects with a readable message. */
export async function fetchAbsPage(id: string): Promise<PaperMeta> {
  const url = absUrl(id);
  const res = await fetch(url, { credentials: 'omit' }).catch(() => null);
  if (!res?.ok) throw new Error(`could not reach arxiv.org for arXiv:${id}`);
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  const paper = readAbsPage(new URL(url), doc);
  if (!paper) throw new Error(`arXiv:${id}'s abstract page could not be read`);
  return paper;
}
