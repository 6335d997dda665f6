/**
 * The reading-list page. Over 300 lines on purpose: the page's state (view, selection, undo, import and
 * export in progress) lives in one component so every part sees one truth; its pieces are files of
 * their own (EntryCard, ImportDialog, ImportReport, Options, ModelSettings, utils/ui/library/transfer.ts).
 */
import { userMessage } from '@/components/user-message';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { EntryCard } from '@/components/EntryCard';
import { sendToBackground } from '@/utils/shared/messages/client';
import { subscribeToLibrary } from '@/utils/ui/subscribe';
import { formatBytes } from '@/utils/ui/library/filter';
import { STATUS_LABEL, STATUSES, type EntryPatch, type LibraryEntry, type ReadingStatus } from '@/utils/shared/library/types';
import type { ExportFormat } from '@/utils/background/library/export';
import type { QueryPage, SortKey, ViewQuery } from '@/utils/background/library/service';
import type { Response } from '@/utils/shared/messages/background';
import { MAX_ENTRIES_PER_WINDOW, MAX_IDS_PER_PAGE } from '@/utils/shared/library/paging';
import { deleteMany, exportParts, importFile, type ImportResult } from '@/utils/ui/library/transfer';
import { importRejection } from '@/utils/ui/library/import';
import { ImportReport } from './ImportReport';
import { ImportChooser, RestoreConfirm, type ImportMode } from './ImportDialog';
import { downloadParts } from './download';
import { Options } from './Options';

const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'bibtex', label: 'BibTeX' },
  { value: 'markdown', label: 'Markdown' },
  { value: 'csv', label: 'CSV' },
  { value: 'json', label: 'JSON (full backup)' },
];

/** Failures in the one mapping's words (utils/shared/plain-errors.ts): never a raw browser or library message. */
const message = userMessage;

/** The undo banner goes after this long (or at the reader's next action), unless it holds the focus. */
export const UNDO_MS = 10_000;
const n = (x: number) => x.toLocaleString('en');

/** One datalist for every card's tag input (a list per card repeated every tag on every card). */
const TAG_LIST_ID = 'library-tags';
/** Rows rendered beyond the screen on each side. */
const OVERSCAN = 6;
/** A card's height before any has been measured. */
const FIRST_ROW_HEIGHT = 170;

type Meta = Omit<QueryPage, 'ids'>;

/**
 * The reading-list page. The background filters and sorts (over its index of the library) and the
 * page holds only the ids in order; it renders the cards on screen (a window over the list, spacers for
 * the rest) and reads their entries a window at a time. Exports, imports and deletions travel in parts.
 */
export function LibraryApp() {
  const [ids, setIds] = useState<string[] | null>(null);
  const [meta, setMeta] = useState<Meta | null>(null);
  const [entries, setEntries] = useState<Map<string, LibraryEntry>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<ReadingStatus | 'all'>('all');
  const [tag, setTag] = useState<string>('all');
  const [sort, setSort] = useState<SortKey>('added');
  const [scores, setScores] = useState<{ id: string; score: number }[]>([]);
  const [semantic, setSemantic] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [undo, setUndo] = useState<{ batch: string; count: number } | null>(null);
  const [format, setFormat] = useState<ExportFormat>('bibtex');
  const [importResult, setImportResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [storage, setStorage] = useState<Response<'getStorage'> | null>(null);
  const [range, setRange] = useState<[number, number]>([0, 20]);
  const [rowHeight, setRowHeight] = useState(FIRST_ROW_HEIGHT);
  const fileInput = useRef<HTMLInputElement>(null);
  const [importOpen, setImportOpen] = useState(false);
  const importMode = useRef<ImportMode>('merge');
  const [restore, setRestore] = useState<{ name: string; text: string } | null>(null);
  const [undoHeld, setUndoHeld] = useState(false);

  // A new banner starts unheld (a removed banner may not report that it lost the focus).
  useEffect(() => setUndoHeld(false), [undo]);
  useEffect(() => {
    if (!undo || undoHeld) return;
    const t = setTimeout(() => setUndo(null), UNDO_MS);
    return () => clearTimeout(t);
  }, [undo, undoHeld]);
  const listRef = useRef<HTMLUListElement>(null);
  const generation = useRef(0);
  const idsRef = useRef<string[] | null>(null);
  idsRef.current = ids;
  const rangeRef = useRef(range);
  rangeRef.current = range;

  const view: ViewQuery = { query: query.trim(), status, tag, sort, ...(scores.length ? { scores } : {}) };
  const viewKey = JSON.stringify(view);

  /**
   * Reads the entries of ids[from, to) that are not at hand (or all of them, `fresh`). `current`: whether
   * the load that asked is still the latest; a fresh read that lost the race to a newer load is dropped
   * (it would replace the newer load's entries with older ones, and a just-saved paper's card would be
   * missing until the next change: the soak test caught it after a service-worker stop slowed one read).
   */
  const fetchWindow = useCallback(async (list: string[], from: number, to: number, fresh: boolean, have: Map<string, LibraryEntry>, current: () => boolean = () => true) => {
    const want = list.slice(Math.max(0, from), Math.min(list.length, to)).filter((id) => fresh || !have.has(id));
    if (!want.length) return;
    const got: LibraryEntry[] = [];
    for (let i = 0; i < want.length; i += MAX_ENTRIES_PER_WINDOW) got.push(...(await sendToBackground('getEntries', { ids: want.slice(i, i + MAX_ENTRIES_PER_WINDOW) })).entries);
    if (!current()) return;
    setEntries((m) => {
      // Fresh (after a change anywhere): only what was just read; the rest is read again when shown.
      // Otherwise only what is missing: an entry already at hand is at least as recent as this read.
      const next = new Map(fresh ? [] : m);
      for (const e of got) if (fresh || !next.has(e.id)) next.set(e.id, e);
      return next;
    });
  }, []);

  /** Asks the background for the view's ids (in pages) and the window's entries. */
  const load = useCallback(
    (fresh: boolean) => {
      const mine = ++generation.current;
      const v = JSON.parse(viewKey) as ViewQuery;
      void (async () => {
        const first = await sendToBackground('queryLibrary', { view: v, offset: 0, limit: MAX_IDS_PER_PAGE });
        if (mine !== generation.current) return;
        const list = [...first.ids];
        setMeta({ ...first, ids: undefined } as Meta);
        setIds(list);
        const [from, to] = rangeRef.current;
        await fetchWindow(list, from, to, fresh, new Map(), () => mine === generation.current);
        while (list.length < first.total && mine === generation.current) {
          const next = await sendToBackground('queryLibrary', { view: v, offset: list.length, limit: MAX_IDS_PER_PAGE });
          if (!next.ids.length) break;
          list.push(...next.ids);
          setIds([...list]);
        }
        // The background was still reading the library: ask again until the whole view is there.
        if (first.pending && mine === generation.current) setTimeout(() => mine === generation.current && load(false), 250);
      })().catch((e: unknown) => {
        if (mine === generation.current) setError(message(e));
      });
    },
    [viewKey, fetchWindow],
  );

  useEffect(() => {
    load(false);
  }, [load]);
  useEffect(() => {
    const refresh = () => {
      load(true);
      sendToBackground('getStorage', {}).then(setStorage, () => undefined);
    };
    sendToBackground('getStorage', {}).then(setStorage, () => undefined);
    return subscribeToLibrary(refresh);
  }, [load]);

  // The window follows the scroll.
  useEffect(() => {
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const list = listRef.current;
        const count = idsRef.current?.length ?? 0;
        if (!list) return;
        const top = list.getBoundingClientRect().top;
        const first = Math.max(0, Math.floor(-top / rowHeight) - OVERSCAN);
        const last = Math.min(count, Math.ceil((window.innerHeight - top) / rowHeight) + OVERSCAN);
        const [a, b] = rangeRef.current;
        if (a !== first || b !== Math.max(first, last)) setRange([first, Math.max(first, last)]);
      });
    };
    onScroll();
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
    };
  }, [rowHeight, ids?.length]);

  // Every card of the window gets its entry: asked for once per load (an id the background no longer has is
  // not asked for again until the next load), so entries arriving do not ask again, and a card whose entry a
  // fresh read left out (it was outside that read's window) is asked for as soon as it is shown.
  const asked = useRef<{ generation: number; ids: Set<string> }>({ generation: -1, ids: new Set() });
  useEffect(() => {
    if (!ids) return;
    if (asked.current.generation !== generation.current) asked.current = { generation: generation.current, ids: new Set() };
    const mine = asked.current;
    const missing = ids.slice(range[0], range[1]).filter((id) => !entries.has(id) && !mine.ids.has(id));
    if (!missing.length) return;
    for (const id of missing) mine.ids.add(id);
    fetchWindow(missing, 0, missing.length, false, entries).catch((e: unknown) => {
      for (const id of missing) mine.ids.delete(id);
      setError(message(e));
    });
  }, [ids, range[0], range[1], entries, fetchWindow]);

  // Measured cards set the height the spacers assume (cards differ; the average is close enough).
  useLayoutEffect(() => {
    const items = listRef.current?.querySelectorAll<HTMLElement>(':scope > li.entry');
    if (!items?.length) return;
    let sum = 0;
    items.forEach((el) => (sum += el.offsetHeight));
    const avg = Math.round(sum / items.length);
    if (Math.abs(avg - rowHeight) > 8) setRowHeight(avg);
  });

  // Ranking from the background (semantic once the model is ready) complements the text match.
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setScores([]);
      setSemantic(false);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      sendToBackground('search', { query: q, scope: 'library' }).then(
        (r) => {
          if (!live) return;
          setScores(r.results.map((x) => ({ id: x.id, score: x.relatedness.score })));
          setSemantic(r.signals.includes('semantic'));
        },
        () => undefined,
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query]);

  async function update(id: string, patch: EntryPatch) {
    setUndo(null);
    const r = await sendToBackground('updateEntry', { id, patch });
    setEntries((m) => new Map(m).set(id, r.entry));
    return r;
  }

  async function removeSelected() {
    const chosen = [...selected];
    if (!chosen.length) return;
    setBusy(`Deleting ${n(chosen.length)} ${chosen.length === 1 ? 'paper' : 'papers'}…`);
    try {
      const r = await deleteMany(sendToBackground, chosen);
      setUndo(r);
      setSelected(new Set());
      const gone = new Set(chosen);
      // Gone at once; the reload that follows confirms from the database.
      setIds((list) => list && list.filter((id) => !gone.has(id)));
      load(true);
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  }

  async function runExport() {
    setUndo(null);
    setBusy('Preparing the export…');
    try {
      // A selection in the list's order; everything in arXiv-id order (read by ranges: much faster).
      const chosen = selected.size ? [...selected] : null;
      const r = await exportParts(sendToBackground, format, chosen, (done, total) => setBusy(total === null ? `Exporting… ${n(done)} written` : `Exporting… ${n(done)} of ${n(total)}`));
      downloadParts(r.parts, r.filename, r.mime);
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  }

  async function runImport(file: File, mode: ImportMode) {
    setUndo(null);
    setImportResult(null);
    setImportOpen(false);
    const refused = importRejection(file.name);
    if (refused) return setImportResult({ ok: false, errors: [refused] });
    setBusy('Reading the file…');
    try {
      const text = await file.text();
      if (mode === 'restore') {
        if (!text.trimStart().startsWith('{')) return setImportResult({ ok: false, errors: ['Only a JSON backup can be restored — choose a .json file made by arXiv Neighbors, or add the papers of a BibTeX file instead.'] });
        return setRestore({ name: file.name, text });
      }
      await importText(text, 'merge');
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  }

  async function importText(text: string, mode: ImportMode) {
    setBusy('Importing…');
    setImportResult(await importFile(sendToBackground, text, { ...(mode === 'restore' ? { mode } : {}), onProgress: (done, total) => setBusy(`Importing… ${n(done)} of ${n(total)}`) }));
    load(true);
  }

  async function confirmRestore() {
    const r = restore;
    setRestore(null);
    if (!r) return;
    try {
      await importText(r.text, 'restore');
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  }

  async function exportUnreadable() {
    try {
      const rows: string[] = [];
      for (;;) {
        const r = await sendToBackground('getUnreadable', { offset: rows.length, limit: MAX_ENTRIES_PER_WINDOW });
        rows.push(...r.rows);
        if (!r.rows.length || rows.length >= r.total) break;
      }
      downloadParts(['[\n', rows.join(',\n'), '\n]\n'], `arxiv-neighbors-unreadable-${new Date().toISOString().slice(0, 10)}.json`, 'application/json');
    } catch (e) {
      setError(message(e));
    }
  }

  const list = ids ?? [];
  const allShownSelected = list.length > 0 && list.every((id) => selected.has(id));
  const [from, to] = [Math.min(range[0], list.length), Math.min(range[1], list.length)];
  const tags = meta?.tags ?? [];

  return (
    <main class="library">
      <header class="lib-head">
        <h1>
          Reading list <span class="muted">· arXiv Neighbors</span>
        </h1>
        {storage && (
          <p class="storage muted" aria-label="Storage used">
            {storage.usage !== null ? `${formatBytes(storage.usage)} used on this device` : 'Storage use unknown'} · {n(storage.saved)} saved · {n(storage.papers)} papers remembered · {n(storage.vectors)}{' '}
            texts the on-device model has read
          </p>
        )}
      </header>

      <div class="toolbar" role="toolbar" aria-label="Reading list tools">
        <input type="search" class="lib-search" aria-label="Search saved papers" placeholder="Search title, authors, abstract, notes, tags" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        <select aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.currentTarget.value as ReadingStatus | 'all')}>
          <option value="all">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
        <select aria-label="Filter by tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)}>
          <option value="all">All tags</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
          {meta && meta.moreTags > 0 && <option disabled>{n(meta.moreTags)} less used tags not listed (search for them)</option>}
        </select>
        <select aria-label="Sort by" value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)}>
          <option value="added">Date added</option>
          <option value="year">Year</option>
          <option value="title">Title</option>
          <option value="relevance" disabled={!query.trim()}>
            Relevance to search
          </option>
        </select>
      </div>

      <div class="toolbar" role="toolbar" aria-label="Selection and files">
        <label class="select-all">
          <input
            type="checkbox"
            checked={allShownSelected}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              setSelected((s) => {
                const next = new Set(s);
                for (const id of list) {
                  if (on) next.add(id);
                  else next.delete(id);
                }
                return next;
              });
            }}
          />{' '}
          Select all shown
        </label>
        <button type="button" class="danger" disabled={!selected.size || !!busy} onClick={() => void removeSelected()}>
          Delete {selected.size ? n(selected.size) : ''}
        </button>
        <span class="spacer" />
        <label class="sr-only" for="format">
          Export format
        </label>
        <select id="format" value={format} onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}>
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void runExport()} disabled={!meta?.size || !!busy}>
          Export {selected.size ? `${n(selected.size)} selected` : 'all'}
        </button>
        <button type="button" aria-expanded={importOpen} aria-controls="import-dialog" onClick={() => setImportOpen(!importOpen)} disabled={!!busy}>
          Import…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,.bib,.bibtex,application/json,application/x-bibtex,text/plain"
          class="sr-only"
          tabIndex={-1}
          aria-label="Import a JSON backup or a BibTeX file"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            const mode = importMode.current;
            importMode.current = 'merge';
            if (f) void runImport(f, mode);
          }}
        />
      </div>

      {busy && (
        <p class="muted busy" role="status">
          {busy}
        </p>
      )}
      {importOpen && (
        <ImportChooser
          onChoose={(mode) => {
            importMode.current = mode;
            fileInput.current?.click();
          }}
          onClose={() => setImportOpen(false)}
        />
      )}
      {restore && <RestoreConfirm fileName={restore.name} onConfirm={() => void confirmRestore()} onCancel={() => setRestore(null)} />}
      {undo && (
        <div class="banner" role="status" onFocusIn={() => setUndoHeld(true)} onFocusOut={() => setUndoHeld(false)}>
          Deleted {n(undo.count)} {undo.count === 1 ? 'paper' : 'papers'}.{' '}
          <button
            type="button"
            onClick={() => {
              const { batch, count } = undo;
              setUndo(null);
              // A large deletion takes a while to undo (tens of seconds for 50,000 papers): say so meanwhile.
              setBusy(`Restoring ${n(count)} ${count === 1 ? 'paper' : 'papers'}…`);
              sendToBackground('undoDelete', { batch })
                .then(
                  () => load(true),
                  (e: unknown) => setError(message(e)),
                )
                .finally(() => setBusy(null));
            }}
          >
            Undo
          </button>{' '}
          <button type="button" class="link-button" aria-label="Dismiss" onClick={() => setUndo(null)}>
            ×
          </button>
        </div>
      )}
      {meta && meta.unreadable > 0 && (
        <p class="banner unreadable" role="status">
          {n(meta.unreadable)} {meta.unreadable === 1 ? 'entry' : 'entries'} could not be read —{' '}
          <button type="button" class="link-button" onClick={() => void exportUnreadable()}>
            export them as they are
          </button>
        </p>
      )}
      {meta && meta.repaired > 0 && (
        <p class="muted repaired">
          {n(meta.repaired)} {meta.repaired === 1 ? 'entry was' : 'entries were'} stored with damaged fields (by an older version) and {meta.repaired === 1 ? 'is' : 'are'} shown repaired; an edit saves the repair.
        </p>
      )}
      {importResult && <ImportReport result={importResult} onClose={() => setImportResult(null)} />}
      {error && (
        <p class="error" role="alert">
          {error}{' '}
          <button type="button" class="link-button" onClick={() => setError(null)}>
            Dismiss
          </button>
        </p>
      )}

      <Options />

      <datalist id={TAG_LIST_ID}>
        {tags.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>

      {ids === null || !meta ? (
        <p class="muted">Loading your reading list…</p>
      ) : meta.size === 0 && !meta.pending ? (
        <p class="empty">Your reading list is empty. Save papers with ☆ Save beside related papers on arXiv, from the toolbar popup, or import a backup.</p>
      ) : (
        <>
          <p class="count muted" aria-live="polite">
            {n(meta.total)} of {n(meta.size)} shown{query.trim() ? ` · matched ${semantic ? 'by topic and words' : 'by words'}` : ''}
            {meta.pending ? ' · still reading your reading list, newest first for now' : ''}
          </p>
          {list.length === 0 ? (
            <p class="empty">No matches in your reading list.</p>
          ) : (
            <ul class="entries" ref={listRef} style={{ paddingTop: `${from * rowHeight}px`, paddingBottom: `${(list.length - to) * rowHeight}px` }}>
              {list.slice(from, to).map((id, k) => {
                const e = entries.get(id);
                if (!e) {
                  return (
                    <li key={id} class="entry-placeholder muted" aria-posinset={from + k + 1} aria-setsize={list.length} style={{ minHeight: `${rowHeight - 10}px` }}>
                      Loading arXiv:{id}…
                    </li>
                  );
                }
                return (
                  <EntryCard
                    key={id}
                    entry={e}
                    position={{ index: from + k, of: list.length }}
                    selected={selected.has(id)}
                    tagListId={TAG_LIST_ID}
                    onSelect={(on) =>
                      setSelected((s) => {
                        const next = new Set(s);
                        if (on) next.add(id);
                        else next.delete(id);
                        return next;
                      })
                    }
                    onUpdate={(patch) => update(id, patch)}
                    loadRelated={async () => (await sendToBackground('getRelatedById', { id })).related}
                  />
                );
              })}
            </ul>
          )}
        </>
      )}
    </main>
  );
}
