/**
 * Reads an arXiv abstract page. Handles, per ../shared/fixtures/arxiv/STRUCTURE.md:
 * - legacy (≤ 2019) e.g. https://arxiv.org/abs/0704.0001 as saved in 2018
 * - classic (2019 – mid-2026) e.g. https://arxiv.org/abs/2304.09157v2
 * - 2026 "design system" header, same #abs-outer content
 * Every field falls back from the stable selector to meta tags to the URL.
 */
import { idFromAbsUrl, parseArxivId, type ArxivId } from './ids';

/** Metadata of the paper shown on a page. */
export interface PaperMeta {
  id: string;
  version: number | null;
  title: string;
  authors: string[];
  abstract: string;
  primarySubject: string | null;
  subjects: string[];
  /** ISO dates (YYYY-MM-DD) of each version's submission, oldest first. */
  submitted: string[];
}

/** Longest title and abstract kept from a page: far beyond real papers, small enough for any message. */
export const MAX_TITLE_CHARS = 1000;
export const MAX_ABSTRACT_CHARS = 20_000;

/** Cuts overlong page text (a malformed or hostile page) at a word boundary. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}

/** Collapses runs of whitespace and trims; keeps TeX and every other character as text. */
export function cleanText(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Text of an element without its `span.descriptor` label ("Title:", "Abstract:", "Authors:"). */
function textWithoutDescriptor(el: Element | null): string {
  if (!el) return '';
  const copy = el.cloneNode(true) as Element;
  copy.querySelectorAll('.descriptor').forEach((d) => d.remove());
  return cleanText(copy.textContent).replace(/^(Title|Abstract|Authors):\s*/i, '');
}

function meta(doc: Document, name: string): string {
  return cleanText(doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content'));
}

/** "Last, First" (citation_author) → "First Last". */
function citationAuthorName(raw: string): string {
  const [last, first] = raw.split(/,\s*/, 2);
  return first ? `${first} ${last}` : raw;
}

const MONTHS: Record<string, string> = {
  Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06',
  Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12',
};

/** Dates such as "Tue, 18 Apr 2023 17:52:23 UTC" inside the submission history, as YYYY-MM-DD. */
function submissionDates(doc: Document): string[] {
  const text = doc.querySelector('.submission-history')?.textContent ?? '';
  const dates: string[] = [];
  for (const m of text.matchAll(/\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b/g)) {
    dates.push(`${m[3]}-${MONTHS[m[2]]}-${m[1].padStart(2, '0')}`);
  }
  return dates;
}

/** Subject codes in "Machine Learning (stat.ML); Methodology (stat.ME)", primary first. */
function subjects(doc: Document): { primary: string | null; all: string[] } {
  const cell = doc.querySelector('td.tablecell.subjects');
  const all = [...cleanText(cell?.textContent).matchAll(/\(([a-z-]+(?:\.[A-Za-z-]+)?)\)/g)].map((m) => m[1]);
  const primaryText = cleanText(cell?.querySelector('.primary-subject')?.textContent);
  const primary = /\(([a-z-]+(?:\.[A-Za-z-]+)?)\)/.exec(primaryText)?.[1] ?? all[0] ?? null;
  return { primary, all: [...new Set(all)] };
}

function idFromPage(url: URL, doc: Document): ArxivId | null {
  const fromUrl = idFromAbsUrl(url);
  const versioned = parseArxivId(cleanText(doc.querySelector('td.tablecell.arxividv a')?.textContent));
  const fromMeta = parseArxivId(meta(doc, 'citation_arxiv_id'));
  const base = fromUrl ?? fromMeta ?? versioned;
  if (!base) return null;
  // The "(or … for this version)" row names the version shown even when the URL has none.
  const version = fromUrl?.version ?? (versioned && versioned.id === base.id ? versioned.version : null);
  return { id: base.id, version };
}

/**
 * Extracts the paper on an abstract page, or null when the page is not one (or is too broken to use:
 * no id, or neither title nor abstract). Never throws on malformed markup.
 */
export function readAbsPage(url: URL, doc: Document): PaperMeta | null {
  if (!/^\/abs\//.test(url.pathname)) return null;
  const ids = idFromPage(url, doc);
  if (!ids) return null;
  const title = capText(textWithoutDescriptor(doc.querySelector('h1.title')) || meta(doc, 'citation_title'), MAX_TITLE_CHARS);
  const abstract = capText(textWithoutDescriptor(doc.querySelector('blockquote.abstract')) || meta(doc, 'citation_abstract'), MAX_ABSTRACT_CHARS);
  if (!title && !abstract) return null;
  let authors = [...doc.querySelectorAll('div.authors > a')].map((a) => capText(cleanText(a.textContent), 200)).filter(Boolean).slice(0, 2000);
  if (authors.length === 0) {
    authors = [...doc.querySelectorAll('meta[name="citation_author"]')]
      .map((m) => capText(citationAuthorName(cleanText(m.getAttribute('content'))), 200))
      .filter(Boolean)
      .slice(0, 2000);
  }
  const subj = subjects(doc);
  return {
    id: ids.id,
    version: ids.version,
    title,
    authors,
    abstract,
    primarySubject: subj.primary,
    subjects: subj.all.slice(0, 20),
    submitted: submissionDates(doc).slice(0, 100),
  };
}
