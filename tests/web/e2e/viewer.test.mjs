// The viewer in a real browser (Debian's Chromium, driven by playwright-core; no browser download): the map
// shows tiles, a click on a known cell tells its depth, the waterlabel calculator gives the known label, partner
// pages refuse anonymous visitors, and the page makes no request outside this machine.
//
// Needs: WATERNET_BIN (default build/release/apps/waternet/waternet), the built front end in web/dist, gdal_translate,
// CHROMIUM (default /usr/bin/chromium). SCREENSHOT_DIR: where to save screenshots of what a resident sees (optional).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { KNOWN } from './fixture.mjs';
import { startViewer, hashPassword } from './server.mjs';

const SCREENS = process.env.SCREENSHOT_DIR ?? null;
const PASSWORD = 'regenton-200L';

let viewer;
const newPage = () => viewer.newPage();

async function screenshot(page, name) {
  if (!SCREENS) return;
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

test.before(async () => {
  viewer = await startViewer({ config: `[server]\nrequests_per_s = 0\n\n[[partner_user]]\nname = "enschede"\n` +
    `password_hash = "${hashPassword(PASSWORD)}"\npartners = ["GM0153"]\n` });
});

test.after(async () => { await viewer?.stop(); });

test('the map shows base-map and water-depth tiles', async () => {
  const page = await newPage();
  await page.waitForFunction(() => {
    const loaded = [...document.querySelectorAll('img.leaflet-tile-loaded')].map((i) => i.src);
    return loaded.some((s) => s.includes('/tiles/base/')) && loaded.some((s) => s.includes('/tiles/street/T100/max_depth/'));
  }, null, { timeout: 15000 });
  const legend = await page.locator('[data-testid=legend] li').allTextContents();
  assert.ok(legend.length >= 5, `legend has ${legend.length} classes`);
  assert.ok(legend.some((l) => l.includes('cm')), legend.join(' | '));
  await screenshot(page, '1-map-depth-T100');
  await page.context().close();
});

test('a click on the known cell says how deep the water gets there, in Dutch and in English', async () => {
  const page = await newPage();
  const p = await page.evaluate(({ x, y }) => window.waternetViewer.rdToContainerPoint(x, y), KNOWN);
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + p.x, box.y + p.y);
  const text = page.locator('[data-testid=here-text]');
  await text.waitFor({ timeout: 10000 });
  const nl = await text.textContent();
  assert.match(nl, /tot 42 cm water/);
  // The storm as the standard names it, and the duration with the duration layer's own threshold.
  assert.match(nl, /Bij Korte hevige bui: 70 mm in 1 uur, eens per 100 jaar komt hier tot 42 cm water/);
  assert.match(nl, /2,0 uur hoger dan 10 cm/);
  assert.doesNotMatch(nl, /T100/);
  assert.match(nl, /38 °C: sterke hittestress/);
  assert.match(await page.locator('[data-testid=here-place]').textContent(), /Stadsbeekstraat/);
  await screenshot(page, '2-what-happens-here-nl');
  await page.click('[data-testid=lang-toggle]');
  const en = await page.locator('[data-testid=here-text]').textContent();
  assert.match(en, /water here gets up to 42 cm deep/);
  assert.match(en, /Short heavy cloudburst: 70 mm in 1 hour/);
  assert.doesNotMatch(en, /uur|Bij /);
  await screenshot(page, '3-what-happens-here-en');
  await page.context().close();
});

test('searching a street from the data shows what happens there', async () => {
  const page = await newPage();
  await page.fill('[data-testid=search]', 'stadsbeek');
  await page.locator('[data-testid=search-results] li').first().waitFor({ timeout: 5000 });
  await page.locator('[data-testid=search-results] li').first().click();
  assert.match(await page.locator('[data-testid=here-text]').textContent({ timeout: 10000 }), /42 cm/);
  await page.context().close();
});

test('the waterlabel calculator gives the known label for a known plot, and what measures add', async () => {
  const page = await newPage();
  await page.click('[data-testid=tab-label]');
  // A terraced house: 150 m² plot, 60 m² roof, 60 m² paving, 30 m² garden → (30 + 120 + 3000) L / 150 m² = 21.0 mm, D.
  for (const [k, v] of Object.entries({ plot_m2: 150, roof_m2: 60, green_roof_m2: 0, paved_m2: 60, garden_m2: 30, rain_barrel_l: 0, underground_l: 0 })) {
    await page.fill(`[data-testid=input-${k}]`, String(v));
  }
  assert.equal(await page.locator('[data-testid=label-badge]').textContent(), 'D');
  assert.match(await page.locator('[data-testid=label-text]').textContent(), /21,0 mm/);
  // Half the paving green: (30 + 60 + 6000) / 150 = 40.6 mm, +19.6 mm, label B.
  assert.match(await page.locator('[data-testid=label-measures]').textContent(), /tegels eruit.*\+19,6 mm → label B/i);
  await screenshot(page, '4-waterlabel');
  // A 1000 L crate counts once the downpipe leads to it: 21.0 mm, then (3150 + 1000) / 150 = 27.7 mm.
  await page.fill('[data-testid=input-underground_l]', '1000');
  assert.match(await page.locator('[data-testid=label-text]').textContent(), /21,0 mm/);
  await page.check('[data-testid=input-downpipe_disconnected]');
  assert.match(await page.locator('[data-testid=label-text]').textContent(), /27,7 mm/);
  await page.fill('[data-testid=input-roof_m2]', '200');
  assert.match(await page.locator('[data-testid=label-error]').textContent(), /Controleer/);
  await page.context().close();
});

test('partner pages refuse anonymous visitors and open after a login', async () => {
  const page = await newPage();
  const anonymous = await page.evaluate(async () => (await fetch('/api/partner/overview')).status);
  assert.equal(anonymous, 401);
  const draftTile = await page.evaluate(async () => (await fetch('/tiles/street/T250_draft/max_depth/11/1261/1005.png')).status);
  assert.equal(draftTile, 401);
  await page.click('[data-testid=tab-partner]');
  await page.locator('[data-testid=partner-refused]').waitFor({ timeout: 5000 });
  await screenshot(page, '5-partner-refused');
  await page.fill('[data-testid=login-user]', 'enschede');
  await page.fill('[data-testid=login-password]', 'wrong');
  await page.click('[data-testid=login-submit]');
  await page.locator('[data-testid=login-error]:not(:empty)').waitFor({ timeout: 10000 });
  assert.match(await page.locator('[data-testid=login-error]').textContent(), /gebruikersnaam of wachtwoord klopt niet/);
  await page.fill('[data-testid=login-password]', PASSWORD);
  await page.click('[data-testid=login-submit]');
  const overview = page.locator('[data-testid=partner-overview]');
  await overview.waitFor({ timeout: 10000 });
  assert.match(await overview.textContent(), /Enschede/);
  assert.match(await overview.textContent(), /T250_draft/);
  assert.doesNotMatch(await overview.textContent(), /object Object/);
  assert.match(await overview.textContent(), /1,4/);  // roads_impassable_km in Dutch number format
  await screenshot(page, '6-partner-overview');
  await page.context().close();
});

test('the storm animation steps through the engine\'s depth frames', async () => {
  const page = await newPage();
  await page.locator('[data-testid=frame-slider]').waitFor({ timeout: 5000 });
  await page.locator('[data-testid=frame-slider]').fill('1');
  assert.match(await page.locator('[data-testid=frame-label]').textContent(), /20 min/);
  await page.waitForFunction(() => [...document.querySelectorAll('img.leaflet-tile-loaded')].some((i) => i.src.includes('frame=1')),
    null, { timeout: 10000 });
  await screenshot(page, '7-animation-frame');
  await page.context().close();
});

test('nothing was requested from outside this machine but the base maps configured by default (PDOK)', () => {
  // Those were refused here, as with no internet, and the viewer fell back to its offline base map (basemap.test.mjs).
  assert.deepEqual(viewer.outside.filter((u) => !u.startsWith('https://service.pdok.nl/')), []);
});
