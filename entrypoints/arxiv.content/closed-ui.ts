/**
 * The extension's surfaces on arXiv pages, sealed from the page's scripts:
 * - a plain `div`/`span` host (never a custom element, whose name a page could define first and so
 *   take the host's shadow root), with a CLOSED shadow root: `host.shadowRoot` is null for the page;
 * - untrusted events (`el.click()`, `dispatchEvent` from any script) are stopped at the root before they
 *   reach a control, so only the reader's own input acts;
 * - nothing of the reader's state (saved, related to the reading list) is written outside the root.
 * The host carries `data-arxiv-neighbors` naming its kind (panel, drawer, badge, triage): a page can
 * see that the extension drew something — it could anyway — but not what it shows.
 */

/** The kinds of surface, as named on their hosts (tests find hosts by this attribute). */
export type SurfaceKind = 'panel' | 'drawer' | 'badge' | 'triage';

export const HOST_ATTRIBUTE = 'data-arxiv-neighbors';

/** Events that can act (activate, edit, submit); untrusted ones never get past the root. */
const ACTING_EVENTS = ['click', 'auxclick', 'dblclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'keydown', 'keypress', 'keyup', 'input', 'change', 'submit', 'beforeinput'] as const;

/** Stops `e` when a script, not the reader, made it. Its default action (a link, a checkbox) is cancelled too. */
export function dropUntrusted(e: Event): void {
  if (e.isTrusted) return;
  e.stopImmediatePropagation();
  e.preventDefault();
}

/** Guards `target` (a shadow root) against untrusted events, in the capture phase so no control sees them. */
export function guardTrusted(target: EventTarget): void {
  for (const type of ACTING_EVENTS) target.addEventListener(type, dropUntrusted, { capture: true });
}

export interface ClosedUi {
  /** The element placed in the page (style-reset, no state on it). */
  host: HTMLElement;
  /** Where the UI is rendered, inside the closed root. */
  container: HTMLElement;
  /** Takes the host out of the page. */
  remove(): void;
}

/** Creates a host with a closed, event-guarded shadow root holding `css` and an empty container. */
export function createClosedUi(kind: SurfaceKind, css: string, tag: 'div' | 'span' = 'div'): ClosedUi {
  const host = document.createElement(tag);
  host.setAttribute(HOST_ATTRIBUTE, kind);
  const shadow = host.attachShadow({ mode: 'closed' });
  guardTrusted(shadow);
  const style = document.createElement('style');
  // The page's styles for div/span must not reach the host's box: everything is reset, so a surface's
  // own `:host` rules (which come after) mark their declarations !important to apply.
  style.textContent = `:host { all: initial !important; }\n${css}`;
  const container = document.createElement(tag);
  shadow.append(style, container);
  return { host, container, remove: () => host.remove() };
}
