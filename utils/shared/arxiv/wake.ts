/**
 * The wake-up script's manifest entry (entrypoints/arxiv-wake.ts; wxt.config.ts adds it to the manifest's
 * content scripts): the same pages as arxiv.content's features (tests/unit/content-features.test.ts keeps
 * the two lists equal), as the page starts loading.
 */
import { arxivMatches } from './ids';

export const WAKE_SCRIPT = {
  js: 'arxiv-wake.js',
  matches: arxivMatches('/abs/*', '/html/*', '/list/*', '/search/*'),
  runAt: 'document_start',
} as const;
