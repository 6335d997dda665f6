import type { ImportResult } from '@/utils/ui/library/transfer';

/** Lines listed in the details; the rest are counted ("and 29,950 more"). */
const SHOWN = 200;
const n = (x: number) => x.toLocaleString('en');

function Lines({ items }: { items: string[] }) {
  return (
    <>
      {items.slice(0, SHOWN).map((t, i) => (
        <li key={i}>{t}</li>
      ))}
      {items.length > SHOWN && <li class="muted">and {n(items.length - SHOWN)} more</li>}
    </>
  );
}

/** What an import did: added, updated (and why), skipped (and why), shortened (and what); or why nothing was imported. */
export function ImportReport({ result, onClose }: { result: ImportResult; onClose: () => void }) {
  const details = result.ok
    ? [
        ...result.report.updated.map((u) => `Updated arXiv:${u.id}: ${u.reason}`),
        ...result.report.skipped.map((s) => `Skipped ${s.id}: ${s.reason}`),
        ...result.report.cut.map((c) => `Shortened arXiv:${c.id}: ${c.what.join('; ')}`),
      ]
    : [];
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
            {n(result.report.added.length)} added · {n(result.report.updated.length)} updated · {n(result.report.skipped.length)} skipped
            {result.report.cut.length ? ` · ${n(result.report.cut.length)} shortened to fit` : ''}
            {result.report.dismissals ? ` · ${n(result.report.dismissals)} “not relevant” marks added` : ''}
          </p>
          {result.report.cut.length > 0 && (
            <p class="report-cut">
              {result.report.cut.length === 1 ? 'One paper had' : `${n(result.report.cut.length)} papers had`} text longer than the reading list keeps; the rest of that text was left out (see Details).
            </p>
          )}
          {details.length > 0 && (
            <details>
              <summary>Details</summary>
              <ul>
                <Lines items={details} />
              </ul>
            </details>
          )}
        </>
      ) : (
        <>
          <p>The file has problems, so your reading list was left unchanged:</p>
          <ul>
            <Lines items={result.errors} />
          </ul>
        </>
      )}
    </section>
  );
}
