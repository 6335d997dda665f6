import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, CORPUS_VERSION } from '@/utils/background/corpus/corpus-data';
import { corpusVersion, parseSeed, type IdEntry } from '@/scripts/lib/seed';
import { FIXTURES } from '../helpers/dom';

const seed = readFileSync(resolve(FIXTURES, 'seed/000_398943a427d8d44a.txt'), 'utf8');
const ids = JSON.parse(readFileSync(resolve(FIXTURES, 'corpus-arxiv-ids.json'), 'utf8')) as IdEntry[];

describe('shipped corpus', () => {
  it('has 70 papers with unique arXiv ids', () => {
    expect(CORPUS).toHaveLength(70);
    expect(new Set(CORPUS.map((p) => p.id)).size).toBe(70);
    for (const p of CORPUS) expect(p.id).toMatch(/^\d{4}\.\d{4,5}$/);
  });

  it('matches the seed page exactly, title line then abstract line', () => {
    const lines = seed.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    for (const p of CORPUS) {
      const at = lines.indexOf(p.title);
      expect(at, p.title).toBeGreaterThanOrEqual(0);
      expect(lines[at + 1]).toBe(p.abstract);
    }
  });

  it('is what the build script produces from the seed (no hand edits)', () => {
    expect(parseSeed(seed, ids)).toEqual(CORPUS);
    expect(CORPUS_VERSION).toBe(corpusVersion(CORPUS));
  });

  it('gets a new version when a text changes and the count does not', () => {
    const edited = CORPUS.map((p, i) => (i === 3 ? { ...p, abstract: `${p.abstract} (revised)` } : p));
    expect(edited).toHaveLength(CORPUS.length);
    expect(corpusVersion(edited)).not.toBe(corpusVersion(CORPUS));
  });

  it('refuses a seed that lacks a title', () => {
    expect(() => parseSeed('nothing here', ids.slice(0, 1))).toThrow(/title not found/);
  });
});
