import { describe, expect, it } from 'vitest';
import { toCsv, toJson, toMarkdown } from '@/utils/background/library/export';
import { importRejection, MAX_ERRORS, parseBibtexImport, parseImport, parseJsonBackup } from '@/utils/ui/library/import';
import { parseBibNames, parseBibtex } from '@/utils/ui/library/bibtex';
import { decodeTex } from '@/utils/ui/library/tex';
import { LIMITS } from '@/utils/shared/library/limits';
import { planMerge } from '@/utils/background/library/merge';
import type { LibraryEntry } from '@/utils/shared/library/types';
import { libraryEntry } from '../helpers/library-entry';

const entry = (over: Partial<LibraryEntry> & { id: string }): LibraryEntry => libraryEntry({ title: 'Attention is all you need', authors: ['Ashish Vaswani'], abstract: '', yearMonth: '2017-06', primarySubject: 'cs.CL', version: null }, over);

describe('BibTeX names', () => {
  it('reads "Last, First and Last, First" lists in reading order', () => {
    const bib = '@article{v, author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki}, eprint = {1706.03762}}';
    const parsed = parseBibtexImport(bib, 1);
    expect(parsed.ok && parsed.entries[0].paper?.authors).toEqual(['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar']);
  });

  it.each([
    ['van der Waals, Johannes Diderik', ['Johannes Diderik van der Waals']],
    ['de la Fontaine, Jean', ['Jean de la Fontaine']],
    ['King, Jr., Martin Luther', ['Martin Luther King, Jr.']],
    ['{Barnes and Noble} and Doe, Jane', ['Barnes and Noble', 'Jane Doe']],
    ['{World Health Organization}', ['World Health Organization']],
    ['M{\\"u}ller, J{\\"o}rg and Bézout, Étienne', ['Jörg Müller', 'Étienne Bézout']],
    ["Erd{\\H o}s, Paul and {\\v S}ediv{\\'y}, Jan and Gauß, Carl Friedrich", ['Paul Erdős', 'Jan Šedivý', 'Carl Friedrich Gauß']],
    ['Ashish Vaswani AND Noam Shazeer', ['Ashish Vaswani', 'Noam Shazeer']],
    ['Doe, Jane and others', ['Jane Doe', 'et al.']],
    ['王, 小明 and 李四', ['小明 王', '李四']],
  ])('%s', (raw, names) => {
    expect(parseBibNames(raw)).toEqual(names);
  });
});

describe('BibTeX text', () => {
  it('undoes protective braces, escapes and formatting, keeps math as written', () => {
    expect(decodeTex('{LoRA}: {GPT} \\& \\emph{BERT} at 50\\% on $\\mathbb{R}^{n}$')).toBe('LoRA: GPT & BERT at 50% on $\\mathbb{R}^{n}$');
    expect(decodeTex('  two\n  lines ', true)).toBe('  two\n  lines ');
  });

  it('reads tags with commas written as {a, b} in keywords', () => {
    const parsed = parseBibtexImport('@misc{k, eprint = {2304.09157}, keywords = {{theory, math}, to cite; {a;b}}}', 1);
    expect(parsed.ok && parsed.entries[0].tags).toEqual(['theory, math', 'to cite', 'a;b']);
  });
});

describe('what the import takes', () => {
  it.each([
    ['reading-list.csv', "CSV files can't be imported — choose a JSON backup or a BibTeX file."],
    ['notes.MD', "Markdown files can't be imported — choose a JSON backup or a BibTeX file."],
    ['paper.pdf', "PDF files can't be imported — choose a JSON backup or a BibTeX file."],
    ['refs.ris', "RIS files can't be imported — choose a JSON backup or a BibTeX file."],
  ])('rejects %s by name', (name, message) => {
    expect(importRejection(name)).toBe(message);
  });

  it.each(['backup.json', 'refs.bib', 'refs.bibtex', 'refs.txt', 'no-extension'])('accepts %s', (name) => {
    expect(importRejection(name)).toBeNull();
  });

  it('names a CSV or Markdown export by its content, not as "No BibTeX entries found."', () => {
    const lib = [entry({ id: '1706.03762', note: 'mail me@example.org' })];
    expect(parseImport(toCsv(lib))).toEqual({ ok: false, errors: ["CSV files can't be imported — choose a JSON backup or a BibTeX file."] });
    expect(parseImport(toMarkdown(lib))).toEqual({ ok: false, errors: ["Markdown files can't be imported — choose a JSON backup or a BibTeX file."] });
  });

  it('says what it takes when a text file holds no entries', () => {
    expect(parseImport('just some words')).toEqual({ ok: false, errors: ['No BibTeX entries found, and this is not a JSON backup — choose a JSON backup or a BibTeX file.'] });
  });
});

describe('broken files', () => {
  it('lists at most 50 problems of 30,000 "@a" lines (90 KB) and counts the rest', () => {
    const text = '@a\n'.repeat(30_000);
    expect(text.length).toBe(90_000);
    const { errors } = parseBibtex(text);
    expect(errors).toHaveLength(MAX_ERRORS + 1);
    expect(errors[0]).toBe('line 2: expected "{" after @a');
    expect(errors[1]).toBe('line 3: expected "{" after @a');
    expect(errors.at(-1)).toBe('… and 29,950 more problems');
  });

  it('parses 300 KB of "@a" lines in one pass (100,000 problems, 50 listed)', () => {
    const parsed = parseImport('@a\n'.repeat(100_000));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.at(-1)).toBe('… and 99,950 more problems');
  });

  it('bounds the problems of a JSON backup the same way', () => {
    const text = JSON.stringify({ format: 'arxiv-neighbors-library', version: 1, entries: Array.from({ length: 200 }, () => ({ id: 'x' })) });
    const parsed = parseJsonBackup(text);
    expect(!parsed.ok && parsed.errors).toHaveLength(MAX_ERRORS + 1);
    expect(!parsed.ok && parsed.errors.at(-1)).toBe('… and 150 more problems');
  });
});

describe('limits on import', () => {
  it('a note at exactly the limit comes back from the JSON backup whole', () => {
    const note = 'n'.repeat(LIMITS.note);
    const parsed = parseJsonBackup(toJson([entry({ id: '1706.03762', note })]));
    expect(parsed.ok && parsed.entries[0].note).toBe(note);
    expect(parsed.ok && parsed.cut).toEqual([]);
  });

  it('a JSON note over the limit is shortened and reported, not refused', () => {
    const parsed = parseJsonBackup(toJson([entry({ id: '1706.03762', note: 'n'.repeat(180_040) })]));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.entries[0].note).toHaveLength(LIMITS.note);
    expect(parsed.cut).toEqual([{ id: '1706.03762', what: ['note shortened to 100,000 characters (was 180,040)'] }]);
  });

  it('a 1 MB BibTeX annote is shortened to the limit and reported', () => {
    const parsed = parseBibtexImport(`@misc{k, eprint = {1706.03762}, annote = {${'a'.repeat(1_000_000)}}}`, 1);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.entries[0].note).toHaveLength(LIMITS.note);
    expect(parsed.cut).toEqual([{ id: '1706.03762', what: ['note shortened to 100,000 characters (was 1,000,000)'] }]);
  });

  it('a 10 M-character title, a 5 M abstract and 20,000 authors are shortened', () => {
    const paper = { title: 't'.repeat(10_200_000), abstract: 'a'.repeat(5_000_000), authors: Array.from({ length: 20_000 }, (_, i) => `A ${i}`), yearMonth: null, primarySubject: null, version: null };
    const parsed = parseJsonBackup(toJson([entry({ id: '1706.03762', paper })]));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.entries[0].paper?.title).toHaveLength(LIMITS.title);
    expect(parsed.entries[0].paper?.abstract).toHaveLength(LIMITS.abstract);
    expect(parsed.entries[0].paper?.authors).toHaveLength(LIMITS.authors);
    expect(parsed.cut[0].what).toHaveLength(3);
  });

  it('two long notes merged stay within the limit, and the cut is reported', () => {
    const cur = entry({ id: '1706.03762', note: 'a'.repeat(90_000) });
    const plan = planMerge(new Map([[cur.id, cur]]), [entry({ id: cur.id, note: 'b'.repeat(90_000) })]);
    expect(plan.writes[0].note).toHaveLength(LIMITS.note);
    expect(plan.report.cut).toEqual([{ id: cur.id, what: ['note shortened to 100,000 characters (was 180,038)'] }]);
  });
});

describe('"not relevant" marks in the JSON backup', () => {
  const lib = [entry({ id: '1706.03762' })];
  const marks = [
    { forId: '1706.03762', paperId: 'hep-th/9901001', at: 5 },
    { forId: '1706.03762', paperId: '2304.09157', at: 6 },
  ];

  it('are read back and written out the same', () => {
    const json = toJson(lib, new Date(0), marks);
    const parsed = parseJsonBackup(json);
    expect(parsed.ok && parsed.dismissals).toEqual(marks);
    if (parsed.ok) expect(toJson(parsed.entries, new Date(0), parsed.dismissals)).toBe(json);
  });

  it('a backup without them has none', () => {
    const parsed = parseJsonBackup(toJson(lib));
    expect(parsed.ok && parsed.dismissals).toEqual([]);
  });

  it('a mark with a wrong time rejects the file', () => {
    const json = toJson(lib, new Date(0), marks).replace('"at": 6', '"at": "yesterday"');
    const parsed = parseJsonBackup(json);
    expect(parsed).toEqual({ ok: false, errors: ['"not relevant" mark 2: must have forId and paperId (arXiv ids) and at (a timestamp)'] });
  });

  it('a mark naming no arXiv paper rejects the file', () => {
    const json = toJson(lib, new Date(0), marks).replace('"paperId": "2304.09157"', '"paperId": "not-a-paper"');
    expect(parseJsonBackup(json).ok).toBe(false);
  });
});
