/**
 * "For you" on listing and search pages (e.g. https://arxiv.org/list/cs/new): a switch beside Triage that
 * puts the entries in the order of the reader's own model (trained on what they saved and dismissed),
 * marks the top ones with why, and puts the page's order back when it is turned off. The choice is
 * remembered. Marks and reasons are drawn inside the entries' closed badges; the order itself is, by
 * nature, the page's (a page script can see entries move, which is why the switch starts off).
 */
import type { ListedPaper } from '@/utils/shared/arxiv/listing';
import { sendToBackground } from '@/utils/shared/messages/client';
import { userMessage } from '@/components/user-message';
import { levelLabel } from '@/components/relatedness-text';
import { loadDisplay, updateDisplay } from '@/utils/shared/display';
import type { ForYouItem } from '@/utils/shared/related-types';
import type { Lifecycle } from './lifecycle';

const BATCH = 100;
const MARKED = 10;
/** Entries, in For you's order, that offer "Not for me". */
const NOT_FOR_ME_SHOWN = 20;

/** One entry's nodes in the page (listing: its dt and dd; search: its li), in page order. */
interface Group {
  id: string;
  nodes: Node[];
}

/** Puts the groups of each parent in `order` (ids), keeping them where they were among the parent's other children. */
function arrange(groups: Group[], order: string[]) {
  const rank = new Map(order.map((id, i) => [id, i]));
  const byParent = new Map<Node, Group[]>();
  for (const g of groups) {
    const parent = g.nodes[0].parentNode;
    if (!parent) continue;
    byParent.set(parent, [...(byParent.get(parent) ?? []), g]);
  }
  for (const [parent, gs] of byParent) {
    const last = gs[gs.length - 1].nodes.at(-1)!;
    // What followed the last entry stays after all of them (the next section's heading, a footer).
    let after = last.nextSibling;
    const own = new Set(gs.flatMap((g) => g.nodes));
    while (after && own.has(after)) after = after.nextSibling;
    const sorted = [...gs].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
    for (const g of sorted) for (const n of g.nodes) parent.insertBefore(n, after);
  }
}

export interface ForYouUi {
  /** The switch and its status line, put beside Triage. */
  controls: HTMLElement;
  /** Redraws the For you part of each badge (`fy` elements inside the closed badge roots). */
  marks: Map<string, HTMLElement>;
}

export function setupForYou(life: Lifecycle, entries: ListedPaper[], ui: ForYouUi): void {
  const groups: Group[] = entries.map((e) => ({
    id: e.id,
    nodes: e.anchor.tagName === 'DT' && e.container !== e.anchor ? [e.anchor, e.container] : [e.container],
  }));
  const pageOrder = entries.map((e) => e.id);
  // Ties keep the page's order; a position lookup, not indexOf, so a 2,000-entry listing sorts in a blink.
  const pagePosition = new Map(pageOrder.map((id, i) => [id, i]));
  const inputs = entries.map((e) => ({ id: e.id, title: e.title, abstract: e.abstract }));
  const titleOf = new Map(entries.map((e) => [e.id, e.title]));

  const label = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  label.append(box, 'For you: put the papers most like my reading list first');
  const status = document.createElement('p');
  status.className = 'fy-status';
  status.setAttribute('role', 'status');
  ui.controls.append(label, status);

  let run = 0;
  let on = false;

  const clearMarks = () => {
    for (const el of ui.marks.values()) el.replaceChildren();
  };

  function say(text: string, undo?: () => Promise<unknown>) {
    status.replaceChildren(text);
    if (undo) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = 'Undo';
      b.addEventListener('click', () => void undo().then(() => apply(), (e: unknown) => say(userMessage(e))));
      status.append(' ', b);
    }
  }

  function markEntry(el: HTMLElement, item: ForYouItem) {
    const chip = document.createElement('span');
    chip.className = 'c s fy-mark';
    const lv = document.createElement('span');
    lv.className = 'lv';
    lv.textContent = item.relatedness ? `For you · ${levelLabel(item.relatedness)}:` : 'For you:';
    const why = document.createElement('span');
    why.className = 'tt';
    why.textContent = item.why ?? 'like the papers you save';
    chip.title = item.why ?? '';
    chip.append(lv, why);
    el.replaceChildren(chip);
  }

  function notForMeButton(el: HTMLElement, id: string) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'fy-not';
    b.textContent = 'Not for me';
    const title = titleOf.get(id) ?? id;
    b.setAttribute('aria-label', `Not for me: ${title}`);
    b.addEventListener('click', () => {
      const entry = inputs.find((x) => x.id === id)!;
      void sendToBackground('notForMe', { paper: entry }).then(
        () => {
          void apply().then(() => say(`“${title}” will rank lower from now on.`, () => sendToBackground('forMeAgain', { id })));
        },
        (e: unknown) => say(userMessage(e)),
      );
    });
    el.append(b);
  }

  async function apply(): Promise<void> {
    const mine = ++run;
    say('Ordering this listing for you…');
    const items = new Map<string, ForYouItem>();
    try {
      for (let i = 0; i < inputs.length && !life.orphaned; i += BATCH) {
        const r = await sendToBackground('forYouListing', { entries: inputs.slice(i, i + BATCH), semantic: true });
        if (mine !== run || !on) return;
        if (r.state === 'few') {
          say(`Save at least 3 papers to get a For you order (you have ${r.saved}).`);
          return;
        }
        for (const it of r.items) items.set(it.id, it);
      }
    } catch (e) {
      if (mine === run) say(userMessage(e));
      return;
    }
    if (mine !== run || !on) return;
    const order = [...items.values()].sort((a, b) => b.score - a.score || pagePosition.get(a.id)! - pagePosition.get(b.id)!).map((it) => it.id);
    arrange(groups, order);
    clearMarks();
    const top = order.map((id) => items.get(id)!).filter((it) => it.top).slice(0, MARKED);
    for (const it of top) {
      const el = ui.marks.get(it.id);
      if (el) markEntry(el, it);
    }
    // "Not for me" where the reader's eye is: the entries For you put first.
    for (const id of order.slice(0, NOT_FOR_ME_SHOWN)) {
      const el = ui.marks.get(id);
      if (el) notForMeButton(el, id);
    }
    say(top.length === 0 ? 'Nothing on this listing looks like your reading list; the order is a best guess.' : `Ordered for you: ${top.length} marked to read first.`);
  }

  function turnOff() {
    run++;
    arrange(groups, pageOrder);
    clearMarks();
    say('');
  }

  box.addEventListener('change', () => {
    on = box.checked;
    void updateDisplay((d) => ({ ...d, forYou: on })).catch(() => undefined);
    if (on) void apply();
    else turnOff();
  });
  life.onOrphaned(() => {
    run++;
    arrange(groups, pageOrder);
    clearMarks();
  });
  // Remembered: a listing opens in For you's order when the reader left it on.
  void loadDisplay().then((d) => {
    if (!d.forYou || life.orphaned) return;
    box.checked = on = true;
    void apply();
  }, () => undefined);
}
