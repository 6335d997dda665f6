import { ErrorLine } from '@/components/ErrorLine';
import { absUrl } from '@/utils/shared/arxiv/ids';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { RelatedPanel } from '@/components/RelatedPanel';
import { RelatedRow } from '@/components/RelatedRow';
import { sendToBackground } from '@/utils/shared/messages/client';
import { createSaveActions } from '@/utils/ui/save-actions';
import { subscribeToLibrary } from '@/utils/ui/subscribe';
import { STATUS_LABEL, type LibraryEntry } from '@/utils/shared/library/types';
import type { ForYouTodayItem, RelatedItem, RelatedResponse, SearchResponse } from '@/utils/shared/related-types';
import { levelLabel } from '@/components/relatedness-text';
import { currentPaper, fetchAbsPage, type CurrentPaper } from './current-paper';
import type { PaperMeta } from '@/utils/shared/arxiv/abs-page';
import { userMessage } from '@/components/user-message';

const LATEST = 5;

function openLibrary() {
  void browser.tabs.create({ url: browser.runtime.getURL('/library.html') });
  window.close();
}

/** The toolbar popup: the current tab's related papers, a search box, the latest saved papers. */
export function PopupApp() {
  const [tabPaper, setTabPaper] = useState<CurrentPaper | null>(null);
  const [latest, setLatest] = useState<LibraryEntry[] | null>(null);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<SearchResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The tab's paper title once known (a PDF tab's is read from its abstract page). */
  const [fetchedTitle, setFetchedTitle] = useState<string | null>(null);
  const [shortcut, setShortcut] = useState<string | null | undefined>(undefined);
  const [today, setToday] = useState<ForYouTodayItem[]>([]);

  useEffect(() => {
    sendToBackground('forYouToday', {}).then((r) => setToday(r.items), () => setToday([]));
  }, []);

  useEffect(() => {
    void browser.commands
      .getAll()
      .then((all) => setShortcut(all.find((c) => c.name === 'save-current-paper')?.shortcut || null))
      .catch(() => setShortcut(null));
  }, []);

  useEffect(() => {
    void currentPaper().then(setTabPaper, () => setTabPaper({ kind: 'none' }));
  }, []);

  const loadLatest = useCallback(() => {
    sendToBackground('listLibrary', {}).then(
      (r) => setLatest(r.entries.slice(0, LATEST)),
      (e: unknown) => setError(userMessage(e)),
    );
  }, []);
  useEffect(() => {
    loadLatest();
    return subscribeToLibrary(loadLatest);
  }, [loadLatest]);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setSearch(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      sendToBackground('search', { query: q, scope: 'all' }).then(
        (r) => live && setSearch(r),
        (e: unknown) => live && setError(userMessage(e)),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query]);

  const pagePaper = tabPaper?.kind === 'page' ? tabPaper.paper : null;
  const tabId = tabPaper?.kind === 'id' ? tabPaper.id : null;
  const actions = useMemo(() => createSaveActions(pagePaper, tabId ?? undefined), [pagePaper, tabId]);
  const fetchRelated = useMemo((): ((wait: boolean) => Promise<RelatedResponse>) | null => {
    if (tabPaper?.kind === 'page') return (wait) => sendToBackground('getRelated', { paper: tabPaper.paper, wait });
    if (tabPaper?.kind === 'id') {
      const id = tabPaper.id;
      let fetched: PaperMeta | null = null;
      return async (wait) => {
        if (fetched) return sendToBackground('getRelated', { paper: fetched, wait });
        const r = await sendToBackground('getRelatedById', { id, wait });
        if (r.related) return r.related;
        // A PDF of a paper never seen: read its abstract page (the only request the extension makes itself).
        fetched = await fetchAbsPage(id);
        setFetchedTitle(fetched.title);
        return sendToBackground('getRelated', { paper: fetched, wait });
      };
    }
    return null;
  }, [tabPaper]);
  const retryModel = useCallback(() => sendToBackground('retryModel', {}), []);

  async function toggleSearchSave(item: RelatedItem) {
    try {
      if (item.saved) await sendToBackground('deleteEntries', { ids: [item.id] });
      else await sendToBackground('savePaper', { id: item.id });
      setSearch((s) => s && { ...s, results: s.results.map((r) => (r.id === item.id ? { ...r, saved: !item.saved } : r)) });
    } catch (e) {
      setError(userMessage(e));
    }
  }

  const selfId = pagePaper?.id ?? tabId;
  const selfTitle = pagePaper?.title ?? fetchedTitle ?? latest?.find((e) => e.id === tabId)?.paper?.title ?? null;
  const dismiss = useMemo(
    () =>
      selfId
        ? {
            hide: (paperId: string) => sendToBackground('dismissPaper', { forId: selfId, paperId }),
            restore: (paperId: string) => sendToBackground('restorePaper', { forId: selfId, paperId }),
          }
        : undefined,
    [selfId],
  );

  return (
    <main class="popup">
      <div class="popup-head">
        <h1>
          arXiv <span>Neighbors</span>
        </h1>
        <button type="button" onClick={openLibrary}>
          Reading list
        </button>
      </div>
      <form class="search" role="search" onSubmit={(e) => e.preventDefault()}>
        <label class="sr-only" for="q">
          Search papers
        </label>
        <input id="q" type="search" autoFocus placeholder="Search the bundled papers and your reading list" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
      </form>
      <ErrorLine text={error} />
      {search ? (
        <section class="section an-root" aria-label="Search results">
          <h2>Results</h2>
          {search.results.length === 0 ? (
            <p class="muted an-no-match">No matches in the collection or your reading list.</p>
          ) : (
            <ol class="an-list">
              {search.results.map((item) => (
                <RelatedRow key={item.id} item={item} onToggleSave={(it) => void toggleSearchSave(it)} />
              ))}
            </ol>
          )}
        </section>
      ) : (
        <>
          {fetchRelated && selfId && (
            <section class="section an-root" aria-labelledby="tab-paper">
              <p class="tab-paper" id="tab-paper">
                <span class="muted">This tab: </span>
                <a href={absUrl(selfId)} target="_blank" rel="noopener">
                  {selfTitle ?? `arXiv:${selfId}`}
                </a>
              </p>
              <RelatedPanel
                fetchRelated={fetchRelated}
                retryModel={retryModel}
                self={{ id: selfId, title: selfTitle ?? `arXiv:${selfId}` }}
                actions={actions}
                dismiss={dismiss}
                onHowItWorks={() => {
                  void browser.tabs.create({ url: browser.runtime.getURL('/library.html#how') });
                  window.close();
                }}
              />
            </section>
          )}
          {tabPaper === null && <p class="muted section">Looking at this tab…</p>}
          {tabPaper?.kind === 'none' && (
            <p class="muted section tab-none">This tab isn’t an arXiv paper. Open a paper on arxiv.org (its abstract, HTML or PDF page) to see related papers here, or search above.</p>
          )}
          {shortcut !== undefined && (
            <p class="muted section shortcut">
              {shortcut ? (
                <>
                  <kbd>{shortcut}</kbd> saves the arXiv paper of the current tab.
                </>
              ) : (
                'Saving with a key press: set a shortcut for arXiv Neighbors in your browser’s extension shortcuts.'
              )}
            </p>
          )}
          {today.length > 0 && (
            <section class="section" aria-labelledby="today-h">
              <h2 id="today-h">For you today</h2>
              <ul class="latest today">
                {today.map((e) => (
                  <li key={e.id}>
                    <span>
                      <a href={absUrl(e.id)} target="_blank" rel="noopener">
                        {e.title}
                      </a>
                      {e.why && <span class="why">{e.why}</span>}
                    </span>
                    {e.relatedness && <span class="status">{levelLabel(e.relatedness)}</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section class="section" aria-labelledby="latest-h">
            <h2 id="latest-h">Latest saved</h2>
            {latest === null ? (
              <p class="muted">Loading…</p>
            ) : latest.length === 0 ? (
              <p class="muted">Nothing saved yet. Use ☆ Save beside any paper.</p>
            ) : (
              <ul class="latest">
                {latest.map((e) => (
                  <li key={e.id}>
                    <a href={absUrl(e.id)} target="_blank" rel="noopener">
                      {e.paper?.title || `arXiv:${e.id}`}
                    </a>
                    <span class="status">{STATUS_LABEL[e.status]}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </main>
  );
}
