// Table-driven over the HTML full-text and listing fixtures, and pages built from them (STRUCTURE.md §2–4).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { readHtmlPage } from '@/utils/shared/arxiv/html-page';
import { isListingUrl, isSearchUrl, readListing, readSearchResults } from '@/utils/shared/arxiv/listing';
import { idFromPaperUrl } from '@/utils/shared/arxiv/ids';
import { readAbsPage } from '@/utils/shared/arxiv/abs-page';
import { FIXTURES, fixtureDocument } from '../helpers/dom';
import { pageWithPaper, searchResultsPage } from '../helpers/fixture-pages';

describe('HTML full text', () => {
  const url = 'https://arxiv.org/html/1706.03762v7';
  it('reads id from the URL and title, authors, abstract from the LaTeXML body', () => {
    const paper = readHtmlPage(new URL(url), fixtureDocument('arxiv/html_1706.03762_ar5iv-latexml-2023.html', url));
    expect(paper).toMatchObject({ id: '1706.03762', version: 7, title: 'Attention Is All You Need' });
    expect(paper?.authors.slice(0, 3)).toEqual(['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar']);
    expect(paper?.abstract.startsWith('The dominant sequence transduction models')).toBe(true);
  });

  it('works whichever header variant arXiv adds, and ignores pages without a LaTeXML document', () => {
    const doc = fixtureDocument('arxiv/html_1706.03762_ar5iv-latexml-2023.html', url);
    const header = doc.createElement('header');
    header.className = 'arxiv-html-header';
    header.innerHTML = '<nav class="html-header-nav"><a href="/abs/9999.99999">Back to Abstract</a></nav>';
    doc.body.prepend(header);
    expect(readHtmlPage(new URL(`${url}/#S3`), doc)?.id).toBe('1706.03762');
    doc.querySelector('article.ltx_document')?.remove();
    expect(readHtmlPage(new URL(url), doc)).toBeNull();
  });
});

describe('listings', () => {
  it.each([
    ['legacy cs/new (2018)', 'arxiv/list_cs_new_2018-07_legacy-layout.html', 'https://arxiv.org/list/cs/new', 87, '1807.07067', 'A Fixed-Parameter Linear-Time Algorithm to Compute Principal Typings of Planar Flow Networks'],
    ['classic astro-ph.CO/new', 'arxiv/list_astro-ph.CO_new_render-2025-05-layout.html', 'https://arxiv.org/list/astro-ph.CO/new', 23, '2303.00769', 'Searching for galaxy-scale strong-lenses in galaxy clusters with deep networks -- I: methodology and network performance'],
  ])('%s', (_name, file, url, count, firstId, firstTitle) => {
    expect(isListingUrl(new URL(url))).toBe(true);
    const entries = readListing(fixtureDocument(file, url));
    expect(entries).toHaveLength(count);
    expect(entries[0].id).toBe(firstId);
    expect(entries[0].title).toBe(firstTitle);
    expect(entries[0].authors.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.id)).size).toBe(count);
    expect(entries.every((e) => e.anchor.tagName === 'DT' && e.container.tagName === 'DD')).toBe(true);
  });

  it('keeps abstracts where /new shows them', () => {
    const entries = readListing(fixtureDocument('arxiv/list_astro-ph.CO_new_render-2025-05-layout.html', 'https://arxiv.org/list/astro-ph.CO/new'));
    expect(entries.every((e) => e.abstract !== null)).toBe(true);
    expect(entries.slice(0, 7).every((e) => (e.abstract ?? '').length > 100)).toBe(true);
  });

  it.each(['/list/cs/recent', '/list/cs.LG/pastweek', '/list/math.AG/2023-04', '/list/hep-th/9901'])('recognises %s', (path) => {
    expect(isListingUrl(new URL(`https://arxiv.org${path}`))).toBe(true);
  });
});

describe('search results', () => {
  const papers = [
    { id: '2304.09157', title: 'Neural networks for geospatial data', authors: ['Wentao Zhan'], abstract: 'Analysis of geospatial data '.repeat(20) },
    { id: 'hep-th/9901001', title: 'An old-style paper', authors: ['A. Person'], abstract: 'Strings.' },
  ];
  it('reads ids (old style too), titles, authors and full abstracts without the More/Less links', () => {
    const url = 'https://arxiv.org/search/?query=geospatial&searchtype=all';
    expect(isSearchUrl(new URL(url))).toBe(true);
    const doc = new JSDOM(searchResultsPage('geospatial', papers), { url }).window.document;
    const entries = readSearchResults(doc);
    expect(entries.map((e) => e.id)).toEqual(['2304.09157', 'hep-th/9901001']);
    expect(entries[0].title).toBe('Neural networks for geospatial data');
    expect(entries[0].abstract).toBe(papers[0].abstract.trim());
    expect(entries[1].authors).toEqual(['A. Person']);
  });
});

describe('ids and hosts', () => {
  it.each([
    ['https://arxiv.org/pdf/2304.09157v2', '2304.09157', 2],
    ['https://arxiv.org/pdf/2304.09157v2.pdf', '2304.09157', 2],
    ['https://export.arxiv.org/abs/hep-th/9901001v3', 'hep-th/9901001', 3],
    ['https://www.arxiv.org/html/1706.03762v7/', '1706.03762', 7],
    ['https://arxiv.org/html/1706.03762v7/x1.png', '1706.03762', 7],
    ['https://arxiv.org/pdf/hep-th/9901001', 'hep-th/9901001', null],
  ])('%s', (url, id, version) => {
    expect(idFromPaperUrl(new URL(url))).toEqual({ id, version });
  });

  it('an old-style id on an abstract page built from a fixture', () => {
    const url = 'https://export.arxiv.org/abs/hep-th/9901001v3';
    const html = pageWithPaper('classic', { id: 'hep-th/9901001', title: 'Old', abstract: 'Strings.', authors: ['A. Person'] });
    const paper = readAbsPage(new URL(url), new JSDOM(html, { url }).window.document);
    expect(paper).toMatchObject({ id: 'hep-th/9901001', version: 3, title: 'Old' });
  });

  it('the same paper under different URLs is one paper', () => {
    const ids = ['https://arxiv.org/abs/2304.09157', 'https://www.arxiv.org/abs/2304.09157v1', 'https://export.arxiv.org/pdf/2304.09157v2', 'https://arxiv.org/html/2304.09157v2'].map(
      (u) => idFromPaperUrl(new URL(u))?.id,
    );
    expect(new Set(ids)).toEqual(new Set(['2304.09157']));
  });
});

it('fixtures are present', () => {
  expect(readFileSync(resolve(FIXTURES, 'arxiv/STRUCTURE.md'), 'utf8')).toMatch(/Listings/);
});
