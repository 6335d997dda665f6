/**
 * The store packages `npm run zip` writes to .output (npm test runs it before this file): each one
 * unpacked, its manifest checked, nothing but the build in it (no source map, no test file), and the
 * sources zip that addons.mozilla.org asks for rebuilt, in a folder of its own, into the same files.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userEnv } from '../helpers/user-env';

const ROOT = resolve(import.meta.dirname, '../..');
const OUTPUT = resolve(ROOT, '.output');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const zipPath = (kind: string) => join(OUTPUT, `${pkg.name}-${pkg.version}-${kind}.zip`);
const run = promisify(execFile);

/** Every file of a zip, path → content. */
async function unzip(file: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) if (!entry.dir) files.set(entry.name, await entry.async('nodebuffer'));
  return files;
}

/** Every file under `dir`, path (with /) → content. */
function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(dir, p).split('\\').join('/'), readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

/** Paths whose content differs between two file sets, or that only one has. */
function differences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter((p) => !a.has(p) || !b.has(p) || !a.get(p)!.equals(b.get(p)!)).sort();
}

type Manifest = Record<string, unknown> & {
  manifest_version: number;
  name: string;
  version: string;
  description: string;
  permissions: string[];
  host_permissions?: string[];
  icons: Record<string, string>;
  content_scripts: { js: string[]; matches: string[]; run_at?: string }[];
  options_ui: { page: string };
};

/** Files the manifest points at. */
function referencedFiles(m: Manifest): string[] {
  const action = (m.action ?? m.browser_action) as { default_popup: string };
  const background = m.background as { service_worker?: string; scripts?: string[] };
  return [...Object.values(m.icons), ...m.content_scripts.flatMap((c) => c.js), m.options_ui.page, action.default_popup, ...(background.service_worker ? [background.service_worker] : (background.scripts ?? []))];
}

const TEST_FILE = /(^|\/)(tests?|__tests__|fixtures|test-models)\/|\.(test|spec)\.[cm]?[jt]sx?$|\.map$/;
const SHIPPED = { chrome: 'chrome-mv3', firefox: 'firefox-mv2' } as const;

describe('store packages (npm run zip)', () => {
  const packages = new Map<string, Map<string, Buffer>>();

  beforeAll(async () => {
    for (const kind of ['chrome', 'firefox', 'sources']) {
      if (!existsSync(zipPath(kind))) throw new Error(`${zipPath(kind)} is missing: run npm run zip first (npm test does).`);
      packages.set(kind, await unzip(zipPath(kind)));
    }
  });

  it.each(Object.entries(SHIPPED))('%s: the zip holds exactly the tested build, with a complete manifest', (kind, dir) => {
    const files = packages.get(kind)!;
    expect(differences(files, readTree(join(OUTPUT, dir)))).toEqual([]);
    const m = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
    expect(m.manifest_version).toBe(kind === 'chrome' ? 3 : 2);
    expect(m.name).toBe('arXiv Neighbors');
    expect(m.version).toBe(pkg.version);
    // The Chrome Web Store cuts descriptions at 132 characters; the privacy policy it names is in the package.
    expect(m.description.length).toBeLessThanOrEqual(132);
    expect(m.description).toContain('PRIVACY.md');
    expect(files.get('PRIVACY.md')!.toString('utf8')).toBe(readFileSync(resolve(ROOT, 'PRIVACY.md'), 'utf8'));
    const permissions = [...m.permissions, ...(m.host_permissions ?? [])].sort();
    expect(permissions).toEqual(['activeTab', 'contextMenus', 'https://arxiv.org/*', 'storage', 'unlimitedStorage', ...(kind === 'chrome' ? ['offscreen'] : [])].sort());
    for (const f of referencedFiles(m)) expect(files.has(f), f).toBe(true);
    if (kind === 'firefox') {
      expect(m.browser_specific_settings).toMatchObject({ gecko: { id: 'arxiv-neighbors@example.org', data_collection_permissions: { required: ['none'] } } });
      expect(files.has('offscreen.html')).toBe(false);
    } else {
      expect(files.has('offscreen.html')).toBe(true);
    }
  });

  it.each(Object.keys(SHIPPED))('%s: ships no source map and no test file', (kind) => {
    const files = packages.get(kind)!;
    expect([...files.keys()].filter((p) => TEST_FILE.test(p))).toEqual([]);
    const mapped = [...files].filter(([p, content]) => /\.m?js$/.test(p) && /[#@] sourceMappingURL=/.test(content.toString('utf8')));
    expect(mapped.map(([p]) => p)).toEqual([]);
  });

  /**
   * Strings each library's code carries whatever the minifier does (type names, error names, task names);
   * each must be found somewhere in the package, or it proves nothing about the content script.
   */
  const LIBRARY_MARKERS: Record<string, string[]> = {
    Dexie: ['Dexie.', 'IDBKeyRange'],
    valibot: ['strict_object', 'iso_timestamp'],
    'transformers.js': ['PreTrainedTokenizer', 'feature-extraction'],
  };

  /** The text of every content script the package's manifest declares. */
  function contentScripts(files: Map<string, Buffer>): string {
    const m = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest & { content_scripts: { js: string[] }[] };
    const contentFiles = m.content_scripts.flatMap((c) => c.js);
    expect(contentFiles.length).toBeGreaterThan(0);
    return contentFiles.map((f) => files.get(f)!.toString('utf8')).join('\n');
  }

  it.each(Object.keys(SHIPPED))('%s: the content script carries no Dexie, valibot or transformers.js code (folders = contexts)', (kind) => {
    const files = packages.get(kind)!;
    const content = contentScripts(files);
    const everything = [...files].filter(([p]) => /\.m?js$/.test(p)).map(([, c]) => c.toString('utf8')).join('\n');
    for (const [library, markers] of Object.entries(LIBRARY_MARKERS)) {
      for (const marker of markers) {
        expect(everything.includes(marker), `${library}'s marker ${marker} is in the package`).toBe(true);
        expect(content.includes(marker), `${library}'s marker ${marker} in the content script`).toBe(false);
      }
    }
  });

  it.each(Object.keys(SHIPPED))('%s: the content script formats nothing through Intl (its first call on a fresh profile is a ~40 ms long task on the page)', (kind) => {
    const content = contentScripts(packages.get(kind)!);
    expect(content.match(/\.toLocale\w*String\(|\bIntl\.\w+/g) ?? []).toEqual([]);
  });

  it.each(Object.keys(SHIPPED))('%s: what runs at document_start, inside the page\'s parsing task, is one script under 2 kB, on the content script\'s pages', (kind) => {
    const files = packages.get(kind)!;
    const m = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
    const early = m.content_scripts.filter((c) => c.run_at === 'document_start');
    const later = m.content_scripts.filter((c) => c.run_at !== 'document_start');
    expect(early.flatMap((c) => c.js)).toHaveLength(1);
    expect(files.get(early[0].js[0])!.length).toBeLessThan(2048);
    expect([...early[0].matches].sort()).toEqual([...later.flatMap((c) => c.matches)].sort());
  });

  describe('the sources zip', () => {
    let dir: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'arxiv-neighbors-sources-'));
      for (const [path, content] of packages.get('sources')!) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
    });

    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('holds the build inputs and instructions, not the tests or tools', () => {
      const paths = [...packages.get('sources')!.keys()];
      for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'SOURCES.md', 'PRIVACY.md', 'entrypoints/background/index.ts', 'utils/background/corpus/corpus-data.ts', 'public/icon/128.png']) expect(paths, needed).toContain(needed);
      expect(paths.filter((p) => /^(tests|scripts|node_modules|\.output|artifacts)\/|^\./.test(p))).toEqual([]);
    });

    it('installs with a plain npm ci and rebuilds both packages byte for byte', { timeout: 300_000 }, async () => {
      // npm reads the registry from its cache first: the project was installed from the same lockfile.
      const env = userEnv();
      await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env, timeout: 240_000 });
      const wxt = join(dir, 'node_modules/wxt/bin/wxt.mjs');
      for (const [kind, out] of Object.entries(SHIPPED)) {
        await run(process.execPath, [wxt, 'build', '-b', kind], { cwd: dir, env, timeout: 120_000 });
        expect(differences(readTree(join(dir, '.output', out)), packages.get(kind)!), kind).toEqual([]);
      }
    });
  });
});
