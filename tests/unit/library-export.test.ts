import { describe, expect, it } from 'vitest';
import { parse as parseBibtexReal } from '@retorquere/bibtex-parser';
import { citationKeys, exportLibrary, formatEntries, formatFooter, formatHeader, toBibtex, toCsv, toMarkdown, type ExportFormat } from '@/utils/background/library/export';
import { parseBibtexImport } from '@/utils/ui/library/import';
import type { LibraryEntry } from '@/utils/shared/library/types';
import { libraryEntry } from '../helpers/library-entry';

const entry = (over: Partial<LibraryEntry> & { id: string }): LibraryEntry => libraryEntry({ title: 'Plain title', authors: ['Ann Bee'], abstract: '', yearMonth: '2023-04', primarySubject: null, version: null }, over);
const withTitle = (id: string, title: string, more: Partial<LibraryEntry> = {}) => entry({ id, paper: { title, authors: ['Ann Bee'], abstract: '', yearMonth: '2023-04', primarySubject: null, version: null }, ...more });

describe('BibTeX export', () => {
  it('protects capitals after a word’s first letter with {} (styles lowercase titles)', () => {
    const bib = toBibtex([withTitle('2106.09685', 'LoRA: Low-Rank Adaptation of GPT-3 and BERT on ImageNet in 3D')]);
    expect(bib).toContain('title = {{LoRA}: Low-Rank Adaptation of {GPT}-3 and {BERT} on {ImageNet} in {3D}},');
  });

  it('keeps math as written and does not protect inside it', () => {
    const bib = toBibtex([withTitle('2106.09685', 'Bounds in $\\mathbb{R}^{N}$ for GPT')]);
    expect(bib).toContain('title = {Bounds in $\\mathbb{R}^{N}$ for {GPT}},');
  });

  it('writes math with unbalanced braces as text, so the entry stays well formed', () => {
    const bib = toBibtex([withTitle('2106.09685', 'Odd $x}$ title')]);
    expect(parseBibtexReal(bib).errors).toEqual([]);
    const parsed = parseBibtexImport(bib, 1);
    expect(parsed.ok && parsed.entries[0].paper?.title).toBe('Odd $x}$ title');
  });

  it('writes the note as annote, line breaks and all', () => {
    const note = 'first line\n  indented {braces} 100% & $x$\n\nlast \\ line';
    const bib = toBibtex([entry({ id: '2106.09685', note })]);
    expect(bib).toContain('annote = {first line\n  indented \\{braces\\} 100\\% \\& $x$\n\nlast \\textbackslash{} line},');
    const parsed = parseBibtexImport(bib, 1);
    expect(parsed.ok && parsed.entries[0].note).toBe(note);
  });

  it('writes tags as keywords that survive commas: a tag with "," or ";" is wrapped in {}', () => {
    const tags = ['theory, math', 'to cite', 'a;b', '100%'];
    const bib = toBibtex([entry({ id: '2106.09685', tags })]);
    expect(bib).toContain('keywords = {{theory, math}, to cite, {a;b}, 100\\%},');
    const parsed = parseBibtexImport(bib, 1);
    expect(parsed.ok && parsed.entries[0].tags).toEqual(tags);
  });

  it('writes names that read back the same: "Jr." in three parts, other commas and "and" wrapped', () => {
    const authors = ['Martin Luther King, Jr.', 'Ludwig van Beethoven, Jr', 'Doe, Jane', 'Barnes and Noble', 'Jürgen Müller', 'et al.'];
    const bib = toBibtex([entry({ id: '2106.09685', paper: { title: 'T', authors, abstract: '', yearMonth: null, primarySubject: null, version: null } })]);
    expect(bib).toContain('author = {King, Jr., Martin Luther and van Beethoven, Jr, Ludwig and {Doe, Jane} and {Barnes and Noble} and Jürgen Müller and others},');
    const real = parseBibtexReal(bib);
    expect(real.errors).toEqual([]);
    expect(real.entries[0].fields.author?.[0]).toMatchObject({ lastName: 'King', firstName: 'Martin Luther', suffix: 'Jr.' });
    const parsed = parseBibtexImport(bib, 1);
    expect(parsed.ok && parsed.entries[0].paper?.authors).toEqual(authors);
  });
});

describe('Markdown export', () => {
  it('keeps one bullet per paper when a title has line breaks', () => {
    const md = toMarkdown([withTitle('2106.09685', 'Two\nlines\r\nthree'), withTitle('2106.09686', 'Next')]);
    expect(md.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(2);
    expect(md).toContain('- [Two lines three](https://arxiv.org/abs/2106.09685)');
  });

  it('writes odd tags as code spans, not #theory,-math', () => {
    const md = toMarkdown([entry({ id: '2106.09685', tags: ['theory, math', 'a`b'] })]);
    expect(md).toContain('tags: `theory, math` ``a`b``');
    expect(md).not.toContain('#theory');
  });

  it('never writes HTML from titles, authors, tags or notes', () => {
    const md = toMarkdown([
      entry({
        id: '2106.09685',
        paper: { title: 'A <img src=x onerror=alert(1)> and <script>alert(2)</script>', authors: ['<svg onload=alert(3)>'], abstract: '', yearMonth: null, primarySubject: null, version: null },
        tags: ['<svg onload=alert(4)>'],
        note: 'see <script>alert(5)</script>',
      }),
    ]);
    // A tag in a code span is shown literally; everywhere else "<" is written as &lt;.
    const outsideCode = md.replace(/`[^`]*`/g, '');
    expect(outsideCode).not.toMatch(/<[a-z/!]/i);
    expect(md).toContain('A &lt;img src=x onerror=alert(1)&gt; and &lt;script&gt;alert(2)&lt;/script&gt;');
    expect(md).toContain('`<svg onload=alert(4)>`');
    expect(md).toContain('  > see &lt;script>alert(5)&lt;/script>');
  });

  it('escapes brackets and emphasis in link text', () => {
    const md = toMarkdown([withTitle('2106.09685', 'a [b](c) *d* _e_')]);
    expect(md).toContain('- [a \\[b\\](c) \\*d\\* \\_e\\_](https://arxiv.org/abs/2106.09685)');
  });
});

describe('CSV export', () => {
  it('starts with a UTF-8 byte-order mark so spreadsheets read "Étienne" right', () => {
    const csv = toCsv([entry({ id: '2106.09685', paper: { title: 'T', authors: ['Étienne Bézout'], abstract: '', yearMonth: null, primarySubject: null, version: null } })]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv).toContain('Étienne Bézout');
  });
});

describe('export in pages', () => {
  const lib = Array.from({ length: 7 }, (_, i) =>
    entry({ id: `2106.0968${i}`, tags: i % 2 ? ['x, y'] : [], note: i === 3 ? 'n\nm' : '', paper: { title: i < 3 ? 'Same words' : `Title ${i}`, authors: ['Ann Bee'], abstract: 'A', yearMonth: '2021-06', primarySubject: null, version: null } }),
  );
  const formats: ExportFormat[] = ['bibtex', 'markdown', 'csv', 'json'];

  it.each(formats)('%s: header + pages + footer is the whole file', (format) => {
    const now = new Date(Date.UTC(2026, 0, 2));
    const dismissals = [{ forId: lib[0].id, paperId: lib[1].id, at: 3 }];
    const wholeFile = exportLibrary(lib, format, now, dismissals).text;
    const keys = citationKeys(lib);
    for (const size of [1, 2, 3, 7]) {
      let text = formatHeader(format, { now, dismissals });
      for (let i = 0; i < lib.length; i += size) text += formatEntries(format, lib.slice(i, i + size), { index: i, keys });
      text += formatFooter(format, { now, dismissals });
      expect(text).toBe(wholeFile);
    }
  });

  it.each(formats)('%s: an empty list is a well-formed file', (format) => {
    const text = exportLibrary([], format, new Date(0)).text;
    if (format === 'json') expect(JSON.parse(text).entries).toEqual([]);
    else expect(text).toBe(formatHeader(format));
  });

  it('clashing citation keys stay distinct across pages when the keys of all are passed', () => {
    const keys = citationKeys(lib);
    const pages = formatEntries('bibtex', lib.slice(0, 1), { index: 0, keys }) + formatEntries('bibtex', lib.slice(1), { index: 1, keys });
    const real = parseBibtexReal(pages);
    expect(new Set(real.entries.map((e) => e.key)).size).toBe(lib.length);
  });
});
