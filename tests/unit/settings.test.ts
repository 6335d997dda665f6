import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEFAULT_SETTINGS, loadSettings, normalizeModelHost, saveModelHost } from '@/utils/shared/settings';

describe('model source setting', () => {
  it('normalises hosts and refuses what cannot be one', () => {
    expect(normalizeModelHost(' https://mirror.example.org/hf ')).toEqual({ host: 'https://mirror.example.org/hf/' });
    expect(normalizeModelHost('http://127.0.0.1:8080')).toEqual({ host: 'http://127.0.0.1:8080/' });
    expect(normalizeModelHost('mirror.example.org')).toHaveProperty('error');
    expect(normalizeModelHost('javascript:alert(1)')).toHaveProperty('error');
    expect(normalizeModelHost('file:///models/')).toHaveProperty('error');
    expect(normalizeModelHost('https://x.org/?q=1')).toHaveProperty('error');
  });

  it('defaults to the Hugging Face hub, keeps other settings when the host changes, ignores junk', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    await fakeBrowser.storage.local.set({ settings: { modelId: 'Xenova/all-MiniLM-L6-v2', other: 1 } });
    await saveModelHost('https://mirror.example.org/');
    expect(await loadSettings()).toEqual({ modelId: 'Xenova/all-MiniLM-L6-v2', modelHost: 'https://mirror.example.org/' });
    expect((await fakeBrowser.storage.local.get('settings')).settings).toMatchObject({ other: 1 });
    await fakeBrowser.storage.local.set({ settings: { modelHost: 'ftp://x', modelId: 7 } });
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });
});
