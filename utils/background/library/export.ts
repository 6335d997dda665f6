/**
 * Export of the reading list: BibTeX (arXiv-style @misc), Markdown, CSV and the JSON backup.
 *
 * Every format is written in three parts, so a long list can be written page by page:
 * `formatHeader(format) + formatEntries(format, page1, { index: 0 }) + formatEntries(format, page2,
 * { index: page1.length }) + … + formatFooter(format)` is the whole file, byte for byte the same as
 * `exportLibrary` gives for all entries at once. BibTeX citation keys depend on the whole selection
 * (clashes get a, b, …): a caller writing pages passes `keys: citationKeys(all)`.
 *
 * BibTeX conventions (and what the import reads back):
 * - titles: words with a capital after their first letter (GPT, LoRA, ImageNet, 3D) are wrapped in
 *   `{}` so bibliography styles keep their case; whitespace runs are written as one space;
 * - `keywords`: tags separated by ", "; a tag containing "," or ";" is wrapped whole in `{}`
 *   (`keywords = {{theory, math}, to cite}`), the protection biblatex's keyword lists understand;
 * - `annote`: the note, every character kept (line breaks included), LaTeX specials escaped;
 * - names: "First von Last" as stored; a name with ", Jr." is written "von Last, Jr., First"; a name
 *   with any other comma or the word "and" is wrapped whole in `{}`; "et al." is written `others`.
 */
import { absUrl } from '../../shared/arxiv/ids';
import { BACKUP_FORMAT, entryYear, STATUS_LABEL, type BackupDismissal, type LibraryEntry } from '../../shared/library/types';

export type ExportFormat = 'bibtex' | 'markdown' | 'csv' | 'json';

/** File-wide parts of an export: the JSON backup's time stamp and "not relevant" marks. */
export interface ExportOptions {
  now?: Date;
  dismissals?: readonly BackupDismissal[];
}

/** Where a page of entries sits in the file: entries written before it, and (BibTeX) the keys of all. */
export interface EntriesAt {
  index: number;
  keys?: ReadonlyMap<string, string>;
}

const LATEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  $: '\\$',
};

/** True when the unescaped braces of a math segment balance (else it is written as plain text). */
function balanced(math: string): boolean {
  let depth = 0;
  for (let i = 0; i < math.length; i++) {
    const c = math[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Escapes LaTeX's special characters so a field cannot break the entry or the document, but keeps
 * `$…$` math as written: titles on arXiv carry TeX that the author meant. With `protect`, words with
 * a capital after their first letter are wrapped in `{}`.
 */
export function escapeLatex(text: string, protect = false): string {
  const parts = text.split(/(\$[^$]+\$)/g);
  return parts
    .map((part, i) =>
      i % 2 === 1 && balanced(part)
        ? part
        : part.replace(/([\p{L}\p{N}]+)|[\\{}&%#_~^$]/gu, (m: string, word: string | undefined) =>
            word === undefined ? LATEX_SPECIAL[m] : protect && /^.+\p{Lu}/su.test(word) ? `{${word}}` : word,
          ),
    )
    .join('');
}

/** ASCII letters of a word, for citation keys. */
function keyPart(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

const KEY_STOP = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'and', 'in', 'to', 'with', 'towards', 'toward', 'via', 'is', 'are']);

/** What a citation key is made of; enough to compute keys for a whole library from a light listing. */
export type KeySource = Pick<LibraryEntry, 'id'> & { paper: { title: string; authors: readonly string[]; yearMonth: string | null } | null };

/** Stable keys, e.g. zhan2023neural; clashes get a, b, … in id order so a key never changes with the selection order. */
export function citationKeys(entries: readonly KeySource[]): Map<string, string> {
  const base = new Map<string, string>();
  for (const e of [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const last = keyPart(e.paper?.authors[0]?.split(/\s+/).at(-1) ?? '') || 'arxiv';
    const year = e.paper?.yearMonth?.slice(0, 4) ?? '';
    const word = (e.paper?.title ?? '').split(/\s+/).map(keyPart).find((w) => w.length > 2 && !KEY_STOP.has(w)) ?? keyPart(e.id);
    base.set(e.id, `${last}${year}${word}`);
  }
  const counts = new Map<string, number>();
  for (const k of base.values()) counts.set(k, (counts.get(k) ?? 0) + 1);
  const used = new Map<string, number>();
  const keys = new Map<string, string>();
  for (const [id, k] of base) {
    if ((counts.get(k) ?? 0) < 2) {
      keys.set(id, k);
      continue;
    }
    const n = used.get(k) ?? 0;
    used.set(k, n + 1);
    keys.set(id, `${k}${String.fromCharCode(97 + (n % 26))}${n >= 26 ? Math.floor(n / 26) : ''}`);
  }
  return keys;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** BibTeX's "First von Last": the last word is Last; lowercase words before it are "von". */
function splitName(name: string): { first: string; vonLast: string } {
  const words = name.split(' ');
  if (words.length < 2) return { first: '', vonLast: name };
  let k = words.length - 1;
  while (k > 1 && /^\p{Ll}/u.test(words[k - 1])) k--;
  if (k === 1 && /^\p{Ll}/u.test(words[0])) k = 0;
  return { first: words.slice(0, k).join(' '), vonLast: words.slice(k).join(' ') };
}

/** One name as BibTeX reads it back to the same text (see the conventions above). */
function bibName(raw: string): string {
  const name = oneLine(raw);
  if (name === 'et al.') return 'others';
  const jr = /^([^,]+), ((?:Jr|Sr)\.?|I{2,3}|IV)$/.exec(name);
  if (jr && !/(^|\s)and(\s|$)/i.test(name)) {
    const { first, vonLast } = splitName(jr[1]);
    if (first) return `${escapeLatex(vonLast)}, ${escapeLatex(jr[2])}, ${escapeLatex(first)}`;
  }
  if (name.includes(',') || /(^|\s)and(\s|$)/i.test(name) || name === 'others') return `{${escapeLatex(name)}}`;
  return escapeLatex(name);
}

/** A tag for the keywords list: wrapped in braces when it holds a list separator. */
const bibTag = (tag: string) => (/[,;]/.test(tag) ? `{${escapeLatex(tag)}}` : escapeLatex(tag));

function bibEntry(e: LibraryEntry, key: string): string {
  const fields: [string, string][] = [];
  if (e.paper?.title) fields.push(['title', escapeLatex(oneLine(e.paper.title), true)]);
  if (e.paper?.authors.length) fields.push(['author', e.paper.authors.map(bibName).filter(Boolean).join(' and ')]);
  const year = entryYear(e);
  if (year) fields.push(['year', year]);
  fields.push(['eprint', e.id], ['archivePrefix', 'arXiv']);
  if (e.paper?.primarySubject) fields.push(['primaryClass', escapeLatex(e.paper.primarySubject)]);
  fields.push(['url', absUrl(e.id)]);
  if (e.tags.length) fields.push(['keywords', e.tags.map(bibTag).join(', ')]);
  if (e.paper?.abstract.trim()) fields.push(['abstract', escapeLatex(oneLine(e.paper.abstract))]);
  if (e.note) fields.push(['annote', escapeLatex(e.note)]);
  const body = fields.map(([k, v]) => `  ${k} = {${v}},`).join('\n');
  return `@misc{${key},\n${body}\n}\n`;
}

/** Markdown inline text: no raw HTML, no accidental emphasis, links or code; one line. */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]~|]/g, '\\$&')
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A tag as a code span (shown literally by every Markdown reader, commas and spaces included). */
function markdownTag(tag: string): string {
  const t = oneLine(tag);
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** One bullet per paper: link, authors, year, status, tags; the note below as a quote. */
function markdownEntry(e: LibraryEntry): string {
  const title = escapeMarkdown(e.paper?.title || `arXiv:${e.id}`);
  const tags = e.tags.length ? `tags: ${e.tags.map(markdownTag).join(' ')}` : '';
  const meta = [escapeMarkdown(e.paper?.authors.join(', ') ?? ''), entryYear(e), STATUS_LABEL[e.status], tags].filter(Boolean);
  const lines = [`- [${title}](${absUrl(e.id)}) — ${meta.join(' · ')}`];
  // The note stays the Markdown the reader wrote, except that "<" cannot open HTML.
  const note = e.note.trim();
  if (note) for (const l of note.split(/\r\n|\r|\n/)) lines.push(`  > ${l.replace(/</g, '&lt;')}`.trimEnd());
  return lines.map((l) => `${l}\n`).join('');
}

/** A CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets do not run it as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CSV_HEADER = ['arxiv_id', 'title', 'authors', 'year', 'status', 'tags', 'note', 'added', 'url'];

function csvRow(e: LibraryEntry): string {
  return `${[e.id, e.paper?.title ?? '', e.paper?.authors.join('; ') ?? '', entryYear(e) ?? '', e.status, e.tags.join('; '), e.note, new Date(e.addedAt).toISOString(), absUrl(e.id)]
    .map(csvCell)
    .join(',')}\r\n`;
}

/** An entry with its fields in one fixed order, whatever object it came from. */
function canonical(e: LibraryEntry): LibraryEntry {
  const p = e.paper;
  return {
    id: e.id,
    addedAt: e.addedAt,
    updatedAt: e.updatedAt,
    status: e.status,
    tags: e.tags,
    note: e.note,
    paper: p && { title: p.title, authors: p.authors, abstract: p.abstract, yearMonth: p.yearMonth, primarySubject: p.primarySubject, version: p.version },
  };
}

const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);

/** The start of an export file (CSV: a UTF-8 byte-order mark, so spreadsheet programs read "Étienne" right). */
export function formatHeader(format: ExportFormat, opts: ExportOptions = {}): string {
  switch (format) {
    case 'bibtex':
      return '';
    case 'markdown':
      return '# Reading list\n\n';
    case 'csv':
      return `\uFEFF${CSV_HEADER.join(',')}\r\n`;
    case 'json':
      return `{\n  "format": ${JSON.stringify(BACKUP_FORMAT)},\n  "version": 1,\n  "exportedAt": ${JSON.stringify((opts.now ?? new Date()).toISOString())},\n  "entries": [`;
  }
}

/** A page of entries; `at.index` is how many entries the file has before this page. */
export function formatEntries(format: ExportFormat, entries: readonly LibraryEntry[], at: EntriesAt = { index: 0 }): string {
  switch (format) {
    case 'bibtex': {
      const keys = at.keys ?? citationKeys(entries);
      return entries.map((e, i) => `${at.index + i > 0 ? '\n' : ''}${bibEntry(e, keys.get(e.id) ?? keyPart(e.id))}`).join('');
    }
    case 'markdown':
      return entries.map(markdownEntry).join('');
    case 'csv':
      return entries.map(csvRow).join('');
    case 'json':
      return entries.map((e, i) => `${at.index + i > 0 ? ',' : ''}\n    ${indent(JSON.stringify(canonical(e), null, 2), '    ')}`).join('');
  }
}

/** The end of an export file (JSON: closes the entries and carries the "not relevant" marks). */
export function formatFooter(format: ExportFormat, opts: ExportOptions = {}): string {
  if (format !== 'json') return '';
  const d = opts.dismissals?.length ? `,\n  "dismissals": ${indent(JSON.stringify(opts.dismissals.map((x) => ({ forId: x.forId, paperId: x.paperId, at: x.at })), null, 2), '  ')}` : '';
  return `\n  ]${d}\n}\n`;
}

function whole(format: ExportFormat, entries: readonly LibraryEntry[], opts: ExportOptions = {}): string {
  return formatHeader(format, opts) + formatEntries(format, entries) + formatFooter(format, opts);
}

/** One arXiv-style @misc entry per paper. */
export const toBibtex = (entries: readonly LibraryEntry[]): string => whole('bibtex', entries);
/** A readable list with links, status, tags and notes (kept as the Markdown the reader wrote, HTML defused). */
export const toMarkdown = (entries: readonly LibraryEntry[]): string => whole('markdown', entries);
export const toCsv = (entries: readonly LibraryEntry[]): string => whole('csv', entries);
export const toJson = (entries: readonly LibraryEntry[], now = new Date(), dismissals?: readonly BackupDismissal[]): string => whole('json', entries, { now, dismissals });

/** The file name and MIME type of an export made at `now`. */
export function exportFile(format: ExportFormat, now = new Date()): { filename: string; mime: string } {
  const stamp = now.toISOString().slice(0, 10);
  const [ext, mime] = { bibtex: ['bib', 'application/x-bibtex'], markdown: ['md', 'text/markdown'], csv: ['csv', 'text/csv'], json: ['json', 'application/json'] }[format];
  return { filename: `arxiv-neighbors-${stamp}.${ext}`, mime };
}

/** The exported text with a file name and MIME type. */
export function exportLibrary(entries: readonly LibraryEntry[], format: ExportFormat, now = new Date(), dismissals?: readonly BackupDismissal[]): { text: string; filename: string; mime: string } {
  return { text: whole(format, entries, { now, dismissals }), ...exportFile(format, now) };
}
