import type { CorpusPaper } from '../../utils/background/corpus/types';
import { textHash } from '../../utils/background/embedding/text';

/** One row of corpus-arxiv-ids.json. */
export interface IdEntry {
  index: number;
  title: string;
  arxiv_id: string;
  year_month: string;
  first_author: string | null;
}

/**
 * Pairs each id entry with its title line in the seed page and the abstract on the next non-empty line.
 * Throws with the offending title when a title is missing, so a broken seed never yields a silent gap.
 */
export function parseSeed(seed: string, ids: readonly IdEntry[]): CorpusPaper[] {
  const lines = seed.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const papers: CorpusPaper[] = [];
  let cursor = 0;
  for (const entry of [...ids].sort((a, b) => a.index - b.index)) {
    const at = lines.indexOf(entry.title, cursor);
    if (at < 0 || at + 1 >= lines.length) throw new Error(`title not found in seed: ${entry.title}`);
    papers.push({
      id: entry.arxiv_id,
      title: entry.title,
      abstract: lines[at + 1],
      firstAuthor: entry.first_author,
      yearMonth: entry.year_month,
    });
    cursor = at + 2;
  }
  return papers;
}

/**
 * The version of a corpus: its size and a hash of its content, so a corpus whose text changes while
 * its count does not is seeded again (the papers table and the shipped index follow it).
 */
export function corpusVersion(papers: readonly CorpusPaper[]): string {
  return `seed-${papers.length}-${textHash(JSON.stringify(papers))}`;
}
