/**
 * Badges on listing and search pages (e.g. https://arxiv.org/list/cs/new, https://arxiv.org/search/?query=x):
 * "saved" and the closest related corpus paper per entry — only where the panel would call it
 * related, so an unrelated listing gets no badge at all — keyword-based at once and semantic when the
 * model is ready; a page-level "triage" toggle marks the entries related to the reading list.
 * Badges are plain DOM in small closed shadow roots (closed-ui.ts), and everything that depends on the
 * reading list (saved, related to it) is drawn inside them: the page's own elements are never marked,
 * so a page script cannot read which listed papers the reader saved. Page text is only ever set as text.
 */
import { absUrl } from '@/utils/shared/arxiv/ids';
import { isListingUrl, isSearchUrl, readListing, readSearchResults, type ListedPaper } from '@/utils/shared/arxiv/listing';
import { isShown, shownAnywhere } from '@/utils/shared/display';
import type { Feature } from './feature';
import { sendToBackground, UPDATED_NOTICE } from '@/utils/shared/messages/client';
import { subscribeToLibrary } from '@/utils/ui/subscribe';
import type { ListingAnnotation, RelatedTo } from '@/utils/shared/related-types';
import { pageIsDark, watchPageTheme } from '@/utils/ui/theme';
import { levelLabel, relatednessText } from '@/components/relatedness-text';
import { createClosedUi } from './closed-ui';
import type { Lifecycle } from './lifecycle';
import { setupForYou } from './for-you';

const BADGE_CSS = `
:host { display: inline-block !important; margin-left: 6px !important; vertical-align: baseline !important; }
.b { font: 11px/1.5 'Lucida Grande', Helvetica, Arial, sans-serif; display: inline-flex; gap: 4px; flex-wrap: wrap; }
.c { border: 1px solid #ccc; border-radius: 3px; padding: 0 5px; color: #555; background: #f8f8f8; text-decoration: none; max-width: 36em; display: inline-flex; gap: 4px; white-space: nowrap; }
.lv { flex: none; font-weight: bold; }
.tt { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
a.c { color: #0068ac; } a.c:hover { text-decoration: underline; }
.s { color: #b31b1b; border-color: #b31b1b; }
.dark .c { background: #26292c; color: #a8a8a8; border-color: #474b4f; } .dark a.c { color: #7cb8f2; } .dark .s { color: #ff8a80; border-color: #ff8a80; }
a:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
.b:empty { display: none; }
.fy { display: inline-flex; gap: 4px; margin-left: 4px; font: 11px/1.5 'Lucida Grande', Helvetica, Arial, sans-serif; }
.fy:empty { display: none; }
.fy-not { font: inherit; color: #555; background: #fff; border: 1px solid #ccc; border-radius: 3px; padding: 0 5px; cursor: pointer; }
.dark .fy-not { color: #c8c8c8; background: #26292c; border-color: #474b4f; }
button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
`;

const TRIAGE_CSS = `
:host { display: block !important; margin: 6px 0 10px !important; }
label { font: 12px 'Lucida Grande', Helvetica, Arial, sans-serif; color: #555; display: inline-flex; gap: 6px; align-items: center; cursor: pointer; }
.dark label { color: #a8a8a8; }
input:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
p { font: 12px 'Lucida Grande', Helvetica, Arial, sans-serif; color: #555; margin: 0; }
.dark p { color: #c8c8c8; }
.fy-controls { margin-top: 4px; }
.fy-status { margin: 2px 0 0 22px; }
.fy-status:empty { display: none; }
.fy-status button { font: inherit; color: #0068ac; background: none; border: none; text-decoration: underline; cursor: pointer; padding: 0; }
.dark .fy-status button { color: #7cb8f2; }
button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
`;

const BATCH = 100;

function closedHost(kind: 'badge' | 'triage', css: string): { host: HTMLElement; root: HTMLElement } {
  const { host, container } = createClosedUi(kind, css, kind === 'badge' ? 'span' : 'div');
  if (pageIsDark(window)) container.className = 'dark';
  return { host, root: container };
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
    link.href = absUrl(a.closest.id);
    link.target = '_blank';
    link.rel = 'noopener';
    b.append(relatedChip(link, `${levelLabel(a.closest.relatedness)}:`, a.closest, `Related paper in the collection (${semantic ? 'keywords and the on-device model' : 'keywords'})`));
  }
  const old = root.querySelector(':scope > .b');
  if (old) old.replaceWith(b);
  else root.prepend(b);
}

/**
 * Badges on every entry; `placeTriage` puts the triage toggle on the page (or is null for none); `show`
 * says which of the two the reader keeps on for this listing's field.
 */
export async function showListingBadges(
  life: Lifecycle,
  entries: ListedPaper[],
  placeTriage: ((host: Element) => void) | null,
  show: { badges: boolean; triage: boolean } = { badges: true, triage: true },
): Promise<void> {
  if (entries.length === 0) return;
  const badges = new Map<string, HTMLElement>();
  /** For you's part of each badge (its mark, "Not for me"), beside the annotations. */
  const forYouMarks = new Map<string, HTMLElement>();
  const hosts: HTMLElement[] = [];
  for (const e of entries) {
    const { host, root } = closedHost('badge', BADGE_CSS);
    const fy = document.createElement('span');
    fy.className = 'fy';
    root.append(fy);
    e.anchor.append(host);
    badges.set(e.id, root);
    forYouMarks.set(e.id, fy);
    hosts.push(host);
  }
  // Badges and Triage take the page's theme, also when a dark-mode extension restyles it later.
  const themed = () => [...badges.values(), ...triageRoots];
  const triageRoots: HTMLElement[] = [];
  let annotations = new Map<string, ListingAnnotation>();
  let triage = false;

  let lastSemantic = false;
  const applyTriage = () => {
    for (const e of entries) {
      const a = annotations.get(e.id);
      const root = badges.get(e.id);
      if (a && root) renderBadge(root, a, lastSemantic, triage, show.badges);
    }
  };

  const inputs = entries.map((e) => ({ id: e.id, title: e.title, abstract: e.abstract }));
  async function annotate(semantic: boolean): Promise<boolean> {
    let pending = false;
    // Badges are redrawn after each batch (applyTriage), so a long listing fills in progressively.
    for (let i = 0; i < inputs.length && !life.orphaned; i += BATCH) {
      const r = await sendToBackground('annotateListing', { entries: inputs.slice(i, i + BATCH), semantic });
      lastSemantic = r.signals.includes('semantic');
      pending ||= r.pending;
      for (const a of r.items) annotations.set(a.id, a);
      applyTriage();
    }
    return pending;
  }

  let triageRoot: HTMLElement | null = null;
  if (placeTriage && show.triage) {
    const { host, root } = closedHost('triage', TRIAGE_CSS);
    triageRoot = root;
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
    const forYou = document.createElement('div');
    forYou.className = 'fy-controls';
    root.append(forYou);
    setupForYou(life, entries, { controls: forYou, marks: forYouMarks });
    placeTriage(host);
  }

  const stopTheme = watchPageTheme(window, (isDark) => {
    for (const root of themed()) root.classList.toggle('dark', isDark);
  });
  const unsubscribe = subscribeToLibrary(() => void annotate(annotations.size > 0).catch(() => undefined));
  life.onOrphaned(() => {
    stopTheme();
    unsubscribe();
    annotations = new Map();
    for (const host of hosts) host.remove();
    // The toggle stays, saying why the badges went away.
    if (triageRoot) {
      const notice = document.createElement('p');
      notice.setAttribute('role', 'status');
      notice.textContent = UPDATED_NOTICE;
      triageRoot.replaceChildren(notice);
    }
  });

  try {
    let pending = await annotate(false);
    // Semantic badges once the model is ready (it may still be downloading): a few spaced attempts.
    for (let attempt = 0; pending && attempt < 20 && !life.orphaned; attempt++) {
      pending = await annotate(true);
      if (pending) await new Promise((r) => setTimeout(r, 1500));
    }
  } catch {
    // The background is unavailable (extension updated or restarting): keep the page as it is.
  }
}

export const listingFeature: Feature = {
  name: 'badges, Triage and For you on listings',
  paths: ['/list/*'],
  examples: ['https://arxiv.org/list/cs.LG/new', 'https://arxiv.org/list/cs/recent', 'https://arxiv.org/list/stat.ML/pastweek', 'https://arxiv.org/list/hep-th/2024-01'],
  test: isListingUrl,
  async run({ life, url, doc, display }) {
    // /list/<archive or category>/…: the listing's own field decides.
    const field = url.pathname.split('/')[2] ?? null;
    const heading = doc.querySelector('#dlpage h1');
    if (!isShown(display, 'badges', field) && !isShown(display, 'triage', field)) return;
    await showListingBadges(life, readListing(doc), heading ? (host) => heading.after(host) : null, {
      badges: isShown(display, 'badges', field),
      triage: isShown(display, 'triage', field),
    });
  },
};

export const searchFeature: Feature = {
  name: 'badges, Triage and For you on search results',
  paths: ['/search/*'],
  examples: ['https://arxiv.org/search/?query=diffusion+models&searchtype=all', 'https://arxiv.org/search/cs?query=transformer&searchtype=title'],
  test: isSearchUrl,
  async run({ life, doc, display }) {
    // Search results span fields: only a surface turned off everywhere stays off.
    const list = doc.querySelector('ol.breathe-horizontal');
    await showListingBadges(life, readSearchResults(doc), list ? (host) => list.before(host) : null, {
      badges: shownAnywhere(display, 'badges'),
      triage: shownAnywhere(display, 'triage'),
    });
  },
};
