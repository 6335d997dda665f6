// @vitest-environment jsdom
/**
 * Every error a reader can meet, fed in as the raw text the browser, IndexedDB, Dexie or the network
 * produce, comes out in words (utils/shared/plain-errors.ts): in the mapping itself, through the message client
 * every surface sends with, in the model's state, and in what the panel renders.
 */
import { relatedResponse } from '../helpers/related-response';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import Dexie from 'dexie';
import { RelatedPanel } from '@/components/RelatedPanel';
import { PlainError, UPDATED_NOTICE, classifyError, plainMessage } from '@/utils/shared/plain-errors';
import { ExtensionGoneError, onExtensionGone, sendToBackground } from '@/utils/shared/messages/client';
import { createSaveActions } from '@/utils/ui/save-actions';
import { createRemoteEmbedder, describeModelError } from '@/utils/background/embedding/remote-embedder';
import type { ModelConfig } from '@/utils/model/types';
import type { PaperMeta } from '@/utils/shared/arxiv/abs-page';
import type { RelatedResponse } from '@/utils/shared/related-types';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A Dexie BulkError as a full disk leaves it during an import (its message is Dexie's). */
function bulkAbort(): Error {
  const failures = Array.from({ length: 161 }, () => new DOMException('The transaction was aborted, so the request cannot be fulfilled.', 'AbortError'));
  return new Dexie.BulkError('readingList.bulkPut(): 161 of 200 operations failed. Errors: AbortError: The transaction was aborted, so the request cannot be fulfilled.', failures);
}

/** The raw failures of issue 13 and their kind. */
const RAW: [string, () => unknown, string][] = [
  ['a full disk during an import (BulkError of AbortErrors)', bulkAbort, 'io'],
  ['a channel closed by a restart', () => new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received'), 'restart'],
  ['no receiver (the service worker is starting)', () => new Error('Could not establish connection. Receiving end does not exist.'), 'restart'],
  ['an orphaned content script', () => new Error('Extension context invalidated.'), 'updated'],
  ['quota', () => new DOMException('The quota has been exceeded.', 'QuotaExceededError'), 'quota'],
  ['quota inside Dexie', () => new Dexie.AbortError('Transaction aborted', new DOMException('QuotaExceededError', 'QuotaExceededError')), 'quota'],
  ['a closed database handle', () => new Dexie.DatabaseClosedError('Database has been closed'), 'closed'],
  ['a closed handle named only by its text', () => 'DatabaseClosedError', 'closed'],
  ['another version holds the database', () => new DOMException('The requested version (2) is less than the existing version (3).', 'VersionError'), 'version'],
  ['an I/O error opening the database', () => new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError'), 'io'],
  ['a message too large', () => new Error('Message exceeded maximum allowed size of 64MiB.'), 'too-large'],
  ['a failed fetch', () => new TypeError('Failed to fetch'), 'refused'],
  ['Firefox’s failed fetch', () => new TypeError('NetworkError when attempting to fetch resource.'), 'refused'],
  ['a blocked request', () => new Error('net::ERR_BLOCKED_BY_CLIENT'), 'blocked'],
  ['no connection', () => new Error('net::ERR_INTERNET_DISCONNECTED'), 'offline'],
];

/** Fragments of raw text that must never reach a reader. */
const RAW_FRAGMENTS = [/bulkPut/, /operations failed/, /AbortError/, /listener indicated/, /message channel/, /Receiving end/, /context invalidated/, /QuotaExceeded/, /DatabaseClosed/, /VersionError/, /backing store/, /64MiB/, /Failed to fetch/, /NetworkError/, /ERR_[A-Z_]+/, /net::/, /Error:/];

function expectPlain(text: string) {
  for (const f of RAW_FRAGMENTS) expect(text, text).not.toMatch(f);
}

describe('the one mapping from errors to words', () => {
  it.each(RAW)('%s', (_name, make, kind) => {
    const e = make();
    expect(classifyError(e)).toBe(kind);
    const text = plainMessage(e, { host: 'huggingface.co', online: true });
    expectPlain(text);
    expect(text.length).toBeGreaterThan(20);
  });

  it('names the host it could not reach, and tells offline apart', () => {
    expect(plainMessage(new TypeError('Failed to fetch'), { host: 'huggingface.co', online: true, doing: 'download the embedding model' })).toBe('Could not download the embedding model: couldn’t reach huggingface.co.'.replace('’', "'"));
    expect(plainMessage(new TypeError('Failed to fetch'), { host: 'huggingface.co', online: false })).toMatch(/^You are offline/);
    expect(plainMessage(new Error('net::ERR_BLOCKED_BY_CLIENT'), { host: 'huggingface.co' })).toMatch(/blocked huggingface\.co/);
  });

  it('a full disk, a closed handle and another version each get their own words (not "being upgraded")', () => {
    const messages = [bulkAbort(), new Dexie.DatabaseClosedError('x'), new DOMException('v', 'VersionError')].map((e) => plainMessage(e));
    expect(new Set(messages).size).toBe(3);
    expect(messages[0]).toMatch(/disk may be full.*nothing was changed/);
    expect(messages[1]).toMatch(/opened again on your next try/);
    expect(messages[2]).toMatch(/Another version of arXiv Neighbors/);
  });

  it('passes messages written for readers through, and never shows an unknown one', () => {
    expect(plainMessage(new PlainError('arXiv:2401.00001 is not in the reading list.'))).toBe('arXiv:2401.00001 is not in the reading list.');
    expect(plainMessage(new Error('TypeError: Cannot read properties of undefined (reading "x")'))).toMatch(/^Something went wrong in arXiv Neighbors/);
  });

  it('the model’s failure names the host, and its raw text never shows', () => {
    expect(describeModelError(new TypeError('Failed to fetch'), true, 'huggingface.co')).toMatch(/couldn't reach huggingface\.co/);
    for (const [, make] of RAW) expectPlain(describeModelError(make(), true, 'huggingface.co'));
    expectPlain(describeModelError(new Error("Can't create a session. ERROR_CODE: 1, ERROR_MESSAGE: failed to load model"), true, 'huggingface.co'));
  });
});

describe('the message client every surface sends with', () => {
  it.each(RAW)('maps a transport failure (%s) to words', async (_name, make) => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(make());
    const error = await sendToBackground('deleteEntries', { ids: ['2401.00001'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expectPlain((error as Error).message);
  });

  it('sends an idempotent request once more when a restart closed its channel', async () => {
    const answer = { ids: ['2401.00001'] };
    const spy = vi
      .spyOn(fakeBrowser.runtime, 'sendMessage')
      .mockRejectedValueOnce(new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received'))
      .mockResolvedValueOnce({ ok: true, value: answer });
    expect(await sendToBackground('getSavedIds', {})).toEqual(answer);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('sends it again while the worker is still restarting (three restarts in a row), and says so after a fourth', async () => {
    vi.useFakeTimers();
    try {
      const answer = { ids: ['2401.00001'] };
      const closed = () => new Error('Could not establish connection. Receiving end does not exist.');
      const spy = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValueOnce(closed()).mockRejectedValueOnce(closed()).mockRejectedValueOnce(closed()).mockResolvedValueOnce({ ok: true, value: answer });
      const sent = sendToBackground('undoDelete', { batch: 'b1' });
      await vi.runAllTimersAsync();
      expect(await sent).toEqual(answer);
      expect(spy).toHaveBeenCalledTimes(4);
      spy.mockReset().mockRejectedValue(closed());
      const failed = sendToBackground('undoDelete', { batch: 'b1' }).catch((e: unknown) => e);
      await vi.runAllTimersAsync();
      expect(((await failed) as Error).message).toMatch(/^arXiv Neighbors restarted before it could answer/);
      expect(spy).toHaveBeenCalledTimes(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not sendToBackground a deletion twice: says the extension restarted instead', async () => {
    const spy = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received'));
    await expect(sendToBackground('deleteEntries', { ids: ['2401.00001'] })).rejects.toThrow(/^arXiv Neighbors restarted before it could answer/);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('an orphaned script is told the extension was updated, and its listeners hear of it', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Extension context invalidated.'));
    const heard = vi.fn();
    const off = onExtensionGone(heard);
    const error = await sendToBackground('savePaper', { id: '2401.00001' }).catch((e: unknown) => e);
    off();
    expect(error).toBeInstanceOf(ExtensionGoneError);
    expect((error as Error).message).toBe(UPDATED_NOTICE);
    expect(heard).toHaveBeenCalledTimes(1);
  });
});

const config: ModelConfig = { modelId: 'm', dtype: 'q8', pooling: 'mean', maxTokens: 256, remoteHost: 'https://huggingface.co/', wasmUrl: 'x.wasm', threads: 1, localPath: null };
const CHANNEL_CLOSED = 'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received';

describe('the model heals without a click', () => {
  it('a request interrupted by the model host closing is sent again (bounded backoff) and never shows an error', async () => {
    const waits: number[] = [];
    let calls = 0;
    const e = createRemoteEmbedder(
      config,
      async (_c, texts) => {
        calls++;
        if (calls <= 2) throw new Error(CHANNEL_CLOSED);
        return texts.map(() => new Float32Array([1]));
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(await e.embed(['a'])).toHaveLength(1);
    expect(e.state()).toEqual({ phase: 'ready' });
    expect(waits).toEqual([250, 1000]);
  });

  it('a host that keeps closing fails after the bounded retries, in words, then is tried again after a growing wait', async () => {
    let clock = 0;
    let broken = true;
    const e = createRemoteEmbedder(
      config,
      async (_c, texts) => {
        if (broken) throw new Error(CHANNEL_CLOSED);
        return texts.map(() => new Float32Array([1]));
      },
      { sleep: async () => undefined, now: () => clock },
    );
    await expect(e.embed(['a'])).rejects.toThrow(/restarted/);
    const failed = e.state();
    expect(failed.phase).toBe('error');
    expectPlain(failed.phase === 'error' ? failed.message : '');
    clock += 1000;
    expect(e.state().phase).toBe('error');
    clock += 1000;
    // 2 s after the failure: the next request tries again by itself.
    expect(e.state().phase).toBe('idle');
    broken = false;
    expect(await e.embed(['a'])).toHaveLength(1);
    expect(e.state()).toEqual({ phase: 'ready' });
  });

  it('stops trying by itself after the last wait (the Retry button remains)', async () => {
    let clock = 0;
    const e = createRemoteEmbedder(config, async () => Promise.reject(new TypeError('Failed to fetch')), { sleep: async () => undefined, now: () => clock });
    await expect(e.embed(['a'])).rejects.toThrow();
    for (const wait of [2000, 10_000, 30_000]) {
      clock += wait;
      expect(e.state().phase).toBe('idle');
      await expect(e.embed(['a'])).rejects.toThrow(/couldn't reach huggingface\.co/);
    }
    clock += 10 ** 6;
    expect(e.state().phase).toBe('error');
    e.reset();
    expect(e.state().phase).toBe('idle');
  });
});

const paper: PaperMeta = { id: '2401.00009', version: null, title: 'A paper', abstract: 'About things.', authors: [], primarySubject: null, subjects: [], submitted: [] };
const answer = (over: Partial<RelatedResponse> = {}): RelatedResponse =>
  relatedResponse({
  results: [
    {
      id: '2401.00001',
      title: 'Paper 1',
      firstAuthor: 'Ada Lovelace',
      year: '2024',
      url: 'https://arxiv.org/abs/2401.00001',
      relatedness: { level: 'related', score: 0.5, percentile: 99 },
      reason: ['things'],
      saved: false,
      inCorpus: true,
    },
  ],
  signals: ['lexical'],
  ...over,
});

describe('what the panel renders', () => {
  let host: HTMLElement | null = null;
  afterEach(async () => {
    // Unmount cleanups run on the next frame in Preact 11; act runs them before the environment goes.
    const h = host;
    if (h) await act(() => render(null, h));
    host?.remove();
  });

  function mount(fetchRelated: (wait: boolean) => Promise<RelatedResponse>) {
    host = document.createElement('div');
    document.body.append(host);
    render(<RelatedPanel fetchRelated={fetchRelated} retryModel={async () => ({})} pollMs={1} self={{ id: paper.id, title: paper.title }} actions={createSaveActions(paper)} />, host);
    return host;
  }

  it.each(RAW)('no raw text when asking for related papers fails (%s)', async (_name, make) => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(make());
    const el = mount(() => sendToBackground('getRelated', { paper }));
    await vi.waitFor(() => expect(el.querySelector('[role="alert"], .an-updated')).not.toBeNull(), { timeout: 5000 });
    expectPlain(el.textContent ?? '');
  });

  it.each(RAW)('no raw text when saving fails (%s)', async (_name, make) => {
    const el = mount(async () => answer());
    await vi.waitFor(() => expect(el.querySelector('.an-list .an-save')).not.toBeNull());
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(make());
    el.querySelector<HTMLButtonElement>('.an-list .an-save')!.click();
    // A restart is sent again for ~1.5 s before it is said.
    await vi.waitFor(() => expect(el.querySelector('[role="alert"]')).not.toBeNull(), { timeout: 3000 });
    expectPlain(el.textContent ?? '');
  });

  it.each(RAW)('no raw text in the model’s failure (%s)', async (_name, make) => {
    const el = mount(async () => answer({ model: { phase: 'error', message: describeModelError(make(), true, 'huggingface.co') } }));
    await vi.waitFor(() => expect(el.querySelector('.an-note')).not.toBeNull());
    expectPlain(el.textContent ?? '');
  });
});
