/** The text a paper is embedded and hashed as. */

/** Characters kept of a paper's text: well past 256 WordPiece tokens, so the model's own truncation decides. */
export const MAX_EMBED_CHARS = 4000;

/** "Title. Abstract", whitespace collapsed and capped so a 1 MB abstract cannot stall the worker. */
export function paperText(p: { title: string; abstract: string }): string {
  const text = `${p.title.trim()}. ${p.abstract.trim()}`.replace(/\s+/g, ' ');
  return text.length > MAX_EMBED_CHARS ? text.slice(0, MAX_EMBED_CHARS) : text;
}

/**
 * FNV-1a 64-bit of the UTF-16 code units as 16 hex digits: stable key for "this exact text". Computed
 * on four 16-bit limbs (the prime is 2^40 + 0x1b3), which gives BigInt's exact result about 20× faster.
 */
export function textHash(text: string): string {
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < text.length; i++) {
    h0 ^= text.charCodeAt(i);
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
    h3 = (h3 * 0x1b3 + h1 * 0x100 + Math.floor(t2 / 0x10000)) & 0xffff;
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
  }
  const hex = (x: number) => x.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}
