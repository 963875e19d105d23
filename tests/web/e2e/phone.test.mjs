// The viewer on a phone (360 × 740, touch) in a real browser: the map comes first, the panel is a bottom sheet that a
// click on the map opens at "Wat gebeurt hier?", "Hier helpt" links open their tip, nothing scrolls sideways, the
// calculator never shows "null", and no interface key shows raw in either language.
//
// Needs what viewer.test.mjs needs (server.mjs). SCREENSHOT_DIR: where to save screenshots (optional).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startViewer } from './server.mjs';
import { KNOWN } from './fixture.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const SCREENS = process.env.SCREENSHOT_DIR ?? null;
let viewer;

async function screenshot(page, name) {
  if (!SCREENS) return;
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

const rect = (page, selector) => page.locator(selector).evaluate((e) => {
  const r = e.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
});
const sheet = (page) => page.locator('.panel').getAttribute('data-sheet');
const scrollWidth = (page) => page.evaluate(() => document.scrollingElement.scrollWidth);

// A tap on the map at an RD point.
async function tapPoint(page, x, y) {
  const p = await page.evaluate(([px, py]) => window.waternetViewer.rdToContainerPoint(px, py), [x, y]);
  const box = await page.locator('#map').boundingBox();
  await page.touchscreen.tap(box.x + p.x, box.y + p.y);
}

test.before(async () => { viewer = await startViewer(); });
test.after(async () => { await viewer?.stop(); });

test('on a phone the map comes first, the search box is usable and nothing scrolls sideways', async () => {
  const page = await viewer.newPage(PHONE);
  const search = await rect(page, '[data-testid=search]');
  const map = await rect(page, '#map');
  assert.ok(search.width >= 200, `search box ${search.width} px wide`);
  assert.ok(map.height >= 0.6 * 740, `map ${map.height} px high of 740`);
  assert.equal(map.width, 360);
  assert.equal(await sheet(page), 'collapsed');
  // Collapsed, the sheet shows its tabs below the map, inside the screen.
  const tabs = await rect(page, '.tabs');
  assert.ok(tabs.top >= map.bottom - 1 && tabs.bottom <= 740, JSON.stringify({ tabs, map }));
  assert.ok(await scrollWidth(page) <= 360, `page scrolls sideways: ${await scrollWidth(page)} px`);
  await screenshot(page, 'phone-1-map');
  // The handle opens and closes the sheet; dragging it up opens it a step further.
  await page.locator('[data-testid=sheet-handle]').tap();
  assert.equal(await sheet(page), 'open');
  assert.ok((await rect(page, '#map')).height < map.height, 'the open sheet takes room from the map');
  const handle = await page.locator('[data-testid=sheet-handle]').boundingBox();
  await page.mouse.move(handle.x + handle.width / 2, handle.y + 10);
  await page.mouse.down();
  const before = (await rect(page, '.panel')).height;
  await page.mouse.move(handle.x + handle.width / 2, handle.y - 50, { steps: 3 });
  // The sheet follows the finger while it is dragged.
  assert.ok(Math.abs((await rect(page, '.panel')).height - (before + 60)) < 2, 'the sheet follows the drag');
  await page.mouse.move(handle.x + handle.width / 2, handle.y - 120, { steps: 3 });
  await page.mouse.up();
  assert.equal(await sheet(page), 'full');
  await page.click('[data-testid=sheet-handle]');
  assert.equal(await sheet(page), 'collapsed');
  assert.ok(Math.abs((await rect(page, '#map')).height - map.height) < 1, 'collapsed again, the map has its height back');
  await page.context().close();
});

test('a tap on the known point opens the sheet at "Wat gebeurt hier?", and "Hier helpt" opens the tip', async () => {
  const page = await viewer.newPage(PHONE);
  await tapPoint(page, KNOWN.x, KNOWN.y);
  const text = page.locator('[data-testid=here-text]');
  await text.waitFor({ timeout: 10000 });
  assert.equal(await sheet(page), 'open');
  assert.equal(await page.locator('[data-testid=tab-here]').getAttribute('aria-selected'), 'true');
  assert.match(await text.textContent(), /tot 42 cm water/);
  assert.ok(await text.isVisible());
  // The tapped point is still on the (smaller) map.
  const map = await rect(page, '#map');
  const marker = await rect(page, 'path.leaflet-interactive');
  assert.ok(marker.top >= map.top && marker.bottom <= map.bottom, JSON.stringify({ marker, map }));
  // 42 cm of water (≥ 30 cm) and PET 37.5 °C (strong heat stress): water first, then heat (tips.js tipsFor).
  const links = page.locator('[data-testid=here-tips] button');
  assert.deepEqual(await links.evaluateAll((bs) => bs.map((b) => b.dataset.testid)),
    ['here-tip-doorstep', 'here-tip-unpave', 'here-tip-keep_cool']);
  assert.match(await page.locator('[data-testid=here-tips]').textContent(), /^Hier helpt: Water buiten de deur houden/);
  assert.ok(await scrollWidth(page) <= 360);
  await screenshot(page, 'phone-2-here');
  await page.click('[data-testid=here-tip-keep_cool]');
  assert.equal(await page.locator('[data-testid=tab-label]').getAttribute('aria-selected'), 'true');
  const tip = page.locator('[data-testid=tip-keep_cool]');
  assert.equal(await tip.evaluate((e) => e.open), true);
  assert.match(await tip.textContent(), /Nationaal Hitteplan/);
  // Scrolled into the sheet's view, not left below it.
  const tipBox = await rect(page, '[data-testid=tip-keep_cool] summary');
  const body = await rect(page, '#tab-label');
  assert.ok(tipBox.top >= body.top - 1 && tipBox.bottom <= Math.min(body.bottom, 740), JSON.stringify({ tipBox, body }));
  assert.equal(await page.locator('[data-testid=tip-doorstep]').evaluate((e) => e.open), false);
  await screenshot(page, 'phone-3-tip');
  await page.context().close();
});

test('the calculator shows no "null" for an all-green plot, on a phone, in both languages', async () => {
  const page = await viewer.newPage(PHONE);
  await page.click('[data-testid=tab-label]');
  for (const [k, v] of Object.entries({ plot_m2: 150, roof_m2: 0, green_roof_m2: 0, paved_m2: 0, garden_m2: 150, rain_barrel_l: 0, underground_l: 0 })) {
    await page.fill(`[data-testid=input-${k}]`, String(v));
  }
  const result = page.locator('[data-testid=label-result]');
  // 150 m² of garden × 100 L = 15,000 L / 150 m² = 100 mm: A+ (A++ from 110 mm).
  assert.equal(await page.locator('[data-testid=label-badge]').textContent(), 'A+');
  assert.match(await result.textContent(), /100,0 mm/);
  assert.match(await result.textContent(), /Geen van de maatregelen/);
  assert.doesNotMatch(await page.locator('[data-testid=panel-label]').textContent(), /null|undefined|NaN/);
  await page.click('[data-testid=lang-toggle]');
  assert.match(await result.textContent(), /None of the measures/);
  assert.doesNotMatch(await page.locator('[data-testid=panel-label]').textContent(), /null|undefined|NaN/);
  assert.ok(await scrollWidth(page) <= 360);
  await screenshot(page, 'phone-4-label-all-green');
  await page.context().close();
});

// An interface key left untranslated looks like "measure_green_roof" or "tip_effect": lower-case words joined by
// underscores, beginning with one of the tables' key prefixes.
const RAW_KEY = /\b(?:app|search|tab|theme|legend|layer|storm|duration|unit|kind|label|api|login|here|tips?|measure|partner|ind|base|sheet|error|model|animation|difference)_[a-z0-9_]+\b/;

test('no untranslated interface key in the Dutch or English panels', async () => {
  const page = await viewer.newPage(PHONE);
  await tapPoint(page, KNOWN.x, KNOWN.y);
  await page.locator('[data-testid=here-text]').waitFor({ timeout: 10000 });
  await page.click('[data-testid=tab-partner]');
  await page.locator('[data-testid=partner-refused]').waitFor({ timeout: 5000 });
  const everything = () => page.evaluate(() => {
    const attrs = [...document.querySelectorAll('[aria-label], [placeholder], [title]')]
      .flatMap((e) => [e.getAttribute('aria-label'), e.getAttribute('placeholder'), e.getAttribute('title')]);
    return [document.title, document.body.textContent, ...attrs.filter(Boolean)].join('\n');
  });
  const nl = await everything();
  assert.doesNotMatch(nl, RAW_KEY);
  assert.match(nl, /Hier helpt/);
  assert.match(nl, /Wat het oplevert/);
  await page.click('[data-testid=lang-toggle]');
  const en = await everything();
  assert.doesNotMatch(en, RAW_KEY);
  assert.match(en, /What helps here/);
  assert.match(en, /Keeping the water outside/);
  assert.doesNotMatch(en, /Hier helpt|Wat het oplevert|Tegels eruit/);
  // The scan itself finds a raw key.
  assert.match('Tegels: measure_unpave_half', RAW_KEY);
  await page.context().close();
});

test('nothing was requested from outside this machine but the base maps configured by default (PDOK)', () => {
  // PDOK's tiles are the default base map (docs/viewer.md); they are refused here, as without internet.
  assert.deepEqual(viewer.outside.filter((u) => !u.startsWith('https://service.pdok.nl/')), []);
});
