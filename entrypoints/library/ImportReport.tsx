import type { Response } from '@/utils/messaging/protocol';

/** What an import did: added, updated (and why), skipped (and why); or why nothing was imported. */
export function ImportReport({ result, onClose }: { result: Response<'importLibrary'>; onClose: () => void }) {
  return (
    <section class={`report ${result.ok ? '' : 'report-error'}`} role={result.ok ? 'status' : 'alert'} aria-label="Import report">
      <div class="report-head">
        <strong>{result.ok ? 'Import finished' : 'Nothing was imported'}</strong>
        <button type="button" class="link-button" onClick={onClose} aria-label="Close the import report">
          ×
        </button>
      </div>
      {result.ok ? (
        <>
          <p>
            {result.report.added.length} added · {result.report.updated.length} updated · {result.report.skipped.length} skipped
          </p>
          {(result.report.updated.length > 0 || result.report.skipped.length > 0) && (
            <details>
              <summary>Details</summary>
              <ul>
                {result.report.updated.map((u) => (
                  <li key={`u-${u.id}`}>
                    Updated arXiv:{u.id}: {u.reason}
                  </li>
                ))}
                {result.report.skipped.map((s, i) => (
                  <li key={`s-${s.id}-${i}`}>
                    Skipped {s.id}: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      ) : (
        <>
          <p>The file has problems, so your reading list was left unchanged:</p>
          <ul>
            {result.errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
