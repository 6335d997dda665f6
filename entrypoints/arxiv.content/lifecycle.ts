/**
 * When the content script's surfaces stop: only when this extension itself went away (updated, reloaded
 * or removed, so `runtime.id` is gone and every message would fail with "Extension context
 * invalidated."). WXT's own context is NOT used for this: it stops on a `document` event that any page
 * script can dispatch once it knows the extension's id, so a page could tear the panel down at will.
 */
import { extensionGone, onExtensionGone } from '@/utils/shared/messages/client';

/** How often an idle page checks that the extension is still there (a cheap property read). */
const CHECK_MS = 2000;

export interface Lifecycle {
  /** True once the extension that started this script is gone. */
  readonly orphaned: boolean;
  /** Calls `cb` once, when the extension is gone (at once if it already is). */
  onOrphaned(cb: () => void): void;
}

/** The lifecycle of this page's content script. */
export function createLifecycle(): Lifecycle {
  const callbacks: (() => void)[] = [];
  let orphaned = false;
  const orphan = () => {
    if (orphaned) return;
    orphaned = true;
    clearInterval(timer);
    for (const cb of callbacks.splice(0)) cb();
  };
  const check = () => {
    if (extensionGone()) orphan();
  };
  // A failed send says so at once; the timer covers a page that sends nothing meanwhile. (Not on
  // visibilitychange, which also fires while a tab closes: nothing of ours should run then.)
  onExtensionGone(orphan);
  const timer = setInterval(check, CHECK_MS);
  return {
    get orphaned() {
      check();
      return orphaned;
    },
    onOrphaned(cb) {
      if (orphaned) cb();
      else callbacks.push(cb);
    },
  };
}
