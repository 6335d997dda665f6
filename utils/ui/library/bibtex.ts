/**
 * The BibTeX language, as far as an import needs it: a one-pass reader of entries and fields, TeX's
 * accents and escapes decoded to text, author lists and keyword lists split at the top brace level.
 * Linear in the file's size (a hostile file cannot keep the page busy); used by import.ts.
 */
import { Problems } from './problems';
import { decodeTex, matchAt } from './tex';

export interface BibEntry {
  type: string;
  key: string;
  /** Raw field values (braces and escapes as in the file). */
  fields: Map<string, string>;
}

const TYPE_RE = /[A-Za-z]+/y;
const KEY_RE = /[^,\s{}()"#=]*/y;
const NAME_RE = /[A-Za-z][\w:.+-]*/y;
const BARE_RE = /[\w.:/+-]+/y;
const WS_RE = /\s*/y;


/**
 * A small BibTeX reader: entries, brace/quote/number values, `#` concatenation; @comment, @preamble and
 * @string skipped. One pass over the text; line numbers are counted forward, never from the start.
 */
export function parseBibtex(text: string): { entries: BibEntry[]; errors: string[] } {
  const entries: BibEntry[] = [];
  const errors = new Problems();
  let i = 0;
  const n = text.length;
  let linePos = 0;
  let line = 1;
  const lineAt = (pos: number) => {
    if (pos < linePos) {
      linePos = 0;
      line = 1;
    }
    for (let k = linePos; k < pos; k++) if (text.charCodeAt(k) === 10) line++;
    linePos = pos;
    return line;
  };
  const problem = (pos: number, what: string) => errors.add(() => `line ${lineAt(pos)}: ${what}`);
  const skipWs = () => {
    WS_RE.lastIndex = i;
    WS_RE.exec(text);
    i = WS_RE.lastIndex;
  };
  while (i < n) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    i = at + 1;
    const typeWord = matchAt(TYPE_RE, text, i);
    if (!typeWord) continue;
    const type = typeWord.toLowerCase();
    i += typeWord.length;
    skipWs();
    const open = text[i];
    if (open !== '{' && open !== '(') {
      problem(i, `expected "{" after @${type}`);
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
    skipWs();
    const key = matchAt(KEY_RE, text, i) ?? '';
    i += key.length;
    skipWs();
    if (text[i] === close) {
      i++;
      entries.push({ type, key, fields: new Map() });
      continue;
    }
    if (text[i] !== ',') {
      problem(i, `entry @${type}${key ? ` ${key}` : ''} has no key followed by ","`);
      continue;
    }
    i++;
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
      if (i >= n) {
        problem(i, `entry ${key || '(no key)'} is not closed (file truncated?)`);
        ok = false;
        break;
      }
      const nameWord = matchAt(NAME_RE, text, i);
      if (!nameWord) {
        problem(i, `unexpected text in entry ${key || '(no key)'}`);
        ok = false;
        break;
      }
      const name = nameWord.toLowerCase();
      i += nameWord.length;
      skipWs();
      if (text[i] !== '=') {
        problem(i, `expected "=" after ${name} in ${key}`);
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
            const c = text[i];
            if (c === '\\') i++;
            else if (c === '{') depth++;
            else if (c === '}') depth--;
            i++;
          }
          if (depth > 0) {
            errors.add(`entry ${key}: unbalanced braces in ${name} (file truncated?)`);
            ok = false;
            break;
          }
          value += text.slice(start, i - 1);
        } else if (text[i] === '"') {
          const start = ++i;
          let depth = 0;
          while (i < n && !(text[i] === '"' && depth === 0)) {
            const c = text[i];
            if (c === '\\') i++;
            else if (c === '{') depth++;
            else if (c === '}') depth--;
            i++;
          }
          if (i >= n) {
            errors.add(`entry ${key}: unterminated quote in ${name}`);
            ok = false;
            break;
          }
          value += text.slice(start, i);
          i++;
        } else {
          const bare = matchAt(BARE_RE, text, i);
          if (!bare) {
            problem(i, `missing value for ${name} in ${key}`);
            ok = false;
            break;
          }
          value += bare;
          i += bare.length;
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
  return { entries, errors: errors.list() };
}

/** Splits a raw field value where `sep` matches at brace depth 0 (escaped braces do not count). */
function splitTopLevel(value: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const sticky = new RegExp(sep.source, `${sep.flags.replace('g', '')}y`);
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      sticky.lastIndex = i;
      const m = sticky.exec(value);
      if (m) {
        parts.push(value.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/**
 * A BibTeX author list as names in reading order: "Vaswani, Ashish and Shazeer, Noam" →
 * ["Ashish Vaswani", "Noam Shazeer"]; "van der Waals, Johannes" → "Johannes van der Waals";
 * "King, Jr., Martin Luther" → "Martin Luther King, Jr."; "{Barnes and Noble}" stays one name;
 * "and others" → "et al.".
 */
export function parseBibNames(raw: string): string[] {
  // Whitespace runs become one space first, so the " and " split never rescans a long run.
  return splitTopLevel(raw.replace(/\s+/g, ' '), / and /i)
    .map((name) => {
      if (name.trim() === 'others') return 'et al.';
      const parts = splitTopLevel(name, /,/).map((p) => decodeTex(p));
      if (parts.length === 1) return parts[0];
      const [last, ...rest] = parts;
      if (rest.length === 1) return [rest[0], last].filter(Boolean).join(' ');
      const [jr, ...first] = rest;
      const main = [first.join(' ').trim(), last].filter(Boolean).join(' ');
      return jr ? `${main}, ${jr}` : main;
    })
    .filter(Boolean);
}

/** Tags from a keywords field: split at "," or ";" outside braces (a tag with a comma is written `{a, b}`). */
export function parseBibKeywords(raw: string): string[] {
  return splitTopLevel(raw, /[,;]/).map((k) => decodeTex(k));
}
