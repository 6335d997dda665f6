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
