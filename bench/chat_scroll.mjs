// A room's chat with 5,000 messages, in headless Chromium: CPU time per frame (the app's own
// measurement, web/glue.js frameLog) while the wheel scrolls through all of them, and how long the
// 50 pages took to arrive and decrypt. The room is made through the UI and one message sent; the
// development interface copies its ciphertext (the server never reads it), so every copy is
// decrypted with the room key on the device like a real one. Prints numbers; asserts nothing.
//   node bench/chat_scroll.mjs        (after tools/build.sh web)
import { frameStats, formatStats as f, lib } from './frames.mjs';

const PHONE = '+79001234567';
const COUNT = Number(process.env.N || 5000);
const width = Number(process.env.W || 1280), height = Number(process.env.H || 800);
const server = await lib.startServer({ seed: true });
const browser = await lib.launch();
try {
  const page = await lib.openPage(browser, `${server.url}#/profile`, { width, height });
  const mirror = page.locator('#a11y-root');
  await lib.waitForApp(page);
  await lib.passwordStep(page, PHONE, 'Gosuslugi2026');
  await lib.codeStep(page, server, PHONE);
  await page.goto(`${server.url}#/rooms`);
  await lib.click(page, await lib.scrollTo(page, lib.widget(page, 'button', 'Создать комнату')));
  await lib.typeInto(page, lib.widget(page, 'textbox', 'Название'), 'Замер прокрутки');
  await lib.click(page, await lib.scrollTo(page, lib.widget(page, 'button', 'Создать')));
  await lib.typeInto(page, lib.widget(page, 'textbox', 'Сообщение'), 'Сообщение, каких в переписке пять тысяч: обычной длины, с подробностями о сделке и сроках');
  await lib.click(page, lib.widget(page, 'button', 'Отправить'));
  await mirror.getByText(/: Сообщение, каких в переписке/).first().waitFor({ timeout: 30000 });
  const room = page.url().split('/').pop();
  const fill = await fetch(`${server.url}api/v1/dev/rooms/${room}/messages/repeat`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ count: COUNT - 1 }) });
  if (fill.status !== 200) throw new Error(`fill: ${fill.status} ${await fill.text()}`);
  // Open the room again: the newest page, then every earlier one as the wheel reaches the end.
  await page.goto(`${server.url}#/rooms`);
  await lib.click(page, await lib.scrollTo(page, lib.widget(page, 'button', 'Открыть комнату «Замер прокрутки»')));
  await mirror.getByText(/: Сообщение, каких в переписке/).first().waitFor({ timeout: 30000 });
  const loadStart = Date.now();
  await page.mouse.move(width / 2, height * 0.6);
  let wheels = 0;
  // The wheel goes down until «Это начало переписки.» is on screen: the «earlier» button at the end
  // of the list asks for the page before by itself whenever it is drawn.
  const start = mirror.getByText('Это начало переписки.', { exact: true });
  while (await start.count() === 0 && wheels < 5000) {
    await page.mouse.wheel(0, 20000);
    wheels++;
    await lib.settleFrames(page, { quiet: 60 });
  }
  const loadMs = Date.now() - loadStart;
  await page.waitForTimeout(300);
  const t0 = await page.evaluate(() => performance.now());
  for (let i = 0; i < 150; i++) {
    await page.mouse.wheel(0, i < 75 ? -4000 : 4000);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(300);
  const stats = await frameStats(page, t0);
  console.log(`room chat with ${COUNT} messages in a ${width}×${height} window`);
  console.log(`  all ${COUNT / 100} pages loaded and decrypted by scrolling to the start of the conversation: ${loadMs} ms (${wheels} wheel turns)`);
  console.log(`  scrolling: ${stats.frames} frames while the wheel turned 150 times`);
  console.log(`  app CPU per frame (UI, ImGui, accessibility mirror): ${f(stats.app)}`);
  console.log(`    of which the mirror's DOM, in ${stats.mirrorFrames} frames: ${f(stats.mirror)}; frames without it: ${f(stats.drawOnly)}`);
  console.log(`  WebGL submission per frame (SwiftShader here): ${f(stats.gl)}`);
} finally {
  await browser.close();
  await server.stop();
}
