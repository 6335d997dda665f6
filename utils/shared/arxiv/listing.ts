/**
 * Reads entries of arXiv listing and search-result pages:
 * - listings https://arxiv.org/list/cs/new, /list/astro-ph.CO/recent, /pastweek, /list/cs/2023-04 (legacy
 *   `span.list-identifier` and classic `dt > a[title=Abstract]` markup; abstracts only on /new);
 * - search results https://arxiv.org/search/?query=…&searchtype=all (`li.arxiv-result`).
 */
import { capText, cleanText, MAX_ABSTRACT_CHARS, MAX_TITLE_CHARS } from './abs-page';
import { parseArxivId } from './ids';

export interface ListedPaper {
  id: string;
  title: string;
  authors: string[];
  /** Shown on /new listings and search results; null where the page has none. */
  abstract: string | null;
  /** Where a badge goes: after the entry's links (`dt`) or its title line (search). */
  anchor: Element;
  /** The whole entry, to highlight or reorder ("dd" on listings, the `li` on search pages). */
  container: Element;
}

function withoutDescriptor(el: Element | null): string {
  if (!el) return '';
  const copy = el.cloneNode(true) as Element;
  copy.querySelectorAll('.descriptor, a.is-size-7').forEach((d) => d.remove());
  return cleanText(copy.textContent).replace(/^(Title|Authors|Abstract):\s*/i, '').replace(/\s*[△▽]\s*(Less|More)\s*$/, '');
}

function idFromLink(a: Element | null | undefined): string | null {
  const href = a?.getAttribute('href') ?? '';
  const m = /\/abs\/(.+?)\/?$/.exec(href.replace(/^https?:\/\/[^/]+/, ''));
  return m ? (parseArxivId(decodeURIComponent(m[1]))?.id ?? null) : null;
}

/** True for listing URLs: /list/<archive>[.<cat>]/<new|recent|pastweek|YYYY-MM|YYMM>. */
export function isListingUrl(url: URL): boolean {
  return /^\/list\/[\w.-]+\/(new|recent|pastweek|\d{4}(-\d{2})?)\/?$/.test(url.pathname);
}

export function isSearchUrl(url: URL): boolean {
  return /^\/search\/?/.test(url.pathname) && !url.pathname.startsWith('/search/advanced');
}

/** Entries of a listing page, in page order; repeated ids (cross-lists shown twice) are kept once. */
export function readListing(doc: Document): ListedPaper[] {
  const seen = new Set<string>();
  const out: ListedPaper[] = [];
  for (const dt of doc.querySelectorAll('#dlpage dl dt, dl#articles dt')) {
    const id = idFromLink(dt.querySelector('a[href*="/abs/"]'));
    const dd = dt.nextElementSibling;
    if (!id || !dd || dd.tagName !== 'DD' || seen.has(id)) continue;
    seen.add(id);
    const title = capText(withoutDescriptor(dd.querySelector('.list-title')), MAX_TITLE_CHARS);
    if (!title) continue;
    const abstractEl = dd.querySelector('p.mathjax, p.abstract');
    out.push({
      id,
      title,
      authors: [...dd.querySelectorAll('.list-authors a')].map((a) => cleanText(a.textContent)).filter(Boolean),
      abstract: abstractEl ? capText(cleanText(abstractEl.textContent), MAX_ABSTRACT_CHARS) : null,
      anchor: dt,
      container: dd,
    });
  }
  return out;
}

/** Entries of a search-results page. */
export function readSearchResults(doc: Document): ListedPaper[] {
  const out: ListedPaper[] = [];
  const seen = new Set<string>();
  for (const li of doc.querySelectorAll('li.arxiv-result')) {
    const idLine = li.querySelector('p.list-title');
    const id = idFromLink(idLine?.querySelector('a[href*="/abs/"]'));
    const title = capText(withoutDescriptor(li.querySelector('p.title')), MAX_TITLE_CHARS);
    if (!id || !title || !idLine || seen.has(id)) continue;
    seen.add(id);
    const full = li.querySelector('span.abstract-full') ?? li.querySelector('span.abstract-short');
    out.push({
      id,
      title,
      authors: [...li.querySelectorAll('p.authors a')].map((a) => cleanText(a.textContent)).filter(Boolean),
      abstract: full ? capText(withoutDescriptor(full), MAX_ABSTRACT_CHARS) : null,
      anchor: idLine,
      container: li,
    });
  }
  return out;
}
