// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Modules that only the background (and the model host) may import. */
const BACKGROUND_ONLY = [
  { group: ['**/utils/db/**', '@/utils/db/**'], message: 'IndexedDB belongs to the background: send a message instead.' },
  { group: ['**/utils/embedding/**', '@/utils/embedding/**'], message: 'The model lives in the background worker: send a message instead.' },
  { group: ['**/utils/related/service', '@/utils/related/service'], message: 'The related service runs in the background.' },
  {
    group: ['**/utils/ranking/*', '@/utils/ranking/*', '!**/utils/ranking/levels', '!@/utils/ranking/levels'],
    message: 'Ranking runs in the background; pages name its levels through utils/ranking/levels.',
  },
];
const TRANSFORMERS = { name: '@huggingface/transformers', message: 'Only utils/embedding/ may import transformers.js.' };
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
      'no-restricted-imports': ['error', { paths: [TRANSFORMERS] }],
    },
  },
  {
    files: ['utils/embedding/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['entrypoints/arxiv.content/**', 'entrypoints/popup/**', 'entrypoints/library/**', 'components/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [TRANSFORMERS], patterns: BACKGROUND_ONLY }] },
  },
  {
    // Test helpers build fixture pages from markup on purpose; they never run in the extension.
    files: ['tests/**'],
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
