import type { RelatedItem } from '@/utils/related/types';
import { SimilarityBar } from './SimilarityBar';
import { SaveToggle } from './SaveToggle';

/** One related paper: linked title, first author and year, relatedness, what the two share, Save toggle. */
export function RelatedRow({ item, onToggleSave, busy }: { item: RelatedItem; onToggleSave?: (item: RelatedItem) => void; busy?: boolean }) {
  const byline = [item.firstAuthor, item.year, item.inCorpus ? null : 'from your reading list'].filter(Boolean).join(' · ');
  return (
    <li class="an-row">
      <div class="an-row-head">
        <a class="an-title" href={item.url} target="_blank" rel="noopener">
          {item.title}
        </a>
        {onToggleSave && <SaveToggle saved={item.saved} busy={busy} label={item.title} onToggle={() => onToggleSave(item)} />}
      </div>
      {byline && <div class="an-byline">{byline}</div>}
      <SimilarityBar relatedness={item.relatedness} />
      {/* Shared phrases when the words explain the match; otherwise the model found the topic alike. */}
      <div class="an-reason">{item.reason.length > 0 ? `Shared: ${item.reason.join(', ')}` : 'Similar topic (no distinctive words in common)'}</div>
    </li>
  );
}
