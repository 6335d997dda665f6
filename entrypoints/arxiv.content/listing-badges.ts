/**
 * Badges on listing and search pages (e.g. https://arxiv.org/list/cs/new, https://arxiv.org/search/?query=x):
 * "saved" and the closest related corpus paper per entry — only where the panel would call it
 * related, so an unrelated listing gets no badge at all — keyword-based at once and semantic when the
 * model is ready; a page-level "triage" toggle outlines the entries related to the reading list.
 * Badges are plain DOM in small shadow roots; page text is only ever set as text.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ListedPaper } from '@/utils/arxiv/listing';
import { send } from '@/utils/messaging/client';
import { subscribeToLibrary } from '@/utils/library/subscribe';
import type { ListingAnnotation, RelatedTo } from '@/utils/related/types';
import { pageIsDark, watchPageTheme } from '@/utils/theme';
import { levelLabel, relatednessText } from '@/components/relatedness-text';

const BADGE_CSS = `
:host { display: inline-block; margin-left: 6px; vertical-align: baseline; }
.b { font: 11px/1.5 'Lucida Grande', Helvetica, Arial, sans-serif; display: inline-flex; gap: 4px; flex-wrap: wrap; }
.c { border: 1px solid #ccc; border-radius: 3px; padding: 0 5px; color: #555; background: #f8f8f8; text-decoration: none; max-width: 36em; display: inline-flex; gap: 4px; white-space: nowrap; }
.lv { flex: none; font-weight: bold; }
.tt { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
a.c { color: #0068ac; } a.c:hover { text-decoration: underline; }
.s { color: #b31b1b; border-color: #b31b1b; }
.dark .c { background: #26292c; color: #a8a8a8; border-color: #474b4f; } .dark a.c { color: #7cb8f2; } .dark .s { color: #ff8a80; border-color: #ff8a80; }
a:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
`;

const TRIAGE_CSS = `
:host { display: block; margin: 6px 0 10px; }
label { font: 12px 'Lucida Grande', Helvetica, Arial, sans-serif; color: #555; display: inline-flex; gap: 6px; align-items: center; cursor: pointer; }
.dark label { color: #a8a8a8; }
`;

const BATCH = 100;

function shadowHost(tag: string, css: string): { host: HTMLElement; root: HTMLElement } {
  const host = document.createElement(tag);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  const root = document.createElement('span');
  shadow.append(style, root);
  return { host, root };
}

/** A badge naming a related paper: its level in words (never cut off), then the title (ellipsis when long). */
function relatedChip(el: HTMLElement, label: string, to: RelatedTo, why: string): HTMLElement {
  const lv = document.createElement('span');
  lv.className = 'lv';
  lv.textContent = label;
  const tt = document.createElement('span');
  tt.className = 'tt';
  tt.textContent = to.title;
  el.title = `${why}: ${to.title} — ${relatednessText(to.relatedness)}`;
  el.append(lv, tt);
  return el;
}

function renderBadge(root: HTMLElement, a: ListingAnnotation, semantic: boolean, triage: boolean, badges: boolean) {
  const b = document.createElement('span');
  b.className = 'b';
  if (triage && a.library) {
    const t = document.createElement('span');
    t.className = 'c s t';
    b.append(relatedChip(t, 'Related to your reading list:', a.library, 'Related to a paper in your reading list'));
  }
  if (badges && a.saved) {
    const s = document.createElement('span');
    s.className = 'c s';
    s.textContent = '★ saved';
    b.append(s);
  }
  if (badges && a.closest) {
    const link = document.createElement('a');
    link.className = 'c';
    link.href = `https://arxiv.org/abs/${a.closest.id}`;
    link.target = '_blank';
    link.rel = 'noopener';
    b.append(relatedChip(link, `${levelLabel(a.closest.relatedness)}:`, a.closest, `Related paper in the collection (${semantic ? 'keywords and the on-device model' : 'keywords'})`));
  }
  root.replaceChildren(b);
}

/** A bar left of the entry, from its id line to its last line: no layout change, nothing clipped at the right. */
function mark(el: Element | null, on: boolean, dark: boolean) {
  if (!(el instanceof HTMLElement)) return;
  el.style.boxShadow = on ? `-7px 0 0 0 ${dark ? '#ff8a80' : '#b31b1b'}` : '';
}

/**
 * Badges on every entry; `placeTriage` puts the triage toggle on the page (or is null for none); `show`
 * says which of the two the reader keeps on for this listing's field.
 */
export async function showListingBadges(
  ctx: ContentScriptContext,
  entries: ListedPaper[],
  placeTriage: ((host: Element) => void) | null,
  show: { badges: boolean; triage: boolean } = { badges: true, triage: true },
): Promise<void> {
  if (entries.length === 0) return;
  const badges = new Map<string, HTMLElement>();
  const hosts: HTMLElement[] = [];
  for (const e of entries) {
    const { host, root } = shadowHost('arxiv-neighbors-badge', BADGE_CSS);
    e.anchor.append(host);
    badges.set(e.id, root);
    hosts.push(host);
  }
  // Badges and Triage take the page's theme, also when a dark-mode extension restyles it later.
  const themed = () => [...badges.values(), ...triageRoots];
  const triageRoots: HTMLElement[] = [];
  let dark = pageIsDark(window);
  let annotations = new Map<string, ListingAnnotation>();
  let triage = false;

  let lastSemantic = false;
  const applyTriage = () => {
    for (const e of entries) {
      const a = annotations.get(e.id);
      const root = badges.get(e.id);
      if (a && root) renderBadge(root, a, lastSemantic, triage, show.badges);
      const close = triage && !!a?.library;
      mark(e.container, close, dark);
      // On listings the id line (dt) belongs to the entry too; on search pages the container is the whole li.
      if (e.anchor !== e.container && e.anchor.tagName === 'DT') mark(e.anchor, close, dark);
    }
  };

  const inputs = entries.map((e) => ({ id: e.id, title: e.title, abstract: e.abstract }));
  async function annotate(semantic: boolean): Promise<boolean> {
    let pending = false;
    // Badges are redrawn after each batch (applyTriage), so a long listing fills in progressively.
    for (let i = 0; i < inputs.length && !ctx.isInvalid; i += BATCH) {
      const r = await send('annotateListing', { entries: inputs.slice(i, i + BATCH), semantic });
      lastSemantic = r.signals.includes('semantic');
      pending ||= r.pending;
      for (const a of r.items) annotations.set(a.id, a);
      applyTriage();
    }
    return pending;
  }

  if (placeTriage && show.triage) {
    const { host, root } = shadowHost('arxiv-neighbors-triage', TRIAGE_CSS);
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.addEventListener('change', () => {
      triage = box.checked;
      applyTriage();
    });
    label.append(box, 'Triage: mark the papers related to my reading list');
    root.append(label);
    triageRoots.push(root);
    placeTriage(host);
    hosts.push(host);
  }

  const stopTheme = watchPageTheme(window, (isDark) => {
    dark = isDark;
    for (const root of themed()) root.classList.toggle('dark', isDark);
    applyTriage();
  });
  ctx.onInvalidated(stopTheme);

  try {
    let pending = await annotate(false);
    // Semantic badges once the model is ready (it may still be downloading): a few spaced attempts.
    for (let attempt = 0; pending && attempt < 20 && !ctx.isInvalid; attempt++) {
      pending = await annotate(true);
      if (pending) await new Promise((r) => ctx.setTimeout(() => r(undefined), 1500));
    }
  } catch {
    // The background is unavailable (extension updated or restarting): keep the page as it is.
  }
  const unsubscribe = subscribeToLibrary(() => void annotate(annotations.size > 0).catch(() => undefined));
  ctx.onInvalidated(() => {
    unsubscribe();
    annotations = new Map();
    applyTriage();
    for (const host of hosts) host.remove();
  });
}
