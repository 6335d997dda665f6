/**
 * The one set of size limits of the reading list, applied by one function at every door (page saves,
 * edits, JSON and BibTeX imports, merges). A value over a limit is shortened, never rejected, and what
 * was shortened is said in plain words so an import report can tell the reader.
 *
 * Lengths are counted in UTF-16 code units (JavaScript's `length`), the same unit the message
 * validators use; a cut never splits a surrogate pair.
 */
export const LIMITS = {
  /** Characters of a paper's title (arXiv titles are under 300). */
  title: 2_000,
  /** Characters of an abstract (arXiv caps abstracts at 1,920). */
  abstract: 20_000,
  /** Names in an author list (large physics collaborations list about 3,000). */
  authors: 5_000,
  /** Characters of one author's name. */
  authorName: 500,
  /** Characters of a reader's note. */
  note: 100_000,
  /** Tags on one entry. */
  tags: 50,
  /** Characters of one tag. */
  tag: 64,
} as const;

/** What `applyLimits` looks at; any other field is passed through as it is. */
export interface Limitable {
  title?: string;
  abstract?: string;
  authors?: readonly string[];
  note?: string;
  tags?: readonly string[];
  /** A library entry's paper: its title, abstract and authors are limited too. */
  paper?: { title: string; abstract: string; authors: readonly string[] } | null;
}

/** `text` shortened to at most `max` UTF-16 units, without splitting a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

const number = (n: number) => n.toLocaleString('en-US');

interface Cutter {
  cut: string[];
}

function limitText(value: string, max: number, label: string, c: Cutter): string {
  if (value.length <= max) return value;
  c.cut.push(`${label} shortened to ${number(max)} characters (was ${number(value.length)})`);
  return cutText(value, max);
}

function limitAuthors(authors: readonly string[], c: Cutter): string[] {
  let list = authors.slice(0, LIMITS.authors);
  if (authors.length > LIMITS.authors) c.cut.push(`author list shortened to the first ${number(LIMITS.authors)} names (was ${number(authors.length)})`);
  const long = list.filter((a) => a.length > LIMITS.authorName).length;
  if (long) {
    list = list.map((a) => cutText(a, LIMITS.authorName));
    c.cut.push(`${long === 1 ? 'an author name' : `${number(long)} author names`} shortened to ${number(LIMITS.authorName)} characters`);
  }
  return list;
}

function limitTags(tags: readonly string[], c: Cutter): string[] {
  let list = tags.slice(0, LIMITS.tags);
  if (tags.length > LIMITS.tags) c.cut.push(`only the first ${number(LIMITS.tags)} tags kept (there were ${number(tags.length)})`);
  const long = list.filter((t) => t.length > LIMITS.tag).length;
  if (long) {
    list = list.map((t) => cutText(t, LIMITS.tag));
    c.cut.push(`${long === 1 ? 'a tag' : `${number(long)} tags`} shortened to ${number(LIMITS.tag)} characters`);
  }
  return list;
}

/**
 * `x` with every limited field within LIMITS (a new object when something changed, `x` itself when
 * not), and `cut`: one plain sentence per field that was shortened, e.g. "note shortened to 100,000
 * characters (was 180,040)". Fields `x` does not have stay absent.
 */
export function applyLimits<T extends Limitable>(x: T): { value: T; cut: string[] } {
  const c: Cutter = { cut: [] };
  const out: Limitable = { ...x };
  if (typeof x.title === 'string') out.title = limitText(x.title, LIMITS.title, 'title', c);
  if (typeof x.abstract === 'string') out.abstract = limitText(x.abstract, LIMITS.abstract, 'abstract', c);
  if (Array.isArray(x.authors)) out.authors = limitAuthors(x.authors, c);
  if (x.paper) {
    const p = x.paper;
    const before = c.cut.length;
    const title = limitText(p.title, LIMITS.title, 'title', c);
    const abstract = limitText(p.abstract, LIMITS.abstract, 'abstract', c);
    const authors = limitAuthors(p.authors, c);
    if (c.cut.length > before) out.paper = { ...p, title, abstract, authors };
  }
  if (typeof x.note === 'string') out.note = limitText(x.note, LIMITS.note, 'note', c);
  if (Array.isArray(x.tags)) out.tags = limitTags(x.tags, c);
  return c.cut.length ? { value: out as T, cut: c.cut } : { value: x, cut: [] };
}
