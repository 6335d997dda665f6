/**
 * Where the extension shows itself on arXiv: the panel (abstract and HTML pages), the badges (listings and
 * search) and Triage, each on or off per group of archives (a physicist can turn the panel off for physics
 * and keep it for cs), plus whether the panel is collapsed. Kept in storage.local under "display"; read by
 * the content script before it draws anything, written by the library page's options.
 */
import { browser } from 'wxt/browser';

export const SURFACES = ['panel', 'badges', 'triage'] as const;
export type Surface = (typeof SURFACES)[number];

/** arXiv's subject groups as its own home page lists them, with the archives (and old archive names) in each. */
export const ARCHIVE_GROUPS = [
  { id: 'cs', label: 'Computer Science', archives: ['cs', 'cmp-lg'] },
  { id: 'stat', label: 'Statistics', archives: ['stat', 'bayes-an'] },
  { id: 'math', label: 'Mathematics', archives: ['math', 'alg-geom', 'dg-ga', 'funct-an', 'q-alg'] },
  { id: 'eess', label: 'Electrical Engineering and Systems Science', archives: ['eess'] },
  {
    id: 'physics',
    label: 'Physics (astro-ph, cond-mat, gr-qc, hep, math-ph, nlin, nucl, quant-ph…)',
    archives: [
      'astro-ph', 'cond-mat', 'gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math-ph', 'nlin', 'nucl-ex', 'nucl-th',
      'physics', 'quant-ph', 'acc-phys', 'adap-org', 'ao-sci', 'atom-ph', 'chao-dyn', 'chem-ph', 'comp-gas', 'mtrl-th',
      'patt-sol', 'plasm-ph', 'solv-int', 'supr-con',
    ],
  },
  { id: 'q-bio', label: 'Quantitative Biology', archives: ['q-bio'] },
  { id: 'q-fin', label: 'Quantitative Finance', archives: ['q-fin'] },
  { id: 'econ', label: 'Economics', archives: ['econ'] },
] as const;
export type ArchiveGroup = (typeof ARCHIVE_GROUPS)[number]['id'];

export interface DisplaySettings {
  /** Groups where each surface is turned off (everything is on by default). */
  off: Record<Surface, ArchiveGroup[]>;
  /** The panel shows only its heading until the reader opens it again. */
  collapsed: boolean;
  /** Listings open in For you's order (the reader turned it on and left it on). */
  forYou: boolean;
}

export const DISPLAY_KEY = 'display';
export const DEFAULT_DISPLAY: DisplaySettings = { off: { panel: [], badges: [], triage: [] }, collapsed: false, forYou: false };

const GROUP_IDS = new Set<string>(ARCHIVE_GROUPS.map((g) => g.id));

/**
 * The group of a category or archive as arXiv writes it: "cs.LG", "hep-ph", "astro-ph.CO", "math-ph",
 * "physics.optics", an old-style id's archive ("hep-th/9901001" → physics); null when unknown.
 */
export function archiveGroup(category: string | null | undefined): ArchiveGroup | null {
  if (!category) return null;
  const archive = category.trim().toLowerCase().split(/[./]/)[0];
  for (const g of ARCHIVE_GROUPS) if ((g.archives as readonly string[]).includes(archive)) return g.id;
  return null;
}

/** Display settings from whatever storage holds (missing, older or malformed values fall back to defaults). */
export function displayFrom(stored: unknown): DisplaySettings {
  const s = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const offIn = typeof s.off === 'object' && s.off !== null ? (s.off as Record<string, unknown>) : {};
  const off = Object.fromEntries(
    SURFACES.map((surface) => {
      const list = Array.isArray(offIn[surface]) ? (offIn[surface] as unknown[]) : [];
      return [surface, [...new Set(list.filter((g): g is ArchiveGroup => typeof g === 'string' && GROUP_IDS.has(g)))]];
    }),
  ) as Record<Surface, ArchiveGroup[]>;
  return { off, collapsed: s.collapsed === true, forYou: s.forYou === true };
}

/** True when `surface` is to be shown for a page or entry of `category` (unknown categories: shown). */
export function isShown(display: DisplaySettings, surface: Surface, category: string | null | undefined): boolean {
  const group = archiveGroup(category);
  return group === null || !display.off[surface].includes(group);
}

/** True unless `surface` is turned off for every group (pages that span fields, such as search results). */
export function shownAnywhere(display: DisplaySettings, surface: Surface): boolean {
  return display.off[surface].length < ARCHIVE_GROUPS.length;
}

export async function loadDisplay(): Promise<DisplaySettings> {
  const { [DISPLAY_KEY]: stored } = await browser.storage.local.get(DISPLAY_KEY);
  return displayFrom(stored);
}

/** Changes part of the settings (read, changed, written: a concurrent change to another part is kept). */
export async function updateDisplay(change: (d: DisplaySettings) => DisplaySettings): Promise<DisplaySettings> {
  const next = displayFrom(change(await loadDisplay()));
  await browser.storage.local.set({ [DISPLAY_KEY]: next });
  return next;
}

/** Turns `surface` on or off for a group. */
export function setShown(d: DisplaySettings, surface: Surface, group: ArchiveGroup, shown: boolean): DisplaySettings {
  const rest = d.off[surface].filter((g) => g !== group);
  return { ...d, off: { ...d.off, [surface]: shown ? rest : [...rest, group] } };
}
