import type { RelatedItem } from '@/utils/shared/related-types';
import { pdfUrl } from '@/utils/shared/arxiv/ids';
import { SimilarityBar } from './SimilarityBar';
import { SaveToggle } from './SaveToggle';

/**
 * One related paper: linked title (its abstract page), first author and year, relatedness, what the two
 * share, and what a reader does with it: open the PDF, save it, or hide it as not relevant to this paper.
 */
export function RelatedRow({ item, onToggleSave, onNotRelevant, busy }: { item: RelatedItem; onToggleSave?: (item: RelatedItem) => void; onNotRelevant?: (item: RelatedItem) => void; busy?: boolean }) {
  const byline = [item.firstAuthor, item.year, item.inCorpus ? null : 'from your reading list'].filter(Boolean).join(' · ');
  return (
    <li class="an-row">
      <a class="an-title" href={item.url} target="_blank" rel="noopener">
        {item.title}
      </a>
      {byline && <div class="an-byline">{byline}</div>}
      <SimilarityBar relatedness={item.relatedness} />
      {/* Shared phrases when the words explain the match; otherwise the model found the topic alike. */}
      <div class="an-reason">{item.reason.length > 0 ? `Shared: ${item.reason.join(', ')}` : 'Similar topic (no distinctive words in common)'}</div>
      <div class="an-actions">
        <a class="an-action an-pdf" href={pdfUrl(item.id)} target="_blank" rel="noopener" aria-label={`PDF: ${item.title}`}>
          PDF
        </a>
        {onToggleSave && <SaveToggle saved={item.saved} busy={busy} label={item.title} onToggle={() => onToggleSave(item)} />}
        {onNotRelevant && (
          <button type="button" class="an-action an-dismiss" disabled={busy} aria-label={`Not relevant: ${item.title}`} title="Hide it from this paper’s related papers" onClick={() => onNotRelevant(item)}>
            Not relevant
          </button>
        )}
      </div>
    </li>
  );
}
