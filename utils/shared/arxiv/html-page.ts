/**
 * Reads arXiv's LaTeXML full-text pages, e.g. https://arxiv.org/html/1706.03762v7 (and ar5iv's copies):
 * the id comes from the URL only; title, authors and abstract from the LaTeXML body, whichever header
 * variant (client-side `header.desktop_header`, or the server-side `header.arxiv-html-header`) is present.
 */
import { capText, cleanText, MAX_ABSTRACT_CHARS, MAX_TITLE_CHARS, type PaperMeta } from './abs-page';
import { idFromPaperUrl, isArxivHost } from './ids';

/** Author names of LaTeXML's `ltx_personname` spans: names are split by "&" and end at a line break. */
function latexmlAuthors(doc: Document): string[] {
  const names: string[] = [];
  for (const person of doc.querySelectorAll('.ltx_authors .ltx_personname')) {
    let text = '';
    const walk = (node: Node) => {
      if (node.nodeType === 3) text += node.textContent;
      else if (node.nodeType === 1) {
        const el = node as Element;
        if (el.tagName === 'BR') text += '\n';
        else if (!el.matches('.ltx_note, .ltx_ERROR, .ltx_font_typewriter, .ltx_contact, sup')) el.childNodes.forEach(walk);
      }
    };
    person.childNodes.forEach(walk);
    for (const chunk of text.split(/&|\band\b|,(?=\s*\n)/)) {
      const name = cleanText(chunk.split('\n').find((l) => l.trim()) ?? '');
      if (name && name.length < 80 && !/@|university|institute|google|research/i.test(name)) names.push(name);
    }
  }
  return names;
}

/** The paper of an HTML full-text page, or null when the page is not one or carries no title. */
export function readHtmlPage(url: URL, doc: Document): PaperMeta | null {
  if (!isArxivHost(url) && url.hostname !== 'ar5iv.labs.arxiv.org' && url.hostname !== 'ar5iv.org') return null;
  if (!/^\/html\//.test(url.pathname)) return null;
  const id = idFromPaperUrl(new URL(url.href.replace(url.hostname, 'arxiv.org')));
  if (!id) return null;
  const article = doc.querySelector('article.ltx_document');
  const title = capText(cleanText(article?.querySelector('h1.ltx_title_document')?.textContent), MAX_TITLE_CHARS);
  if (!article || !title) return null;
  const abstractEl = article.querySelector('.ltx_abstract');
  const abstract = capText(cleanText([...(abstractEl?.querySelectorAll('p') ?? [])].map((p) => p.textContent).join(' ')), MAX_ABSTRACT_CHARS);
  return { id: id.id, version: id.version, title, authors: latexmlAuthors(doc).slice(0, 2000), abstract, primarySubject: null, subjects: [], submitted: [] };
}
