// Every content-script feature (entrypoints/arxiv.content/feature.ts) against its own declaration, in the
// spirit of refined-github's feature tests: its example URLs are matched by the manifest's patterns
// (built from the features' paths) and picked by its own test alone; pages no feature serves run none.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURES } from '@/entrypoints/arxiv.content/features';
import { arxivMatches } from '@/utils/shared/arxiv/ids';

const DIR = resolve(import.meta.dirname, '../../entrypoints/arxiv.content');

/** A manifest match pattern (`*://host/path*`) as Chrome reads it: scheme http(s), exact host, `*` in the path. */
function matchesPattern(pattern: string, url: URL): boolean {
  const m = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!m) throw new Error(`not a match pattern: ${pattern}`);
  const [, scheme, host, path] = m;
  if (scheme === '*' ? !['http:', 'https:'].includes(url.protocol) : url.protocol !== `${scheme}:`) return false;
  if (url.hostname !== host) return false;
  const glob = new RegExp(`^${path.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return glob.test(url.pathname + url.search);
}

const MATCHES = arxivMatches(...FEATURES.flatMap((f) => f.paths));
const matched = (href: string) => MATCHES.some((p) => matchesPattern(p, new URL(href)));

describe('content-script features', () => {
  it.each(FEATURES.map((f) => [f.name, f] as const))('%s: every example is matched by the manifest and picked by this feature only', (_name, feature) => {
    expect(feature.examples.length).toBeGreaterThanOrEqual(2);
    for (const href of feature.examples) {
      expect(matched(href), href).toBe(true);
      expect(feature.paths.some((p) => arxivMatches(p).some((m) => matchesPattern(m, new URL(href)))), `${href} within ${feature.paths}`).toBe(true);
      expect(FEATURES.filter((f) => f.test(new URL(href))).map((f) => f.name), href).toEqual([feature.name]);
    }
  });

  it.each([
    'https://arxiv.org/pdf/2304.09157v2',
    'https://arxiv.org/a/vaswani_a_1',
    'https://arxiv.org/search/advanced',
    'https://arxiv.org/list/cs/',
    'https://example.org/abs/2304.09157',
  ])('runs nothing on %s', (href) => {
    expect(FEATURES.filter((f) => f.test(new URL(href)) && matched(href))).toEqual([]);
  });

  it('the manifest pattern check itself refuses what it should (one thing changed each time)', () => {
    expect(matchesPattern('*://arxiv.org/abs/*', new URL('https://arxiv.org/abs/1706.03762'))).toBe(true);
    expect(matchesPattern('*://arxiv.org/abs/*', new URL('https://evil.org/abs/1706.03762'))).toBe(false);
    expect(matchesPattern('*://arxiv.org/abs/*', new URL('ftp://arxiv.org/abs/1706.03762'))).toBe(false);
    expect(matchesPattern('*://arxiv.org/abs/*', new URL('https://arxiv.org/pdf/1706.03762'))).toBe(false);
  });

  it('the wake-up script (document_start) runs on exactly the pages the features run on', async () => {
    const { WAKE_SCRIPT } = await import('@/utils/shared/arxiv/wake');
    expect([...WAKE_SCRIPT.matches].sort()).toEqual([...MATCHES].sort());
    expect(WAKE_SCRIPT.runAt).toBe('document_start');
  });

  it('every file that exports a feature is listed, and every listed feature lives in its own file', () => {
    const declaring = readdirSync(DIR).filter((f) => /export const \w+Feature: Feature\b/.test(readFileSync(resolve(DIR, f), 'utf8')));
    const listed = readFileSync(resolve(DIR, 'features.ts'), 'utf8');
    for (const file of declaring) expect(listed, file).toContain(`from './${file.replace(/\.tsx?$/, '')}'`);
    expect(new Set(FEATURES.map((f) => f.name)).size).toBe(FEATURES.length);
  });
});
