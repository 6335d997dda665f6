/** Export of the reading list: BibTeX (arXiv-style @misc), Markdown, CSV and the JSON backup. */
import { absUrl } from '../arxiv/ids';
import { BACKUP_FORMAT, entryYear, STATUS_LABEL, type LibraryBackup, type LibraryEntry } from './types';

export type ExportFormat = 'bibtex' | 'markdown' | 'csv' | 'json';

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
};

/**
 * Escapes LaTeX's special characters so a field cannot break the entry or the document, but keeps
 * `$…$` math as written: titles on arXiv carry TeX that the author meant.
 */
export function escapeLatex(text: string): string {
  const parts = text.split(/(\$[^$]+\$)/g);
  return parts
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\{}&%#_~^$]/g, (c) => (c === '$' ? '\\$' : LATEX_SPECIAL[c]))))
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

/** Stable keys, e.g. zhan2023neural; clashes get a, b, … in id order so a key never changes with the selection order. */
export function citationKeys(entries: readonly LibraryEntry[]): Map<string, string> {
  const base = new Map<string, string>();
  for (const e of [...entries].sort((a, b) => a.id.localeCompare(b.id))) {
    const last = keyPart(e.paper?.authors[0]?.split(/\s+/).at(-1) ?? '') || 'arxiv';
    const year = entryYear(e) ?? '';
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

/** One arXiv-style @misc entry per paper. */
export function toBibtex(entries: readonly LibraryEntry[]): string {
  const keys = citationKeys(entries);
  return entries
    .map((e) => {
      const fields: [string, string][] = [];
      if (e.paper?.title) fields.push(['title', escapeLatex(e.paper.title)]);
      if (e.paper?.authors.length) fields.push(['author', e.paper.authors.map(escapeLatex).join(' and ')]);
      const year = entryYear(e);
      if (year) fields.push(['year', year]);
      fields.push(['eprint', e.id], ['archivePrefix', 'arXiv']);
      if (e.paper?.primarySubject) fields.push(['primaryClass', e.paper.primarySubject]);
      fields.push(['url', absUrl(e.id)]);
      if (e.tags.length) fields.push(['keywords', e.tags.map(escapeLatex).join(', ')]);
      const body = fields.map(([k, v]) => `  ${k} = {${v}},`).join('\n');
      return `@misc{${keys.get(e.id)},\n${body}\n}\n`;
    })
    .join('\n');
}

/** A readable list with links, status, tags and notes (kept as the Markdown the reader wrote). */
export function toMarkdown(entries: readonly LibraryEntry[]): string {
  const lines = ['# Reading list', ''];
  for (const e of entries) {
    const title = (e.paper?.title || `arXiv:${e.id}`).replace(/([[\]])/g, '\\$1');
    const meta = [e.paper?.authors.join(', '), entryYear(e), STATUS_LABEL[e.status], ...e.tags.map((t) => `#${t.replace(/\s+/g, '-')}`)].filter(Boolean);
    lines.push(`- [${title}](${absUrl(e.id)}) — ${meta.join(' · ')}`);
    if (e.note.trim()) for (const l of e.note.trim().split('\n')) lines.push(`  > ${l}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets do not run it as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(entries: readonly LibraryEntry[]): string {
  const header = ['arxiv_id', 'title', 'authors', 'year', 'status', 'tags', 'note', 'added', 'url'];
  const rows = entries.map((e) =>
    [e.id, e.paper?.title ?? '', e.paper?.authors.join('; ') ?? '', entryYear(e) ?? '', e.status, e.tags.join('; '), e.note, new Date(e.addedAt).toISOString(), absUrl(e.id)].map(csvCell).join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}

export function toJson(entries: readonly LibraryEntry[], now = new Date()): string {
  const backup: LibraryBackup = { format: BACKUP_FORMAT, version: 1, exportedAt: now.toISOString(), entries: [...entries] };
  return `${JSON.stringify(backup, null, 2)}\n`;
}

/** The exported text with a file name and MIME type. */
export function exportLibrary(entries: readonly LibraryEntry[], format: ExportFormat, now = new Date()): { text: string; filename: string; mime: string } {
  const stamp = now.toISOString().slice(0, 10);
  switch (format) {
    case 'bibtex':
      return { text: toBibtex(entries), filename: `arxiv-neighbors-${stamp}.bib`, mime: 'application/x-bibtex' };
    case 'markdown':
      return { text: toMarkdown(entries), filename: `arxiv-neighbors-${stamp}.md`, mime: 'text/markdown' };
    case 'csv':
      return { text: toCsv(entries), filename: `arxiv-neighbors-${stamp}.csv`, mime: 'text/csv' };
    case 'json':
      return { text: toJson(entries, now), filename: `arxiv-neighbors-${stamp}.json`, mime: 'application/json' };
  }
}
