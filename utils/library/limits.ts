/**
 * TEMPORARY minimal version (issue 12's call sites need it before issue 11f's lands; 11f owns this file
 * and replaces it): the one set of caps on what the reading list stores, and the one function that
 * applies them.
 */
export const LIMITS = { title: 1000, abstract: 10000, authors: 500, authorName: 200, note: 100000, tags: 50, tag: 64 } as const;

interface Limitable {
  title?: string;
  abstract?: string;
  authors?: string[];
  note?: string;
  tags?: string[];
}

/** The value with every field within its cap; `cut` names, in plain words, what was shortened. */
export function applyLimits<T extends Limitable>(x: T): { value: T; cut: string[] } {
  const cut: string[] = [];
  const value = { ...x };
  if (typeof value.title === 'string' && value.title.length > LIMITS.title) {
    value.title = value.title.slice(0, LIMITS.title);
    cut.push(`title shortened to ${LIMITS.title.toLocaleString('en')} characters`);
  }
  if (typeof value.abstract === 'string' && value.abstract.length > LIMITS.abstract) {
    value.abstract = value.abstract.slice(0, LIMITS.abstract);
    cut.push(`abstract shortened to ${LIMITS.abstract.toLocaleString('en')} characters`);
  }
  if (Array.isArray(value.authors) && (value.authors.length > LIMITS.authors || value.authors.some((a) => a.length > LIMITS.authorName))) {
    value.authors = value.authors.slice(0, LIMITS.authors).map((a) => a.slice(0, LIMITS.authorName));
    cut.push(`authors cut to ${LIMITS.authors} names of at most ${LIMITS.authorName} characters`);
  }
  if (typeof value.note === 'string' && value.note.length > LIMITS.note) {
    value.note = value.note.slice(0, LIMITS.note);
    cut.push(`note shortened to ${LIMITS.note.toLocaleString('en')} characters`);
  }
  if (Array.isArray(value.tags) && (value.tags.length > LIMITS.tags || value.tags.some((t) => t.length > LIMITS.tag))) {
    value.tags = value.tags.slice(0, LIMITS.tags).map((t) => t.slice(0, LIMITS.tag));
    cut.push(`tags cut to ${LIMITS.tags} of at most ${LIMITS.tag} characters`);
  }
  return { value, cut };
}
