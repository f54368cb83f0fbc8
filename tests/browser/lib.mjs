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

export async function startServer({ seed = false } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lk-browser-'));
  const args = [path.join(ROOT, 'tools/serve.py'), '--port', '0', '--db', path.join(dir, 'lk.sqlite3'), '--dist', DIST, '--dev'];
  if (seed) args.push('--seed');
  const proc = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
    dbPath: path.join(dir, 'lk.sqlite3'),
    // The last code the backend "sent" to a phone or e-mail (its developer outbox).
    // Waits (up to 10 s) for one to be there: a code read before it was sent was once typed empty.
    async lastCode(destination) {
      for (const deadline = Date.now() + 10000; ;) {
        const res = await fetch(`${url}api/v1/dev/outbox?destination=${encodeURIComponent(destination)}`);
        const body = await res.json();
        const withCode = body.items.filter((m) => typeof m.code === 'string');  // notices carry no code
        if (withCode.length || Date.now() > deadline) return withCode.length ? withCode[withCode.length - 1].code : '';
        await new Promise((r) => setTimeout(r, 100));
      }
    },
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
// bypassCSP: for a test that injects axe-core (the page's CSP rightly refuses inline scripts).
export async function openPage(browser, url, { width = 1280, height = 800, dpr = 1, touch = false, init = null, bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr, hasTouch: touch, isMobile: touch, bypassCSP });
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
  await page.locator('#a11y-root [data-n]').first().waitFor({ state: 'attached' });
}

export function widget(page, role, name) {
  // Password fields have no ARIA role of their own: they are <input type=password>.
  if (role === 'password') return page.locator('#a11y-root input[type=password]').and(page.getByLabel(name, { exact: true }));
  return page.locator('#a11y-root').getByRole(role, { name, exact: true });
}

// Click the centre of a widget on the canvas, where a person would click.
// The app has drawn no frame for `quiet` ms (and, with `after`, has drawn one since that frame
// count): the input sent so far has been handled and the mirror shows where things came to rest
// (it follows at most every 100 ms while they move). On a saturated machine a click measured
// while a scroll was still being applied landed 200 px off its widget (run 3 under load: the
// «Заполните поле «Имя»» link and «Подтвердить почту» were missed). Bounded: something that
// animates (a caret) never holds a test up for more than 5 s.
export async function settleFrames(page, { quiet = 200, after = -1 } = {}) {
  try {
    await page.waitForFunction(([q, a]) => {
      const glue = window.__lk.glue;
      const log = glue.frameLog;
      if (a >= 0 && glue.frames <= a) return false;
      return log.length === 0 || performance.now() - log[log.length - 1][0] > q;
    }, [quiet, after], { timeout: 5000, polling: 50 });
  } catch (e) {
    if (!String(e.message).includes('Timeout')) throw e;
  }
}

export async function click(page, locator) {
  await settleFrames(page);
  const box = await locator.boundingBox();
  if (!box) throw new Error('widget has no bounds');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

export async function tap(page, locator) {
  await settleFrames(page);
  const box = await locator.boundingBox();
  if (!box) throw new Error('widget has no bounds');
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
}

export async function framesDrawn(page) {
  return page.evaluate(() => window.__lk.glue.frames);
}

// Quiet: no request in flight (a reply landing asks for frames) and no frame drawn for a second.
// Waited on as a condition, so a slow reply on a busy machine is waited for, not counted as a
// frame drawn while idle.
export async function settleIdle(page) {
  await page.waitForFunction(() => {
    const log = window.__lk.glue.frameLog;
    if (window.__lk.module._app_requests_in_flight() !== 0) return false;
    return log.length === 0 || performance.now() - log[log.length - 1][0] > 1000;
  }, null, { timeout: 60000, polling: 100 });
}

export async function screenshot(page, name) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

// Scrolls the page with the mouse wheel until the widget is on screen (the mirror only has
// what is visible), then returns its locator.
export async function scrollTo(page, locator, { x, y } = {}) {
  const { width, height: vh } = page.viewportSize();
  // The wheel goes over the page (on a 360 px phone too), below the header, which is 72 px
  // tall times the text size (?text=200).
  x = x ?? Math.min(640, width / 2);
  y = y ?? Math.min(500, vh * 0.6);
  const scale = (parseInt(new URL(page.url()).searchParams.get('text') || '100', 10) || 100) / 100;
  const headerBottom = 80 * scale;
  for (const dir of [1, -1]) {
    for (let i = 0; i < 40; i++) {
      const inView = async () => {
        if (await locator.count() === 0) return false;
        // Not waited for long: a widget scrolled out between count() and here is not in view.
        const box = await locator.first().boundingBox({ timeout: 2000 }).catch(() => null);
        return box && box.y > headerBottom && box.y + box.height < vh - 4;
      };
      // In view once the page has come to rest, not while a scroll is still being applied.
      if (await inView()) {
        await settleFrames(page);
        if (await inView()) return locator.first();
      }
      const before = await framesDrawn(page);
      await page.mouse.move(x, y);
      await page.mouse.wheel(0, dir * 200);
      await settleFrames(page, { quiet: 120, after: before });
    }
  }
  throw new Error('widget never scrolled into view');
}

export function heading(page, name) {
  return page.locator('#a11y-root').getByRole('heading', { name, exact: true });
}

// Replaces what a text field holds, as a person would: click it, select all, delete, type.
export async function typeInto(page, locator, text) {
  // Keys pressed before the field has taken focus go to whatever had it: on a saturated machine
  // a Ctrl+A/Backspace sent right after the click once landed before the frame that focused the
  // field, and the old text stayed. Wait for the mirror to show the field focused; click again
  // if the first click fell between frames that moved the layout. Then wait for the field to hold
  // exactly the text (under load an e-mail code once went missing and «Подтвердить почту» was
  // pressed on an empty field); type it again if it does not.
  let password = null;
  for (let typed = 0; ; typed++) {
    for (let attempt = 0; ; attempt++) {
      await click(page, await scrollTo(page, locator));
      try {
        await locator.and(page.locator('[data-focused]')).waitFor({ timeout: 10000 });
        break;
      } catch (e) {
        if (attempt >= 2) throw new Error(`the field did not take focus: ${e.message}`);
      }
    }
    // (Asked once it is in view: the mirror has only what is on screen.)
    if (password === null) password = (await locator.first().getAttribute('type')) === 'password';
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    if (text) await page.keyboard.type(text);
    if (password) return;  // the mirror does not carry a password's text
    // Fields may format what is typed (a СНИЛС's dashes, a phone's spaces): compare without them.
    const plain = (v) => v.replace(/[\s\-()]/g, '').toLowerCase();
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      if (plain(await locator.first().inputValue()) === plain(text)) return;
      await page.waitForTimeout(50);
    }
    if (typed >= 2) throw new Error(`the field holds «${await locator.first().inputValue()}», not «${text}»`);
  }
}

// The sign-in form: identifier and password, then the «Подтвердите вход» step.
// { en: true } when the page is in English (?lang=en).
export async function passwordStep(page, identifier, password, { en = false } = {}) {
  await typeInto(page, widget(page, 'textbox', en ? 'Phone, e-mail or SNILS' : 'Телефон, e-mail или СНИЛС'), identifier);
  await typeInto(page, widget(page, 'password', en ? 'Password' : 'Пароль'), password);
  await page.keyboard.press('Enter');
  await heading(page, en ? 'Confirm sign-in' : 'Подтвердите вход').waitFor({ timeout: 30000 });
}

// The second step with the code the backend "sent" to the phone; lands on «Профиль».
export async function codeStep(page, server, phone, { en = false } = {}) {
  await typeInto(page, widget(page, 'textbox', en ? 'Confirmation code' : 'Код подтверждения'), await server.lastCode(phone));
  await page.keyboard.press('Enter');
  await heading(page, en ? 'Profile' : 'Профиль').waitFor({ timeout: 30000 });
}

// Chooses a file through the button that opens the browser's file chooser, as a person would.
export async function chooseFile(page, button, name, buffer, mimeType = 'application/octet-stream') {
  const chooser = page.waitForEvent('filechooser');
  await click(page, await scrollTo(page, button));
  await (await chooser).setFiles({ name, mimeType, buffer });
}

// A static text of the app (the mirror gives plain text no role of its own).
// axe-core over the whole page as it is now (the mirror is what assistive tech gets): the
// violations of impact serious or critical, as "rule: target — summary" lines. The page must have
// been opened with bypassCSP.
const AXE = path.join(ROOT, 'tests/browser/node_modules/axe-core/axe.min.js');
export async function axeViolations(page) {
  await settleFrames(page, { quiet: 300 });
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(0, 2).join(' ')}`));
  });
  return violations;
}

// A field's description as a screen reader reads it: the element its aria-describedby names
// (its error message); null when it has none.
export async function description(locator) {
  return locator.evaluate((el) => {
    const id = el.getAttribute('aria-describedby');
    return id ? document.getElementById(id)?.textContent ?? null : null;
  });
}

export function text(page, name) {
  return page.locator('#a11y-root').getByText(name, { exact: true });
}
