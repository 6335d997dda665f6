/**
 * The one merge of what a source says about a paper into its stored row: a page visit, a save, an
 * import, "Not for me" on a listing entry, the corpus seeding. Every write of a paper row goes through
 * `mergePaperRow` (and single rows through `writePaperRow`), so the rules below hold everywhere.
 */
import type { PaperMeta } from '../../shared/arxiv/abs-page';
import type { CorpusPaper } from '../corpus/types';
import type { NeighborsDb, PaperRecord, PaperSource } from './schema';

/** What a source knows of a paper; a missing or empty field says nothing. */
export type PaperFields = Partial<Pick<PaperRecord, 'version' | 'title' | 'authors' | 'abstract' | 'primarySubject' | 'subjects' | 'yearMonth'>>;

/** A page's metadata as fields (its first submission date gives the month). */
export function fieldsOfPage(meta: PaperMeta): PaperFields {
  const first = meta.submitted[0];
  return { ...meta, yearMonth: first ? first.slice(0, 7) : null };
}

/**
 * The row to store. Per field: the source's value where it has one, else the stored row's, else the
 * corpus'. The first submission month never changes once known (stored, else corpus, else the source).
 * `corpusWins`: seeding, where the corpus' title, abstract and month are the build's corrected text.
 * `source` is added to the row's sources.
 */
export function mergePaperRow(
  id: string,
  from: PaperFields | null,
  old: PaperRecord | undefined,
  corpus: CorpusPaper | undefined,
  source: PaperSource,
  now: number,
  corpusWins = false,
): PaperRecord {
  const lead = corpusWins ? corpus : undefined;
  return {
    id,
    version: from?.version ?? old?.version ?? null,
    title: lead?.title || from?.title || old?.title || corpus?.title || '',
    authors: from?.authors?.length ? from.authors : old?.authors.length ? old.authors : corpus?.firstAuthor ? [corpus.firstAuthor] : [],
    abstract: lead?.abstract || from?.abstract || old?.abstract || corpus?.abstract || '',
    primarySubject: from?.primarySubject ?? old?.primarySubject ?? null,
    subjects: from?.subjects?.length ? from.subjects : (old?.subjects ?? []),
    yearMonth: lead?.yearMonth || (old?.yearMonth ?? corpus?.yearMonth ?? from?.yearMonth ?? null),
    sources: [...new Set([...(old?.sources ?? []), source])],
    updatedAt: now,
  };
}

/**
 * Reads, merges and writes one paper row in one transaction (joining the caller's, if it has one over
 * `papers`). `shape` may adjust the merged row before it is written (the reading list's limits).
 */
export async function writePaperRow(
  db: NeighborsDb,
  meta: PaperMeta,
  corpus: CorpusPaper | undefined,
  source: PaperSource,
  shape: (row: PaperRecord) => PaperRecord = (row) => row,
  now = Date.now(),
): Promise<PaperRecord> {
  return db.transaction('rw', db.papers, async () => {
    const row = shape(mergePaperRow(meta.id, fieldsOfPage(meta), await db.papers.get(meta.id), corpus, source, now));
    await db.papers.put(row);
    return row;
  });
}
