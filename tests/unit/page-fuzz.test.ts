// Mutates the fixture pages many ways and checks that the page readers never throw, cap oversized text,
// and always produce something the background accepts (or null, leaving the page untouched).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { MAX_ABSTRACT_CHARS, MAX_TITLE_CHARS, readAbsPage } from '@/utils/shared/arxiv/abs-page';
import { readHtmlPage } from '@/utils/shared/arxiv/html-page';
import { readListing } from '@/utils/shared/arxiv/listing';
import { parseBackgroundMessage } from '@/utils/shared/messages/background';
import { paperText, MAX_EMBED_CHARS } from '@/utils/background/embedding/text';
import { FIXTURES } from '../helpers/dom';
import { seededRandom } from '../../scripts/rng';


const PAYLOADS = [
  '<img src=x onerror="alert(1)">',
  '<script>document.body.remove()</script>',
  'مرحبا بالعالم — שלום עולם',
  '🚀🔥 Emoji 👩‍🔬 title',
  '$\\mathcal{O}(n^2)$ and \\textbf{bold} {braces}',
  '\u202e reversed \u202c',
  '',
  'x'.repeat(1_000_000),
];

type Mutation = (doc: Document, r: () => number) => void;
const pick = <T,>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)];
/** The first few matches: enough to hit every reader path without parsing 87 MB of payloads. */
const some = (d: Document, sel: string) => [...d.querySelectorAll(sel)].slice(0, 3);
const MUTATIONS: Mutation[] = [
  (d) => d.querySelector('h1.title, h1.ltx_title_document')?.remove(),
  (d) => d.querySelector('blockquote.abstract, .ltx_abstract')?.replaceChildren(),
  (d) => d.querySelectorAll('meta').forEach((m) => m.remove()),
  (d) => d.querySelectorAll('meta[name^="citation_"]').forEach((m) => m.setAttribute('content', '')),
  (d, r) => some(d, 'h1.title, h1.ltx_title_document, .list-title').forEach((el) => (el.innerHTML = pick(PAYLOADS, r))),
  (d, r) => some(d, 'blockquote.abstract, .ltx_abstract p, p.mathjax').forEach((el) => (el.textContent = pick(PAYLOADS, r))),
  (d, r) => some(d, 'div.authors a, .list-authors a').forEach((el) => (el.innerHTML = pick(PAYLOADS, r))),
  (d) => {
    const row = d.querySelector('td.tablecell.arxividv');
    if (row) row.parentElement?.append(row.cloneNode(true));
    const dt = d.querySelector('dt');
    if (dt?.nextElementSibling) dt.parentElement?.append(dt.cloneNode(true), dt.nextElementSibling.cloneNode(true));
  },
  (d) => d.querySelector('td.tablecell.arxividv a')?.replaceChildren('arXiv:not-an-id'),
  (d) => d.querySelector('meta[name="citation_arxiv_id"]')?.setAttribute('content', '../../etc/passwd'),
  (d) => d.querySelectorAll('td.tablecell.subjects').forEach((el) => (el.textContent = '(((((' + 'x'.repeat(5000))),
  (d) => d.querySelector('.submission-history')?.replaceChildren('Mon, 99 Foo 20233 GMT '.repeat(500)),
  (d) => d.querySelectorAll('dd').forEach((el) => el.remove()),
  (d) => d.body.replaceChildren(),
];

const PAGES = [
  { file: 'arxiv/abs_0704.0001_2018_legacy-layout.html', url: 'https://arxiv.org/abs/0704.0001', read: readAbsPage },
  { file: 'arxiv/abs_2304.09157v2_render-2025-05-layout.html', url: 'https://arxiv.org/abs/2304.09157v2', read: readAbsPage },
  { file: 'arxiv/abs_2304.09157v2_render-2026-06-layout.html', url: 'https://export.arxiv.org/abs/2304.09157', read: readAbsPage },
  { file: 'arxiv/html_1706.03762_ar5iv-latexml-2023.html', url: 'https://arxiv.org/html/1706.03762v7', read: readHtmlPage },
];
const LISTINGS = ['arxiv/list_cs_new_2018-07_legacy-layout.html', 'arxiv/list_astro-ph.CO_new_render-2025-05-layout.html'];

const ROUNDS = 12;

// Each round parses a whole page with jsdom (the HTML fixture is 370 KB): give the suite time.
describe('page readers under mutation', { timeout: 60_000 }, () => {
  it.each(PAGES)('$file: never throws, caps text, output always passes message validation', ({ file, url, read }) => {
    const html = readFileSync(resolve(FIXTURES, file), 'utf8');
    const r = seededRandom(file.length * 7919);
    let parsed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Half-loaded DOM: the page cut at a random point, as when the content script runs early.
      const source = round % 5 === 4 ? html.slice(0, Math.floor(r() * html.length)) : html;
      const doc = new JSDOM(source, { url }).window.document;
      for (let k = 0, n = 1 + Math.floor(r() * 3); k < n; k++) pick(MUTATIONS, r)(doc, r);
      const paper = read(new URL(url), doc);
      if (!paper) continue;
      parsed++;
      expect(paper.title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
      expect(paper.abstract.length).toBeLessThanOrEqual(MAX_ABSTRACT_CHARS);
      expect(parseBackgroundMessage({ to: 'background', name: 'getRelated', payload: { paper } }), `round ${round}`).not.toBeNull();
      expect(paperText(paper).length).toBeLessThanOrEqual(MAX_EMBED_CHARS);
    }
    expect(parsed).toBeGreaterThan(ROUNDS / 3);
  });

  it.each(LISTINGS)('%s: entries stay valid for the background', (file) => {
    const html = readFileSync(resolve(FIXTURES, file), 'utf8');
    const r = seededRandom(file.length);
    for (let round = 0; round < ROUNDS; round++) {
      const doc = new JSDOM(round % 5 === 4 ? html.slice(0, Math.floor(r() * html.length)) : html, { url: 'https://arxiv.org/list/cs/new' }).window.document;
      for (let k = 0, n = 1 + Math.floor(r() * 3); k < n; k++) pick(MUTATIONS, r)(doc, r);
      const entries = readListing(doc).map((e) => ({ id: e.id, title: e.title, abstract: e.abstract }));
      expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
      for (let i = 0; i < entries.length; i += 100) {
        expect(parseBackgroundMessage({ to: 'background', name: 'annotateListing', payload: { entries: entries.slice(i, i + 100), semantic: false } })).not.toBeNull();
      }
    }
  });

  it('keeps markup in titles as text', () => {
    const url = 'https://arxiv.org/abs/2304.09157v2';
    const doc = new JSDOM(readFileSync(resolve(FIXTURES, PAGES[1].file), 'utf8'), { url }).window.document;
    doc.querySelector('h1.title')!.textContent = '<img src=x onerror="alert(1)">';
    doc.querySelector('meta[name="citation_title"]')?.remove();
    expect(readAbsPage(new URL(url), doc)?.title).toBe('<img src=x onerror="alert(1)">');
  });
});
