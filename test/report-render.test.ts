// Opens a report built from a tiny registry run in headless Chromium (Debian's /usr/bin/chromium)
// and checks that it renders: no console errors, no network requests, every figure panel present,
// sized and not blank, the check table failing-first (then errors, checks not run, passes); the JUnit XML of the same run parses.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pass, fail, notRun, type Check } from '../src/registry/registry.js';
import { runChecks } from '../src/registry/run.js';
import { computeFigures } from '../src/figures/reportFigures.js';
import { drawFigure } from '../src/report/figures.js';
import { reportHtml } from '../src/report/html.js';
import { junitXml } from '../src/report/junit.js';
import { colourStats, decodePng } from './report-png.js';

const CHROMIUM = '/usr/bin/chromium';
const PANELS = { 'figure-1': 3, 'figure-2': 3, 'figure-3': 4, 'figure-4': 1 };

const tinyRegistry: Check[] = [
  {
    id: 'demo.pass',
    claim: 'a claim that holds',
    subject: 'demo',
    detects: 'a demo error',
    run: () => pass('max rel err 1e-16', { values: [1, Infinity] }),
  },
  {
    id: 'demo.fail',
    claim: 'a claim that does not hold',
    subject: 'demo',
    detects: 'a demo error',
    run: () => fail('z = 9.1', { note: '<script>alert(1)</script> & "quotes"' }),
  },
  {
    id: 'demo.throws',
    claim: 'a check that throws',
    subject: 'demo',
    detects: 'a demo error',
    run: () => {
      throw new RangeError('boom');
    },
  },
  {
    id: 'demo.not-run',
    claim: 'a claim the short run cannot test',
    subject: 'demo',
    detects: 'a demo error',
    run: () => notRun('the short run lacks the experiment', 'smoke test only'),
  },
];

describe('report renders in headless Chromium', () => {
  let dir: string;
  let ctx: BrowserContext;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    dir = mkdtempSync(join(tmpdir(), 'icl-report-'));
    const result = await runChecks(tinyRegistry, { quick: true, seed: 7 });
    const { figures: data, failures } = await computeFigures({ scale: 'tiny', seed: 7 });
    const figures = data.map(drawFigure);
    expect(failures).toEqual([]);
    writeFileSync(join(dir, 'index.html'), reportHtml(result, figures, failures));
    writeFileSync(join(dir, 'junit.xml'), junitXml(result));
    ctx = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1600, height: 1000 },
    });
  });

  afterAll(async () => {
    await ctx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console errors and no network access, figures drawn, table failing first', async () => {
    const page = await ctx.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(join(dir, 'index.html')).href;
    await page.goto(url, { waitUntil: 'load' });
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);

    for (const [id, n] of Object.entries(PANELS)) {
      const svgs = await page.$$(`section#${id} figure.panel > svg`);
      expect(svgs.length, id).toBe(n);
      for (const svg of svgs) {
        const box = await svg.boundingBox();
        expect(box!.width).toBeGreaterThan(300);
        expect(box!.height).toBeGreaterThan(300);
        const stats = colourStats(decodePng(await svg.screenshot()));
        // A blank panel is one colour; axes, text and curves give hundreds with anti-aliasing.
        expect(stats.distinct, `${id} colours`).toBeGreaterThan(50);
        expect(stats.inkFraction, `${id} ink`).toBeGreaterThan(0.02);
      }
    }
    // Each figure has its fold-out of details; every simulated point is a hover target with a title,
    // reachable under the pointer (nothing drawn over it).
    expect(await page.$$eval('section.figure details.fig-details li', (li) => li.length)).toBeGreaterThan(10);
    const hover = await page.$$eval('section#figure-4 g.point', (gs) =>
      gs.map((g) => {
        g.scrollIntoView({ block: 'center' });
        const r = g.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return { title: g.querySelector('title')?.textContent ?? '', reached: hit?.closest('g.point') === g };
      }),
    );
    expect(hover.length).toBeGreaterThanOrEqual(6);
    for (const h of hover) {
      expect(h.title).toMatch(/± .* \(95%\)/);
      expect(h.reached, h.title).toBe(true);
    }
    // Every line series drew a path (no empty theory curve).
    const emptyPaths = await page.$$eval('figure.panel path[d=""]', (els) => els.length);
    expect(emptyPaths).toBe(0);

    const rows = await page.$$eval('table tbody tr', (trs) => trs.map((tr) => [tr.className, tr.id]));
    expect(rows.map((r) => r[0])).toEqual(['fail', 'error', 'not-run', 'pass']);
    expect(rows.map((r) => r[1])).toEqual([
      'check-demo.fail',
      'check-demo.throws',
      'check-demo.not-run',
      'check-demo.pass',
    ]);
    expect(await page.textContent('#check-demo\\.not-run')).toContain('not run: the short run lacks the experiment');
    expect(await page.textContent('#check-demo\\.pass')).toContain('detects: a demo error');
    // Evidence is text, never markup.
    expect(await page.$$eval('table script', (s) => s.length)).toBe(0);
    expect(await page.textContent('#check-demo\\.fail pre')).toContain('<script>alert(1)</script>');
    expect(await page.textContent('#check-demo\\.throws pre')).toContain('RangeError: boom');
    expect(await page.textContent('#verdict')).toContain('2 of 4 checks failed or could not finish');
    expect(await page.textContent('#verdict')).toContain('1 passed, 1 failed, 1 not run, 1 error');
    await page.close();
  });

  it('writes JUnit XML that parses, with one testcase per check and the failures marked', async () => {
    const page = await ctx.newPage();
    const parsed = await page.evaluate(
      (text) => {
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        return {
          parseErrors: doc.getElementsByTagName('parsererror').length,
          cases: [...doc.getElementsByTagName('testcase')].map((t) => [
            t.getAttribute('name'),
            t.getElementsByTagName('failure').length,
            t.getElementsByTagName('error').length,
            t.getElementsByTagName('skipped')[0]?.getAttribute('message') ?? null,
          ]),
          failures: doc.documentElement.getAttribute('failures'),
          errors: doc.documentElement.getAttribute('errors'),
          skipped: doc.documentElement.getAttribute('skipped'),
        };
      },
      readFileSync(join(dir, 'junit.xml'), 'utf8'),
    );
    expect(parsed.parseErrors).toBe(0);
    expect(parsed).toMatchObject({ failures: '1', errors: '1', skipped: '1' });
    expect(parsed.cases).toEqual([
      ['demo.pass', 0, 0, null],
      ['demo.fail', 1, 0, null],
      ['demo.throws', 0, 1, null],
      ['demo.not-run', 0, 0, 'not run: the short run lacks the experiment'],
    ]);
    await page.close();
  });
});
