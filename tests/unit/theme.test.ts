// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { luminance, prefersDark } from '@/utils/theme';

function withScheme(dark: boolean) {
  window.matchMedia = vi.fn().mockReturnValue({ matches: dark }) as unknown as typeof window.matchMedia;
}

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
    expect(prefersDark(window)).toBe(true);
  });

  it('follows the OS on a light page', () => {
    document.body.style.backgroundColor = 'rgb(255, 255, 255)';
    withScheme(true);
    expect(prefersDark(window)).toBe(true);
    withScheme(false);
    expect(prefersDark(window)).toBe(false);
  });
});
