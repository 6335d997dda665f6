/**
 * Dark or light for injected UI: dark when the page paints a dark background (a dark arXiv theme, or an
 * extension such as Dark Reader) or when the OS asks for dark; arXiv's abstract pages themselves have no
 * dark theme, so the OS setting is what readers in dark mode expect the panel to follow.
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

/** True when injected UI should be dark on this page. */
export function prefersDark(win: Window): boolean {
  return pageIsDark(win) || win.matchMedia('(prefers-color-scheme: dark)').matches;
}
