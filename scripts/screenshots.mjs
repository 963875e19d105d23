#!/usr/bin/env node
// Screenshots of the viewer as a resident, a partner and a phone user meet it (docs/viewer.md, "Screenshots"):
// starts `waternet serve` on a results folder, drives Debian's Chromium with playwright-core, and writes
//   docs/screenshots/first-view.png    the first view, desktop 1280 × 800
//   docs/screenshots/street-click.png  an Enschede street searched and chosen: "Wat gebeurt hier?"
//   docs/screenshots/partner-view.png  the partner view after a login (a region login made for this run)
//   docs/screenshots/phone.png         the first view on a phone, 360 × 740
//
//   node scripts/screenshots.mjs [RESULTS] [--out DIR] [--offline]
// RESULTS defaults to out/stresstest (what scripts/demo.sh writes). --offline: no external base map (as with no
// internet; otherwise PDOK's base map is used when this machine can reach it, else the offline one by itself).
// Needs: the built front end (web/dist: cd web && npm ci && npm run build), WATERNET_BIN (default
// build/release/apps/waternet/waternet), CHROMIUM (default /usr/bin/chromium), web/node_modules (playwright-core).
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repo, 'web/package.json'));
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const flag = (name) => { const i = args.indexOf(name); if (i < 0) return null; const [, v] = args.splice(i, 2); return v; };
const offline = args.includes('--offline') ? (args.splice(args.indexOf('--offline'), 1), true) : false;
const outDir = path.resolve(flag('--out') ?? path.join(repo, 'docs/screenshots'));
const results = path.resolve(args[0] ?? path.join(repo, 'out/stresstest'));
const BIN = process.env.WATERNET_BIN ?? path.join(repo, 'build/release/apps/waternet/waternet');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

function fail(message) {
  console.error(`screenshots: ${message}`);
  process.exit(2);
}
if (!existsSync(path.join(results, 'stresstest.json'))) fail(`${results} is no results folder (no stresstest.json); run scripts/demo.sh first or give one`);
if (!existsSync(BIN)) fail(`no waternet at ${BIN}; build it (scripts/build.sh release) or set WATERNET_BIN`);
if (!existsSync(path.join(repo, 'web/dist/index.html'))) fail('the front end is not built: cd web && npm ci && npm run build');
if (!existsSync(CHROMIUM)) fail(`no Chromium at ${CHROMIUM} (apt-get install chromium) or set CHROMIUM`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'waternet-screenshots-'));
const USER = 'screenshots';
const PASSWORD = randomBytes(12).toString('hex');

// A configuration with one region login for this run (its password is never written anywhere but its hash).
function writeConfig() {
  const hash = execFileSync(BIN, ['serve', '--hash-password'], { input: `${PASSWORD}\n` }).toString().trim();
  const file = path.join(tmp, 'serve.toml');
  writeFileSync(file, `[server]\nrequests_per_s = 0\n\n${offline ? '[map]\nbase_layer = []\n\n' : ''}` +
    `[[partner_user]]\nname = "${USER}"\npassword_hash = "${hash}"\nscope = "region"\n`);
  return file;
}

function startServer(config) {
  const server = spawn(BIN, ['serve', results, '--config', config, '--port', '0', '--web', path.join(repo, 'web/dist')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  const url = new Promise((resolve, reject) => {
    // A region's rasters take a while to read.
    const timer = setTimeout(() => reject(new Error(`the server did not start within 180 s:\n${log}`)), 180000);
    server.stdout.on('data', (d) => {
      const m = /at (http:\/\/[^/]+\/)/.exec(String(d));
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the server stopped (exit ${code}):\n${log}`)); });
  });
  return { server, url };
}

// The page is ready (data-ready) and the map's tiles have come in (or 15 s have passed), then a moment to paint.
async function settle(page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await page.waitForFunction(() => {
    const tiles = [...document.querySelectorAll('img.leaflet-tile')];
    return tiles.length > 0 && tiles.every((i) => i.complete);
  }, null, { timeout: 15000 }).catch(() => console.warn('screenshots: not every tile arrived in 15 s; taking the picture anyway'));
  await page.waitForTimeout(1500);
}

async function shot(name, make) {
  const file = path.join(outDir, `${name}.png`);
  try {
    await make(file);
    console.log(`screenshots: ${path.relative(repo, file)}`);
    return true;
  } catch (e) {
    console.error(`screenshots: ${name} failed: ${e.message}`);
    return false;
  }
}

// A street of Enschede from the results' places (partner GM0153), else any street.
async function enschedeStreet(base) {
  for (const q of ['straat', 'weg', 'laan']) {
    const res = await fetch(new URL(`/api/places?q=${q}&limit=50`, base));
    const { places } = await res.json();
    const street = places.find((p) => p.kind === 'street' && p.partner === 'GM0153') ?? places.find((p) => p.kind === 'street');
    if (street) return street;
  }
  return null;
}

const { server, url } = startServer(writeConfig());
let browser;
let ok = true;
try {
  const base = await url;
  mkdirSync(outDir, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' });

  ok = await shot('first-view', async (file) => {
    const page = await desktop.newPage();
    await page.goto(base);
    await settle(page);
    await page.screenshot({ path: file });
    await page.close();
  }) && ok;

  ok = await shot('street-click', async (file) => {
    const street = await enschedeStreet(base);
    if (!street) throw new Error('the results have no street to search');
    const page = await desktop.newPage();
    await page.goto(base);
    await settle(page);
    await page.fill('[data-testid=search]', street.name);
    await page.locator('[data-testid=search-results] li').first().click({ timeout: 10000 });
    await page.locator('[data-testid=here-text]').waitFor({ timeout: 15000 });
    await settle(page);
    await page.screenshot({ path: file });
    await page.close();
  }) && ok;

  ok = await shot('partner-view', async (file) => {
    const page = await desktop.newPage();
    await page.goto(`${base}#partner`);
    await settle(page);
    await page.fill('[data-testid=login-user]', USER);
    await page.fill('[data-testid=login-password]', PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.locator('[data-testid=partner-overview]').waitFor({ timeout: 20000 });
    await page.waitForTimeout(1000);
    await page.screenshot({ path: file });
    await page.close();
  }) && ok;

  ok = await shot('phone', async (file) => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'nl-NL', isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await page.goto(base);
    await settle(page);
    await page.screenshot({ path: file });
    await phone.close();
  }) && ok;
} catch (e) {
  console.error(`screenshots: ${e.message}`);
  ok = false;
} finally {
  await browser?.close();
  server.kill('SIGINT');
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
