/**
 * Renders the extension icon (public/icon/{16,32,48,128}.png) from the SVG below with headless Chromium.
 * The PNGs are committed; run again only when the design changes: npx tsx scripts/make-icons.ts
 */
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
  <rect width="128" height="128" rx="26" fill="#b31b1b"/>
  <g stroke="#fff" stroke-width="9" stroke-linecap="round">
    <line x1="38" y1="46" x2="90" y2="36"/><line x1="38" y1="46" x2="62" y2="94"/><line x1="90" y1="36" x2="62" y2="94"/>
  </g>
  <circle cx="38" cy="46" r="15" fill="#fff"/><circle cx="90" cy="36" r="12" fill="#fff"/><circle cx="62" cy="94" r="17" fill="#fff"/>
</svg>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const size of [16, 32, 48, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${SVG.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: resolve(import.meta.dirname, `../public/icon/${size}.png`), omitBackground: true });
}
await browser.close();
console.log('icons written to public/icon/');
