import { useEffect, useRef } from 'preact/hooks';

export type ImportMode = 'merge' | 'restore';

/** What the import takes and the two ways in: add from a file (safe), or restore a JSON backup. */
export function ImportChooser({ onChoose, onClose }: { onChoose: (mode: ImportMode) => void; onClose: () => void }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <section class="import-dialog" id="import-dialog" aria-labelledby="import-title" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div class="report-head">
        <h2 id="import-title">Import papers</h2>
        <button type="button" class="link-button" onClick={onClose} aria-label="Close import">
          ×
        </button>
      </div>
      <p>
        This takes a <strong>JSON backup</strong> made by arXiv Neighbors (.json) or a <strong>BibTeX</strong> file (.bib). Other files, such as CSV or Markdown exports, can't be
        imported.
      </p>
      <div class="import-choice">
        <button type="button" ref={first} onClick={() => onChoose('merge')}>
          Add papers from a file…
        </button>
        <p class="muted">Adds the papers you don't have and fills in what is empty. The status, tags and notes you set are kept.</p>
      </div>
      <div class="import-choice">
        <button type="button" onClick={() => onChoose('restore')}>
          Restore a JSON backup…
        </button>
        <p class="muted">The backup's status, tags and notes replace yours for the papers it holds. You will be asked to confirm first.</p>
      </div>
    </section>
  );
}

/** The confirm step before a restore overwrites what the reader set. */
export function RestoreConfirm({ fileName, onConfirm, onCancel }: { fileName: string; onConfirm: () => void; onCancel: () => void }) {
  const box = useRef<HTMLElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <section
      class="import-dialog restore-confirm"
      role="alertdialog"
      aria-labelledby="restore-title"
      aria-describedby="restore-what"
      tabIndex={-1}
      ref={box}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <h2 id="restore-title">Restore from “{fileName}”?</h2>
      <p id="restore-what">
        For every paper in this backup, its status, tags and notes replace the ones in your reading list. Papers that are not in the backup stay as they are. A restore cannot be
        undone; export a JSON backup first if you may want today's list back.
      </p>
      <div class="import-choice">
        <button type="button" class="danger" onClick={onConfirm}>
          Restore from the backup
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
