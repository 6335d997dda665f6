import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { CORPUS, CORPUS_VERSION } from './utils/background/corpus/corpus-data';
import { shipCorpus } from './utils/background/corpus/shipped-index';
import { WAKE_SCRIPT } from './utils/shared/arxiv/wake';

/**
 * onnxruntime-web's WASM-only build (no WebGPU/JSEP: 11 MB instead of 21.6 MB): the binary and its
 * loader script, shipped as files beside each other, never inlined or fetched from a CDN.
 */
export const ORT_FILES = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs'];

/**
 * onnxruntime-web references its wasm with `new URL(file, import.meta.url)`, which Vite turns into a
 * 21 MB base64 string inside the bundle. The worker passes the shipped file's URL explicitly
 * (env.backends.onnx.wasm.wasmPaths), so the reference is neutralised here instead of inlined.
 */
function ortWasmNotInlined(): Plugin {
  return {
    name: 'arxiv-neighbors:ort-wasm-not-inlined',
    enforce: 'pre',
    transform(code, id) {
      if (!/onnxruntime-web[\\/]dist[\\/].*\.mjs$/.test(id) && !/transformers[\\/]dist[\\/]transformers\.web/.test(id)) return null;
      if (!code.includes('import.meta.url')) return null;
      return { code: code.replace(/new URL\(("[^"]+\.wasm"),\s*import\.meta\.url\)/g, 'new URL($1, self.location.href)'), map: null };
    },
  };
}

/**
 * The corpus is fixed at build time, so its keyword index and calibration are computed here and
 * shipped as data (`virtual:corpus-index`): a service worker starting cold does not tokenise 70
 * abstracts and measure their background (≈ 40 + 80 ms on a cold JIT).
 */
function corpusIndexShipped(): Plugin {
  const id = 'virtual:corpus-index';
  return {
    name: 'arxiv-neighbors:corpus-index',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load(resolved) {
      if (resolved !== `\0${id}`) return null;
      // JSON.parse of a string literal: faster for the engine to read than the same object literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(shipCorpus(CORPUS, CORPUS_VERSION)))});`;
    },
  };
}

export default defineConfig({
  // Overridable so a test can build with bundled models in a folder of its own (tests/e2e/model-delivery.test.ts).
  publicDir: process.env.NEIGHBORS_PUBLIC_DIR,
  outDir: process.env.NEIGHBORS_OUT_DIR,
  modules: ['@wxt-dev/webextension-polyfill'],
  // Every file imports what it uses: a name that only works because WXT auto-imported it hid a broken
  // import once (utils/ui/library/transfer.ts), and the reader cannot see where it comes from.
  imports: false,
  vite: () => ({
    plugins: [preact(), ortWasmNotInlined(), corpusIndexShipped()],
    worker: { format: 'es', plugins: () => [ortWasmNotInlined()] },
    build: { chunkSizeWarningLimit: 1200 },
    // transformers.js imports the WebGPU build; the extension runs the model on WASM only.
    resolve: { alias: [{ find: /^onnxruntime-web$/, replacement: 'onnxruntime-web/wasm' }] },
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'arXiv Neighbors',
    // The stores show this as the summary (Chrome allows 132 characters); PRIVACY.md ships in the package.
    description: 'Related papers beside every arXiv paper, ranked in your browser. Collects nothing; privacy policy: PRIVACY.md in the package.',
    // Only to read an abstract page when the popup is opened on a PDF tab of a paper never seen before.
    host_permissions: ['https://arxiv.org/*'],
    permissions: ['storage', 'unlimitedStorage', 'contextMenus', 'activeTab', ...(browser === 'chrome' ? ['offscreen'] : [])],
    commands: {
      'save-current-paper': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Save the arXiv paper in the current tab to the reading list',
      },
    },
    action: { default_title: 'arXiv Neighbors' },
    // Cross-origin isolation of the extension's own pages: SharedArrayBuffer, so the model runs on 2+ threads.
    ...(browser === 'chrome' ? { cross_origin_embedder_policy: { value: 'require-corp' }, cross_origin_opener_policy: { value: 'same-origin' } } : {}),
    options_ui: { page: 'library.html', open_in_tab: true },
    content_security_policy:
      manifestVersion === 3
        ? { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';" }
        : ("script-src 'self' 'wasm-unsafe-eval'; object-src 'self';" as unknown as undefined),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // Nothing is collected or transmitted (the model download is the only request): say so, as Firefox asks.
            gecko: { id: 'arxiv-neighbors@example.org', strict_min_version: '115.0', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
  zip: {
    // The sources zip that addons.mozilla.org asks for holds what builds the add-on (SOURCES.md says how),
    // not the tests, benchmarks and tools; WXT already leaves out dotfiles, node_modules and .output.
    excludeSources: ['tests/**', 'scripts/**', 'artifacts/**', 'bench-results/**', 'test-results/**', '**/*.log'],
  },
  hooks: {
    // Firefox has no offscreen documents (its background page starts the model's Worker itself): the
    // entrypoint is left out of Firefox builds here, where marking it Chrome-only would make WXT warn on every build.
    'entrypoints:found': (wxt, infos) => {
      if (wxt.config.browser !== 'firefox') return;
      const i = infos.findIndex((e) => e.name === 'offscreen');
      if (i >= 0) infos.splice(i, 1);
    },
    // The wake-up script is an unlisted script (small: no polyfill, entrypoints/arxiv-wake.ts says why), declared here.
    'build:manifestGenerated': (_wxt, manifest) => {
      manifest.content_scripts = [{ matches: [...WAKE_SCRIPT.matches], run_at: WAKE_SCRIPT.runAt, js: [WAKE_SCRIPT.js] }, ...(manifest.content_scripts ?? [])];
    },
    'build:publicAssets': (wxt, files) => {
      files.push({ absoluteSrc: resolve(import.meta.dirname, 'PRIVACY.md'), relativeDest: 'PRIVACY.md' });
      for (const file of ORT_FILES) files.push({ absoluteSrc: resolve(import.meta.dirname, 'node_modules/onnxruntime-web/dist', file), relativeDest: `ort/${file}` });
      // The list of bundled models always exists (empty unless `npm run model:bundle` wrote one).
      if (!existsSync(resolve(wxt.config.publicDir, 'models/bundled.json'))) files.push({ contents: '{"models":[]}\n', relativeDest: 'models/bundled.json' });
    },
  },
});
