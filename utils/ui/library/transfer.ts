/**
 * The library page's side of large operations, a message at a time: every id of a view in pages, an
 * export written part by part (for a Blob), an import
 * parsed here and sent in parts of a few MB, a
 * deletion of any size in parts that share one Undo batch.
 */
import type { MessageName, Request, Response } from '../../shared/messages/background';
import { PlainError, plainMessage } from '../../shared/plain-errors';
import type { ExportFormat } from '../../background/library/export';
import { parseImport } from './import';
import { applyLimits } from '../../shared/library/limits';
import type { MergeMode } from '../../background/library/merge';
import { IMPORT_PART_CHARS, IMPORT_PART_ENTRIES, MAX_DISMISSALS_PER_MESSAGE, MAX_IDS_PER_MESSAGE } from '../../shared/library/paging';
import type { ImportReportPart, ViewQuery } from '../../background/library/service';
import type { LibraryEntry } from '../../shared/library/types';

export type Send = <K extends MessageName>(name: K, payload: Request<K>) => Promise<Response<K>>;

export const ALL: ViewQuery = { query: '', status: 'all', tag: 'all', sort: 'added' };

export type ImportResult = { ok: true; report: ImportReportPart } | { ok: false; errors: string[] };

/**
 * The file's parts in order (their concatenation is the file), its name and type: the entries of `ids`
 * (a selection, in its order), or with `ids` null the whole library in arXiv-id order.
 */
export async function exportParts(
  send: Send,
  format: ExportFormat,
  ids: readonly string[] | null,
  onProgress?: (done: number, total: number | null) => void,
): Promise<{ parts: string[]; filename: string; mime: string }> {
  const head = await send('exportLibrary', { format, part: 'header', ids: [], index: 0 });
  // Every part carries the header's time (the JSON backup's "exportedAt", the file name's date).
  const base = { format, exportedAt: head.exportedAt };
  const parts = [head.text];
  let written = 0;
  if (ids === null) {
    let cursor: string | null = null;
    do {
      const r: Response<'exportLibrary'> = await send('exportLibrary', { ...base, part: 'entries', ids: [], index: written, cursor });
      parts.push(r.text);
      written += r.written;
      if (r.next !== null && r.next === cursor) throw new PlainError('The export stopped making progress.');
      cursor = r.next;
      onProgress?.(written, null);
    } while (cursor !== null);
  } else {
    let done = 0;
    while (done < ids.length) {
      const r: Response<'exportLibrary'> = await send('exportLibrary', { ...base, part: 'entries', ids: ids.slice(done, done + MAX_IDS_PER_MESSAGE), index: written });
      if (r.consumed <= 0) throw new PlainError('The export stopped making progress.');
      parts.push(r.text);
      written += r.written;
      done += r.consumed;
      onProgress?.(done, ids.length);
    }
  }
  parts.push((await send('exportLibrary', { ...base, part: 'footer', ids: [], index: written })).text);
  return { parts, filename: head.filename, mime: head.mime };
}

/** Parts of at most IMPORT_PART_CHARS characters of JSON and IMPORT_PART_ENTRIES entries. */
export function importParts(entries: readonly LibraryEntry[]): LibraryEntry[][] {
  const parts: LibraryEntry[][] = [];
  let part: LibraryEntry[] = [];
  let chars = 0;
  for (const e of entries) {
    const size = JSON.stringify(e).length;
    if (part.length && (chars + size > IMPORT_PART_CHARS || part.length >= IMPORT_PART_ENTRIES)) {
      parts.push(part);
      part = [];
      chars = 0;
    }
    part.push(e);
    chars += size;
  }
  if (part.length) parts.push(part);
  return parts;
}

/**
 * Parses a file (nothing is sent when it has problems), applies the limits, sends it in parts, then the
 * backup's "not relevant" marks. A failure part-way says how much was imported before it.
 */
export async function importFile(send: Send, text: string, opts: { mode?: MergeMode; onProgress?: (done: number, total: number) => void } = {}): Promise<ImportResult> {
  const parsed = parseImport(text);
  if (!parsed.ok) return parsed;
  const report: ImportReportPart = { added: [], updated: [], skipped: [...parsed.skipped], cut: [...parsed.cut] };
  const cutHere = new Set(report.cut.map((c) => c.id));
  const limited = parsed.entries.map((e) => {
    const l = applyLimits(e);
    if (l.cut.length && !cutHere.has(e.id)) {
      report.cut.push({ id: e.id, what: l.cut });
      cutHere.add(e.id);
    }
    return l.value;
  });
  const base = { kind: parsed.kind, ...(opts.mode ? { mode: opts.mode } : {}) };
  let done = 0;
  const step = async (payload: Request<'importLibrary'>) => {
    try {
      const r = (await send('importLibrary', payload)).report;
      report.added.push(...r.added);
      report.updated.push(...r.updated);
      report.skipped.push(...r.skipped);
      // What the page cut is reported once; the background adds what a merge made too long.
      report.cut.push(...r.cut.filter((c) => !cutHere.has(c.id)));
      if (r.dismissals !== undefined) report.dismissals = (report.dismissals ?? 0) + r.dismissals;
    } catch (e) {
      const why = plainMessage(e);
      throw new PlainError(done ? `${done.toLocaleString('en')} of ${limited.length.toLocaleString('en')} entries were imported, then: ${why}` : why);
    }
  };
  for (const part of importParts(limited)) {
    await step({ ...base, entries: part });
    done += part.length;
    opts.onProgress?.(done, limited.length);
  }
  for (let i = 0; i < parsed.dismissals.length; i += MAX_DISMISSALS_PER_MESSAGE) {
    await step({ ...base, entries: [], dismissals: parsed.dismissals.slice(i, i + MAX_DISMISSALS_PER_MESSAGE) });
  }
  return { ok: true, report };
}

/** Deletes any number of entries as one Undo batch. */
export async function deleteMany(send: Send, ids: readonly string[]): Promise<{ batch: string; count: number }> {
  let batch: string | undefined;
  let count = 0;
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_MESSAGE) {
    const r = await send('deleteEntries', { ids: ids.slice(i, i + MAX_IDS_PER_MESSAGE), ...(batch ? { batch } : {}) });
    batch = r.batch;
    count += r.count;
  }
  return { batch: batch ?? '', count };
}
