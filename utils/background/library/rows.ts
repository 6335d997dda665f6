/**
 * Rows as they are read from the database, checked: an older or broken version may have written a
 * field of the wrong type, or none at all. What can be repaired is (a number where text belongs
 * becomes that text, a missing date the other date); a row that cannot be is set aside, counted, and
 * can be exported as it is. Nothing read from storage reaches the UI or an export unchecked.
 */
import { parseArxivId } from '../../shared/arxiv/ids';
import type { ReadingListRecord } from '../db/schema';
import { applyLimits } from '../../shared/library/limits';
import { normalizeTags, STATUSES, type EntryPaper, type LibraryEntry, type ReadingStatus } from '../../shared/library/types';

export type ReadRow = { ok: true; entry: LibraryEntry; repaired: boolean } | { ok: false; id: string | null; raw: unknown };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finiteTime = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

/** Text from a field that should hold text: numbers and booleans become their text, anything else ''. */
function asText(v: unknown): { value: string; repaired: boolean } {
  if (typeof v === 'string') return { value: v, repaired: false };
  if (typeof v === 'number' || typeof v === 'boolean') return { value: String(v), repaired: true };
  return { value: '', repaired: v !== undefined };
}

function asTextList(v: unknown): { value: string[]; repaired: boolean } {
  if (Array.isArray(v)) {
    const value = v.map((x) => asText(x).value).filter(Boolean);
    return { value, repaired: value.length !== v.length || v.some((x) => typeof x !== 'string') };
  }
  if (typeof v === 'string') return { value: v ? [v] : [], repaired: true };
  if (typeof v === 'number') return { value: [String(v)], repaired: true };
  return { value: [], repaired: v !== undefined };
}

/** The paper part of an entry: what is known of it, checked, within the limits. */
export function readPaper(p: unknown): EntryPaper | null {
  if (!isObj(p)) return null;
  const title = asText(p.title).value;
  const abstract = asText(p.abstract).value;
  const authors = asTextList(p.authors).value;
  const limited = applyLimits({ title, abstract, authors }).value;
  const ym = typeof p.yearMonth === 'string' && /^\d{4}(-\d{2})?$/.test(p.yearMonth) ? p.yearMonth : null;
  const version = typeof p.version === 'number' && Number.isInteger(p.version) && p.version > 0 ? p.version : null;
  const subject = typeof p.primarySubject === 'string' && p.primarySubject ? p.primarySubject.slice(0, 64) : null;
  return { title: limited.title, authors: limited.authors, abstract: limited.abstract, yearMonth: ym, primarySubject: subject, version };
}

/**
 * A reading-list row and its paper row as an entry. Unreadable only when the row has no usable id
 * (nothing could open, restore or export it by id); every other field is repaired.
 */
export function readEntry(raw: unknown, paper: unknown): ReadRow {
  if (!isObj(raw)) return { ok: false, id: typeof raw === 'string' ? raw : null, raw };
  const id = typeof raw.id === 'string' ? raw.id : null;
  if (!id || parseArxivId(id)?.id !== id) return { ok: false, id, raw };
  let repaired = false;
  const status = STATUSES.includes(raw.status as ReadingStatus) ? (raw.status as ReadingStatus) : 'to-read';
  if (status !== raw.status) repaired = true;
  const tagsIn = asTextList(raw.tags);
  const tags = normalizeTags(tagsIn.value);
  const noteIn = asText(raw.note);
  repaired ||= tagsIn.repaired || noteIn.repaired;
  const added = finiteTime(raw.addedAt);
  const updated = finiteTime(raw.updatedAt);
  if (added === null || updated === null) repaired = true;
  const addedAt = added ?? updated ?? 0;
  const limited = applyLimits({ note: noteIn.value, tags });
  if (limited.cut.length) repaired = true;
  return {
    ok: true,
    repaired,
    entry: { id, addedAt, updatedAt: updated ?? addedAt, status, tags: limited.value.tags, note: limited.value.note, paper: readPaper(paper) },
  };
}

/** The stored row for a (checked) entry. */
export function toRecord(e: LibraryEntry): ReadingListRecord {
  return { id: e.id, addedAt: e.addedAt, updatedAt: e.updatedAt, status: e.status, tags: e.tags, note: e.note };
}

/** A row as JSON text however odd its values (for "export them as they are"). */
export function rawJson(raw: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(raw, (_k, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return `[${v.byteLength} bytes]`;
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '[repeated]';
        seen.add(v);
      }
      return v;
    }) ?? 'null';
  } catch {
    return JSON.stringify(String(raw));
  }
}
