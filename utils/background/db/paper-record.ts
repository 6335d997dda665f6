/** How what a page (or the corpus) says about a paper is merged into its stored row. */
import type { PaperMeta } from '../../shared/arxiv/abs-page';
import type { CorpusPaper } from '../corpus/types';
import type { PaperRecord, PaperSource } from './schema';

/**
 * The row to store: the page's fields where it has them, else the stored row's, else the corpus';
 * `source` is added to the row's sources. The first submission month never changes once known.
 */
export function mergePaperRecord(
  id: string,
  from: PaperMeta | null,
  old: PaperRecord | undefined,
  corpus: CorpusPaper | undefined,
  source: PaperSource,
  now: number,
): PaperRecord {
  const firstDate = from?.submitted[0];
  return {
    id,
    version: from?.version ?? old?.version ?? null,
    title: from?.title || old?.title || corpus?.title || '',
    authors: from?.authors.length ? from.authors : old?.authors.length ? old.authors : corpus?.firstAuthor ? [corpus.firstAuthor] : [],
    abstract: from?.abstract || old?.abstract || corpus?.abstract || '',
    primarySubject: from?.primarySubject ?? old?.primarySubject ?? null,
    subjects: from?.subjects.length ? from.subjects : (old?.subjects ?? []),
    yearMonth: old?.yearMonth ?? corpus?.yearMonth ?? (firstDate ? firstDate.slice(0, 7) : null),
    sources: [...new Set([...(old?.sources ?? []), source])],
    updatedAt: now,
  };
}
