// The browser tests' server and browser, shared by the e2e files: `waternet serve`
// on the made-up results folder of fixture.mjs, on a free port, and Debian's Chromium through playwright-core.
// Every page refuses requests that would leave the machine and records them in `outside`.
//
// Needs: WATERNET_BIN (default build/release/apps/waternet/waternet), the built front end in web/dist, gdal_translate,
// CHROMIUM (default /usr/bin/chromium).
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFixture } from './fixture.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../../..');
const require = createRequire(path.join(repo, 'web/package.json'));
const { chromium } = require('playwright-core');

const BIN = process.env.WATERNET_BIN ?? path.join(repo, 'build/release/apps/waternet/waternet');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// The hash `waternet serve --hash-password` makes of `password`, for a [[partner_user]] of a server configuration.
export function hashPassword(password) {
  return execFileSync(BIN, ['serve', '--hash-password'], { input: `${password}\n` }).toString().trim();
}

// Starts the server and the browser; returns { baseUrl, browser, outside, newPage(options), stop() }.
// config: the text of a server configuration (serve.toml, docs/viewer.md "Configuration") to start it with.
export async function startViewer({ config } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'waternet-e2e-'));
  const results = writeFixture(path.join(tmp, 'results'));
  const configArgs = [];
  if (config !== undefined) {
    writeFileSync(path.join(tmp, 'serve.toml'), config);
    configArgs.push('--config', path.join(tmp, 'serve.toml'));
  }
  const server = spawn(BIN, ['serve', results, ...configArgs, '--port', '0', '--web', path.join(repo, 'web/dist')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${log}`)), 20000);
    server.stdout.on('data', (d) => {
      const m = /at (http:\/\/[^/]+\/)/.exec(String(d));
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${log}`)));
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const outside = [];
  const newPage = async (contextOptions = {}) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', ...contextOptions });
    const page = await context.newPage();
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    await page.goto(baseUrl);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
    return page;
  };
  const stop = async () => {
    await browser.close();
    server.kill('SIGINT');
    rmSync(tmp, { recursive: true, force: true });
  };
  return { baseUrl, browser, outside, newPage, stop };
}
