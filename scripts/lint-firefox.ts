/**
 * npm run lint:firefox: addons-linter (through web-ext, what addons.mozilla.org runs on upload) over the
 * Firefox build. Prints one line; fails on any error or notice, and on any warning not listed below.
 * The listed warnings are in library code our own code cannot reach or write (eslint bars innerHTML,
 * insertAdjacentHTML and dangerouslySetInnerHTML in the project's code).
 */
import { resolve } from 'node:path';
import webExt from 'web-ext';

type Message = Awaited<ReturnType<typeof webExt.cmd.lint>>['warnings'][number];

const KNOWN: { code: string; message: RegExp; file: RegExp; why: string }[] = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    message: /^Unsafe assignment to innerHTML$/,
    file: /^(content-scripts\/arxiv\.js|chunks\/related-[\w-]+\.js)$/,
    why: "Preact's renderer: its support for the dangerouslySetInnerHTML prop, which no component of ours passes",
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    message: /^Unsafe call to import for argument 0$/,
    file: /^assets\/embed\.worker-[\w-]+\.js$/,
    why: "onnxruntime-web's import() of its wasm loader by URL, used only when wasmPaths is a string; the worker passes the shipped file as an object (utils/model/), and the CSP allows no remote script anyway",
  },
];

const sourceDir = resolve(process.argv[2] ?? '.output/firefox-mv2');
const result = await webExt.cmd.lint({ sourceDir, output: 'none' }, { shouldExitProgram: false });
const known = result.warnings.filter((w) => KNOWN.some((k) => k.code === w.code && k.message.test(w.message) && k.file.test(w.file ?? '')));
const unexpected = [...result.errors, ...result.notices, ...result.warnings.filter((w) => !known.includes(w))];
const where = (m: Message) => `${m.file ?? ''}${m.line ? `:${m.line}:${m.column ?? 0}` : ''}`;

console.log(`web-ext lint ${sourceDir}: ${result.errors.length} errors, ${result.notices.length} notices, ${result.warnings.length} warnings (${known.length} known, in library code: scripts/lint-firefox.ts says why)`);
for (const m of unexpected) console.error(`  ${m.code} ${where(m)}: ${m.message}`);
if (unexpected.length) process.exit(1);
