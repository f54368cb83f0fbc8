// Shared helpers for the browser tests: start the real reference backend on a free port,
// launch Debian's Chromium headless (WebGL2 through SwiftShader), and use the app as a
// person would — find widgets through the accessible DOM mirror, then click at their real
// coordinates on the canvas and type with the keyboard.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.LK_DIST || path.join(ROOT, 'build/web/dist');
export const SHOTS = process.env.LK_SCREENSHOTS || path.join(ROOT, 'build/screenshots');
mkdirSync(SHOTS, { recursive: true });

export async function startServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lk-browser-'));
  const proc = spawn('python3', [path.join(ROOT, 'tools/serve.py'), '--port', '0', '--db', path.join(dir, 'lk.sqlite3'),
    '--dist', DIST, '--dev'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.py did not start: ${out}`)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    proc.stderr.on('data', (d) => { out += d; });
    proc.on('exit', (code) => reject(new Error(`serve.py exited ${code}: ${out}`)));
  });
  return {
    url,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

// A fresh context and page; collects console errors and CSP violations for the test to check.
export async function openPage(browser, url, { width = 1280, height = 800, dpr = 1, touch = false, init = null } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr, hasTouch: touch, isMobile: touch });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  if (init) await page.addInitScript(init);
  if (url) await page.goto(url);
  return page;
}

// Waits for the first frame (or a fatal message) and for the mirror to be populated.
export async function waitForApp(page) {
  await page.waitForFunction(() => window.__lk && (window.__lk.firstFrameMs > 0 || window.__lk.fatal), null, { timeout: 60000 });
  const fatal = await page.evaluate(() => window.__lk.fatal);
  if (fatal) throw new Error(`app failed to start: ${fatal}`);
  await page.locator('#a11y-root > *').first().waitFor({ state: 'attached' });
}

export function widget(page, role, name) {
  // Password fields have no ARIA role of their own: they are <input type=password>.
  if (role === 'password') return page.locator('#a11y-root input[type=password]').and(page.getByLabel(name, { exact: true }));
  return page.locator('#a11y-root').getByRole(role, { name, exact: true });
}

// Click the centre of a widget on the canvas, where a person would click.
export async function click(page, locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('widget has no bounds');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

export async function tap(page, locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('widget has no bounds');
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
}

export async function framesDrawn(page) {
  return page.evaluate(() => window.__lk.glue.frames);
}

export async function screenshot(page, name) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
