// The partner reports as a council member meets them: printed on A4 portrait. A tiny stress test (a 1 km regional
// grid of Twente and Zundert at 16 m, one storm) writes real reports; each is loaded at A4 width (794 CSS px) in
// Debian's Chromium and must not scroll sideways, no table may be wider than its container, and page.pdf on A4
// must succeed. Also: the Dutch report holds no English fragments of the kind a tester found, and `--lang en` writes
// English reports without Dutch headings that fit A4 too.
//
// Needs: WATERNET_BIN (default build/release/apps/waternet/waternet), CHROMIUM (default /usr/bin/chromium).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const require = createRequire(path.join(repo, 'web/package.json'));
const { chromium } = require('playwright-core');

const BIN = process.env.WATERNET_BIN ?? path.join(repo, 'build/release/apps/waternet/waternet');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const A4_WIDTH_PX = 794; // 210 mm at 96 CSS px per inch
const data = path.join(repo, 'data');

let tmp, reports, reportsEn, browser;

function tinyRegion() {
  return `[region]
id = "tiny"
name = "Klein"
weather = "${data}/twente/knmi_uurgeg_290_twenthe_2021-2023.csv"
[[partners]]
path = "${data}/twente/twente_gemeenten_2022.geojson"
id_field = "gm_code"
name_field = "gm_naam"
[[partners]]
path = "${data}/twente/vechtstromen_boundary_rd.geojson"
id = "WS0059"
name = "Waterschap Vechtstromen"
kind = "water_board"
[key_figures]
path = "${data}/twente/twente_gemeenten_cbs_kerncijfers_2021.csv"
[[neighbourhoods]]
path = "${data}/twente/enschede_buurten_2013.geojson"
partner = "GM0153"
[[areas]]
id = "twente"
name = "Twente grof"
terrain = "${data}/twente/twente_srtm3_rd100m.tif"
terrain_name = "SRTM"
resolution_m = 1000
default_cover = "impermeable"
scenarios = ["T100"]
[[areas]]
id = "zundert"
name = "Zundert grof"
terrain = "${data}/zundert/zundert_ahn_dtm_050cm.tif"
terrain_name = "AHN"
resolution_m = 16
buildings = "${data}/zundert/zundert_bgt_panden.geojson"
scenarios = ["T100"]
demonstration = true
`;
}

test.before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'waternet-report-'));
  writeFileSync(path.join(tmp, 'tiny.toml'), tinyRegion());
  execFileSync(BIN, ['stresstest', path.join(tmp, 'tiny.toml'), '--out', path.join(tmp, 'out'), '--quiet'], { stdio: 'pipe' });
  reports = path.join(tmp, 'out', 'reports');
  // The same in English (`--lang en`, docs/reports.md): its own folder, so the Dutch reports stay as they are.
  execFileSync(BIN, ['stresstest', path.join(tmp, 'tiny.toml'), '--lang', 'en', '--out', path.join(tmp, 'out-en'), '--quiet'], { stdio: 'pipe' });
  reportsEn = path.join(tmp, 'out-en', 'reports');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
});

test.after(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// A municipality only the regional model covers, the water board and the demonstration area with buildings.
const SAMPLES = ['GM0153.html', 'WS0059.html', 'demo-zundert.html'];

test('the stress test wrote a report per partner', () => {
  const written = readdirSync(reports);
  for (const name of SAMPLES) assert.ok(written.includes(name), `${name} in ${written}`);
});

for (const [name, dir, language] of [...SAMPLES.map((n) => [n, () => reports, 'Dutch']), ['GM0153.html', () => reportsEn, 'English']]) {
  test(`${name} (${language}) fits A4 portrait and prints`, async () => {
    const context = await browser.newContext({ viewport: { width: A4_WIDTH_PX, height: 1123 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(dir(), name)).href);
    const widths = await page.evaluate(() => ({
      scroll: document.scrollingElement.scrollWidth,
      tables: [...document.querySelectorAll('table')].map((t) => ({
        caption: t.caption?.textContent.slice(0, 60) ?? '',
        width: t.getBoundingClientRect().width,
        scroll: t.scrollWidth,
        container: t.parentElement.getBoundingClientRect().width,
      })),
    }));
    assert.ok(widths.scroll <= A4_WIDTH_PX, `page scrolls sideways: ${widths.scroll} px`);
    assert.ok(widths.tables.length > 0);
    for (const t of widths.tables) {
      assert.ok(t.width <= t.container + 0.5, `table wider than its container: ${JSON.stringify(t)}`);
      assert.ok(t.scroll <= Math.ceil(t.container) + 1, `table content overflows: ${JSON.stringify(t)}`);
    }
    // Printing: the report's @page rule asks for A4; the PDF must come out.
    await page.emulateMedia({ media: 'print' });
    const printWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.length > 10000, `PDF of ${pdf.length} bytes`);
    assert.ok(printWidth <= A4_WIDTH_PX, `print layout scrolls sideways: ${printWidth} px`);
    await context.close();
  });
}

// The text a reader sees: without the style sheet and the embedded images (base64 can hold anything).
const visibleText = (file) => readFileSync(file, 'utf8').replace(/<style>[\s\S]*?<\/style>/, '')
  .replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/g, '');

test('the Dutch reports hold no English fragments and no scientific notation', () => {
  for (const name of SAMPLES) {
    const html = visibleText(path.join(reports, name));
    for (const english of ['Water depth', 'Perceived temperature', 'Limitations of the map', 'Summary', ' the '])
      assert.equal(html.includes(english), false, `${name}: "${english}"`);
    assert.doesNotMatch(html, /\d[eE][-+]\d/, `${name}: a number in scientific notation`);
  }
});

test('stresstest --lang en writes English reports with no Dutch headings', () => {
  const html = visibleText(path.join(reportsEn, 'GM0153.html'));
  assert.match(html, /<html lang="en">/);
  assert.match(html, /Limitations of the map/);
  for (const dutch of ['Samenvatting', 'Waterdiepte', 'Beperkingen van de kaart', 'Bronnen', 'Uitgangspunten', ' het ', ' van de '])
    assert.equal(html.includes(dutch), false, `"${dutch}"`);
});
