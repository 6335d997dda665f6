import type { RelatedItem } from '@/utils/related/types';
import { SimilarityBar } from './SimilarityBar';
import { SaveToggle } from './SaveToggle';

/** One related paper: linked title, first author and year, similarity bar, shared terms, Save toggle. */
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
      <SimilarityBar score={item.score} />
      {item.reason.length > 0 && <div class="an-reason">shared: {item.reason.join(', ')}</div>}
    </li>
  );
}
