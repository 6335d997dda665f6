import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/** The onnxruntime-web wasm binary the bundled runtime loads; shipped as a file, never inlined or fetched. */
export const ORT_WASM = 'ort-wasm-simd-threaded.jsep.wasm';

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

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact(), ortWasmNotInlined()],
    worker: { format: 'es', plugins: () => [ortWasmNotInlined()] },
    build: { chunkSizeWarningLimit: 1200 },
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'arXiv Neighbors',
    description: 'Related papers beside every arXiv paper, ranked privately in your browser.',
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
    options_ui: { page: 'library.html', open_in_tab: true },
    content_security_policy:
      manifestVersion === 3
        ? { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';" }
        : ("script-src 'self' 'wasm-unsafe-eval'; object-src 'self';" as unknown as undefined),
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'arxiv-neighbors@example.org', strict_min_version: '115.0' } } }
      : {}),
  }),
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      files.push({
        absoluteSrc: resolve(import.meta.dirname, 'node_modules/onnxruntime-web/dist', ORT_WASM),
        relativeDest: `ort/${ORT_WASM}`,
      });
    },
  },
});
