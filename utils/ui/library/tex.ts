/** TeX in BibTeX values, read as text: accent commands to combining marks, special letters, escapes, formatting commands. */

/** A sticky match at `pos`, or null. */
export function matchAt(re: RegExp, text: string, pos: number): string | null {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? m[0] : null;
}

/** Combining marks of TeX's accent commands. */
const ACCENTS: Record<string, string> = {
  '`': '\u0300',
  "'": '\u0301',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  u: '\u0306',
  '.': '\u0307',
  '"': '\u0308',
  r: '\u030A',
  H: '\u030B',
  v: '\u030C',
  d: '\u0323',
  c: '\u0327',
  k: '\u0328',
  b: '\u0331',
};
const LETTERS: Record<string, string> = { ss: 'ß', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ' };
const SYMBOLS: Record<string, string> = { textbackslash: '\\', textasciitilde: '~', textasciicircum: '^', LaTeX: 'LaTeX', TeX: 'TeX' };
/** Formatting commands whose argument is the text itself. */
const FORMATTING = new Set(['emph', 'textit', 'textbf', 'textsc', 'texttt', 'textrm', 'textsf', 'textup', 'textmd', 'textsl', 'mbox', 'text', 'textnormal']);
const ESCAPED = new Set(['&', '%', '#', '_', '{', '}', '$', '\\']);
const CONTROL_WORD = /[A-Za-z]+/y;

/**
 * Field text as a reader would write it: protective braces removed, escapes and accents undone, `$…$`
 * math kept as written. Whitespace runs become one space unless `exact` (notes keep their lines).
 * Undoes exactly what the export's escaping does, so an exported value reads back the same.
 */
export function decodeTex(value: string, exact = false): string {
  let out = '';
  const n = value.length;
  let i = 0;
  /** The next argument of an accent: `{x}`, or one character (after spaces, for letter accents). */
  const accentArg = (): string => {
    if (value[i] === '{') {
      // An accent's argument is a letter or two ("{u}", "{\\i}"): look no further than that.
      const end = i + value.slice(i, i + 8).indexOf('}');
      if (end > i) {
        const arg = value.slice(i + 1, end);
        i = end + 1;
        return arg.replace(/\\([ij])\b/g, '$1');
      }
    }
    if (value[i] === '\\' && (value[i + 1] === 'i' || value[i + 1] === 'j')) {
      i += 2;
      return value[i - 1];
    }
    const ch = value[i] ?? '';
    i += ch.length;
    return ch;
  };
  while (i < n) {
    const c = value[i];
    if (c === '\\') {
      const next = value[i + 1];
      if (next !== undefined && ESCAPED.has(next)) {
        out += next;
        i += 2;
        continue;
      }
      if (next !== undefined && next in ACCENTS && !/[A-Za-z]/.test(next)) {
        i += 2;
        const arg = accentArg();
        out += arg ? `${arg}${ACCENTS[next]}`.normalize('NFC') : next;
        continue;
      }
      const word = matchAt(CONTROL_WORD, value, i + 1);
      if (word) {
        const end = i + 1 + word.length;
        const emptyArg = value.startsWith('{}', end) ? 2 : 0;
        if (word in SYMBOLS) {
          out += SYMBOLS[word];
          i = end + emptyArg;
          continue;
        }
        if (word in LETTERS) {
          out += LETTERS[word];
          i = end + (emptyArg || (value[end] === ' ' ? 1 : 0));
          continue;
        }
        if (word.length === 1 && word in ACCENTS) {
          i = end;
          while (value[i] === ' ') i++;
          const arg = accentArg();
          out += `${arg}${ACCENTS[word]}`.normalize('NFC');
          continue;
        }
        if (FORMATTING.has(word)) {
          i = end;
          continue;
        }
        out += `\\${word}`;
        i = end;
        continue;
      }
      out += c;
      i++;
      continue;
    }
    if (c === '$') {
      const end = value.indexOf('$', i + 1);
      if (end > i + 1) {
        out += value.slice(i, end + 1);
        i = end + 1;
        continue;
      }
    }
    if (c === '{' || c === '}') {
      i++;
      continue;
    }
    if (c === '~' && !exact) {
      out += ' ';
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return exact ? out : out.replace(/\s+/g, ' ').trim();
}
