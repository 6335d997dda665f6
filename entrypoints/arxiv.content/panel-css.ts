/**
 * The panel's and drawer's styles as a string, handed to their shadow roots directly: loading them as a
 * file (WXT's "ui" injection) costs a fetch of 30–90 ms on every page load before the panel can show.
 */
import related from '@/components/related.css?inline';
import own from './style.css?inline';

export const PANEL_CSS = `${related}\n${own}`;
