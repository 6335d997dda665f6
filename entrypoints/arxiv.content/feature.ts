/**
 * One feature per file, in refined-github's manner: each declares the paths it runs on (they become the
 * content script's `matches`), example URLs of real pages it must run on (checked by
 * tests/unit/content-features.test.ts against those patterns and against every other feature), the test
 * that picks it for a URL, and what it does there.
 */
import type { PaperMeta } from '@/utils/shared/arxiv/abs-page';
import type { DisplaySettings } from '@/utils/shared/display';
import type { Lifecycle } from './lifecycle';

export interface FeatureContext {
  life: Lifecycle;
  url: URL;
  doc: Document;
  display: DisplaySettings;
  /** The paper this page shows, for the "save current paper" command and the popup. */
  setPaper(paper: PaperMeta | null): void;
}

export interface Feature {
  name: string;
  /** Match-pattern paths (`/abs/*`) on every arXiv host. */
  paths: string[];
  /** Real page URLs this feature must run on. */
  examples: string[];
  /** Whether this feature runs on `url` (at most one feature does). */
  test(url: URL): boolean;
  run(ctx: FeatureContext): Promise<void> | void;
}

/** The paper's archive: its primary category, else an old-style id's archive (hep-th/9901001). */
export const archiveOf = (p: PaperMeta): string | null => p.primarySubject ?? (p.id.includes('/') ? p.id : null);
