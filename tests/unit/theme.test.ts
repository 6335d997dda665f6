// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { luminance, pageIsDark, watchPageTheme } from '@/utils/ui/theme';

function withScheme(dark: boolean) {
  window.matchMedia = vi.fn().mockReturnValue({ matches: dark, addEventListener: vi.fn(), removeEventListener: vi.fn() }) as unknown as typeof window.matchMedia;
}

afterEach(() => {
  document.body.style.backgroundColor = '';
  document.head.replaceChildren();
});

describe('theme', () => {
  it('reads luminance of opaque colours only', () => {
    expect(luminance('rgb(255, 255, 255)')).toBeCloseTo(1);
    expect(luminance('rgb(0, 0, 0)')).toBe(0);
    expect(luminance('rgba(0, 0, 0, 0)')).toBeNull();
    expect(luminance('transparent')).toBeNull();
  });

  it('is dark when the page paints a dark background, whatever the OS says', () => {
    withScheme(false);
    document.body.style.backgroundColor = 'rgb(20, 20, 20)';
    expect(pageIsDark(window)).toBe(true);
  });

  it('stays light on a light page even when the OS asks for dark (arXiv is white)', () => {
    document.body.style.backgroundColor = 'rgb(255, 255, 255)';
    withScheme(true);
    expect(pageIsDark(window)).toBe(false);
  });

  it('follows a page darkened after the panel was drawn (a dark-mode extension adding its style sheet)', async () => {
    withScheme(false);
    const seen: boolean[] = [];
    const stop = watchPageTheme(window, (dark) => seen.push(dark));
    expect(seen).toEqual([false]);
    const style = document.createElement('style');
    style.textContent = 'body { background-color: rgb(24, 26, 27) !important; }';
    document.head.append(style);
    await vi.waitFor(() => expect(seen).toEqual([false, true]));
    style.remove();
    await vi.waitFor(() => expect(seen).toEqual([false, true, false]));
    stop();
  });
});
