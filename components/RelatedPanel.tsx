import { useEffect, useState } from 'preact/hooks';
import type { RelatedItem, RelatedResponse } from '@/utils/related/types';
import { RelatedRow } from './RelatedRow';
import { SaveToggle } from './SaveToggle';
import { statusLine } from './status-line';

/** Reading-list actions the panel offers; absent in contexts that only show results. */
export interface SaveActions {
  /** Saves the paper of the page (`null`) or a listed paper by id. */
  save(id: string | null): Promise<unknown>;
  /** Removes from the reading list; resolves to the batch that `undo` restores. */
  remove(id: string): Promise<string>;
  undo(batch: string): Promise<unknown>;
  /** Calls back whenever the reading list changes anywhere; returns the unsubscribe function. */
  subscribe(onChange: () => void): () => void;
}

export interface RelatedPanelProps {
  /**
   * Asks the background for related papers of the page's paper; with `wait`, the background holds the
   * answer until this paper's semantic results are ready (or gives up and says they are pending).
   */
  fetchRelated: (wait: boolean) => Promise<RelatedResponse>;
  /** Asks the background to retry a failed model load. */
  retryModel: () => Promise<unknown>;
  /** Delay before asking again while semantic results are pending (ms); grows up to 4 s. */
  pollMs?: number;
  /** The page's paper id and title, for the "Save this paper" toggle. */
  self?: { id: string; title: string };
  actions?: SaveActions;
}

const INITIAL = 5;
const MAX = 10;

/**
 * The related-papers panel. Shows keyword results as soon as they arrive and asks again while the
 * background says semantic results are pending, so the list refines itself in place.
 */
export function RelatedPanel({ fetchRelated, retryModel, pollMs = 400, self, actions }: RelatedPanelProps) {
  const [data, setData] = useState<RelatedResponse | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [removed, setRemoved] = useState<{ title: string; batch: string } | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [expanded, setExpanded] = useState(false);
  const [round, setRound] = useState(0);
  useEffect(() => {
    // Per run: an answer to an earlier run (before a refresh) must not overwrite a newer one.
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = pollMs;
    let failures = 0;
    const tick = async (wait = false) => {
      try {
        const r = await fetchRelated(wait);
        if (!live) return;
        failures = 0;
        setData(r);
        setFailure(null);
        if (!r.pending) return;
        // Corpus embedded (the model works; it may still be loading in a new session): only this
        // paper's embedding is missing, so wait for it at once rather than polling.
        const onlyQueryMissing = r.model.phase !== 'error' && !r.notice && r.indexing.total > 0 && r.indexing.done >= r.indexing.total;
        if (onlyQueryMissing && !wait) timer = setTimeout(() => void tick(true), 0);
        else {
          timer = setTimeout(tick, delay);
          delay = Math.min(delay * 1.3, 4000);
        }
      } catch (e) {
        if (!live) return;
        failures++;
        // The service worker may be restarting: try a few times before saying so.
        if (failures < 4) timer = setTimeout(tick, 300 * failures);
        else setFailure(e instanceof Error ? e.message : String(e));
      }
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [fetchRelated, pollMs, round]);

  // A model that failed to download (often: offline) is tried again as soon as the browser is back online.
  const modelFailed = data?.model.phase === 'error';
  useEffect(() => {
    if (!modelFailed) return;
    const retry = () => void retryModel().finally(() => setRound((n) => n + 1));
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [modelFailed, retryModel]);

  // A change made anywhere (popup, library, another tab) refreshes saved states in place.
  useEffect(() => actions?.subscribe(() => setRound((n) => n + 1)), [actions]);

  const setSaved = (id: string | null, saved: boolean) =>
    setData((d) =>
      d && {
        ...d,
        selfSaved: id === null ? saved : d.selfSaved,
        results: d.results.map((r) => (r.id === id ? { ...r, saved } : r)),
      },
    );

  async function toggle(id: string | null, title: string, saved: boolean) {
    if (!actions) return;
    setBusy(id ?? 'self');
    setSaveError(null);
    try {
      if (saved) {
        const target = id ?? self?.id;
        if (!target) return;
        const batch = await actions.remove(target);
        setRemoved({ title, batch });
      } else {
        await actions.save(id);
        setRemoved(null);
      }
      setSaved(id, !saved);
      // Confirm from the background: an answer fetched while the change was being written may be stale.
      setRound((n) => n + 1);
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  const status = data ? statusLine(data) : { text: 'Finding related papers…', kind: 'busy' as const };
  const shown = data ? data.results.slice(0, expanded ? MAX : INITIAL) : [];

  return (
    <section class="an-panel" aria-labelledby="an-heading" aria-busy={status.kind === 'busy'}>
      <header class="an-header">
        <h2 id="an-heading">Related papers</h2>
        <p class={`an-status an-status-${status.kind}`} role="status">
          {status.text}
        </p>
      </header>
      {self && actions && (
        <div class="an-self">
          <SaveToggle saved={data?.selfSaved ?? false} busy={busy === 'self' || !data} label={`this paper, ${self.title}`} onToggle={() => void toggle(null, self.title, data?.selfSaved ?? false)} />
          <span class="an-self-label">{data?.selfSaved ? 'This paper is in your reading list' : 'Save this paper'}</span>
        </div>
      )}
      {removed && actions && (
        <div class="an-message an-undo" role="status">
          <p>Removed “{removed.title}” from your reading list.</p>
          <button
            type="button"
            class="an-button"
            onClick={() => {
              const { batch } = removed;
              setRemoved(null);
              void actions.undo(batch).then(() => setRound((n) => n + 1));
            }}
          >
            Undo
          </button>
        </div>
      )}
      {saveError && (
        <div class="an-message" role="alert">
          <p>{saveError}</p>
        </div>
      )}
      {failure && (
        <div class="an-message" role="alert">
          <p>Related papers are unavailable right now ({failure}).</p>
          <button type="button" class="an-button" onClick={() => setRound((n) => n + 1)}>
            Try again
          </button>
        </div>
      )}
      {data?.notice && data.model.phase !== 'error' && (
        <div class="an-message" role="alert">
          <p>{data.notice} Showing keyword matches.</p>
          <button
            type="button"
            class="an-button"
            onClick={() => {
              void retryModel().finally(() => setRound((n) => n + 1));
            }}
          >
            Try again
          </button>
        </div>
      )}
      {data?.model.phase === 'error' && (
        <div class="an-message" role="alert">
          <p>{data.model.message}</p>
          <button
            type="button"
            class="an-button"
            onClick={() => {
              void retryModel().finally(() => setRound((n) => n + 1));
            }}
          >
            Retry model download
          </button>
        </div>
      )}
      {!data && !failure && (
        <ol class="an-list an-skeleton" aria-hidden="true">
          {Array.from({ length: INITIAL }, (_, i) => (
            <li key={i} class="an-row">
              <div class="an-skel-line" />
              <div class="an-skel-line an-skel-short" />
            </li>
          ))}
        </ol>
      )}
      {data && data.results.length === 0 && <p class="an-empty">No closely related papers in your corpus.</p>}
      {shown.length > 0 && (
        <ol class="an-list">
          {shown.map((item: RelatedItem) => (
            <RelatedRow key={item.id} item={item} busy={busy === item.id} onToggleSave={actions ? (it) => void toggle(it.id, it.title, it.saved) : undefined} />
          ))}
        </ol>
      )}
      {data && data.results.length > INITIAL && (
        <button type="button" class="an-more" aria-expanded={expanded} onClick={() => setExpanded((x) => !x)}>
          {expanded ? 'Show fewer' : `Show ${Math.min(MAX, data.results.length) - INITIAL} more`}
        </button>
      )}
    </section>
  );
}
