import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { EntryCard } from '@/components/EntryCard';
import { send } from '@/utils/messaging/client';
import { subscribeToLibrary } from '@/utils/library/subscribe';
import { allTags, formatBytes, viewEntries, type SortKey } from '@/utils/library/filter';
import { STATUS_LABEL, STATUSES, type LibraryEntry, type ReadingStatus } from '@/utils/library/types';
import type { ExportFormat } from '@/utils/library/export';
import type { Response } from '@/utils/messaging/protocol';
import { importRejection } from '@/utils/library/import';
import { ImportReport } from './ImportReport';
import { ImportChooser, RestoreConfirm, type ImportMode } from './ImportDialog';
import { download } from './download';
import { Options } from './Options';

const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'bibtex', label: 'BibTeX' },
  { value: 'markdown', label: 'Markdown' },
  { value: 'csv', label: 'CSV' },
  { value: 'json', label: 'JSON (full backup)' },
];

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The undo banner goes after this long (or at the reader's next action), unless it holds the focus. */
export const UNDO_MS = 10_000;

/** The reading-list page: search, filters, inline editing, bulk delete with undo, export and import. */
export function LibraryApp() {
  const [entries, setEntries] = useState<LibraryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<ReadingStatus | 'all'>('all');
  const [tag, setTag] = useState<string>('all');
  const [sort, setSort] = useState<SortKey>('added');
  const [scores, setScores] = useState<Map<string, number>>(new Map());
  const [semantic, setSemantic] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [undo, setUndo] = useState<{ batch: string; count: number } | null>(null);
  const [format, setFormat] = useState<ExportFormat>('bibtex');
  const [importResult, setImportResult] = useState<Response<'importLibrary'> | null>(null);
  const [storage, setStorage] = useState<Response<'getStorage'> | null>(null);
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

  const load = useCallback(() => {
    send('listLibrary', {}).then(
      (r) => {
        setEntries(r.entries);
        setSelected((s) => new Set([...s].filter((id) => r.entries.some((e) => e.id === id))));
      },
      (e: unknown) => setError(message(e)),
    );
    send('getStorage', {}).then(setStorage, () => undefined);
  }, []);
  useEffect(() => {
    load();
    return subscribeToLibrary(load);
  }, [load]);

  // Ranking from the background (semantic once the model is ready) complements the text match.
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setScores(new Map());
      setSemantic(false);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      send('search', { query: q, scope: 'library' }).then(
        (r) => {
          if (!live) return;
          setScores(new Map(r.results.map((x) => [x.id, x.relatedness.score])));
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

  const tags = useMemo(() => allTags(entries ?? []), [entries]);
  const shown = useMemo(() => viewEntries(entries ?? [], { query, status, tag, sort, scores }), [entries, query, status, tag, sort, scores]);

  async function update(id: string, patch: Parameters<typeof send<'updateEntry'>>[1]['patch']) {
    setUndo(null);
    const { entry } = await send('updateEntry', { id, patch });
    setEntries((list) => list && list.map((e) => (e.id === id ? entry : e)));
  }

  async function removeSelected() {
    const ids = [...selected];
    if (!ids.length) return;
    try {
      const r = await send('deleteEntries', { ids });
      setUndo(r);
      setSelected(new Set());
      // Gone at once; the reload that follows confirms from the database.
      setEntries((list) => list && list.filter((e) => !ids.includes(e.id)));
      load();
    } catch (e) {
      setError(message(e));
    }
  }

  async function runExport() {
    setUndo(null);
    try {
      const ids = selected.size ? [...selected] : undefined;
      const r = await send('exportLibrary', { format, ids });
      download(r.text, r.filename, r.mime);
    } catch (e) {
      setError(message(e));
    }
  }

  async function runImport(file: File, mode: ImportMode) {
    setUndo(null);
    setImportResult(null);
    setImportOpen(false);
    const refused = importRejection(file.name);
    if (refused) return setImportResult({ ok: false, errors: [refused] });
    try {
      const text = await file.text();
      if (mode === 'restore') {
        if (!text.trimStart().startsWith('{')) return setImportResult({ ok: false, errors: ['Only a JSON backup can be restored — choose a .json file made by arXiv Neighbors, or add the papers of a BibTeX file instead.'] });
        return setRestore({ name: file.name, text });
      }
      setImportResult(await send('importLibrary', { text }));
      load();
    } catch (e) {
      setError(message(e));
    }
  }

  async function confirmRestore() {
    const r = restore;
    setRestore(null);
    if (!r) return;
    try {
      setImportResult(await send('importLibrary', { text: r.text, mode: 'restore' }));
      load();
    } catch (e) {
      setError(message(e));
    }
  }

  const allShownSelected = shown.length > 0 && shown.every((e) => selected.has(e.id));

  return (
    <main class="library">
      <header class="lib-head">
        <h1>
          Reading list <span class="muted">· arXiv Neighbors</span>
        </h1>
        {storage && (
          <p class="storage muted" aria-label="Storage used">
            {storage.usage !== null ? `${formatBytes(storage.usage)} used` : 'Storage use unknown'} · {storage.saved} saved · {storage.papers} papers known · {storage.vectors}{' '}
            embeddings cached
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
            onChange={(e) => setSelected(e.currentTarget.checked ? new Set([...selected, ...shown.map((x) => x.id)]) : new Set([...selected].filter((id) => !shown.some((x) => x.id === id))))}
          />{' '}
          Select all shown
        </label>
        <button type="button" class="danger" disabled={!selected.size} onClick={() => void removeSelected()}>
          Delete {selected.size || ''}
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
        <button type="button" onClick={() => void runExport()} disabled={!entries?.length}>
          Export {selected.size ? `${selected.size} selected` : 'all'}
        </button>
        <button type="button" aria-expanded={importOpen} aria-controls="import-dialog" onClick={() => setImportOpen(!importOpen)}>
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
          Deleted {undo.count} {undo.count === 1 ? 'paper' : 'papers'}.{' '}
          <button
            type="button"
            onClick={() => {
              const { batch } = undo;
              setUndo(null);
              send('undoDelete', { batch }).then(load, (e: unknown) => setError(message(e)));
            }}
          >
            Undo
          </button>{' '}
          <button type="button" class="link-button" aria-label="Dismiss" onClick={() => setUndo(null)}>
            ×
          </button>
        </div>
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

      {entries === null ? (
        <p class="muted">Loading your reading list…</p>
      ) : entries.length === 0 ? (
        <p class="empty">Your reading list is empty. Save papers with ☆ Save beside related papers on arXiv, from the toolbar popup, or import a backup.</p>
      ) : (
        <>
          <p class="count muted" aria-live="polite">
            {shown.length} of {entries.length} shown{query.trim() ? ` · ${semantic ? 'semantic + keyword' : 'keyword'} search` : ''}
          </p>
          {shown.length === 0 ? (
            <p class="empty">No matches in your reading list.</p>
          ) : (
            <ul class="entries">
              {shown.map((e) => (
                <EntryCard
                  key={e.id}
                  entry={e}
                  selected={selected.has(e.id)}
                  tagSuggestions={tags}
                  onSelect={(on) =>
                    setSelected((s) => {
                      const next = new Set(s);
                      if (on) next.add(e.id);
                      else next.delete(e.id);
                      return next;
                    })
                  }
                  onUpdate={(patch) => update(e.id, patch)}
                  loadRelated={async () => (await send('getRelatedById', { id: e.id })).related}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </main>
  );
}
