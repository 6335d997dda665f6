import type { Response } from '@/utils/messaging/protocol';

/** Lines listed at most per part of the report; a 50,000-paper import would otherwise render 50,000 items. */
export const REPORT_LINES = 200;

function bounded<T>(items: readonly T[], line: (item: T, i: number) => preact.JSX.Element): preact.JSX.Element[] {
  const shown = items.slice(0, REPORT_LINES).map(line);
  if (items.length > REPORT_LINES) shown.push(<li key={`more-${shown.length}`}>… and {(items.length - REPORT_LINES).toLocaleString('en-US')} more</li>);
  return shown;
}

/** What an import did: added, updated (and why), skipped (and why), shortened to fit; or why nothing was imported. */
export function ImportReport({ result, onClose }: { result: Response<'importLibrary'>; onClose: () => void }) {
  const cut = result.ok ? (result.report.cut ?? []) : [];
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
            {cut.length > 0 && ` · ${cut.length} shortened to fit`}
          </p>
          {cut.length > 0 && (
            <p class="report-cut">
              {cut.length === 1 ? 'One paper had' : `${cut.length} papers had`} text longer than the reading list keeps; the rest of that text was left out (see Details).
            </p>
          )}
          {(result.report.updated.length > 0 || result.report.skipped.length > 0 || cut.length > 0) && (
            <details>
              <summary>Details</summary>
              <ul>
                {bounded(cut, (c) => (
                  <li key={`c-${c.id}`}>
                    Shortened arXiv:{c.id}: {c.what.join('; ')}
                  </li>
                ))}
                {bounded(result.report.updated, (u) => (
                  <li key={`u-${u.id}`}>
                    Updated arXiv:{u.id}: {u.reason}
                  </li>
                ))}
                {bounded(result.report.skipped, (s, i) => (
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
          <p>Your reading list was left unchanged:</p>
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
