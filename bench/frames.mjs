// Shared by the scrolling benchmarks: a signed-in page of a demo citizen whose list the
// development interface has filled, and CPU time per frame from the app's own measurement of each
// frame (web/glue.js frameLog: [time, whole frame ms, WebGL submission ms]).
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const lib = await import(path.join(ROOT, 'tests/browser/lib.mjs'));

// Starts the reference backend with demo data, fills `fillPath` ({phone, count}) and signs the
// citizen in. W and H set the window (default 1280×800); software GL draws less in a smaller one.
export async function filledAndSignedIn(fillPath, phone, count) {
  const server = await lib.startServer({ seed: true });
  const fill = await fetch(`${server.url}api/v1${fillPath}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone, count }) });
  if (fill.status !== 200) throw new Error(`fill: ${fill.status} ${await fill.text()}`);
  const browser = await lib.launch();
  const width = Number(process.env.W || 1280), height = Number(process.env.H || 800);
  const page = await lib.openPage(browser, `${server.url}#/profile`, { width, height });
  await lib.waitForApp(page);
  await lib.passwordStep(page, phone, 'Gosuslugi2026');
  await lib.codeStep(page, server, phone);
  return { server, browser, page, width, height };
}

// p50 / p95 / max of the app's own CPU per frame and of the WebGL submission, for frames since `since`.
export async function frameStats(page, since) {
  return page.evaluate((t0) => {
    const log = window.__lk.glue.frameLog.filter(([t]) => t >= t0);
    const pct = (xs) => {
      if (!xs.length) return { p50: 0, p95: 0, max: 0 };
      xs.sort((a, b) => a - b);
      const q = (p) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];
      return { p50: q(0.5), p95: q(0.95), max: xs[xs.length - 1] };
    };
    // The mirror's DOM is updated at most every 100 ms while the screen moves (main_web.cpp):
    // those frames apart, the rest show what drawing the screen itself costs.
    const quiet = log.filter(([, , , mirror]) => !mirror);
    return { frames: log.length, app: pct(log.map(([, all, gl]) => all - gl)), gl: pct(log.map(([, , gl]) => gl)),
      mirrorFrames: log.length - quiet.length, mirror: pct(log.filter(([, , , m]) => m).map(([, , , m]) => m)),
      drawOnly: pct(quiet.map(([, all, gl]) => all - gl)) };
  }, since);
}

export const formatStats = (s) => `p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`;
