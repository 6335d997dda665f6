/** The text a paper is embedded and hashed as. */

/** Characters kept of a paper's text: well past 256 WordPiece tokens, so the model's own truncation decides. */
export const MAX_EMBED_CHARS = 4000;

/** "Title. Abstract", whitespace collapsed and capped so a 1 MB abstract cannot stall the worker. */
export function paperText(p: { title: string; abstract: string }): string {
  const text = `${p.title.trim()}. ${p.abstract.trim()}`.replace(/\s+/g, ' ');
  return text.length > MAX_EMBED_CHARS ? text.slice(0, MAX_EMBED_CHARS) : text;
}

/** FNV-1a 64-bit of the UTF-16 code units as 16 hex digits: stable key for "this exact text". */
export function textHash(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}
