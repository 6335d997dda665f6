/**
 * Reads an arXiv abstract page. Handles, per tests/fixtures/arxiv/STRUCTURE.md:
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

/** Which signal each field came from: the page's meta tags, its visible markup, or the URL. */
export type ReadSignal = 'meta' | 'selector' | 'url';
export interface ReadReport {
  paper: PaperMeta;
  sources: { id: ReadSignal; title: ReadSignal; abstract: ReadSignal; authors: ReadSignal | null };
}

function idFromPage(url: URL, doc: Document): { id: ArxivId; source: ReadSignal } | null {
  const fromUrl = idFromAbsUrl(url);
  const versioned = parseArxivId(cleanText(doc.querySelector('td.tablecell.arxividv a')?.textContent));
  const fromMeta = parseArxivId(meta(doc, 'citation_arxiv_id'));
  const [base, source]: [ArxivId | null, ReadSignal] = fromMeta ? [fromMeta, 'meta'] : versioned ? [versioned, 'selector'] : [fromUrl, 'url'];
  if (!base) return null;
  // The URL's version is the one shown; else the "(or … for this version)" row names it.
  const version = (fromUrl?.id === base.id ? fromUrl.version : null) ?? (versioned && versioned.id === base.id ? versioned.version : null);
  return { id: { id: base.id, version }, source };
}

/** The first non-empty of several signals, in order, with the one used. */
function firstOf(candidates: [ReadSignal, () => string][]): [string, ReadSignal] {
  for (const [source, read] of candidates) {
    const value = read();
    if (value) return [value, source];
  }
  return ['', candidates[candidates.length - 1][0]];
}

/**
 * Extracts the paper on an abstract page and says which signal each field came from (meta tags first,
 * then the visible markup, then the URL; authors prefer the visible names, which meta tags reorder), or
 * null when the page is not one or is too broken to use (no id, or neither title nor abstract).
 * Never throws on malformed markup.
 */
export function readAbsPageReport(url: URL, doc: Document): ReadReport | null {
  if (!/^\/abs\//.test(url.pathname)) return null;
  const ids = idFromPage(url, doc);
  if (!ids) return null;
  const [rawTitle, titleSource] = firstOf([
    ['meta', () => meta(doc, 'citation_title')],
    ['selector', () => textWithoutDescriptor(doc.querySelector('h1.title'))],
  ]);
  const [rawAbstract, abstractSource] = firstOf([
    ['meta', () => meta(doc, 'citation_abstract')],
    ['selector', () => textWithoutDescriptor(doc.querySelector('blockquote.abstract'))],
  ]);
  const title = capText(rawTitle, MAX_TITLE_CHARS);
  const abstract = capText(rawAbstract, MAX_ABSTRACT_CHARS);
  if (!title && !abstract) return null;
  let authorsSource: ReadSignal | null = 'selector';
  let authors = [...doc.querySelectorAll('div.authors > a')].map((a) => capText(cleanText(a.textContent), 200)).filter(Boolean).slice(0, 2000);
  if (authors.length === 0) {
    authorsSource = 'meta';
    authors = [...doc.querySelectorAll('meta[name="citation_author"]')]
      .map((m) => capText(citationAuthorName(cleanText(m.getAttribute('content'))), 200))
      .filter(Boolean)
      .slice(0, 2000);
  }
  if (authors.length === 0) authorsSource = null;
  const subj = subjects(doc);
  return {
    paper: {
      id: ids.id.id,
      version: ids.id.version,
      title,
      authors,
      abstract,
      primarySubject: subj.primary,
      subjects: subj.all.slice(0, 20),
      submitted: submissionDates(doc).slice(0, 100),
    },
    sources: { id: ids.source, title: titleSource, abstract: abstractSource, authors: authorsSource },
  };
}

/** The paper on an abstract page (see readAbsPageReport), or null. */
export function readAbsPage(url: URL, doc: Document): PaperMeta | null {
  return readAbsPageReport(url, doc)?.paper ?? null;
}
