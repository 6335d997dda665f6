// @vitest-environment jsdom
/**
 * The content script's lifecycle (issue 14's defects): the save command's listener exists even when a
 * surface fails to draw, and an extension that goes away while the listing's badges are still waiting
 * for the model takes the badges and the library listener with it at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { PaperMeta } from '@/utils/shared/arxiv/abs-page';
import type { Lifecycle } from '@/entrypoints/arxiv.content/lifecycle';
import type { ListedPaper } from '@/utils/shared/arxiv/listing';

const paper: PaperMeta = { id: '2401.00001', version: 1, title: 'A paper', authors: ['A. Author'], abstract: 'An abstract.', primarySubject: 'cs.LG', subjects: ['cs.LG'], submitted: ['2024-01-02'] };

vi.mock('@/entrypoints/arxiv.content/features', () => ({
  FEATURES: [
    {
      name: 'a surface whose markup is not what it expects',
      paths: ['/abs/*'],
      examples: [],
      test: () => true,
      async run({ setPaper }: { setPaper: (p: PaperMeta | null) => void }) {
        setPaper(paper);
        throw new Error('unexpected markup');
      },
    },
  ],
}));

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('the content script', () => {
  it('answers the save command with the page’s paper although its surface failed to draw', async () => {
    const { default: script } = await import('@/entrypoints/arxiv.content/index');
    await script.main(undefined as never);
    const [answer] = await fakeBrowser.runtime.onMessage.trigger({ to: 'tab', name: 'getPagePaper', payload: {} }, { id: fakeBrowser.runtime.id });
    expect(answer).toEqual({ ok: true, value: { paper } });
  });
});

/** A lifecycle the test orphans by hand (the extension updated under the page). */
function handLifecycle(): Lifecycle & { orphan(): void } {
  let orphaned = false;
  const callbacks: (() => void)[] = [];
  return {
    get orphaned() {
      return orphaned;
    },
    onOrphaned(cb) {
      if (orphaned) cb();
      else callbacks.push(cb);
    },
    orphan() {
      orphaned = true;
      for (const cb of callbacks.splice(0)) cb();
    },
  };
}

describe('listing badges', () => {
  it('go, with their library listener, the moment the extension goes, also while they wait for the model', async () => {
    const { showListingBadges } = await import('@/entrypoints/arxiv.content/listing-badges');
    const anchor = document.createElement('div');
    document.body.append(anchor);
    const entries: ListedPaper[] = [{ id: '2401.00002', title: 'Listed', authors: ['B. Author'], abstract: 'Words.', anchor, container: anchor }];
    // jsdom has no matchMedia; the badges' theme watcher asks it whether the OS is dark.
    vi.stubGlobal('matchMedia', () => ({ matches: false, addEventListener: () => undefined, removeEventListener: () => undefined }));
    // The model is still loading: every answer is pending, so the badges ask again every 1.5 s.
    const asked = vi.fn();
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => {
      asked();
      return { ok: true, value: { items: [], signals: ['lexical'], pending: true } };
    });
    const removeListener = vi.spyOn(fakeBrowser.storage.onChanged, 'removeListener');
    const life = handLifecycle();
    const shown = showListingBadges(life, entries, null, { badges: true, triage: false });
    await vi.waitFor(() => expect(asked.mock.calls.length).toBeGreaterThanOrEqual(2));
    expect(anchor.children.length).toBe(1);
    life.orphan();
    // At once, not after the retries: nothing of ours stays on a page whose extension is gone.
    expect(anchor.children.length).toBe(0);
    expect(removeListener).toHaveBeenCalledOnce();
    await shown;
  });
});
