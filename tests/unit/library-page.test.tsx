// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { LIBRARY_REVISION_KEY } from '@/utils/shared/library/revision';
import type { LibraryEntry } from '@/utils/shared/library/types';
import { toJson } from '@/utils/background/library/export';
import type { MessageName } from '@/utils/shared/messages/background';

const calls: { name: MessageName; payload: unknown }[] = [];
const answers: Partial<Record<MessageName, (payload: never) => unknown>> = {};
vi.mock('@/utils/shared/messages/client', () => ({
  sendToBackground: vi.fn(async (name: MessageName, payload: unknown) => {
    calls.push({ name, payload });
    const answer = answers[name];
    if (!answer) throw new Error(`no answer for ${name}`);
    return (answer as (p: unknown) => unknown)(payload);
  }),
}));

const { EntryCard } = await import('@/components/EntryCard');
const { LibraryApp, UNDO_MS } = await import('@/entrypoints/library/LibraryApp');

const entry = (over: Partial<LibraryEntry> & { id: string }): LibraryEntry => ({
  addedAt: 1,
  updatedAt: 1,
  status: 'to-read',
  tags: [],
  note: '',
  paper: { title: `Paper ${over.id}`, authors: ['Ann Bee'], abstract: 'What the paper found.', yearMonth: '1999-01', primarySubject: null, version: null },
  ...over,
});

let host: HTMLElement;
beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  calls.length = 0;
});
afterEach(async () => {
  // Preact 11 runs an unmounted component's effect cleanups on the next frame: inside act they run now,
  // before the test environment (and its cancelAnimationFrame) is torn down.
  await act(() => render(null, host));
  host.remove();
  vi.useRealTimers();
});

/** A File as the page reads it (jsdom's File has no text()). */
const fileOf = (text: string, name: string) => Object.assign(new File([text], name), { text: async () => text });

const flush = async () => {
  for (let i = 0; i < 3; i++) await act(async () => await new Promise((r) => setImmediate(r)));
};
/** Waits (a macrotask at a time) until `find` finds something. */
async function until<T>(find: () => T | null | undefined): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const found = find();
    if (found) return found;
    await flush();
  }
  throw new Error('not found in time');
}
const button = (text: string | RegExp) => {
  const b = [...host.querySelectorAll('button')].find((x) => (typeof text === 'string' ? x.textContent?.trim() === text : text.test(x.textContent ?? '')));
  if (!b) throw new Error(`no button ${String(text)}`);
  return b;
};

describe('a library card', () => {
  const mount = (e: LibraryEntry) =>
    render(<EntryCard entry={e} selected={false} tagListId="tags" onSelect={() => undefined} onUpdate={async () => ({ cut: [], deleted: false })} loadRelated={async () => null} />, host);

  it('links the PDF, old-style ids included', () => {
    mount(entry({ id: 'hep-th/9901001' }));
    const pdf = host.querySelector<HTMLAnchorElement>('a.entry-pdf');
    expect(pdf?.href).toBe('https://arxiv.org/pdf/hep-th/9901001');
    expect(pdf?.textContent).toBe('PDF');
    expect(pdf?.getAttribute('aria-label')).toBe('PDF of Paper hep-th/9901001');
  });

  it('shows and hides the abstract with a button that says its state', async () => {
    mount(entry({ id: '2304.09157' }));
    const toggle = button('Show abstract');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(host.textContent).not.toContain('What the paper found.');
    await act(() => toggle.click());
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent).toBe('Hide abstract');
    const abstract = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    expect(abstract?.textContent).toBe('What the paper found.');
    await act(() => toggle.click());
    expect(host.textContent).not.toContain('What the paper found.');
  });

  it('offers no abstract button when no abstract is known', () => {
    mount(entry({ id: '2304.09157', paper: null }));
    expect(host.querySelector('.entry-abstract-toggle')).toBeNull();
    expect(host.querySelector('a.entry-pdf')).not.toBeNull();
  });
});

describe('the library page', () => {
  let list: LibraryEntry[];
  // jsdom lays nothing out: give cards the height a browser would, for the windowed list's arithmetic.
  const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight');
  beforeEach(() => Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 170 }));
  afterEach(() => height && Object.defineProperty(HTMLElement.prototype, 'offsetHeight', height));
  beforeEach(() => {
    list = [entry({ id: '2304.09157' }), entry({ id: '2205.13147' })];
    Object.assign(answers, {
      queryLibrary: () => ({ ids: list.map((e) => e.id), total: list.length, size: list.length, tags: [], moreTags: 0, unreadable: 0, repaired: 0, pending: false }),
      getEntries: ({ ids }: { ids: string[] }) => ({ entries: list.filter((e) => ids.includes(e.id)) }),
      getStorage: () => ({ usage: null, quota: null, saved: list.length, papers: list.length, vectors: 0 }),
      deleteEntries: ({ ids }: { ids: string[] }) => {
        list = list.filter((e) => !ids.includes(e.id));
        return { batch: 'b1', count: ids.length };
      },
      updateEntry: ({ id, patch }: { id: string; patch: Partial<LibraryEntry> }) => ({ entry: { ...list.find((e) => e.id === id), ...patch }, cut: [], deleted: false }),
      importLibrary: () => ({ report: { added: [], updated: [], skipped: [], cut: [] } }),
    });
  });

  async function mountAndDelete() {
    await act(() => render(<LibraryApp />, host));
    await flush();
    const box = await until(() => host.querySelector<HTMLInputElement>('.entry[data-id="2304.09157"] .entry-select'));
    await act(() => box?.click());
    await act(() => button(/^Delete/).click());
    expect((await until(() => host.querySelector('.banner')))?.textContent).toContain('Deleted 1 paper');
  }

  it('the undo banner goes after 10 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await mountAndDelete();
    await act(() => {
      vi.advanceTimersByTime(UNDO_MS - 100);
    });
    expect(host.querySelector('.banner')).not.toBeNull();
    await act(() => {
      vi.advanceTimersByTime(200);
    });
    expect(host.querySelector('.banner')).toBeNull();
  });

  it('a slow read of an older refresh does not replace a newer one’s entries (a just-saved paper keeps its card)', async () => {
    await act(() => render(<LibraryApp />, host));
    await until(() => host.querySelector('.entry[data-id="2205.13147"]'));
    const plain = answers.getEntries!;
    let release = () => undefined as void;
    const held = new Promise<void>((r) => (release = r));
    let reads = 0;
    answers.getEntries = (async (p: { ids: string[] }) => {
      const answer = (plain as (p: unknown) => unknown)(p);
      // The first refresh's read is slow (a service-worker stop in its way); the second's is not.
      if (++reads === 1) await held;
      return answer;
    }) as never;
    await act(() => fakeBrowser.storage.local.set({ [LIBRARY_REVISION_KEY]: 'r1' }));
    await flush();
    list = [entry({ id: '2401.00001' }), ...list];
    await act(() => fakeBrowser.storage.local.set({ [LIBRARY_REVISION_KEY]: 'r2' }));
    await until(() => host.querySelector('.entry[data-id="2401.00001"]'));
    await act(() => release());
    await flush();
    expect(host.querySelector('.entry[data-id="2401.00001"]')).not.toBeNull();
    expect(host.querySelector('.count')?.textContent).toContain('3 of 3 shown');
  });

  it('Undo says it is restoring until the background has', async () => {
    await mountAndDelete();
    let finish = () => undefined as void;
    answers.undoDelete = () => new Promise((r) => (finish = () => r({ restored: 1 })));
    await act(() => button('Undo').click());
    expect(host.querySelector('.busy')?.textContent).toBe('Restoring 1 paper…');
    await act(() => finish());
    await flush();
    expect(host.querySelector('.busy')).toBeNull();
  });

  it('the undo banner goes at the next action (a status change)', async () => {
    await mountAndDelete();
    const status = await until(() => host.querySelector<HTMLSelectElement>('.entry[data-id="2205.13147"] .entry-status'));
    status.value = 'reading';
    await act(() => {
      status.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(host.querySelector('.banner')).toBeNull();
  });

  it('the import dialog says what it takes and refuses a CSV file by name', async () => {
    await act(() => render(<LibraryApp />, host));
    await flush();
    await act(() => button('Import…').click());
    const dialog = host.querySelector('#import-dialog');
    expect(dialog?.textContent).toContain('JSON backup');
    expect(dialog?.textContent).toContain('BibTeX');
    const input = host.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error('no file input');
    Object.defineProperty(input, 'files', { value: [new File(['a,b,c\n1,2,3\n'], 'reading-list.csv', { type: 'text/csv' })], configurable: true });
    await act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(host.querySelector('.report-error')?.textContent).toContain("CSV files can't be imported — choose a JSON backup or a BibTeX file.");
    expect(calls.some((c) => c.name === 'importLibrary')).toBe(false);
  });

  async function chooseFile(mode: 'Add papers from a file…' | 'Restore a JSON backup…', file: File) {
    await act(() => button('Import…').click());
    const input = host.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error('no file input');
    input.click = () => undefined;
    await act(() => button(mode).click());
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
  }

  const backup = () => toJson([entry({ id: '1706.03762', status: 'read' })], new Date(0));

  it('adding from a file never asks for a restore', async () => {
    await act(() => render(<LibraryApp />, host));
    await flush();
    await chooseFile('Add papers from a file…', fileOf(backup(), 'backup.json'));
    await until(() => calls.some((c) => c.name === 'importLibrary'));
    expect(calls.filter((c) => c.name === 'importLibrary').map((c) => c.payload)).toEqual([{ kind: 'json', entries: [entry({ id: '1706.03762', status: 'read' })] }]);
  });

  it('a restore says what it will replace and waits for the reader to confirm', async () => {
    await act(() => render(<LibraryApp />, host));
    await flush();
    await chooseFile('Restore a JSON backup…', fileOf(backup(), 'backup.json'));
    const confirm = host.querySelector('[role="alertdialog"]');
    expect(confirm?.textContent).toContain('Restore from “backup.json”?');
    expect(confirm?.textContent).toContain('its status, tags and notes replace the ones in your reading list');
    expect(calls.some((c) => c.name === 'importLibrary')).toBe(false);
    await act(() => button('Restore from the backup').click());
    await until(() => calls.some((c) => c.name === 'importLibrary'));
    expect(calls.filter((c) => c.name === 'importLibrary').map((c) => c.payload)).toEqual([{ kind: 'json', mode: 'restore', entries: [entry({ id: '1706.03762', status: 'read' })] }]);
  });

  it('a cancelled restore changes nothing', async () => {
    await act(() => render(<LibraryApp />, host));
    await flush();
    await chooseFile('Restore a JSON backup…', fileOf('{}', 'backup.json'));
    await act(() => button('Cancel').click());
    expect(host.querySelector('[role="alertdialog"]')).toBeNull();
    expect(calls.some((c) => c.name === 'importLibrary')).toBe(false);
  });
});
