import type { RelatedItem } from '@/utils/related/types';
import { SimilarityBar } from './SimilarityBar';

/** One related paper: linked title, first author and year, similarity bar, shared terms. */
export function RelatedRow({ item }: { item: RelatedItem }) {
  const byline = [item.firstAuthor, item.year].filter(Boolean).join(' · ');
  return (
    <li class="an-row">
      <a class="an-title" href={item.url} target="_blank" rel="noopener">
        {item.title}
      </a>
      {byline && <div class="an-byline">{byline}</div>}
      <SimilarityBar score={item.score} />
      {item.reason.length > 0 && <div class="an-reason">shared: {item.reason.join(', ')}</div>}
    </li>
  );
}
