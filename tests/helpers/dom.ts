import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM } from 'jsdom';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures');

/** A fixture page parsed as a Document, as if served at `url`. */
export function fixtureDocument(file: string, url: string): Document {
  return new JSDOM(readFileSync(resolve(FIXTURES, file), 'utf8'), { url }).window.document;
}
