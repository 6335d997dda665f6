/**
 * Dark or light for UI drawn on arXiv's pages: it follows the page's actual background, not the OS alone.
 * arXiv paints white whatever the OS says, so a dark panel there is a black box on a white page; a page
 * darkened by an extension (Dark Reader's dynamic mode sets dark backgrounds on body/html) gets a dark panel.
 * (Dark Reader's filter mode inverts the whole page, the panel included, so a light panel is right there.)
 */

/** Relative luminance of a CSS rgb()/rgba() colour, or null when transparent or unparsable. */
export function luminance(color: string): number | null {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/.exec(color);
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  if (alpha < 0.5) return null;
  const [r, g, b] = [m[1], m[2], m[3]].map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** True when the page's own background (body, else root element) is dark. */
export function pageIsDark(win: Window): boolean {
  for (const el of [win.document.body, win.document.documentElement]) {
    if (!el) continue;
    const lum = luminance(win.getComputedStyle(el).backgroundColor);
    if (lum !== null) return lum < 0.2;
  }
  return false;
}

/**
 * Calls `apply(dark)` now and whenever the page's background may have changed: a dark-mode extension
 * restyling the page (attributes on html/body, style sheets added to head) or the OS scheme flipping (such
 * extensions follow it). Checks are batched to one per animation frame. Returns the stop function.
 */
export function watchPageTheme(win: Window, apply: (dark: boolean) => void): () => void {
  let last: boolean | null = null;
  let frame = 0;
  const check = () => {
    frame = 0;
    const dark = pageIsDark(win);
    if (dark !== last) apply((last = dark));
  };
  const soon = () => {
    if (!frame) frame = win.requestAnimationFrame(check);
  };
  check();
  const observer = new (win as Window & typeof globalThis).MutationObserver(soon);
  const doc = win.document;
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-darkreader-scheme', 'data-darkreader-mode'] });
  if (doc.head) observer.observe(doc.head, { childList: true });
  if (doc.body) observer.observe(doc.body, { attributes: true, attributeFilter: ['class', 'style'] });
  const scheme = win.matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener?.('change', soon);
  return () => {
    observer.disconnect();
    scheme.removeEventListener?.('change', soon);
    if (frame) win.cancelAnimationFrame(frame);
  };
}
