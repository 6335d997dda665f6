/** Every feature of the content script (feature.ts), in the order they are tried; their paths are its `matches`. */
import type { Feature } from './feature';
import { absPanelFeature } from './abs-panel';
import { htmlDrawerFeature } from './html-drawer';
import { listingFeature, searchFeature } from './listing-badges';

export const FEATURES: readonly Feature[] = [absPanelFeature, htmlDrawerFeature, listingFeature, searchFeature];
