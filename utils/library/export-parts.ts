/**
 * An export in parts — header, entries (any number of times), footer — whose concatenation is the
 * whole file, so the library page writes a library of any size into a Blob a message at a time.
 * TEMPORARY adapter over export.ts's whole-file formatters until issue 11f's formatHeader /
 * formatEntries / formatFooter land (then this file calls those). BibTeX citation keys are made unique
 * within a part (a part holds up to ~4 MB of text).
 */
import { toBibtex, toCsv, toJson, toMarkdown, type ExportFormat } from './export';
import type { LibraryEntry } from './types';

const MIME: Record<ExportFormat, [string, string]> = {
  bibtex: ['bib', 'application/x-bibtex'],
  markdown: ['md', 'text/markdown'],
  csv: ['csv', 'text/csv'],
  json: ['json', 'application/json'],
};

export function exportFilename(format: ExportFormat, now: Date): { filename: string; mime: string } {
  const [ext, mime] = MIME[format];
  return { filename: `arxiv-neighbors-${now.toISOString().slice(0, 10)}.${ext}`, mime };
}

/** `continued`: entries were written before this part (separators). */
export function formatPart(format: ExportFormat, part: 'header' | 'entries' | 'footer', entries: readonly LibraryEntry[], continued: boolean, now: Date): string {
  switch (format) {
    case 'json': {
      if (part === 'header') {
        const whole = toJson([], now);
        return whole.slice(0, whole.indexOf('"entries": [') + '"entries": ['.length) + '\n';
      }
      if (part === 'footer') return '\n  ]\n}\n';
      const body = entries.map((e) => JSON.stringify(e, null, 2).replace(/^/gm, '    ')).join(',\n');
      return continued ? `,\n${body}` : body;
    }
    case 'markdown': {
      const header = toMarkdown([]);
      if (part === 'header') return header;
      if (part === 'footer') return '';
      return toMarkdown(entries).slice(header.length);
    }
    case 'csv': {
      const header = toCsv([]);
      if (part === 'header') return header;
      if (part === 'footer') return '';
      return toCsv(entries).slice(header.length);
    }
    case 'bibtex': {
      if (part !== 'entries') return '';
      const text = toBibtex(entries);
      return continued ? `\n${text}` : text;
    }
  }
}
