/** arXiv pages for routing: the shipped fixtures, and fixtures rewritten to carry another paper. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import { FIXTURES } from './dom';

export const LAYOUTS = {
  legacy: 'arxiv/abs_0704.0001_2018_legacy-layout.html',
  classic: 'arxiv/abs_2304.09157v2_render-2025-05-layout.html',
  ds2026: 'arxiv/abs_2304.09157v2_render-2026-06-layout.html',
} as const;

export function fixtureHtml(file: string): string {
  return readFileSync(resolve(FIXTURES, file), 'utf8');
}

export interface PageMeta {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
}

/** A layout fixture whose paper (id, title, authors, abstract, meta tags) is replaced by `meta`. */
export function pageWithPaper(layout: keyof typeof LAYOUTS, meta: PageMeta): string {
  const dom = new JSDOM(fixtureHtml(LAYOUTS[layout]));
  const doc = dom.window.document;
  const setMeta = (name: string, value: string) => doc.querySelector(`meta[name="${name}"]`)?.setAttribute('content', value);
  setMeta('citation_arxiv_id', meta.id);
  setMeta('citation_title', meta.title);
  setMeta('citation_abstract', meta.abstract);
  doc.querySelectorAll('meta[name="citation_author"]').forEach((m) => m.remove());
  const title = doc.querySelector('h1.title');
  if (title) title.innerHTML = `<span class="descriptor">Title:</span>${escapeHtml(meta.title)}`;
  const abs = doc.querySelector('blockquote.abstract');
  if (abs) abs.innerHTML = `<span class="descriptor">Abstract:</span> ${escapeHtml(meta.abstract)}`;
  const authors = doc.querySelector('div.authors');
  if (authors) authors.innerHTML = `<span class="descriptor">Authors:</span>${meta.authors.map((a) => `<a href="#">${escapeHtml(a)}</a>`).join(', ')}`;
  const idCell = doc.querySelector('td.tablecell.arxividv a');
  if (idCell) idCell.textContent = `arXiv:${meta.id}v1`;
  doc.title = `[${meta.id}] ${meta.title}`;
  return dom.serialize();
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/**
 * A search-results page in arxiv-search's markup (STRUCTURE.md §4: `li.arxiv-result`, `p.list-title`,
 * `p.title`, `p.authors`, `span.abstract-short/-full` with "▽ More"/"△ Less" links).
 */
export function searchResultsPage(query: string, papers: PageMeta[]): string {
  const items = papers
    .map(
      (p) => `
    <li class="arxiv-result">
      <div class="is-marginless is-clearfix">
        <p class="list-title is-inline-block"><a href="https://arxiv.org/abs/${p.id}">arXiv:${p.id}</a>
          <span>&nbsp;[<a href="https://arxiv.org/pdf/${p.id}">pdf</a>, <a href="https://arxiv.org/format/${p.id}">other</a>]&nbsp;</span></p>
        <div class="tags is-inline-block"><span class="tag is-small is-link tooltip is-tooltip-top" data-tooltip="Machine Learning">cs.LG</span></div>
      </div>
      <p class="title is-5 mathjax">${escapeHtml(p.title)}</p>
      <p class="authors"><span class="search-hit">Authors:</span>${p.authors.map((a) => `<a href="/search/?searchtype=author&query=${encodeURIComponent(a)}">${escapeHtml(a)}</a>`).join(', ')}</p>
      <p class="abstract mathjax"><span class="has-text-black-bis has-text-weight-semibold">Abstract</span>:
        <span class="abstract-short has-text-grey-dark mathjax" id="${p.id}v1-abstract-short">${escapeHtml(p.abstract.slice(0, 200))}… <a class="is-size-7">▽ More</a></span>
        <span class="abstract-full has-text-grey-dark mathjax" id="${p.id}v1-abstract-full" style="display: none;">${escapeHtml(p.abstract)} <a class="is-size-7">△ Less</a></span></p>
      <p class="is-size-7"><span class="has-text-black-bis has-text-weight-semibold">Submitted</span> 1 May, 2023; originally announced May 2023.</p>
    </li>`,
    )
    .join('\n');
  return `<!DOCTYPE html><html lang="en"><head><title>Search | arXiv e-print repository</title></head><body>
  <main><div class="content"><div class="level is-marginless"><div class="level-left">
  <h1 class="title is-clearfix">Showing 1&ndash;${papers.length} of ${papers.length} results for all: <span class="mathjax">${escapeHtml(query)}</span></h1></div></div>
  <ol class="breathe-horizontal" start="1">${items}</ol></div></main></body></html>`;
}

/** A model host where nothing listens (port 9, discard): every model request fails at once, as offline. */
export const UNREACHABLE_HOST = 'http://127.0.0.1:9/';

/** The route and the classic-layout abstract page of a dev-set paper (`suffix`: a version, as in `v3`). */
export function devPaperRoute(q: { arxiv_id: string; title: string; abstract: string }, author: string, suffix = ''): [string, string] {
  return [`/abs/${q.arxiv_id}${suffix}`, pageWithPaper('classic', { id: q.arxiv_id, title: q.title, abstract: q.abstract, authors: [author] })];
}
