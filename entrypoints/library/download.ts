/**
 * Saves a file written in parts (an export of any size) through the browser's download UI, no
 * downloads permission needed: the Blob joins the parts without one huge string.
 */
export function downloadParts(parts: string[], filename: string, mime: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type: `${mime};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
