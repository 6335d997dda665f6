import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM } from 'jsdom';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures');

/** A fixture page parsed as a Document, as if served at `url`. */
export function fixtureDocument(file: string, url: string): Document {
  return new JSDOM(readFileSync(resolve(FIXTURES, file), 'utf8'), { url }).window.document;
}

/** A judged query of the dev set (tests/fixtures/dev-queries.json, the team's judged dev set kept in the repo). */
export interface DevQuery {
  id: string;
  arxiv_id: string;
  title: string;
  abstract: string;
  relevant: Record<string, number>;
}

export function devQueries(): DevQuery[] {
  return JSON.parse(readFileSync(resolve(FIXTURES, 'dev-queries.json'), 'utf8')) as DevQuery[];
}

/** A second judged set built the same way (tests/fixtures/judged-extra.json): 30 real papers, none in the corpus. */
export function judgedExtra(): DevQuery[] {
  return JSON.parse(readFileSync(resolve(FIXTURES, 'judged-extra.json'), 'utf8')) as DevQuery[];
}

/** A real arXiv paper related to no corpus paper (tests/fixtures/unrelated-papers.json). */
export interface UnrelatedPaper {
  id: string;
  arxiv_id: string;
  title: string;
  abstract: string;
  group: 'other-field' | 'ml-uncovered';
  trap: string | null;
}

export function unrelatedPapers(): UnrelatedPaper[] {
  return JSON.parse(readFileSync(resolve(FIXTURES, 'unrelated-papers.json'), 'utf8')) as UnrelatedPaper[];
}
