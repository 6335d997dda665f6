import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { archiveGroup, DEFAULT_DISPLAY, displayFrom, isShown, loadDisplay, setShown, shownAnywhere, updateDisplay, ARCHIVE_GROUPS } from '@/utils/shared/display';

beforeEach(() => fakeBrowser.reset());

describe('where to show (per arXiv archive)', () => {
  it('knows the group of categories, archives and old-style ids', () => {
    expect(archiveGroup('cs.LG')).toBe('cs');
    expect(archiveGroup('stat.ML')).toBe('stat');
    expect(archiveGroup('hep-ph')).toBe('physics');
    expect(archiveGroup('astro-ph.CO')).toBe('physics');
    expect(archiveGroup('math-ph')).toBe('physics');
    expect(archiveGroup('math.PR')).toBe('math');
    expect(archiveGroup('hep-th/9901001')).toBe('physics');
    expect(archiveGroup('cmp-lg/9404001')).toBe('cs');
    expect(archiveGroup('eess.SP')).toBe('eess');
    expect(archiveGroup('nonsense')).toBeNull();
    expect(archiveGroup(null)).toBeNull();
  });

  it('shows everything everywhere by default, and unknown fields always', () => {
    for (const g of ARCHIVE_GROUPS) expect(isShown(DEFAULT_DISPLAY, 'panel', g.archives[0])).toBe(true);
    const off = setShown(DEFAULT_DISPLAY, 'panel', 'physics', false);
    expect(isShown(off, 'panel', 'hep-ph')).toBe(false);
    expect(isShown(off, 'panel', 'cs.LG')).toBe(true);
    expect(isShown(off, 'badges', 'hep-ph')).toBe(true);
    expect(isShown(off, 'panel', 'unknown-archive')).toBe(true);
    expect(isShown(setShown(off, 'panel', 'physics', true), 'panel', 'hep-ph')).toBe(true);
  });

  it('a page spanning fields hides a surface only when it is off for every field', () => {
    let d = DEFAULT_DISPLAY;
    for (const g of ARCHIVE_GROUPS.slice(1)) d = setShown(d, 'badges', g.id, false);
    expect(shownAnywhere(d, 'badges')).toBe(true);
    expect(shownAnywhere(setShown(d, 'badges', ARCHIVE_GROUPS[0].id, false), 'badges')).toBe(false);
  });

  it('reads older or broken stored values as defaults, field by field', () => {
    expect(displayFrom(undefined)).toEqual(DEFAULT_DISPLAY);
    expect(displayFrom('x')).toEqual(DEFAULT_DISPLAY);
    expect(displayFrom({ off: { panel: ['physics', 'physics', 'nope', 3] }, collapsed: 'yes' })).toEqual({ off: { panel: ['physics'], badges: [], triage: [] }, collapsed: false, forYou: false });
  });

  it('remembers changes in storage, keeping the other parts', async () => {
    await updateDisplay((d) => ({ ...d, collapsed: true }));
    await updateDisplay((d) => setShown(d, 'triage', 'math', false));
    expect(await loadDisplay()).toEqual({ off: { panel: [], badges: [], triage: ['math'] }, collapsed: true, forYou: false });
  });
});
