// The document_start wake-up script (entrypoints/arxiv-wake.ts) uses the browser's own runtime, not the
// message client: what it sends must still be a message the background accepts, and nothing it meets may
// reach the page as an error.
import { afterEach, describe, expect, it, vi } from 'vitest';
import wake from '@/entrypoints/arxiv-wake';
import { parseBackgroundMessage } from '@/utils/shared/messages/background';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the wake-up script', () => {
  it('sends one warmUp that the background’s contract accepts', () => {
    const sendMessage = vi.fn(async (_message: unknown) => ({ ok: true, value: { ok: true } }));
    vi.stubGlobal('browser', { runtime: { sendMessage } });
    wake.main();
    expect(sendMessage).toHaveBeenCalledOnce();
    expect(parseBackgroundMessage(sendMessage.mock.calls[0][0])).toEqual({ name: 'warmUp', payload: {} });
  });

  it('uses chrome.runtime where there is no browser namespace (Chrome)', () => {
    const sendMessage = vi.fn(async () => undefined);
    vi.stubGlobal('browser', undefined);
    vi.stubGlobal('chrome', { runtime: { sendMessage } });
    wake.main();
    expect(sendMessage).toHaveBeenCalledOnce();
  });

  it('throws nothing when the extension is gone under the page (sendMessage throws)', () => {
    vi.stubGlobal('browser', {
      runtime: {
        sendMessage: () => {
          throw new Error('Extension context invalidated.');
        },
      },
    });
    expect(() => wake.main()).not.toThrow();
  });

  it('leaves no unhandled rejection when the background cannot be reached', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      vi.stubGlobal('browser', { runtime: { sendMessage: async () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')) } });
      wake.main();
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
