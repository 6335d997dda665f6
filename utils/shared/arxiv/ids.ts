/** A parsed arXiv identifier. `id` never carries the version. */
export interface ArxivId {
  id: string;
  version: number | null;
}

const NEW_STYLE = /^(\d{4}\.\d{4,5})(?:v(\d+))?$/;
const OLD_STYLE = /^([a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?$/;

/**
 * Parses "2304.09157v2", "arXiv:2304.09157", "hep-th/9901001v3" (case of the "arXiv:" prefix ignored).
 * Returns null for anything else.
 */
export function parseArxivId(raw: string): ArxivId | null {
  const text = raw.trim().replace(/^arxiv:\s*/i, '');
  const m = NEW_STYLE.exec(text) ?? OLD_STYLE.exec(text);
  if (!m) return null;
  return { id: m[1], version: m[2] ? Number(m[2]) : null };
}

/** arXiv hosts a paper page may be served from: the one list (content-script matches, links, senders). */
export const ARXIV_HOSTS: readonly string[] = ['arxiv.org', 'www.arxiv.org', 'export.arxiv.org'];
const HOST_SET = new Set(ARXIV_HOSTS);

/** Match patterns (manifest syntax) of `path` (e.g. '/abs/*') on every arXiv host. */
export function arxivMatches(...paths: string[]): string[] {
  return ARXIV_HOSTS.flatMap((h) => paths.map((p) => `*://${h}${p}`));
}

/** True for arxiv.org and its mirrors that serve the same pages. */
export function isArxivHost(url: URL): boolean {
  return HOST_SET.has(url.hostname);
}

/**
 * The id in an abstract-page URL, e.g.
 * https://arxiv.org/abs/2304.09157v2, https://arxiv.org/abs/hep-th/9901001, https://export.arxiv.org/abs/0704.0001.
 */
export function idFromAbsUrl(url: URL): ArxivId | null {
  if (!isArxivHost(url)) return null;
  const m = /^\/abs\/(.+?)\/?$/.exec(url.pathname);
  return m ? parseArxivId(decodeURIComponent(m[1])) : null;
}

/**
 * The paper a URL names on any arXiv page type: /abs/, /pdf/ (with or without .pdf), /html/ (with a
 * trailing path), /format/. E.g. https://arxiv.org/pdf/2304.09157v2, https://arxiv.org/html/1706.03762v7/#S3,
 * https://export.arxiv.org/abs/hep-th/9901001.
 */
export function idFromPaperUrl(url: URL): ArxivId | null {
  if (!isArxivHost(url)) return null;
  const m = /^\/(?:abs|pdf|html|format)\/(.+?)(?:\.pdf)?\/?$/.exec(url.pathname);
  if (!m) return null;
  const path = decodeURIComponent(m[1]);
  // /html/<id>v<n>/<file> and old-style ids both contain slashes: try the whole path, then drop the last part.
  return parseArxivId(path) ?? parseArxivId(path.replace(/\/[^/]*$/, ''));
}

/** The same, from a URL as text (a tab's, a link's); null for anything that is not a paper URL. */
export function idFromPaperHref(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    return idFromPaperUrl(new URL(raw))?.id ?? null;
  } catch {
    return null;
  }
}

/** The canonical abstract-page URL of a paper. */
export function absUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

/** The PDF of the latest version, e.g. https://arxiv.org/pdf/1706.03762. */
export function pdfUrl(id: string): string {
  return `https://arxiv.org/pdf/${id}`;
}
