// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Folders are contexts (README, "Where things are"). Each zone below says what code in a folder may
 * not import, so "which context runs this?" is answered by the path, and a wrong import fails lint:
 * - utils/shared/      every context (pure: arXiv facts, message contracts, limits, levels, errors)
 * - utils/background/  the service worker (database, ranking, related and reading-list services)
 * - utils/model/       the model's host (its Worker; the offscreen document on Chrome, the background page on Firefox)
 * - utils/ui/, components/  extension pages and the content script's UI
 * - scripts/, tests/   Node tooling; may import anything, nothing imports them
 * Type-only imports cross zones freely (they vanish from the build), which is how a page names the
 * shape of an answer without shipping the code that makes it.
 */
const folder = (dir, message) => ({
  group: [`@/${dir}/**`, `**/${dir}/**`, `../${dir.split('/').pop()}/**`, `../../${dir.split('/').pop()}/**`],
  message,
  allowTypeImports: true,
});
const BACKGROUND = folder('utils/background', 'utils/background/ runs in the service worker: send it a message instead (utils/shared/messages/).');
const MODEL = folder('utils/model', 'utils/model/ runs where the model runs (its Worker and host): reach it through the background.');
const UI = folder('utils/ui', 'utils/ui/ is page code (extension pages, the content script).');
const COMPONENTS = { group: ['@/components/**', '**/components/**'], message: 'components/ are page code (extension pages, the content script).', allowTypeImports: true };
const ENTRYPOINTS = { group: ['@/entrypoints/**', '**/entrypoints/**'], message: 'An entrypoint is wired, not imported: share code through utils/.' };
/** From inside an entrypoint folder, its neighbours are reached with ../name. */
const OTHER_ENTRYPOINTS = { ...ENTRYPOINTS, group: [...ENTRYPOINTS.group, '../arxiv.content/**', '../background/**', '../offscreen/**', '../popup/**', '../library/**'] };
const TOOLING = { group: ['@/scripts/**', '**/scripts/**', '@/tests/**', '**/tests/**'], message: 'scripts/ and tests/ are Node tooling; the extension never imports them.' };
const NODE = { group: ['node:*'], message: 'Node built-ins exist only in scripts/ and tests/.' };
const SCHEMAS = {
  group: ['@/utils/shared/messages/background', '@/utils/shared/messages/offscreen', '**/messages/background', '**/messages/offscreen', './background', './offscreen'],
  message: "Pages send messages; the recipient validates them. Import the contract's types only (import type).",
  allowTypeImports: true,
};
const TRANSFORMERS = { name: '@huggingface/transformers', message: 'Only utils/model/ may import transformers.js.' };
const DEXIE = { name: 'dexie', message: 'IndexedDB belongs to the background (utils/background/db/).' };
const VALIBOT = { name: 'valibot', message: 'Validation runs in the recipient (background, offscreen document), not in pages.', allowTypeImports: true };

/** The rule for a zone: every product file bars Node, tooling and (outside utils/model) transformers.js. */
const zone = (files, patterns, paths = []) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [TRANSFORMERS, ...paths], patterns: [TOOLING, NODE, ...patterns] }] },
});

const NO_RAW_HTML = [
  { selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]", message: 'Render page text as text, never as HTML.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Render page text as text, never as HTML.' },
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render page text as text, never as HTML.' },
];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', '.cache/**', 'node_modules/**', 'bench-results/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, chrome: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...NO_RAW_HTML],
    },
  },
  zone(['utils/shared/**'], [BACKGROUND, MODEL, UI, COMPONENTS, ENTRYPOINTS], [DEXIE]),
  // The Firefox background page hosts the model's Worker itself: it may start it (worker-url, worker-client).
  zone(['utils/background/**'], [{ ...MODEL, group: [...MODEL.group, '!**/utils/model/worker-client', '!**/utils/model/worker-url', '!../../model/worker-client', '!../../model/worker-url'] }, UI, COMPONENTS, ENTRYPOINTS]),
  {
    files: ['utils/model/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [DEXIE], patterns: [TOOLING, NODE, BACKGROUND, UI, COMPONENTS, ENTRYPOINTS] }] },
  },
  zone(['utils/ui/**', 'components/**'], [BACKGROUND, MODEL, SCHEMAS, ENTRYPOINTS], [DEXIE, VALIBOT]),
  zone(['entrypoints/arxiv.content/**', 'entrypoints/arxiv-wake.ts', 'entrypoints/popup/**', 'entrypoints/library/**'], [BACKGROUND, MODEL, SCHEMAS, OTHER_ENTRYPOINTS], [DEXIE, VALIBOT]),
  zone(['entrypoints/background/**'], [UI, COMPONENTS, OTHER_ENTRYPOINTS, { ...MODEL, group: [...MODEL.group, '!**/utils/model/worker-url', '!**/utils/model/types'] }]),
  zone(['entrypoints/offscreen/**'], [BACKGROUND, UI, COMPONENTS, OTHER_ENTRYPOINTS], [DEXIE]),
  {
    // Test helpers build fixture pages from markup on purpose; they never run in the extension.
    files: ['tests/**'],
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
