/** Search, filter and sort of the reading list as the library page shows it. Pure. */
import { entryYear, type LibraryEntry, type ReadingStatus } from './types';

export type SortKey = 'added' | 'year' | 'title' | 'relevance';

export interface ViewOptions {
  query: string;
  status: ReadingStatus | 'all';
  tag: string | 'all';
  sort: SortKey;
  /**
   * The background's search results (semantic when ready): every entry in it matches the query, its
   * value (the relatedness bar, 0–1) orders them.
   */
  scores?: ReadonlyMap<string, number>;
}

/** True when every word of the query occurs in the entry's title, authors, abstract, note, tags or id. */
export function textMatches(e: LibraryEntry, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [e.id, e.paper?.title, e.paper?.authors.join(' '), e.paper?.abstract, e.note, e.tags.join(' ')].join('\n').toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** The entries to show, in order. */
export function viewEntries(entries: readonly LibraryEntry[], o: ViewOptions): LibraryEntry[] {
  const q = o.query.trim();
  const relevance = new Map<string, number>();
  const shown = entries.filter((e) => {
    if (o.status !== 'all' && e.status !== o.status) return false;
    if (o.tag !== 'all' && !e.tags.includes(o.tag)) return false;
    if (!q) return true;
    const text = textMatches(e, q);
    const rank = o.scores?.get(e.id);
    relevance.set(e.id, (rank ?? 0) + (text ? 1 : 0));
    return text || rank !== undefined;
  });
  const by: Record<SortKey, (a: LibraryEntry, b: LibraryEntry) => number> = {
    added: (a, b) => b.addedAt - a.addedAt,
    year: (a, b) => (entryYear(b) ?? '').localeCompare(entryYear(a) ?? '') || b.addedAt - a.addedAt,
    title: (a, b) => (a.paper?.title || a.id).localeCompare(b.paper?.title || b.id, undefined, { sensitivity: 'base' }),
    relevance: (a, b) => (relevance.get(b.id) ?? 0) - (relevance.get(a.id) ?? 0) || b.addedAt - a.addedAt,
  };
  return shown.sort(by[o.sort === 'relevance' && !q ? 'added' : o.sort]);
}

/** Every tag in use, most used first. */
export function allTags(entries: readonly LibraryEntry[]): string[] {
  const counts = new Map<string, number>();
  for (const e of entries) for (const t of e.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

/** "3.2 MB" */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
