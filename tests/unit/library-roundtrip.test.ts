/**
 * Lossless round trips through the library service (fake-indexeddb): export → import into the same
 * library and into a fresh profile → export again, byte-identical, with the trickiest strings we know.
 */
import { describe, expect, it } from 'vitest';
import { CORPUS } from '@/utils/background/corpus/corpus-data';
import { createDb } from '@/utils/background/db/schema';
import { toJson, type ExportFormat } from '@/utils/background/library/export';
import { LIMITS } from '@/utils/shared/library/limits';
import { createLibraryService } from '@/utils/background/library/service';
import type { LibraryEntry } from '@/utils/shared/library/types';
// The library page's way: files parsed in the page, sent and written in parts.
import { exportEntries, importText } from '../helpers/library-bridge';

let n = 0;
const NOW = Date.UTC(2026, 11, 1, 12);

function profile() {
  const db = createDb(`roundtrip-${Date.now()}-${n++}`);
  return createLibraryService({ db, corpus: CORPUS, now: () => NOW });
}

const paper = (title: string, authors: string[], more: Partial<NonNullable<LibraryEntry['paper']>> = {}) => ({ title, authors, abstract: '', yearMonth: null, primarySubject: null, version: null, ...more });

/** Every field a reader or a paper can fill, with commas, quotes, line breaks, TeX, CJK, accents, HTML, old-style ids. */
const TRICKY: LibraryEntry[] = [
  {
    id: '2304.09157',
    addedAt: NOW - 1000,
    updatedAt: NOW - 900,
    status: 'reading',
    tags: ['theory, math', 'to cite', 'a;b', '100% & more', '深度学习', '<img src=x onerror=alert(1)>', 'x}{y'],
    note: 'Uses **GLS**; 50% faster & "simple", not `slow`\n  second line with $x^{2}$ and a \\ backslash\n\nÉtienne said: “ok” ~ ^ # _ {',
    paper: paper('LoRA for GPT-4 and BERT: "quotes", commas, {braces} & 100% $O(d^{2})$ on ImageNet', ['Étienne Bézout', '王小明', 'Ludwig van Beethoven', 'Martin Luther King, Jr.', 'Doe, Jane', 'Barnes and Noble'], {
      abstract: 'An abstract with\nline breaks, "quotes" and <script>alert(1)</script>.',
      yearMonth: '2023-04',
      primarySubject: 'stat.ML',
      version: 2,
    }),
  },
  {
    id: 'hep-th/9901001',
    addedAt: NOW - 2000,
    updatedAt: NOW - 2000,
    status: 'read',
    tags: [],
    note: '',
    paper: paper('Old style: a title\nwith a line break, <svg onload=alert(2)> and Ünïcödé', ['Jürgen Müller', 'José María Ñúñez'], { yearMonth: '1999-01', primarySubject: 'hep-th', version: 3 }),
  },
  { id: 'math.CV/0101001', addedAt: NOW - 3000, updatedAt: NOW - 3000, status: 'to-read', tags: ['complex analysis'], note: 'short', paper: paper('Holomorphic $\\bar\\partial$ things', ['Ann Bee']) },
  // A paper known by its id alone (saved from a bare link).
  { id: '2401.99999', addedAt: NOW - 4000, updatedAt: NOW - 4000, status: 'to-read', tags: [], note: 'café 😀 — 中文 — \t tab', paper: paper('', []) },
];

async function seeded() {
  const lib = profile();
  const r = await importText(lib, toJson(TRICKY));
  expect(r).toMatchObject({ ok: true, report: { added: TRICKY.map((e) => e.id) } });
  return lib;
}

describe('round trips', () => {
  it('the tricky entries are unknown to the bundled papers (nothing is filled in from them)', () => {
    for (const e of TRICKY) expect(CORPUS.some((p) => p.id === e.id)).toBe(false);
  });

  it('the library holds the tricky entries exactly', async () => {
    const lib = await seeded();
    expect(await lib.list()).toEqual(TRICKY);
  });

  it.each<ExportFormat>(['bibtex', 'json'])('%s: export → import into the same library changes nothing and exports the same bytes', async (format) => {
    const lib = await seeded();
    const first = (await exportEntries(lib, format)).text;
    const r = await importText(lib, first);
    expect(r.ok && r.report.added).toEqual([]);
    expect(r.ok && r.report.updated).toEqual([]);
    expect(await lib.list()).toEqual(TRICKY);
    expect((await exportEntries(lib, format)).text).toBe(first);
  });

  it.each<ExportFormat>(['bibtex', 'json'])('%s: export → import into a fresh profile → export gives the same bytes', async (format) => {
    const first = (await exportEntries((await seeded()), format)).text;
    const fresh = profile();
    const r = await importText(fresh, first);
    expect(r.ok && r.report.added).toHaveLength(TRICKY.length);
    expect((await exportEntries(fresh, format)).text).toBe(first);
  });

  it.each<ExportFormat>(['markdown', 'csv'])('%s (export only): the same from a restored backup, and stable', async (format) => {
    const lib = await seeded();
    const first = (await exportEntries(lib, format)).text;
    expect((await exportEntries(lib, format)).text).toBe(first);
    const fresh = profile();
    await importText(fresh, (await exportEntries(lib, 'json')).text);
    expect((await exportEntries(fresh, format)).text).toBe(first);
  });

  it('markdown is well formed: one bullet per paper, no raw HTML outside code spans', async () => {
    const md = (await exportEntries((await seeded()), 'markdown')).text;
    const lines = md.split('\n');
    expect(lines.filter((l) => l.startsWith('- ['))).toHaveLength(TRICKY.length);
    expect(lines.slice(2).every((l) => l === '' || l.startsWith('- [') || l.startsWith('  >'))).toBe(true);
    expect(md.replace(/`[^`\n]*`/g, '')).not.toMatch(/<[a-z/!]/i);
  });

  it('csv is well formed: a BOM, then one record per paper with every field as stored', async () => {
    const csv = (await exportEntries((await seeded()), 'csv')).text;
    expect(csv.startsWith('\uFEFFarxiv_id,')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows).toHaveLength(TRICKY.length + 1);
    expect(rows.every((r) => r.length === 9)).toBe(true);
    // The whole library is exported in arXiv-id order (read by ranges): find each paper's row by its id.
    const row = (id: string) => rows.find((r) => r[0] === id)!;
    expect(row(TRICKY[0].id)[1]).toBe(TRICKY[0].paper?.title);
    expect(row(TRICKY[0].id)[5]).toBe(TRICKY[0].tags.join('; '));
    expect(row(TRICKY[0].id)[6]).toBe(TRICKY[0].note);
    expect(rows.slice(1).map((r) => r[0])).toEqual(TRICKY.map((e) => e.id).sort());
  });
});

describe('imports never downgrade what the reader set', () => {
  it('the library’s own BibTeX export over the same library keeps "Reading" and tags with commas', async () => {
    const lib = await seeded();
    const bib = (await exportEntries(lib, 'bibtex')).text;
    await importText(lib, bib);
    const e = (await lib.list())[0];
    expect(e.status).toBe('reading');
    expect(e.tags).toEqual(TRICKY[0].tags);
  });

  it('an older JSON backup adds and fills, but keeps status, tags and note the reader changed since', async () => {
    const lib = await seeded();
    const backup = (await exportEntries(lib, 'json')).text;
    await lib.update('2304.09157', { status: 'read', tags: ['mine'], note: 'rewritten' });
    await lib.update('hep-th/9901001', { note: 'new note' });
    const r = await importText(lib, backup);
    const [a, b] = await lib.list();
    expect(a).toMatchObject({ status: 'read', note: `rewritten\n\n--- note from the imported file ---\n${TRICKY[0].note}` });
    expect(a.tags).toEqual(['mine', ...TRICKY[0].tags]);
    expect(b).toMatchObject({ status: 'read', note: 'new note' });
    expect(r.ok && r.report.updated.map((u) => u.id)).toEqual(['2304.09157']);
  });

  it('restoring a JSON backup (after the reader confirmed) puts back what it holds', async () => {
    const lib = await seeded();
    const backup = (await exportEntries(lib, 'json')).text;
    await lib.update('2304.09157', { status: 'read', tags: ['mine'], note: 'rewritten' });
    const r = await importText(lib, backup, 'restore');
    expect(r.ok && r.report.updated).toEqual([{ id: '2304.09157', reason: 'status, tags and note replaced by the backup’s' }]);
    expect(await lib.list()).toEqual(TRICKY);
  });

  it('restore is for JSON backups only: a BibTeX file still only adds and fills', async () => {
    const lib = await seeded();
    const bib = (await exportEntries(lib, 'bibtex')).text;
    await lib.update('2304.09157', { tags: [] });
    await importText(lib, bib, 'restore');
    expect((await lib.list())[0]).toMatchObject({ status: 'reading', tags: TRICKY[0].tags });
  });

  it('a note at exactly the limit survives every format that carries notes', async () => {
    const lib = profile();
    const note = `${'x'.repeat(LIMITS.note - 2)}😀`;
    await importText(lib, toJson([{ ...TRICKY[0], note }]));
    for (const format of ['bibtex', 'json'] as const) {
      const fresh = profile();
      const r = await importText(fresh, (await exportEntries(lib, format)).text);
      expect(r.ok && r.report.cut).toEqual([]);
      const got = (await fresh.list())[0].note;
      expect(got.length).toBe(LIMITS.note);
      expect(got === note).toBe(true);
    }
  });

  it('what an import shortens is in its report', async () => {
    const lib = profile();
    const r = await importText(lib, `@misc{k, eprint = {2401.99998}, annote = {${'a'.repeat(1_000_000)}}}`);
    expect(r.ok && r.report.cut).toEqual([{ id: '2401.99998', what: ['note shortened to 100,000 characters (was 1,000,000)'] }]);
    expect((await lib.list())[0].note).toHaveLength(LIMITS.note);
  });
});

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}
