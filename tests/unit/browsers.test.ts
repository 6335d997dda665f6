import { describe, expect, it } from 'vitest';
import { findBrowser, noBrowserMessage, type Environment } from '../../scripts/browsers';

/** A machine with exactly `installed` on it. */
function machine(platform: NodeJS.Platform, installed: string[], env: Record<string, string> = {}, home = platform === 'win32' ? 'C:\\Users\\ada' : '/home/ada'): Environment {
  const files = new Set(installed);
  return {
    platform,
    env,
    home,
    exists: (p) => files.has(p),
    // Folders holding an installed file, one level below `dir`.
    list: (dir) => [...new Set(installed.filter((f) => f.startsWith(dir + (platform === 'win32' ? '\\' : '/'))).map((f) => f.slice(dir.length + 1).split(/[\\/]/)[0]))],
  };
}

describe('finding a browser that can load the extension', () => {
  it('prefers Chromium, which takes --load-extension, over branded Chrome', () => {
    const e = machine('linux', ['/usr/bin/google-chrome', '/usr/bin/chromium', '/usr/bin/firefox-esr']);
    expect(findBrowser('auto', e)).toEqual({ kind: 'chromium', path: '/usr/bin/chromium', load: 'flag' });
  });

  it('loads into branded Chrome and Edge through DevTools, into Firefox over BiDi', () => {
    expect(findBrowser('auto', machine('linux', ['/usr/bin/google-chrome-stable']))).toEqual({ kind: 'chrome', path: '/usr/bin/google-chrome-stable', load: 'devtools' });
    const win = machine('win32', ['C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'], { 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', PROGRAMFILES: 'C:\\Program Files' });
    expect(findBrowser('auto', win)).toEqual({ kind: 'edge', path: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', load: 'devtools' });
    expect(findBrowser('auto', machine('linux', ['/usr/bin/firefox-esr']))).toEqual({ kind: 'firefox', path: '/usr/bin/firefox-esr', load: 'bidi' });
  });

  it('finds the newest Chrome for Testing that @puppeteer/browsers installed', () => {
    const root = '/Users/ada/.cache/puppeteer/chrome';
    const bin = 'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing';
    const e = machine('darwin', [`${root}/mac_arm-148.0.7000.2/${bin}`, `${root}/mac_arm-150.0.7100.5/${bin}`, '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'], {}, '/Users/ada');
    expect(findBrowser('auto', e)).toEqual({ kind: 'chrome-for-testing', path: `${root}/mac_arm-150.0.7100.5/${bin}`, load: 'flag' });
  });

  it('takes only the kind asked for', () => {
    const e = machine('linux', ['/usr/bin/google-chrome', '/usr/bin/firefox-esr']);
    expect(findBrowser('chromium', e)).toBeNull();
    expect(findBrowser('firefox', e)?.path).toBe('/usr/bin/firefox-esr');
    expect(findBrowser('chrome', e)?.kind).toBe('chrome');
  });

  it('uses CHROMIUM_PATH and FIREFOX_PATH as given, telling branded Chrome by its name', () => {
    const e = machine('linux', [], { CHROMIUM_PATH: '/opt/google/chrome/chrome', FIREFOX_PATH: '/opt/firefox/firefox' });
    expect(findBrowser('auto', e)).toEqual({ kind: 'chrome', path: '/opt/google/chrome/chrome', load: 'devtools' });
    expect(findBrowser('firefox', e)).toEqual({ kind: 'firefox', path: '/opt/firefox/firefox', load: 'bidi' });
    expect(findBrowser('auto', machine('linux', [], { CHROMIUM_PATH: '/snap/bin/chromium' }))?.load).toBe('flag');
  });

  it('says in one line how to get one when there is none', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const e = machine(platform, []);
      expect(findBrowser('auto', e)).toBeNull();
      const line = noBrowserMessage('auto', e);
      expect(line).not.toContain('\n');
      expect(line).toContain('npx @puppeteer/browsers install chrome@stable --path');
    }
    expect(noBrowserMessage('auto', machine('linux', []))).toContain('sudo apt-get install chromium');
    expect(noBrowserMessage('firefox', machine('linux', []))).toMatch(/^No Firefox found: .*firefox-esr/);
  });
});
