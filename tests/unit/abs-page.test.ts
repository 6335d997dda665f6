// Table-driven over the real and arXiv-rendered abstract pages in tests/fixtures/arxiv (see STRUCTURE.md).
import { describe, expect, it } from 'vitest';
import { readAbsPage, readAbsPageReport } from '@/utils/shared/arxiv/abs-page';
import { fixtureDocument } from '../helpers/dom';

const GEOSPATIAL = {
  id: '2304.09157',
  version: 2,
  title: 'Neural networks for geospatial data',
  primarySubject: 'stat.ML',
  subjects: ['stat.ML', 'cs.LG', 'stat.ME'],
  submitted: ['2023-04-18', '2024-01-29'],
};

const cases = [
  {
    name: 'legacy 2018 layout (hep-ph)',
    file: 'arxiv/abs_0704.0001_2018_legacy-layout.html',
    url: 'https://arxiv.org/abs/0704.0001',
    expected: {
      id: '0704.0001',
      version: 2,
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      firstAuthor: 'C. Balázs',
      authorCount: 4,
      abstractStart: 'A fully differential calculation in perturbative quantum chromodynamics',
      primarySubject: 'hep-ph',
      subjects: ['hep-ph'],
      submitted: ['2007-04-02', '2007-07-24'],
    },
  },
  {
    name: 'classic 2019–2025 layout',
    file: 'arxiv/abs_2304.09157v2_render-2025-05-layout.html',
    url: 'https://arxiv.org/abs/2304.09157v2',
    expected: { ...GEOSPATIAL, firstAuthor: 'Wentao Zhan', authorCount: 2, abstractStart: 'Analysis of geospatial data has traditionally been model-based' },
  },
  {
    name: '2026 design-system layout',
    file: 'arxiv/abs_2304.09157v2_render-2026-06-layout.html',
    url: 'https://arxiv.org/abs/2304.09157',
    expected: { ...GEOSPATIAL, firstAuthor: 'Wentao Zhan', authorCount: 2, abstractStart: 'Analysis of geospatial data has traditionally been model-based' },
  },
];

describe('readAbsPage', () => {
  it.each(cases)('$name', ({ file, url, expected }) => {
    const paper = readAbsPage(new URL(url), fixtureDocument(file, url));
    expect(paper).not.toBeNull();
    if (!paper) return;
    expect(paper.id).toBe(expected.id);
    expect(paper.version).toBe(expected.version);
    expect(paper.title).toBe(expected.title);
    expect(paper.authors[0]).toBe(expected.firstAuthor);
    expect(paper.authors).toHaveLength(expected.authorCount);
    expect(paper.abstract.startsWith(expected.abstractStart)).toBe(true);
    expect(paper.abstract).not.toMatch(/^Abstract:/);
    expect(paper.abstract).not.toMatch(/\s{2,}|\n/);
    expect(paper.primarySubject).toBe(expected.primarySubject);
    expect(paper.subjects).toEqual(expected.subjects);
    expect(paper.submitted).toEqual(expected.submitted);
  });

  it('keeps TeX as text', () => {
    const url = 'https://arxiv.org/abs/0704.0001';
    const doc = fixtureDocument('arxiv/abs_0704.0001_2018_legacy-layout.html', url);
    doc.querySelector('blockquote.abstract')!.textContent = 'Abstract:  We bound $\\alpha_s(M_Z)$ \n  tightly.';
    expect(readAbsPage(new URL(url), doc)?.abstract).toBe('We bound $\\alpha_s(M_Z)$ tightly.');
  });

  it('falls back to meta tags when the visible title and abstract are gone', () => {
    const url = 'https://arxiv.org/abs/2304.09157v2';
    const doc = fixtureDocument('arxiv/abs_2304.09157v2_render-2025-05-layout.html', url);
    doc.querySelector('h1.title')?.remove();
    doc.querySelector('blockquote.abstract')?.remove();
    doc.querySelectorAll('div.authors').forEach((a) => a.remove());
    const paper = readAbsPage(new URL(url), doc);
    expect(paper?.title).toBe('Neural networks for geospatial data');
    expect(paper?.abstract.startsWith('Analysis of geospatial data')).toBe(true);
    expect(paper?.authors[0]).toBe('Wentao Zhan');
  });

  it('returns null for pages that are not abstract pages or carry no paper', () => {
    const url = 'https://arxiv.org/abs/2304.09157v2';
    const doc = fixtureDocument('arxiv/abs_2304.09157v2_render-2025-05-layout.html', url);
    expect(readAbsPage(new URL('https://arxiv.org/list/cs/new'), doc)).toBeNull();
    const empty = fixtureDocument('arxiv/abs_2304.09157v2_render-2025-05-layout.html', url);
    empty.body.innerHTML = '';
    empty.head.innerHTML = '';
    expect(readAbsPage(new URL(url), empty)).toBeNull();
  });

  it('reports which signal each field came from, falling back meta → markup → URL', () => {
    const url = 'https://arxiv.org/abs/2304.09157v2';
    const doc = fixtureDocument('arxiv/abs_2304.09157v2_render-2025-05-layout.html', url);
    expect(readAbsPageReport(new URL(url), doc)?.sources).toEqual({ id: 'meta', title: 'meta', abstract: 'meta', authors: 'selector' });
    doc.querySelectorAll('meta').forEach((m) => m.remove());
    expect(readAbsPageReport(new URL(url), doc)?.sources).toEqual({ id: 'selector', title: 'selector', abstract: 'selector', authors: 'selector' });
    doc.querySelector('td.tablecell.arxividv')?.remove();
    const report = readAbsPageReport(new URL(url), doc);
    expect(report?.sources.id).toBe('url');
    expect(report?.paper).toMatchObject({ id: '2304.09157', version: 2 });
  });
});
