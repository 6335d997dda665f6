/**
 * Import of a JSON backup or a BibTeX file with arXiv eprints. Parsing is all-or-nothing: any error in
 * the file is reported and nothing is imported, so a truncated or hand-corrupted file changes nothing.
 */
import { parseArxivId } from '../arxiv/ids';
import { BACKUP_FORMAT, type ReadingStatus, MAX_NOTE_LENGTH, MAX_TAGS, MAX_TAG_LENGTH, STATUSES, normalizeTags, type EntryPaper, type LibraryEntry } from './types';

export type ParseResult = { ok: true; entries: LibraryEntry[]; skipped: { id: string; reason: string }[] } | { ok: false; errors: string[] };

const MAX_ERRORS = 20;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parsePaper(v: unknown, where: string, errors: string[]): EntryPaper | null {
  if (v === null || v === undefined) return null;
  if (!isObj(v)) {
    errors.push(`${where}: "paper" must be an object or null`);
    return null;
  }
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  if (v.title !== undefined && typeof v.title !== 'string') errors.push(`${where}: paper.title must be text`);
  if (v.authors !== undefined && !(Array.isArray(v.authors) && v.authors.every((a) => typeof a === 'string'))) errors.push(`${where}: paper.authors must be a list of names`);
  const ym = str('yearMonth');
  if (ym && !/^\d{4}(-\d{2})?$/.test(ym)) errors.push(`${where}: paper.yearMonth must look like 2023-04`);
  const version = typeof v.version === 'number' && Number.isInteger(v.version) && v.version > 0 ? v.version : null;
  return {
    title: str('title'),
    authors: Array.isArray(v.authors) ? (v.authors as string[]) : [],
    abstract: str('abstract'),
    yearMonth: ym || null,
    primarySubject: str('primarySubject') || null,
    version,
  };
}

/** Validates a JSON backup produced by the export. */
export function parseJsonBackup(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`Not valid JSON (${e instanceof Error ? e.message : String(e)}). The file may be truncated.`] };
  }
  if (!isObj(data) || data.format !== BACKUP_FORMAT) return { ok: false, errors: [`Not an arXiv Neighbors backup (expected "format": "${BACKUP_FORMAT}").`] };
  if (data.version !== 1) return { ok: false, errors: [`Backup version ${String(data.version)} is not supported by this version of the extension.`] };
  if (!Array.isArray(data.entries)) return { ok: false, errors: ['"entries" must be a list.'] };
  const errors: string[] = [];
  const entries: LibraryEntry[] = [];
  const skipped: { id: string; reason: string }[] = [];
  const seen = new Set<string>();
  data.entries.forEach((raw: unknown, i: number) => {
    const where = `entry ${i + 1}`;
    if (!isObj(raw)) return errors.push(`${where}: not an object`);
    const parsedId = typeof raw.id === 'string' ? parseArxivId(raw.id) : null;
    if (!parsedId) return errors.push(`${where}: "${String(raw.id)}" is not an arXiv id`);
    const id = parsedId.id;
    const before = errors.length;
    if (!STATUSES.includes(raw.status as ReadingStatus)) errors.push(`${where} (${id}): status must be one of ${STATUSES.join(', ')}`);
    if (!Array.isArray(raw.tags) || !raw.tags.every((t) => typeof t === 'string' && t.length <= MAX_TAG_LENGTH) || raw.tags.length > MAX_TAGS) {
      errors.push(`${where} (${id}): tags must be a list of at most ${MAX_TAGS} short texts`);
    }
    if (typeof raw.note !== 'string' || raw.note.length > MAX_NOTE_LENGTH) errors.push(`${where} (${id}): note must be text of at most ${MAX_NOTE_LENGTH} characters`);
    for (const k of ['addedAt', 'updatedAt'] as const) {
      if (typeof raw[k] !== 'number' || !Number.isFinite(raw[k]) || (raw[k] as number) < 0) errors.push(`${where} (${id}): ${k} must be a timestamp`);
    }
    const paper = parsePaper(raw.paper, `${where} (${id})`, errors);
    if (errors.length > before) return;
    if (seen.has(id)) return skipped.push({ id, reason: 'listed twice in the file; the first one was used' });
    seen.add(id);
    entries.push({
      id,
      status: raw.status as ReadingStatus,
      tags: normalizeTags(raw.tags as string[]),
      note: raw.note as string,
      addedAt: raw.addedAt as number,
      updatedAt: raw.updatedAt as number,
      paper,
    });
  });
  if (errors.length) return { ok: false, errors: errors.length > MAX_ERRORS ? [...errors.slice(0, MAX_ERRORS), `… and ${errors.length - MAX_ERRORS} more`] : errors };
  return { ok: true, entries, skipped };
}

interface BibEntry {
  type: string;
  key: string;
  fields: Map<string, string>;
}

/** A small BibTeX reader: entries, brace/quote/number values, `#` concatenation; comments skipped. */
export function parseBibtex(text: string): { entries: BibEntry[]; errors: string[] } {
  const entries: BibEntry[] = [];
  const errors: string[] = [];
  let i = 0;
  const n = text.length;
  const skipWs = () => {
    while (i < n && /\s/.test(text[i])) i++;
  };
  const lineAt = (pos: number) => text.slice(0, pos).split('\n').length;
  while (i < n) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    i = at + 1;
    const typeMatch = /^[A-Za-z]+/.exec(text.slice(i, i + 40));
    if (!typeMatch) continue;
    const type = typeMatch[0].toLowerCase();
    i += typeMatch[0].length;
    skipWs();
    const open = text[i];
    if (open !== '{' && open !== '(') {
      errors.push(`line ${lineAt(i)}: expected "{" after @${type}`);
      continue;
    }
    const close = open === '{' ? '}' : ')';
    i++;
    if (type === 'comment' || type === 'preamble' || type === 'string') {
      let depth = 1;
      while (i < n && depth > 0) {
        if (text[i] === open) depth++;
        else if (text[i] === close) depth--;
        i++;
      }
      continue;
    }
    const keyEnd = text.indexOf(',', i);
    if (keyEnd < 0) {
      errors.push(`line ${lineAt(i)}: entry @${type} has no key`);
      break;
    }
    const key = text.slice(i, keyEnd).trim();
    i = keyEnd + 1;
    const fields = new Map<string, string>();
    let ok = true;
    for (;;) {
      skipWs();
      if (text[i] === close) {
        i++;
        break;
      }
      if (text[i] === ',') {
        i++;
        continue;
      }
      const nameMatch = /^[A-Za-z][\w:-]*/.exec(text.slice(i, i + 80));
      if (!nameMatch) {
        errors.push(`line ${lineAt(i)}: unexpected text in entry ${key || '(no key)'}`);
        ok = false;
        break;
      }
      const name = nameMatch[0].toLowerCase();
      i += nameMatch[0].length;
      skipWs();
      if (text[i] !== '=') {
        errors.push(`line ${lineAt(i)}: expected "=" after ${name} in ${key}`);
        ok = false;
        break;
      }
      i++;
      let value = '';
      for (;;) {
        skipWs();
        if (text[i] === '{') {
          let depth = 1;
          const start = ++i;
          while (i < n && depth > 0) {
            if (text[i] === '\\') i++;
            else if (text[i] === '{') depth++;
            else if (text[i] === '}') depth--;
            i++;
          }
          if (depth > 0) {
            errors.push(`entry ${key}: unbalanced braces in ${name} (file truncated?)`);
            ok = false;
            break;
          }
          value += text.slice(start, i - 1);
        } else if (text[i] === '"') {
          const start = ++i;
          let depth = 0;
          while (i < n && !(text[i] === '"' && depth === 0)) {
            if (text[i] === '\\') i++;
            else if (text[i] === '{') depth++;
            else if (text[i] === '}') depth--;
            i++;
          }
          if (i >= n) {
            errors.push(`entry ${key}: unterminated quote in ${name}`);
            ok = false;
            break;
          }
          value += text.slice(start, i);
          i++;
        } else {
          const bare = /^[\w.-]+/.exec(text.slice(i, i + 200));
          if (!bare) {
            errors.push(`line ${lineAt(i)}: missing value for ${name} in ${key}`);
            ok = false;
            break;
          }
          value += bare[0];
          i += bare[0].length;
        }
        skipWs();
        if (text[i] === '#') {
          i++;
          continue;
        }
        break;
      }
      if (!ok) break;
      fields.set(name, value);
    }
    if (!ok) break;
    entries.push({ type, key, fields });
  }
  return { entries, errors };
}

/** Stands in for a literal backslash while braces and escapes are undone (never occurs in BibTeX text). */
const BACKSLASH = '\uE000';

/** Field text as a reader would write it: protective braces and whitespace runs removed, escapes undone. */
function bibText(value: string): string {
  return value
    .replace(/\\textbackslash\{\}/g, BACKSLASH)
    .replace(/\\textasciitilde\{\}/g, '~')
    .replace(/\\textasciicircum\{\}/g, '^')
    .replace(/(?<!\\)[{}]/g, '')
    .replace(/\\([&%#_{}$])/g, '$1')
    .replaceAll(BACKSLASH, '\\')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The arXiv id of a BibTeX entry: eprint, else an arXiv URL, DOI 10.48550/arXiv.X or "arXiv:X" in journal/note. */
function bibArxivId(fields: Map<string, string>): string | null {
  const candidates = [
    fields.get('eprint'),
    /arxiv\.org\/(?:abs|pdf)\/([^\s}v]+(?:v\d+)?)/i.exec(fields.get('url') ?? '')?.[1],
    /10\.48550\/arxiv\.(\S+)/i.exec(fields.get('doi') ?? '')?.[1],
    /arxiv:\s*(\S+)/i.exec(`${fields.get('journal') ?? ''} ${fields.get('note') ?? ''}`)?.[1],
  ];
  for (const c of candidates) {
    const parsed = c ? parseArxivId(c.replace(/[,;]$/, '')) : null;
    if (parsed) return parsed.id;
  }
  return null;
}

/** Turns a BibTeX file into library entries (status "to read"); entries without an arXiv id are skipped with a reason. */
export function parseBibtexImport(text: string, now = Date.now()): ParseResult {
  const { entries, errors } = parseBibtex(text);
  if (errors.length) return { ok: false, errors };
  if (entries.length === 0) return { ok: false, errors: ['No BibTeX entries found.'] };
  const out: LibraryEntry[] = [];
  const skipped: { id: string; reason: string }[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    const id = bibArxivId(e.fields);
    if (!id) {
      skipped.push({ id: e.key, reason: 'no arXiv id (eprint, arXiv URL or arXiv DOI)' });
      continue;
    }
    if (seen.has(id)) {
      skipped.push({ id, reason: 'listed twice in the file; the first one was used' });
      continue;
    }
    seen.add(id);
    const year = /\d{4}/.exec(e.fields.get('year') ?? '')?.[0];
    const month = /^\d{4}\.(\d{2})\d{2,3}$/.exec(id)?.[1];
    out.push({
      id,
      status: 'to-read',
      tags: normalizeTags((e.fields.get('keywords') ?? '').split(/[,;]/).map(bibText)),
      note: bibText(e.fields.get('annote') ?? e.fields.get('comment') ?? ''),
      addedAt: now,
      updatedAt: now,
      paper: {
        title: bibText(e.fields.get('title') ?? ''),
        authors: (e.fields.get('author') ?? '').split(/\s+and\s+/i).map(bibText).filter(Boolean),
        abstract: bibText(e.fields.get('abstract') ?? ''),
        yearMonth: year ? (month ? `${year}-${month}` : year) : null,
        primarySubject: e.fields.get('primaryclass')?.trim() || null,
        version: null,
      },
    });
  }
  return { ok: true, entries: out, skipped };
}

/** Picks the parser by content: a JSON backup starts with "{". */
export function parseImport(text: string, now = Date.now()): ParseResult {
  if (text.length > 50_000_000) return { ok: false, errors: ['The file is larger than 50 MB.'] };
  return text.trimStart().startsWith('{') ? parseJsonBackup(text) : parseBibtexImport(text, now);
}
