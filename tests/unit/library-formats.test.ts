import { describe, expect, it } from 'vitest';
import { parse as parseBibtexReal } from '@retorquere/bibtex-parser';
import { citationKeys, escapeLatex, toBibtex, toCsv, toJson, toMarkdown } from '@/utils/background/library/export';
import { parseBibtexImport, parseImport, parseJsonBackup } from '@/utils/ui/library/import';
import { planMerge } from '@/utils/background/library/merge';
import type { LibraryEntry } from '@/utils/shared/library/types';
import { libraryEntry } from '../helpers/library-entry';

const entry = (over: Partial<LibraryEntry> & { id: string }): LibraryEntry => libraryEntry({ title: 'Neural networks for geospatial data', authors: ['Wentao Zhan', 'Abhirup Datta'], abstract: 'A.', yearMonth: '2023-04', primarySubject: 'stat.ML', version: 2 }, over);

const library: LibraryEntry[] = [
  entry({ id: '2304.09157', tags: ['spatial', 'to cite'], note: 'Uses **GLS**; 50% faster & "simple"\nsecond line', status: 'reading' }),
  entry({ id: '2205.13147', paper: { title: 'Matryoshka Representation Learning: $O(d^2)$ & 100% of {accuracy}_#1 ~ ^', authors: ['Aditya Kusupati', 'Gantavya Bhatt'], abstract: '', yearMonth: '2022-05', primarySubject: 'cs.LG', version: null } }),
  entry({ id: 'hep-th/9901001', paper: { title: 'Old style', authors: ['Jürgen Müller'], abstract: '', yearMonth: '1999-01', primarySubject: 'hep-th', version: 3 } }),
  entry({ id: '2401.00001', paper: null }),
  // Same first author, year and first word as the first entry: keys must differ and stay stable.
  entry({ id: '2304.09158', paper: { title: 'Neural fields', authors: ['W. Zhan'], abstract: '', yearMonth: '2023-04', primarySubject: null, version: null } }),
];

describe('BibTeX export', () => {
  it('parses with a real BibTeX parser: one @misc per paper with the right eprint, archivePrefix, primaryClass, url', () => {
    const bib = toBibtex(library);
    const parsed = parseBibtexReal(bib);
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries).toHaveLength(library.length);
    for (const e of parsed.entries) expect(e.type).toBe('misc');
    expect(parsed.entries.map((e) => e.fields.eprint)).toEqual(library.map((e) => e.id));
    const first = parsed.entries[0];
    expect(first.fields.archiveprefix).toBe('arXiv');
    expect(first.fields.primaryclass).toBe('stat.ML');
    expect(first.fields.url).toBe('https://arxiv.org/abs/2304.09157');
    expect(first.fields.author).toEqual([
      { firstName: 'Wentao', lastName: 'Zhan' },
      { firstName: 'Abhirup', lastName: 'Datta' },
    ]);
    expect(new Set(parsed.entries.map((e) => e.key)).size).toBe(library.length);
  });

  it('escapes LaTeX specials outside math and keeps math as written', () => {
    expect(escapeLatex('100% & {x}_#1 ~ ^ \\')).toBe('100\\% \\& \\{x\\}\\_\\#1 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
    expect(escapeLatex('cost $O(\\log d)$ & more')).toBe('cost $O(\\log d)$ \\& more');
    expect(escapeLatex('a lone $ sign')).toBe('a lone \\$ sign');
  });

  it('keys are stable whatever the order of the entries', () => {
    const keys = citationKeys(library);
    expect(keys.get('2304.09157')).toBe('zhan2023neurala');
    expect(keys.get('2304.09158')).toBe('zhan2023neuralb');
    expect(keys.get('2205.13147')).toBe('kusupati2022matryoshka');
    expect(keys.get('hep-th/9901001')).toBe('muller1999old');
    expect(citationKeys([...library].reverse())).toEqual(keys);
  });

  it('round-trips through our own BibTeX import', () => {
    const parsed = parseBibtexImport(toBibtex(library), 5);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.entries.map((e) => e.id)).toEqual(library.map((e) => e.id));
    expect(parsed.entries[1].paper?.title).toBe('Matryoshka Representation Learning: $O(d^2)$ & 100% of {accuracy}_#1 ~ ^');
    expect(parsed.entries[0].tags).toEqual(['spatial', 'to cite']);
    expect(parsed.entries[0].paper?.authors).toEqual(['Wentao Zhan', 'Abhirup Datta']);
  });
});

describe('Markdown and CSV export', () => {
  it('Markdown links every paper and keeps notes as text', () => {
    const md = toMarkdown(library);
    expect(md).toContain('- [Neural networks for geospatial data](https://arxiv.org/abs/2304.09157) — Wentao Zhan, Abhirup Datta · 2023 · Reading · tags: `spatial` `to cite`');
    expect(md).toContain('  > Uses **GLS**; 50% faster & "simple"\n  > second line');
    expect(md).toContain('[arXiv:2401.00001](https://arxiv.org/abs/2401.00001)');
  });

  it('CSV quotes fields and defuses formulas', () => {
    const csv = toCsv([entry({ id: '2304.09157', note: '=HYPERLINK("x")', tags: ['a,b'] })]);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe('\uFEFFarxiv_id,title,authors,year,status,tags,note,added,url');
    expect(row).toContain('"\'=HYPERLINK(""x"")"');
    expect(row).toContain('"a,b"');
  });
});

describe('JSON backup import', () => {
  it('round-trips exactly', () => {
    const parsed = parseJsonBackup(toJson(library));
    expect(parsed).toEqual({ ok: true, kind: 'json', entries: library, skipped: [], cut: [], dismissals: [] });
  });

  it.each([
    ['truncated', (t: string) => t.slice(0, t.length / 2), /not a complete JSON file: it may be truncated/],
    ['another file', () => '{"hello": 1}', /not an arXiv Neighbors backup/],
    ['future version', (t: string) => t.replace('"version": 1', '"version": 9'), /not supported/],
    ['bad status', (t: string) => t.replace('"status": "reading"', '"status": "done"'), /status must be one of/],
    ['bad id', (t: string) => t.replace('"id": "2205.13147"', '"id": "not-an-id"'), /is not an arXiv id/],
    ['note not text', (t: string) => t.replace('"note": ""', '"note": 42'), /note must be text/],
    ['missing timestamp', (t: string) => t.replace(/"addedAt": \d+,/, ''), /addedAt must be a timestamp/],
  ])('rejects a %s file as a whole', (_name, corrupt, message) => {
    const parsed = parseImport(corrupt(toJson(library)));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join('\n')).toMatch(message);
  });

  it('skips an id listed twice, with the reason', () => {
    const parsed = parseJsonBackup(toJson([library[0], library[0]]));
    expect(parsed.ok && parsed.skipped).toEqual([{ id: '2304.09157', reason: 'listed twice in the file; the first one was used' }]);
  });
});

describe('BibTeX import', () => {
  it('finds arXiv ids in eprint, URL, DOI and journal fields; skips entries without one', () => {
    const bib = `
      @comment{ exported by someone }
      @article{a, title = {From eprint}, author = {Doe, Jane and John Roe}, eprint = {2304.09157v2}, year = 2023}
      @misc{b, title = "From {URL}", url = {https://arxiv.org/abs/2205.13147}}
      @misc{c, title = {From DOI}, doi = {10.48550/arXiv.2401.00001}}
      @article{d, title = {From journal}, journal = {arXiv:hep-th/9901001}}
      @book{e, title = {A book}, publisher = {Nobody}}`;
    const parsed = parseBibtexImport(bib, 1);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.entries.map((e) => e.id)).toEqual(['2304.09157', '2205.13147', '2401.00001', 'hep-th/9901001']);
    expect(parsed.entries[0].paper?.authors).toEqual(['Jane Doe', 'John Roe']);
    expect(parsed.entries[1].paper?.title).toBe('From URL');
    expect(parsed.skipped).toEqual([{ id: 'e', reason: 'no arXiv id (eprint, arXiv URL or arXiv DOI)' }]);
  });

  it('rejects a truncated file', () => {
    const parsed = parseBibtexImport('@misc{a, title = {Unclosed', 1);
    expect(parsed.ok).toBe(false);
  });
});

describe('merge', () => {
  const existing = new Map([['2304.09157', entry({ id: '2304.09157', note: 'mine', tags: ['x'], status: 'reading', updatedAt: 10 })]]);

  it('adds new papers and skips identical ones', () => {
    const plan = planMerge(existing, [entry({ id: '2304.09157', note: 'mine', tags: ['x'], status: 'reading', updatedAt: 10 }), entry({ id: '2205.13147' })]);
    expect(plan.report.added).toEqual(['2205.13147']);
    expect(plan.report.skipped).toEqual([{ id: '2304.09157', reason: 'already in the library, unchanged' }]);
  });

  it('a newer copy in the file does not overwrite what the reader set: status kept, tags and note added', () => {
    const plan = planMerge(existing, [entry({ id: '2304.09157', note: 'theirs', tags: ['y'], status: 'read', updatedAt: 20 })], { statusFromFile: true });
    const merged = plan.writes[0];
    expect(merged.status).toBe('reading');
    expect(merged.tags).toEqual(['x', 'y']);
    expect(merged.note).toBe('mine\n\n--- note from the imported file ---\ntheirs');
    expect(plan.report.updated[0].reason).toBe('tags added from the file; the file’s note added below yours; kept your status “Reading” (the file says “Read”)');
  });

  it('an older copy does not overwrite either, but its different note is kept', () => {
    const plan = planMerge(existing, [entry({ id: '2304.09157', note: 'old thought', updatedAt: 5 })]);
    expect(plan.writes[0].note).toBe('mine\n\n--- note from the imported file ---\nold thought');
    expect(plan.writes[0].tags).toEqual(['x']);
    expect(plan.writes[0].status).toBe('reading');
  });

  it('restore (a confirmed JSON backup) replaces status, tags and note', () => {
    const plan = planMerge(existing, [entry({ id: '2304.09157', note: 'theirs', tags: ['y'], status: 'read', updatedAt: 5 })], { mode: 'restore' });
    expect(plan.writes[0]).toMatchObject({ status: 'read', tags: ['y'], note: 'theirs', updatedAt: 5 });
    expect(plan.report.updated).toEqual([{ id: '2304.09157', reason: 'status, tags and note replaced by the backup’s' }]);
  });
});
