import { ErrorLine } from './ErrorLine';
import { absUrl, pdfUrl } from '@/utils/shared/arxiv/ids';
import { userMessage } from './user-message';
import { useEffect, useRef, useState } from 'preact/hooks';
import { STATUS_LABEL, STATUSES, entryYear, type EntryPatch, type LibraryEntry, type ReadingStatus } from '@/utils/shared/library/types';
import type { RelatedResponse } from '@/utils/shared/related-types';
import { TagEditor } from './TagEditor';
import { RelatedRow } from './RelatedRow';

export interface EntryCardProps {
  entry: LibraryEntry;
  selected: boolean;
  /** The id of the page's one <datalist> of tags in use. */
  tagListId: string;
  onSelect: (selected: boolean) => void;
  /**
   * Persists a change; rejects with a readable message. `cut`: what the limits shortened; `deleted`: the
   * entry had been deleted meanwhile and the change went into its deleted copy.
   */
  onUpdate: (patch: EntryPatch) => Promise<{ cut: string[]; deleted: boolean }>;
  loadRelated: () => Promise<RelatedResponse | null>;
  /** Where the card sits in the whole list (only a window of it is in the page), for assistive technology. */
  position?: { index: number; of: number };
}

const NOTE_DEBOUNCE_MS = 500;

/** One saved paper with inline editing of status, tags and note (autosaved). */
export function EntryCard({ entry, selected, tagListId, onSelect, onUpdate, loadRelated, position }: EntryCardProps) {
  const [note, setNote] = useState(entry.note);
  const [noteState, setNoteState] = useState<'saved' | 'editing' | 'saving' | 'error' | 'kept-deleted'>('saved');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [related, setRelated] = useState<RelatedResponse | null | 'loading' | 'none'>(null);
  const [abstractOpen, setAbstractOpen] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<string | null>(null);

  // Another page changed the note: take it, unless the reader is typing here.
  useEffect(() => {
    if (pending.current === null) setNote(entry.note);
  }, [entry.note]);

  const flush = async () => {
    clearTimeout(timer.current);
    const value = pending.current;
    if (value === null) return;
    setNoteState('saving');
    try {
      const r = await onUpdate({ note: value });
      if (pending.current === value) {
        pending.current = null;
        setNoteState(r.deleted ? 'kept-deleted' : 'saved');
      }
      setNotice(r.cut.length ? `Saved, but the ${r.cut.join('; ')}.` : null);
    } catch (e) {
      setNoteState('error');
      setError(userMessage(e));
    }
  };
  // Leaving the page (or the card) saves what was typed.
  useEffect(() => () => void flush(), []);

  const update = (patch: EntryPatch) => {
    setError(null);
    onUpdate(patch).then(
      (r) => setNotice(r.deleted ? 'This paper was deleted meanwhile: the change was kept with the deleted copy, and Undo brings both back.' : r.cut.length ? `Saved, but the ${r.cut.join('; ')}.` : null),
      (e: unknown) => setError(userMessage(e)),
    );
  };

  const title = entry.paper?.title || `arXiv:${entry.id}`;
  const authors = entry.paper?.authors ?? [];
  const year = entryYear(entry);
  const abstract = entry.paper?.abstract.trim() ?? '';
  const noteId = `note-${entry.id}`;
  const abstractId = `abstract-${entry.id}`;
  return (
    <li class={`entry${selected ? ' selected' : ''}`} data-id={entry.id} aria-posinset={position ? position.index + 1 : undefined} aria-setsize={position?.of}>
      <input type="checkbox" class="entry-select" checked={selected} aria-label={`Select ${title}`} onChange={(e) => onSelect(e.currentTarget.checked)} />
      <div class="entry-body">
        <div class="entry-head">
          <a class="entry-title" href={absUrl(entry.id)} target="_blank" rel="noopener">
            {title}
          </a>
          <select class="entry-status" aria-label={`Status of ${title}`} value={entry.status} onChange={(e) => update({ status: e.currentTarget.value as ReadingStatus })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="entry-meta muted">
          {[authors.length > 3 ? `${authors.slice(0, 3).join(', ')} et al.` : authors.join(', '), year, `arXiv:${entry.id}`, `added ${new Date(entry.addedAt).toLocaleDateString()}`]
            .filter(Boolean)
            .join(' · ')}
        </div>
        <div class="entry-links">
          <a class="entry-pdf" href={pdfUrl(entry.id)} target="_blank" rel="noopener" aria-label={`PDF of ${title}`}>
            PDF
          </a>
          {abstract && (
            <button type="button" class="link-button entry-abstract-toggle" aria-expanded={abstractOpen} aria-controls={abstractOpen ? abstractId : undefined} onClick={() => setAbstractOpen(!abstractOpen)}>
              {abstractOpen ? 'Hide abstract' : 'Show abstract'}
            </button>
          )}
        </div>
        {abstract && abstractOpen && (
          <p class="entry-abstract" id={abstractId}>
            {abstract}
          </p>
        )}
        <TagEditor tags={entry.tags} listId={tagListId} onChange={(tags) => update({ tags })} />
        <label class="sr-only" for={noteId}>
          Note on {title}
        </label>
        <textarea
          id={noteId}
          class="entry-note"
          rows={note ? Math.min(8, note.split('\n').length + 1) : 1}
          placeholder="Your notes"
          value={note}
          onInput={(e) => {
            const v = e.currentTarget.value;
            setNote(v);
            pending.current = v;
            setNoteState('editing');
            clearTimeout(timer.current);
            timer.current = setTimeout(() => void flush(), NOTE_DEBOUNCE_MS);
          }}
          onBlur={() => void flush()}
        />
        <div class="entry-foot">
          <span class={`note-state note-${noteState}`} aria-live="polite">
            {noteState === 'saving'
              ? 'Saving…'
              : noteState === 'editing'
                ? 'Editing…'
                : noteState === 'error'
                  ? 'Not saved'
                  : noteState === 'kept-deleted'
                    ? 'This paper was deleted meanwhile: the note was kept with the deleted copy, and Undo brings both back'
                    : note
                      ? 'Note saved'
                      : ''}
          </span>
          <button
            type="button"
            class="link-button"
            aria-expanded={related !== null}
            onClick={() => {
              if (related !== null) return setRelated(null);
              setRelated('loading');
              loadRelated().then(
                (r) => setRelated(r ?? 'none'),
                () => setRelated('none'),
              );
            }}
          >
            {related !== null ? 'Hide related' : 'Related to this one'}
          </button>
        </div>
        <ErrorLine text={error} />
        {notice && (
          <p class="muted notice" role="status">
            {notice}
          </p>
        )}
        {related === 'loading' && <p class="muted">Finding related papers…</p>}
        {related === 'none' && <p class="muted">Not enough is known of this paper to find related ones.</p>}
        {related && typeof related === 'object' && (
          <div class="an-root entry-related">
            {related.results.length === 0 ? (
              <p class="muted">No closely related papers among the bundled papers or your reading list.</p>
            ) : (
              <ol class="an-list">
                {related.results.slice(0, 5).map((r) => (
                  <RelatedRow key={r.id} item={r} />
                ))}
              </ol>
            )}
          </div>
        )}
      </div>
    </li>
  );
}
