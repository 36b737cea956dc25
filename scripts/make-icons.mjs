// Renders the console's app icons (apps/web/public/icons/*.png, committed) from favicon.svg with
// headless Chromium: `node scripts/make-icons.mjs` after changing the SVG. The maskable icon keeps
// the mark inside the middle 80 % that launchers never crop.
import { readFileSync } from 'node:fs';
import playwright from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const svg = readFileSync(`${root}apps/web/public/favicon.svg`, 'utf8');
const browser = await playwright.chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
for (const [name, size, padding] of [
  ['icon-192.png', 192, 0],
  ['icon-512.png', 512, 0],
  ['maskable-512.png', 512, 0.2],
]) {
  await page.setViewportSize({ width: size, height: size });
  const inner = Math.round(size * (1 - padding));
  // The maskable icon's background is the brand red up to its edges (no rounded corners to crop).
  await page.setContent(
    `<body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${padding ? '#c8161d' : 'transparent'}">` +
      `<img style="width:${inner}px;height:${inner}px" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></body>`,
  );
  await page.screenshot({ path: `${root}apps/web/public/icons/${name}`, omitBackground: !padding });
}
await browser.close();
