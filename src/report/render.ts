// SVG to PNG or PDF through Debian's Chromium (/usr/bin/chromium) driven by playwright-core, the same
// browser the report's rendering test opens. playwright-core is a development dependency: an installed
// package without it (or without Chromium) gets a one-line error saying what is missing.
import { existsSync } from 'node:fs';
import { DomainError } from '../numeric/domain.js';

export const CHROMIUM = '/usr/bin/chromium';
/** PNG pixels per inch (the browser's 96 CSS px per inch, scaled). */
export const PNG_DPI = 300;

export async function renderSvg(
  svg: string,
  widthIn: number,
  heightIn: number,
  format: 'png' | 'pdf',
): Promise<Buffer> {
  if (!existsSync(CHROMIUM))
    throw new DomainError(
      '--format',
      `svg or csv here: ${format} needs ${CHROMIUM} (apt-get install chromium)`,
      format,
    );
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new DomainError(
      '--format',
      `svg or csv here: ${format} needs the package playwright-core (npm install playwright-core)`,
      format,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const w = Math.ceil(widthIn * 96);
    const h = Math.ceil(heightIn * 96);
    const page = await browser.newPage({ viewport: { width: w, height: h }, deviceScaleFactor: PNG_DPI / 96 });
    await page.setContent(
      `<!doctype html><html><head><style>@page{size:${widthIn}in ${heightIn}in;margin:0}` +
        `html,body{margin:0;padding:0;background:#fff}svg{display:block}</style></head><body>${svg}</body></html>`,
      { waitUntil: 'load' },
    );
    if (format === 'pdf')
      return await page.pdf({ width: `${widthIn}in`, height: `${heightIn}in`, printBackground: true, pageRanges: '1' });
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: w, height: h } });
  } finally {
    await browser.close();
  }
}
