/**
 * A virtual X display for the tests that need real input events (a keyboard shortcut handled by the
 * browser, a native context menu), which headless Chromium does not deliver to extensions.
 * Needs Debian's xvfb and xdotool (.ci/run installs them).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface VirtualDisplay {
  display: string;
  /** Sends X key presses (xdotool key names, e.g. "alt+shift+s", "Up", "Return") to the focused window. */
  keys(...names: string[]): void;
  stop(): void;
}

export async function startXvfb(): Promise<VirtualDisplay> {
  for (const bin of ['/usr/bin/Xvfb', '/usr/bin/xdotool']) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: apt-get install -y xvfb xdotool`);
  }
  for (let n = 90; n < 110; n++) {
    if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
    const display = `:${n}`;
    const proc: ChildProcess = spawn('/usr/bin/Xvfb', [display, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    for (let i = 0; i < 50 && !existsSync(`/tmp/.X11-unix/X${n}`); i++) await new Promise((r) => setTimeout(r, 100));
    if (proc.exitCode !== null) continue;
    const env = { ...process.env, DISPLAY: display };
    return {
      display,
      keys: (...names) => void execFileSync('/usr/bin/xdotool', ['key', '--clearmodifiers', ...names], { env }),
      stop: () => void proc.kill(),
    };
  }
  throw new Error('no free X display number between :90 and :109');
}
