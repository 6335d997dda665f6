/**
 * Import of a JSON backup or a BibTeX file with arXiv eprints. Parsing is all-or-nothing: any error in
 * the file is reported and nothing is imported, so a truncated or hand-corrupted file changes nothing.
 * Values over the library's limits (limits.ts) are shortened, and what was shortened is reported.
 *
 * Parsing is linear in the file's size, and at most MAX_ERRORS problems are listed (then "… and N more
 * problems"), so a hostile or broken file cannot keep the background busy or flood the page.
 */
import { NOT_FOR_ME } from '../../shared/library/types';
import { parseArxivId } from '../../shared/arxiv/ids';
import { applyLimits } from '../../shared/library/limits';
import { Problems } from './problems';
import { parseBibKeywords, parseBibNames, parseBibtex } from './bibtex';
import { decodeTex } from './tex';
export { MAX_ERRORS } from './problems';
import { BACKUP_FORMAT, type BackupDismissal, type ReadingStatus, STATUSES, normalizeTags, type EntryPaper, type LibraryEntry } from '../../shared/library/types';

export type ImportKind = 'json' | 'bibtex';

/** What was shortened to fit the limits, per entry (`what`: plain sentences from applyLimits). */
export interface ImportCut {
  id: string;
  what: string[];
}

export type ParseResult =
  | {
      ok: true;
      kind: ImportKind;
      entries: LibraryEntry[];
      skipped: { id: string; reason: string }[];
      cut: ImportCut[];
      /** "Not relevant" marks carried by a JSON backup (empty for BibTeX). */
      dismissals: BackupDismissal[];
    }
  | { ok: false; errors: string[] };

/** "Not relevant" marks a backup may carry. */
export const MAX_DISMISSALS = 500_000;

const WHAT_WE_TAKE = 'choose a JSON backup or a BibTeX file';

/** File kinds readers pick by mistake, by file-name ending. */
const OTHER_FORMATS: Record<string, string> = {
  csv: 'CSV',
  tsv: 'TSV',
  md: 'Markdown',
  markdown: 'Markdown',
  ris: 'RIS',
  enw: 'EndNote',
  nbib: 'PubMed',
  xml: 'XML',
  pdf: 'PDF',
  xls: 'Excel',
  xlsx: 'Excel',
  ods: 'Spreadsheet',
  doc: 'Word',
  docx: 'Word',
  zip: 'ZIP',
  html: 'HTML',
  htm: 'HTML',
};

/** Why a file cannot be imported, judged by its name (e.g. a CSV export), or null when it may be. */
export function importRejection(fileName: string): string | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  const kind = ext ? OTHER_FORMATS[ext] : undefined;
  return kind ? `${kind} files can't be imported — ${WHAT_WE_TAKE}.` : null;
}

/** Why a text that is neither JSON nor BibTeX cannot be imported, judged by its content (null: no idea). */
function otherFormat(text: string): string | null {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  const firstLine = head.split(/\r?\n/, 1)[0];
  let kind: string | null = null;
  if (head.startsWith('%PDF')) kind = 'PDF';
  else if (head.startsWith('PK\u0003\u0004')) kind = 'ZIP, Excel and Word';
  else if (/^TY {2}- /m.test(head)) kind = 'RIS';
  else if (/^\s*</.test(head)) kind = 'HTML and XML';
  else if (/^#{1,6} /.test(head)) kind = 'Markdown';
  else if ((firstLine.match(/,/g) ?? []).length >= 2 || (firstLine.match(/\t/g) ?? []).length >= 2) kind = 'CSV';
  return kind && `${kind} files can't be imported — ${WHAT_WE_TAKE}.`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTimestamp = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function parsePaper(v: unknown, where: string, errors: Problems): EntryPaper | null {
  if (v === null || v === undefined) return null;
  if (!isObj(v)) {
    errors.add(`${where}: "paper" must be an object or null`);
    return null;
  }
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  if (v.title !== undefined && typeof v.title !== 'string') errors.add(`${where}: paper.title must be text`);
  if (v.abstract !== undefined && typeof v.abstract !== 'string') errors.add(`${where}: paper.abstract must be text`);
  if (v.authors !== undefined && !(Array.isArray(v.authors) && v.authors.every((a) => typeof a === 'string'))) errors.add(`${where}: paper.authors must be a list of names`);
  const ym = str('yearMonth');
  if (ym && !/^\d{4}(-\d{2})?$/.test(ym)) errors.add(`${where}: paper.yearMonth must look like 2023-04`);
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

/** Limits an entry, noting what was cut. */
function limited(e: LibraryEntry, cut: ImportCut[]): LibraryEntry {
  const r = applyLimits(e);
  if (r.cut.length) cut.push({ id: e.id, what: r.cut });
  return r.value;
}

function parseDismissals(raw: unknown, errors: Problems): BackupDismissal[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    errors.add('"dismissals" must be a list.');
    return [];
  }
  if (raw.length > MAX_DISMISSALS) {
    errors.add(`The backup has ${raw.length.toLocaleString('en-US')} "not relevant" marks; at most ${MAX_DISMISSALS.toLocaleString('en-US')} can be imported.`);
    return [];
  }
  const byPair = new Map<string, BackupDismissal>();
  raw.forEach((d: unknown, i) => {
    // forId is a paper, or NOT_FOR_ME ("Not for me" on a listing: hidden from For you everywhere).
    const forId = isObj(d) && typeof d.forId === 'string' ? (d.forId === NOT_FOR_ME ? NOT_FOR_ME : parseArxivId(d.forId)?.id) : undefined;
    const paperId = isObj(d) && typeof d.paperId === 'string' ? parseArxivId(d.paperId)?.id : undefined;
    if (!isObj(d) || !forId || !paperId || !isTimestamp(d.at)) {
      errors.add(() => `"not relevant" mark ${i + 1}: must have forId and paperId (arXiv ids) and at (a timestamp)`);
      return;
    }
    const key = `${forId} ${paperId}`;
    const old = byPair.get(key);
    if (!old || d.at > old.at) byPair.set(key, { forId, paperId, at: d.at });
  });
  return [...byPair.values()];
}

/** Validates a JSON backup produced by the export. */
export function parseJsonBackup(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, errors: ['This is not a complete JSON file: it may be truncated or damaged.'] };
  }
  if (!isObj(data) || data.format !== BACKUP_FORMAT) return { ok: false, errors: [`This JSON file is not an arXiv Neighbors backup (it has no "format": "${BACKUP_FORMAT}") — ${WHAT_WE_TAKE}.`] };
  if (data.version !== 1) return { ok: false, errors: [`Backup version ${String(data.version)} is not supported by this version of the extension.`] };
  if (!Array.isArray(data.entries)) return { ok: false, errors: ['"entries" must be a list.'] };
  const errors = new Problems();
  const entries: LibraryEntry[] = [];
  const skipped: { id: string; reason: string }[] = [];
  const cut: ImportCut[] = [];
  const seen = new Set<string>();
  (data.entries as unknown[]).forEach((raw, i) => {
    const where = `entry ${i + 1}`;
    if (!isObj(raw)) return errors.add(`${where}: not an object`);
    const parsedId = typeof raw.id === 'string' ? parseArxivId(raw.id) : null;
    if (!parsedId) return errors.add(() => `${where}: "${String(raw.id).slice(0, 80)}" is not an arXiv id`);
    const id = parsedId.id;
    const before = errors.count;
    if (!STATUSES.includes(raw.status as ReadingStatus)) errors.add(`${where} (${id}): status must be one of ${STATUSES.join(', ')}`);
    if (!Array.isArray(raw.tags) || !raw.tags.every((t) => typeof t === 'string')) errors.add(`${where} (${id}): tags must be a list of texts`);
    if (typeof raw.note !== 'string') errors.add(`${where} (${id}): note must be text`);
    for (const k of ['addedAt', 'updatedAt'] as const) {
      if (!isTimestamp(raw[k])) errors.add(`${where} (${id}): ${k} must be a timestamp`);
    }
    const paper = parsePaper(raw.paper, `${where} (${id})`, errors);
    if (errors.count > before) return;
    if (seen.has(id)) return skipped.push({ id, reason: 'listed twice in the file; the first one was used' });
    seen.add(id);
    const e = limited({ id, status: raw.status as ReadingStatus, tags: raw.tags as string[], note: raw.note as string, addedAt: raw.addedAt as number, updatedAt: raw.updatedAt as number, paper }, cut);
    entries.push({ ...e, tags: normalizeTags(e.tags) });
  });
  const dismissals = parseDismissals(data.dismissals, errors);
  if (errors.count) return { ok: false, errors: errors.list() };
  return { ok: true, kind: 'json', entries, skipped, cut, dismissals };
}

/** The arXiv id of a BibTeX entry: eprint, else an arXiv URL, DOI 10.48550/arXiv.X or "arXiv:X" in journal/note. */
function bibArxivId(fields: Map<string, string>): string | null {
  const field = (k: string) => decodeTex(fields.get(k) ?? '');
  const candidates = [
    field('eprint'),
    /arxiv\.org\/(?:abs|pdf)\/([^\s?#]+?)(?:\.pdf)?(?:[?#\s]|$)/i.exec(field('url'))?.[1],
    /10\.48550\/arxiv\.(\S+)/i.exec(field('doi'))?.[1],
    /arxiv:\s*(\S+)/i.exec(`${field('journal')} ${field('note')} ${field('howpublished')}`)?.[1],
  ];
  for (const c of candidates) {
    const parsed = c ? parseArxivId(c.replace(/[,;.]$/, '')) : null;
    if (parsed) return parsed.id;
  }
  return null;
}

/**
 * Turns a BibTeX file into library entries (status "to read"); entries without an arXiv id are skipped
 * with a reason. The file's order is kept as the order of adding (its first entry is the newest).
 */
export function parseBibtexImport(text: string, now = Date.now()): ParseResult {
  const { entries, errors } = parseBibtex(text);
  if (entries.length === 0) {
    // A CSV or Markdown file is named as such, not listed as a thousand BibTeX problems.
    const other = otherFormat(text);
    if (other) return { ok: false, errors: [other] };
    if (!errors.length) return { ok: false, errors: [`No BibTeX entries found, and this is not a JSON backup — ${WHAT_WE_TAKE}.`] };
  }
  if (errors.length) return { ok: false, errors };
  const out: LibraryEntry[] = [];
  const skipped: { id: string; reason: string }[] = [];
  const cut: ImportCut[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    const id = bibArxivId(e.fields);
    if (!id) {
      skipped.push({ id: e.key || `@${e.type}`, reason: 'no arXiv id (eprint, arXiv URL or arXiv DOI)' });
      continue;
    }
    if (seen.has(id)) {
      skipped.push({ id, reason: 'listed twice in the file; the first one was used' });
      continue;
    }
    seen.add(id);
    const year = /\d{4}/.exec(e.fields.get('year') ?? '')?.[0];
    const month = /^\d{4}\.(\d{2})\d{2,3}$/.exec(id)?.[1];
    const t = now - out.length;
    const limitedEntry = limited(
      {
        id,
        status: 'to-read',
        tags: parseBibKeywords(e.fields.get('keywords') ?? ''),
        note: decodeTex(e.fields.get('annote') ?? e.fields.get('comment') ?? '', true),
        addedAt: t,
        updatedAt: t,
        paper: {
          title: decodeTex(e.fields.get('title') ?? ''),
          authors: parseBibNames(e.fields.get('author') ?? ''),
          abstract: decodeTex(e.fields.get('abstract') ?? ''),
          yearMonth: year ? (month ? `${year}-${month}` : year) : null,
          primarySubject: decodeTex(e.fields.get('primaryclass') ?? '') || null,
          version: null,
        },
      },
      cut,
    );
    out.push({ ...limitedEntry, tags: normalizeTags(limitedEntry.tags) });
  }
  return { ok: true, kind: 'bibtex', entries: out, skipped, cut, dismissals: [] };
}

/** Picks the parser by content: a JSON file starts with "{" or "["; anything else is read as BibTeX. */
export function parseImport(text: string, now = Date.now()): ParseResult {
  if (text.length > 50_000_000) return { ok: false, errors: ['The file is larger than 50 MB.'] };
  const start = text.replace(/^\uFEFF/, '').trimStart()[0];
  return start === '{' || start === '[' ? parseJsonBackup(text) : parseBibtexImport(text, now);
}
