/**
 * Sizes of the built extension: the content script (raw and gzipped), the wake-up script that runs before
 * the page is parsed, and everything but the model runtime's wasm.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WAKE_SCRIPT } from '../../utils/shared/arxiv/wake';

export interface BundleSizes {
  contentScriptKb: number;
  contentScriptGzipKb: number;
  /** entrypoints/arxiv-wake.ts, evaluated at document_start (inside the page's parsing task). */
  wakeScriptKb: number;
  /** Every file of the extension except onnxruntime's .wasm and bundled models. */
  extensionWithoutModelKb: number;
  ortWasmKb: number;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

export function bundleSizes(dist: string): BundleSizes {
  const content = readFileSync(join(dist, 'content-scripts/arxiv.js'));
  const wake = statSync(join(dist, WAKE_SCRIPT.js)).size;
  let rest = 0;
  let wasm = 0;
  for (const f of files(dist)) {
    const size = statSync(f).size;
    const rel = relative(dist, f);
    if (rel.endsWith('.wasm')) wasm += size;
    else if (!rel.startsWith('models/')) rest += size;
  }
  return { contentScriptKb: content.length / 1024, contentScriptGzipKb: gzipSync(content).length / 1024, wakeScriptKb: wake / 1024, extensionWithoutModelKb: rest / 1024, ortWasmKb: wasm / 1024 };
}
