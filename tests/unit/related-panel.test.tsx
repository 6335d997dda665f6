// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RelatedPanel } from '@/components/RelatedPanel';
import type { RelatedItem, RelatedResponse } from '@/utils/shared/related-types';
import { relatedResponse } from '../helpers/related-response';

const item = (i: number): RelatedItem => ({
  id: `2401.0000${i}`,
  title: `<b>Paper ${i}</b>`,
  firstAuthor: 'Ada Lovelace',
  year: '2024',
  url: `https://arxiv.org/abs/2401.0000${i}`,
  relatedness: { level: i < 3 ? 'very-close' : 'related', score: 1 - i / 10, percentile: 99.9 - i / 10 },
  reason: ['product quantization', 'MIPS'],
  saved: false,
  inCorpus: true,
});

const response = (over: Partial<RelatedResponse> = {}): RelatedResponse => relatedResponse({ results: [1, 2, 3, 4, 5, 6, 7].map(item), signals: ['lexical', 'semantic'], ...over });

let host: HTMLElement;
function mount(fetchRelated: (wait: boolean) => Promise<RelatedResponse>, retryModel = vi.fn(async () => ({}))) {
  host = document.createElement('div');
  document.body.append(host);
  render(<RelatedPanel fetchRelated={fetchRelated} retryModel={retryModel} pollMs={5} />, host);
  return { retryModel };
}

afterEach(async () => {
  // Unmount cleanups run on the next frame in Preact 11; act runs them before the environment goes.
  await act(() => render(null, host));
  host.remove();
});

describe('RelatedPanel', () => {
  it('shows a skeleton, then 5 results with "show more" up to 10; page text stays text', async () => {
    let resolve: ((r: RelatedResponse) => void) | undefined;
    mount(() => new Promise((r) => (resolve = r)));
    await vi.waitFor(() => expect(resolve).toBeTypeOf('function'));
    expect(host.querySelector('.an-skeleton')).not.toBeNull();
    expect(host.querySelector('.an-status')?.textContent).toMatch(/Finding related/);
    resolve?.(response());
    await vi.waitFor(() => expect(host.querySelectorAll('.an-title')).toHaveLength(5));
    const first = host.querySelector<HTMLAnchorElement>('.an-title')!;
    expect(first.textContent).toBe('<b>Paper 1</b>');
    expect(first.querySelector('b')).toBeNull();
    expect(first.getAttribute('href')).toBe('https://arxiv.org/abs/2401.00001');
    expect(host.querySelector('.an-reason')?.textContent).toBe('Shared: product quantization, MIPS');
    expect(host.querySelector('.an-level')?.textContent).toBe('Very close');
    expect(host.querySelector('.an-pct')?.textContent).toBe('closer than 99.8 % of paper pairs in the collection');
    expect(host.querySelector('[role="meter"]')?.getAttribute('aria-valuenow')).toBe('90');
    const more = host.querySelector<HTMLButtonElement>('.an-more')!;
    expect(more.textContent).toBe('Show 2 more');
    more.click();
    await vi.waitFor(() => expect(host.querySelectorAll('.an-title')).toHaveLength(7));
    expect(more.getAttribute('aria-expanded')).toBe('true');
  });

  it('asks again while semantic results are pending and says so', async () => {
    const waiting: ((r: RelatedResponse) => void)[] = [];
    const fetch = vi.fn(() => new Promise<RelatedResponse>((r) => waiting.push(r)));
    mount(fetch);
    const status = () => host.querySelector('.an-status')?.textContent;
    const answer = async (n: number, r: RelatedResponse, expected: string) => {
      await vi.waitFor(() => expect(waiting).toHaveLength(n));
      waiting[n - 1](r);
      await vi.waitFor(() => expect(status()).toBe(expected));
    };
    await answer(1, response({ signals: ['lexical'], pending: true, model: { phase: 'downloading', loaded: 5_000_000, total: 20_000_000 }, indexing: { done: 0, total: 70 } }), 'Refining with the on-device model… downloading it (5.0 of 20.0 MB, once).');
    await answer(2, response({ signals: ['lexical'], pending: true, indexing: { done: 32, total: 70 } }), 'Refining with the on-device model… 32 of 70 papers read.');
    // A first list from the model over the paper's likely neighbours: still refining, and it says so.
    await answer(3, response({ signals: ['lexical', 'semantic'], pending: true, indexing: { done: 21, total: 70 } }), 'Refining with the on-device model… its closest papers are done, 21 of 70 read.');
    await answer(4, response(), 'Ranked on your device by topic and shared words.');
    await new Promise((r) => setTimeout(r, 50));
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('shows the empty state when nothing is closely related', async () => {
    mount(async () => response({ results: [] }));
    await vi.waitFor(() => expect(host.querySelector('.an-empty')?.textContent).toBe('No closely related papers among the bundled papers.'));
    expect(host.querySelector('.an-more')).toBeNull();
  });

  it('explains a model failure, keeps keyword results and retries on request', async () => {
    let failed = true;
    const { retryModel } = mount(async () =>
      failed ? response({ signals: ['lexical'], model: { phase: 'error', message: 'Could not download the embedding model.' } }) : response(),
    );
    await vi.waitFor(() => expect(host.querySelector('.an-note')?.textContent).toMatch(/Could not download/));
    expect(host.querySelector('.an-status')?.textContent).toBe('Ranked by shared words only.');
    expect(host.querySelectorAll('.an-row').length).toBeGreaterThan(0);
    failed = false;
    host.querySelector<HTMLButtonElement>('.an-note button')!.click();
    await vi.waitFor(() => expect(host.querySelector('.an-note')).toBeNull());
    expect(retryModel).toHaveBeenCalledOnce();
  });

  it('saves and removes with toggles, offers undo, and refreshes when the library changes elsewhere', async () => {
    let saved = new Set<string>();
    let changed: (() => void) | null = null;
    const actions = {
      save: vi.fn(async (id: string | null) => saved.add(id ?? 'self')),
      remove: vi.fn(async (id: string) => {
        saved.delete(id);
        return 'batch-1';
      }),
      undo: vi.fn(async () => saved.add('2401.00001')),
      subscribe: (fn: () => void) => {
        changed = fn;
        return () => (changed = null);
      },
    };
    host = document.createElement('div');
    document.body.append(host);
    const fetch = vi.fn(async () => response({ results: [1, 2].map((i) => ({ ...item(i), saved: saved.has(item(i).id) })), selfSaved: saved.has('self') }));
    render(<RelatedPanel fetchRelated={fetch} retryModel={async () => ({})} self={{ id: '2304.09157', title: 'Geo' }} actions={actions} />, host);
    await vi.waitFor(() => expect(host.querySelectorAll('.an-row .an-save')).toHaveLength(2));
    const rowToggle = () => host.querySelector<HTMLButtonElement>('.an-row .an-save')!;
    rowToggle().click();
    await vi.waitFor(() => expect(rowToggle().getAttribute('aria-pressed')).toBe('true'));
    expect(actions.save).toHaveBeenCalledWith('2401.00001');
    host.querySelector<HTMLButtonElement>('.an-self .an-save')!.click();
    await vi.waitFor(() => expect(host.querySelector('.an-self .an-save')?.textContent).toBe('★ In your reading list'));
    // One label per button: the toggle says what it does, nothing repeats it beside it.
    expect(host.querySelector('.an-self')?.textContent).toBe('★ In your reading list');
    expect(actions.save).toHaveBeenCalledWith(null);

    rowToggle().click();
    await vi.waitFor(() => expect(host.querySelector('.an-undo')?.textContent).toMatch(/Removed “<b>Paper 1<\/b>”/));
    expect(rowToggle().getAttribute('aria-pressed')).toBe('false');
    host.querySelector<HTMLButtonElement>('.an-undo button')!.click();
    await vi.waitFor(() => expect(rowToggle().getAttribute('aria-pressed')).toBe('true'));
    expect(actions.undo).toHaveBeenCalledWith('batch-1');

    saved = new Set();
    const calls = fetch.mock.calls.length;
    changed!();
    await vi.waitFor(() => expect(rowToggle().getAttribute('aria-pressed')).toBe('false'));
    expect(fetch.mock.calls.length).toBeGreaterThan(calls);
  });

  it('asks a failing background once more (its client resends across restarts), then shows a message instead of a stack trace', async () => {
    const fetch = vi.fn(async (): Promise<RelatedResponse> => {
      throw new Error('Could not establish connection');
    });
    mount(fetch);
    await vi.waitFor(() => expect(host.querySelector('[role="alert"]')?.textContent).toMatch(/can’t be shown right now/), { timeout: 4000 });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(host.textContent).not.toContain('Could not establish connection');
  });

  it('waits on the background (long poll) when only this paper’s embedding is missing, instead of polling', async () => {
    const calls: boolean[] = [];
    const fetch = vi.fn(async (wait: boolean) => {
      calls.push(wait);
      return wait ? response() : response({ signals: ['lexical'], pending: true });
    });
    mount(fetch);
    await vi.waitFor(() => expect(host.querySelector('.an-status')?.textContent).toBe('Ranked on your device by topic and shared words.'));
    expect(calls).toEqual([false, true]);
  });

  it('retries a failed model download by itself when the browser comes back online', async () => {
    const fetch = vi.fn(async () => response({ signals: ['lexical'], model: { phase: 'error', message: 'You are offline, so the embedding model cannot be downloaded yet. Showing keyword matches.' } }));
    const listens = vi.spyOn(window, 'addEventListener');
    const { retryModel } = mount(fetch);
    await vi.waitFor(() => expect(host.textContent).toContain('You are offline'));
    // The 'online' listener is added by an effect, which Preact runs a frame after the render (later still
    // on a loaded machine; flushing with act was not enough in CI): wait until it is there.
    await vi.waitFor(() => expect(listens).toHaveBeenCalledWith('online', expect.any(Function)));
    listens.mockRestore();
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(retryModel).toHaveBeenCalledOnce());
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
  });

  it('names where the list comes from and never uses internal words', async () => {
    mount(async () => response({ collection: { bundled: 70, saved: 3 } }));
    await vi.waitFor(() => expect(host.querySelector('.an-source')?.textContent).toBe('From 70 machine-learning papers that come with the extension and your 3 saved papers.'));
    expect(host.textContent).not.toMatch(/corpus|embedding|semantic|keyword-only|\.\./i);
  });

  it('hides a row as not relevant for this paper, offers undo, and the undo goes after 10 s', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const hidden = new Set<string>();
      const dismiss = { hide: vi.fn(async (id: string) => hidden.add(id)), restore: vi.fn(async (id: string) => hidden.delete(id)) };
      host = document.createElement('div');
      document.body.append(host);
      const fetch = vi.fn(async () => response({ results: [1, 2, 3].map(item).filter((i) => !hidden.has(i.id)), hidden: hidden.size }));
      render(<RelatedPanel fetchRelated={fetch} retryModel={async () => ({})} dismiss={dismiss} />, host);
      await vi.waitFor(() => expect(host.querySelectorAll('.an-title')).toHaveLength(3));
      const button = host.querySelector<HTMLButtonElement>('.an-row .an-dismiss')!;
      expect(button.getAttribute('aria-label')).toBe('Not relevant: <b>Paper 1</b>');
      button.click();
      await vi.waitFor(() => expect(host.querySelectorAll('.an-title')).toHaveLength(2));
      expect(dismiss.hide).toHaveBeenCalledWith('2401.00001');
      expect(host.querySelector('.an-undo')?.textContent).toMatch(/Hid “<b>Paper 1<\/b>”/);
      host.querySelector<HTMLButtonElement>('.an-undo button')!.click();
      await vi.waitFor(() => expect(host.querySelectorAll('.an-title')).toHaveLength(3));
      expect(dismiss.restore).toHaveBeenCalledWith('2401.00001');
      // A second hide offers undo again; it disappears by itself after 10 s.
      host.querySelector<HTMLButtonElement>('.an-row .an-dismiss')!.click();
      await vi.waitFor(() => expect(host.querySelector('.an-undo')).not.toBeNull());
      await vi.advanceTimersByTimeAsync(10_500);
      expect(host.querySelector('.an-undo')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('offers the PDF of every row', async () => {
    mount(async () => response());
    await vi.waitFor(() => expect(host.querySelectorAll('.an-row')).toHaveLength(5));
    const pdf = host.querySelector<HTMLAnchorElement>('.an-row .an-pdf')!;
    expect(pdf.getAttribute('href')).toBe('https://arxiv.org/pdf/2401.00001');
    expect(pdf.textContent).toBe('PDF');
  });

  it('collapses to its heading and remembers it through the callback', async () => {
    const onChange = vi.fn();
    host = document.createElement('div');
    document.body.append(host);
    render(<RelatedPanel fetchRelated={async () => response()} retryModel={async () => ({})} collapse={{ collapsed: true, onChange }} />, host);
    await vi.waitFor(() => expect(host.querySelector('h2')?.textContent).toBe('Related papers (7)'));
    const toggle = host.querySelector<HTMLButtonElement>('.an-collapse')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(host.querySelector<HTMLElement>('#an-body')?.hidden).toBe(true);
    toggle.click();
    await vi.waitFor(() => expect(host.querySelector<HTMLElement>('#an-body')?.hidden).toBe(false));
    expect(onChange).toHaveBeenCalledWith(false);
  });
});
