/**
 * Reads and clicks the extension's surfaces on a page, whose shadow roots are closed: neither the page's
 * scripts nor Playwright's locators see inside them. The DevTools protocol does: `DOM.getDocument` with
 * `pierce: true` lists closed roots too, `DOM.resolveNode` hands one to a function run in the page, and
 * clicks are real input (`Input.dispatchMouseEvent` through page.mouse), the only clicks the UI obeys.
 */
import type { CDPSession, Page } from 'playwright-core';
import { until } from './wait';

/** Host selectors of the extension's surfaces (closed-ui.ts names each host's kind). */
export const SURFACE = {
  panel: '[data-arxiv-neighbors="panel"]',
  drawer: '[data-arxiv-neighbors="drawer"]',
  badge: '[data-arxiv-neighbors="badge"]',
  triage: '[data-arxiv-neighbors="triage"]',
} as const;

interface DomNode {
  nodeId: number;
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

/** Which elements of the roots: a CSS selector, optionally those whose text matches, optionally the nth. */
export interface Pick {
  hasText?: string | RegExp;
  nth?: number;
  /** Then the first element matching this selector inside each (e.g. a row's Save button). */
  inside?: string;
}

interface SerialPick {
  selector: string;
  hasText: { source: string; flags: string } | null;
  nth: number | null;
  inside: string | null;
}

const sessions = new WeakMap<Page, { cdp: Promise<CDPSession>; queue: Promise<unknown> }>();

function sessionOf(page: Page) {
  let s = sessions.get(page);
  if (!s) {
    s = { cdp: page.context().newCDPSession(page), queue: Promise.resolve() };
    sessions.set(page, s);
  }
  return s;
}

/** Runs `job` alone on the page's session: a second DOM.getDocument would invalidate the first's node ids. */
function serial<T>(page: Page, job: (cdp: CDPSession) => Promise<T>): Promise<T> {
  const s = sessionOf(page);
  const run = s.queue.then(async () => job(await s.cdp));
  s.queue = run.catch(() => undefined);
  return run;
}

function shadowRootIds(root: DomNode, hosts: Set<number>): number[] {
  const out: number[] = [];
  const walk = (n: DomNode) => {
    if (hosts.has(n.nodeId) && n.shadowRoots?.[0]) out.push(n.shadowRoots[0].nodeId);
    for (const c of n.children ?? []) walk(c);
    for (const c of n.shadowRoots ?? []) walk(c);
  };
  walk(root);
  return out;
}

/**
 * Runs `fn` in the page with the shadow roots (closed or not) of every element matching `hostSelector`,
 * in document order, and returns its JSON-serialisable result.
 */
export async function evaluateInRoots<T, A = undefined>(page: Page, hostSelector: string, fn: (roots: ShadowRoot[], arg: A) => T | Promise<T>, arg?: A): Promise<T> {
  return serial(page, async (cdp) => {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: hostSelector });
    const ids = shadowRootIds(root, new Set(nodeIds));
    const objects = await Promise.all(ids.map(async (nodeId) => (await cdp.send('DOM.resolveNode', { nodeId })).object.objectId!));
    const { result: doc } = await cdp.send('Runtime.evaluate', { expression: 'document' });
    try {
      const r = await cdp.send('Runtime.callFunctionOn', {
        objectId: doc.objectId,
        functionDeclaration: `async function (arg, ...roots) { return await (${fn.toString()})(roots, arg); }`,
        arguments: [{ value: arg ?? null }, ...objects.map((objectId) => ({ objectId }))],
        returnByValue: true,
        awaitPromise: true,
      });
      if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
      return r.result.value as T;
    } finally {
      for (const objectId of [doc.objectId!, ...objects]) await cdp.send('Runtime.releaseObject', { objectId }).catch(() => undefined);
    }
  });
}

const serialPick = (selector: string, pick: Pick = {}): SerialPick => ({
  selector,
  hasText: pick.hasText === undefined ? null : typeof pick.hasText === 'string' ? { source: pick.hasText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags: '' } : { source: pick.hasText.source, flags: pick.hasText.flags },
  nth: pick.nth ?? null,
  inside: pick.inside ?? null,
});

/** Runs in the page (sent as source text, so self-contained): the elements of `roots` that `p` picks. */
function pickIn(roots: ShadowRoot[], p: SerialPick): Element[] {
  const re = p.hasText ? new RegExp(p.hasText.source, p.hasText.flags) : null;
  let els = roots.flatMap((r) => [...r.querySelectorAll(p.selector)]).filter((el) => !re || re.test(el.textContent ?? ''));
  if (p.nth !== null) els = els.slice(p.nth, p.nth + 1);
  const inside = p.inside;
  return inside === null ? els : els.map((el) => el.querySelector(inside)).filter((el): el is Element => el !== null);
}
const PICK_SOURCE = pickIn.toString();

/** `fn` with `pickIn` defined beside it, as one function the page can run. */
function withPick<T, A>(fn: (roots: ShadowRoot[], arg: A) => T): (roots: ShadowRoot[], arg: A) => T {
  return new Function('roots', 'arg', `const pickIn = ${PICK_SOURCE}; return (${fn.toString()})(roots, arg);`) as (roots: ShadowRoot[], arg: A) => T;
}

/**
 * Runs in the page: the elements of `roots` matching `p`, with a few facts about each. Self-contained
 * (it is sent as source text) and shared by every reader below.
 */
function facts(roots: ShadowRoot[], p: SerialPick) {
  return pickIn(roots, p).map((el) => {
    const box = el.getBoundingClientRect();
    const attrs: Record<string, string> = {};
    for (const a of el.getAttributeNames()) attrs[a] = el.getAttribute(a) ?? '';
    return {
      text: el.textContent ?? '',
      attrs,
      href: (el as HTMLAnchorElement).href ?? null,
      visible: box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden',
      focused: (el.getRootNode() as ShadowRoot).activeElement === el,
    };
  });
}

export type ElementFacts = ReturnType<typeof facts>[number];

/** One surface kind on one page, read through the DevTools protocol. */
export interface ClosedRoot {
  /** Facts (text, attributes, href, visible, focused) of every matching element, in document order. */
  all(selector: string, pick?: Pick): Promise<ElementFacts[]>;
  count(selector: string, pick?: Pick): Promise<number>;
  /** Text of the first match, or null when none. */
  text(selector: string, pick?: Pick): Promise<string | null>;
  texts(selector: string, pick?: Pick): Promise<string[]>;
  attr(selector: string, name: string, pick?: Pick): Promise<string | null>;
  /** Waits for a match (default 30 s) and returns its facts. */
  waitFor(selector: string, pick?: Pick & { timeout?: number }): Promise<ElementFacts>;
  /** Scrolls the first match into view and clicks its centre with real (trusted) mouse input. */
  click(selector: string, pick?: Pick & { button?: 'left' | 'right' }): Promise<void>;
  /** Calls `el.click()` from a page script on the first match: an untrusted click, as a hostile page would. */
  syntheticClick(selector: string, pick?: Pick): Promise<boolean>;
  /** Focuses the first match (as a script; tests then press real keys). */
  focus(selector: string, pick?: Pick): Promise<void>;
  /** Runs `fn` with the roots, for what the readers above do not cover. */
  evaluate<T, A = undefined>(fn: (roots: ShadowRoot[], arg: A) => T | Promise<T>, arg?: A): Promise<T>;
}

/** The surfaces hosted by elements matching `hostSelector` (see SURFACE) on `page`. */
export function readClosedRoot(page: Page, hostSelector: string): ClosedRoot {
  const all = (selector: string, pick?: Pick) => evaluateInRoots(page, hostSelector, withPick(facts), serialPick(selector, pick));
  const ui: ClosedRoot = {
    all,
    count: async (selector, pick) => (await all(selector, pick)).length,
    text: async (selector, pick) => (await all(selector, pick))[0]?.text ?? null,
    texts: async (selector, pick) => (await all(selector, pick)).map((f) => f.text),
    attr: async (selector, name, pick) => (await all(selector, pick))[0]?.attrs[name] ?? null,
    async waitFor(selector, pick = {}) {
      const found = await until(
        () => all(selector, pick).catch(() => []),
        (f) => f.length > 0,
        pick.timeout ?? 30_000,
        100,
      ).catch((e: unknown) => {
        throw new Error(`no ${selector}${pick.hasText ? ` with text ${String(pick.hasText)}` : ''} in ${hostSelector} within ${pick.timeout ?? 30_000} ms (${String(e)})`);
      });
      return found[0];
    },
    async click(selector, pick = {}) {
      const box = await evaluateInRoots(
        page,
        hostSelector,
        withPick((roots, p: SerialPick) => {
          const el = pickIn(roots, p)[0];
          if (!el) return null;
          el.scrollIntoView({ block: 'center' });
          // The first line's box: a link that wraps has a bounding box whose centre can fall beside its text.
          const r = el.getClientRects()[0] ?? el.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        }),
        serialPick(selector, pick),
      );
      if (!box) throw new Error(`nothing to click: ${selector} in ${hostSelector}`);
      await page.mouse.click(box.x, box.y, { button: pick.button ?? 'left' });
    },
    syntheticClick: (selector, pick) =>
      evaluateInRoots(
        page,
        hostSelector,
        withPick((roots, p: SerialPick) => {
          const el = pickIn(roots, p)[0];
          if (!el) return false;
          (el as HTMLElement).click();
          return true;
        }),
        serialPick(selector, pick),
      ),
    async focus(selector, pick) {
      await evaluateInRoots(
        page,
        hostSelector,
        withPick((roots, p: SerialPick) => {
          (pickIn(roots, p)[0] as HTMLElement | undefined)?.focus();
        }),
        serialPick(selector, pick),
      );
    },
    evaluate: (fn, arg) => evaluateInRoots(page, hostSelector, fn, arg),
  };
  return ui;
}

/** The abstract page's panel. */
export const panelOf = (page: Page): ClosedRoot => readClosedRoot(page, SURFACE.panel);

/**
 * As soon as an element matching `hostSelector` exists, calls the page's `window[globalName](root)` with
 * its (closed) shadow root, so a probe the page defined (an init script) can observe the surface from
 * its first render. Polls every few milliseconds; gives up after `timeoutMs`.
 */
export async function handRootToPage(page: Page, hostSelector: string, globalName: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  const cdp = await sessionOf(page).cdp;
  for (;;) {
    const { result: host } = await cdp.send('Runtime.evaluate', { expression: `document.querySelector(${JSON.stringify(hostSelector)})` });
    if (host.objectId) {
      const { node } = await cdp.send('DOM.describeNode', { objectId: host.objectId, pierce: true, depth: 0 });
      const shadow = node.shadowRoots?.[0];
      if (shadow) {
        const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
        await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: `function () { window[${JSON.stringify(globalName)}](this); }` });
        return;
      }
    }
    if (Date.now() > end) throw new Error(`no ${hostSelector} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
