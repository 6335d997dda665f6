/**
 * The related-papers panel (abstract pages, HTML drawer, popup). Over 300 lines by a few: its states
 * (loading, refining, none related, hidden rows, errors) are one rendering, read together.
 */
import { useEffect, useState } from 'preact/hooks';
import type { RelatedItem, RelatedResponse } from '@/utils/shared/related-types';
import { RelatedRow } from './RelatedRow';
import { SaveToggle } from './SaveToggle';
import { collectionText, statusLine } from './status-line';
import { userMessage } from './user-message';

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

/** "Not relevant": hides a listed paper next to this paper only, undoably. */
export interface DismissActions {
  hide(paperId: string): Promise<unknown>;
  restore(paperId: string): Promise<unknown>;
}

export interface RelatedPanelProps {
  /**
   * Asks the background for related papers of the page's paper; with `wait`, the background holds the
   * answer until the on-device model's results are ready (or gives up and says they are pending).
   */
  fetchRelated: (wait: boolean) => Promise<RelatedResponse>;
  /** Asks the background to retry a failed model load. */
  retryModel: () => Promise<unknown>;
  /** Delay before asking again while the model's results are pending (ms); grows up to 4 s. */
  pollMs?: number;
  /** The page's paper id and title, for the "Save this paper" toggle. */
  self?: { id: string; title: string };
  actions?: SaveActions;
  dismiss?: DismissActions;
  /** Collapsible panels (on arXiv's pages): the remembered state and where to remember a change. */
  collapse?: { collapsed: boolean; onChange: (collapsed: boolean) => void };
  /** Opens the explanation of where the list comes from and how it is ranked. */
  onHowItWorks?: () => void;
  /** Heading level and text: the popup's panel sits under its own heading. */
  heading?: string;
}

const INITIAL = 5;
const MAX = 10;
/** An undo offer lasts this long, or until the reader's next action. */
const UNDO_MS = 10_000;

type Undo = { text: string; run: () => Promise<unknown> };

/**
 * The related-papers panel. Shows the first results as soon as they arrive and asks again while the
 * on-device model is still refining them, so the list improves in place.
 */
export function RelatedPanel({ fetchRelated, retryModel, pollMs = 400, self, actions, dismiss, collapse, onHowItWorks, heading = 'Related papers' }: RelatedPanelProps) {
  const [data, setData] = useState<RelatedResponse | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [expanded, setExpanded] = useState(false);
  const [collapsed, setCollapsed] = useState(collapse?.collapsed ?? false);
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
        // Every paper is read (the model works; it may still be loading in a new session): only this
        // paper's reading is missing, so wait for it at once rather than polling.
        const onlyQueryMissing = r.model.phase !== 'error' && !r.notice && r.indexing.total > 0 && r.indexing.done >= r.indexing.total;
        if (onlyQueryMissing && !wait) timer = setTimeout(() => void tick(true), 0);
        else {
          timer = setTimeout(tick, delay);
          delay = Math.min(delay * 1.3, 4000);
        }
      } catch (e) {
        if (!live) return;
        failures++;
        // Asked once more before saying so (the message client already resends across a restart).
        if (failures < 2) timer = setTimeout(tick, 300);
        else setFailure(userMessage(e));
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

  // An undo offer goes away after a while (and at the next action, below).
  useEffect(() => {
    if (!undo) return;
    const t = setTimeout(() => setUndo(null), UNDO_MS);
    return () => clearTimeout(t);
  }, [undo]);

  const setSaved = (id: string | null, saved: boolean) =>
    setData((d) =>
      d && {
        ...d,
        selfSaved: id === null ? saved : d.selfSaved,
        results: d.results.map((r) => (r.id === id ? { ...r, saved } : r)),
      },
    );

  /** Runs one reader action: the previous undo offer ends, a failure is said in words. */
  async function act(key: string, work: () => Promise<Undo | null>) {
    setBusy(key);
    setActionError(null);
    setUndo(null);
    try {
      setUndo(await work());
      // Confirm from the background: an answer fetched while the change was being written may be stale.
      setRound((n) => n + 1);
    } catch (e) {
      setActionError(userMessage(e));
    } finally {
      setBusy(null);
    }
  }

  const toggle = (id: string | null, title: string, saved: boolean) =>
    actions &&
    act(id ?? 'self', async () => {
      if (saved) {
        const target = id ?? self?.id;
        if (!target) return null;
        const batch = await actions.remove(target);
        setSaved(id, false);
        return { text: `Removed “${title}” from your reading list.`, run: () => actions.undo(batch) };
      }
      await actions.save(id);
      setSaved(id, true);
      return null;
    });

  const hide = (item: RelatedItem) =>
    dismiss &&
    act(item.id, async () => {
      await dismiss.hide(item.id);
      setData((d) => d && { ...d, results: d.results.filter((r) => r.id !== item.id), hidden: d.hidden + 1 });
      return { text: `Hid “${item.title}” from this paper’s related papers.`, run: () => dismiss.restore(item.id) };
    });

  const setCollapsedRemembered = (next: boolean) => {
    setCollapsed(next);
    collapse?.onChange(next);
  };

  const status = data ? statusLine(data) : { text: 'Finding related papers…', kind: 'busy' as const };
  const shown = data ? data.results.slice(0, expanded ? MAX : INITIAL) : [];
  const bodyId = 'an-body';

  return (
    <section class={`an-panel${collapsed ? ' an-collapsed' : ''}`} aria-labelledby="an-heading" aria-busy={status.kind === 'busy'}>
      <header class="an-header">
        <h2 id="an-heading">
          {heading}
          {collapsed && data && data.results.length > 0 && <span class="an-count"> ({Math.min(MAX, data.results.length)})</span>}
        </h2>
        {collapse && (
          <button type="button" class="an-collapse" aria-expanded={!collapsed} aria-controls={bodyId} onClick={() => setCollapsedRemembered(!collapsed)}>
            {collapsed ? 'Show' : 'Hide'}
          </button>
        )}
      </header>
      <div id={bodyId} hidden={collapsed}>
        <p class={`an-status an-status-${status.kind}`} role="status">
          {status.text}
        </p>
        {self && actions && (
          <div class="an-self">
            <SaveToggle
              saved={data?.selfSaved ?? false}
              busy={busy === 'self' || !data}
              label={self.title}
              text={data?.selfSaved ? '★ In your reading list' : '☆ Save this paper'}
              onToggle={() => void toggle(null, self.title, data?.selfSaved ?? false)}
            />
          </div>
        )}
        {undo && (
          <div class="an-message an-undo" role="status">
            <p>{undo.text}</p>
            <button
              type="button"
              class="an-button"
              onClick={() => {
                const { run } = undo;
                setUndo(null);
                void run().then(
                  () => setRound((n) => n + 1),
                  (e: unknown) => setActionError(userMessage(e)),
                );
              }}
            >
              Undo
            </button>
          </div>
        )}
        {actionError && (
          <div class="an-message" role="alert">
            <p>{actionError}</p>
          </div>
        )}
        {failure && (
          <div class="an-message" role="alert">
            <p>Related papers can’t be shown right now: {failure}</p>
            <button type="button" class="an-button" onClick={() => setRound((n) => n + 1)}>
              Try again
            </button>
          </div>
        )}
        {data && (data.model.phase === 'error' || data.notice) && (
          <div class="an-message an-note" role="status">
            <p>{data.model.phase === 'error' ? data.model.message : data.notice}</p>
            <button
              type="button"
              class="an-button"
              onClick={() => {
                void retryModel().finally(() => setRound((n) => n + 1));
              }}
            >
              {data.model.phase === 'error' ? 'Try loading the model again' : 'Try again'}
            </button>
          </div>
        )}
        {!data && !failure && (
          <ol class="an-list an-skeleton" aria-hidden="true">
            {Array.from({ length: 3 }, (_, i) => (
              <li key={i} class="an-row">
                <div class="an-skel-line" />
                <div class="an-skel-line an-skel-short" />
              </li>
            ))}
          </ol>
        )}
        {data && data.results.length === 0 && (
          <p class="an-empty">
            No closely related papers {data.collection.saved > 0 ? 'among the bundled papers or your reading list' : 'among the bundled papers'}.
            {data.hidden > 0 && ` (${data.hidden} you marked not relevant ${data.hidden === 1 ? 'is' : 'are'} hidden.)`}
          </p>
        )}
        {shown.length > 0 && (
          <ol class="an-list">
            {shown.map((item: RelatedItem) => (
              <RelatedRow
                key={item.id}
                item={item}
                busy={busy === item.id}
                onToggleSave={actions ? (it) => void toggle(it.id, it.title, it.saved) : undefined}
                onNotRelevant={dismiss ? (it) => void hide(it) : undefined}
              />
            ))}
          </ol>
        )}
        {data && data.results.length > INITIAL && (
          <button type="button" class="an-more" aria-expanded={expanded} onClick={() => setExpanded((x) => !x)}>
            {expanded ? 'Show fewer' : `Show ${Math.min(MAX, data.results.length) - INITIAL} more`}
          </button>
        )}
        {data && (
          <p class="an-source">
            {collectionText(data)}
            {onHowItWorks && (
              <>
                {' '}
                <button type="button" class="an-link" onClick={onHowItWorks}>
                  How this works
                </button>
              </>
            )}
          </p>
        )}
      </div>
    </section>
  );
}
