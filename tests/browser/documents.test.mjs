// Result documents as a person meets them: an application page is open when the agency finishes
// it; «Готово» and the result appear without a reload; the document opens (its signature checked
// and its contents decrypted in the browser); «Проверить документ» confirms it — and, after the
// agency revokes it, says so; a forged statement from the backend is caught; «Кто смотрел мои
// данные» shows the agency's readings. Screenshots in both languages, at 200 % and on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, chooseFile, startServer, launch, openPage, waitForApp, widget, click, heading, typeInto, scrollTo, passwordStep, codeStep, screenshot, text, SHOTS } from './lib.mjs';

const PHONE = '+79001234567';  // Иванов: one application per common status, a registration «Готово» with its document
let server;
let browser;
before(async () => { server = await startServer({ seed: true }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function dev(path, body) {
  const res = await fetch(`${server.url}api/v1/dev/agency/${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}),
  });
  const answer = await res.text();
  assert.equal(res.status, 200, `${path}: ${answer}`);
  return JSON.parse(answer);
}

async function signIn(page, en = false) {
  await waitForApp(page);
  await passwordStep(page, PHONE, 'Gosuslugi2026', { en });
  await codeStep(page, server, PHONE, { en });
}

// The numbers of Иванов's applications by status, as the app loaded them.
async function numbersByStatus(page) {
  const names = await page.locator('#a11y-root').getByRole('button').evaluateAll(
    (els) => els.map((e) => e.getAttribute('aria-label') || e.textContent));
  return names.filter((n) => n && n.startsWith('Подробнее о заявлении № ')).map((n) => n.slice('Подробнее о заявлении № '.length));
}

// One of the applications the agency is still working on (not waiting for an answer, not in a
// final status), its plan paused so that the test decides when the agency acts.
async function stillOpen(page) {
  const numbers = await numbersByStatus(page);
  for (const n of numbers) {
    const res = await fetch(`${server.url}api/v1/dev/agency/applications/${n}/plan`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ outcome: 'done', next_in: 3600 }) });
    if (res.status === 200 && ['accepted', 'in_progress'].includes((await res.json()).status)) return n;
  }
  assert.fail(`no application still open among ${numbers}`);
}

test('the agency finishes an open application: «Готово» live, the document opens, verifies, is revoked; who read my data', async () => {
  // Tall enough for every demo application's card to be on screen (the mirror has what is visible).
  const page = await openPage(browser, `${server.url}#/profile`, { height: 2400 });
  await signIn(page);
  await page.goto(`${server.url}#/applications`);
  await heading(page, 'Мои заявления').waitFor();
  // The in-progress one (ЗП-10): open it, then the agency decides while the page is open.
  await text(page, 'Статус: В обработке').first().waitFor();
  const number = await stillOpen(page);
  await page.goto(`${server.url}#/applications/view/${number}`);
  await heading(page, 'История статусов').waitFor();
  const before = await page.evaluate(() => performance.now());
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${server.url}api/v1/dev/agency/applications/${number}/plan`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ outcome: 'done', next_in: 0 }) });
    if (res.status === 409) break;  // done: a final status has no plan
    await dev('tick');
  }
  await text(page, 'Статус: Готово').first().waitFor({ timeout: 30000 });
  const shown = await page.evaluate(() => performance.now());
  await scrollTo(page, widget(page, 'button', 'Открыть документ'));
  await screenshot(page, 'documents-application-done');
  await click(page, widget(page, 'button', 'Открыть документ'));
  await text(page, 'Подпись ведомства подтверждена').waitFor({ timeout: 30000 });
  const code = await page.evaluate(() => location.hash.split('/').pop());
  assert.match(code, /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
  await screenshot(page, 'documents-detail');
  const [download] = await Promise.all([page.waitForEvent('download'), click(page, await scrollTo(page, widget(page, 'button', 'Скачать')))]);
  assert.equal(download.suggestedFilename(), `документ-${code}.txt`);
  const saved = readFileSync(await download.path(), 'utf8');
  assert.match(saved, /Заграничный паспорт нового образца оформлен/);
  assert.match(saved, new RegExp(`Код проверки: ${code}`));

  // The QR code: a phone's camera (zbarimg here, from the pixels on screen) reads the address of
  // the document's check, which opens «Проверить документ» for anyone, signed in or not.
  const qr = await scrollTo(page, page.locator('#a11y-root').getByRole('img', { name: `QR-код для проверки документа с кодом ${code}` }));
  const qrBox = await qr.boundingBox();
  const qrShot = path.join(SHOTS, 'documents-qr.png');
  await page.screenshot({ path: qrShot, clip: { x: qrBox.x - 8, y: qrBox.y - 8, width: qrBox.width + 16, height: qrBox.height + 16 } });
  const scanned = execFileSync('zbarimg', ['--raw', '-q', qrShot], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  assert.equal(scanned, `${server.url}#/verify/${code}`);
  const phone = await openPage(browser, scanned, { width: 360, height: 740, touch: true });
  await waitForApp(phone);
  await heading(phone, 'Документ подлинный').waitFor({ timeout: 30000 });
  await phone.context().close();

  await click(page, await scrollTo(page, widget(page, 'button', 'Проверить документ')));
  await heading(page, 'Документ подлинный').waitFor({ timeout: 30000 });
  assert.match(page.url(), new RegExp(`#/verify/${code}$`));
  await dev(`documents/${code}/revoke`, { reason: 'Выдан по ошибке' });
  await click(page, widget(page, 'button', 'Проверить'));
  await heading(page, 'Документ отозван').waitFor({ timeout: 30000 });
  await screenshot(page, 'documents-verify-revoked');

  await page.goto(`${server.url}#/profile/data-access`);
  await heading(page, 'Кто смотрел мои данные').or(widget(page, 'tab', 'Кто смотрел мои данные')).first().waitFor();
  await page.locator('#a11y-root').getByText(/Подлинность документа проверили по коду проверки/).first().waitFor({ timeout: 30000 });
  assert.ok(await heading(page, 'МВД России').count() > 0, 'the agency that worked on the application');
  await screenshot(page, 'documents-data-access');
  assert.deepEqual(page.problems, []);
  await page.context().close();
  console.log(`status change → screen: ${Math.round(shown - before)} ms (3 simulator steps)`);
});

// «Требуются уточнения» as a person meets it: the agency asks while the application is open; the
// applicant answers with text and a file (refused first when it is a program named .pdf); the
// answer and the file reach the agency sealed (tools/agency_inbox.py opens them with the agency's
// key); the agency reads the answer — «Кто смотрел мои данные» says so — and finishes.
test('the agency asks a question; the applicant answers it with a file; the agency reads it and finishes', async () => {
  const page = await openPage(browser, `${server.url}#/profile`, { height: 2400 });
  await signIn(page);
  await page.goto(`${server.url}#/applications`);
  await heading(page, 'Мои заявления').waitFor();
  await text(page, 'Статус: Готово').first().waitFor();
  // (The first test finished another one.) Questions are asked «В обработке».
  const number = await stillOpen(page);
  const res = await fetch(`${server.url}api/v1/dev/agency/applications/${number}/status`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'in_progress' }) });
  assert.ok([200, 409].includes(res.status), await res.text());  // 409: it was in progress already
  await page.goto(`${server.url}#/applications/view/${number}`);
  await heading(page, 'История статусов').waitFor();
  await dev(`applications/${number}/status`, { status: 'needs_info', question: 'Приложите копию квитанции об оплате пошлины.', answer_days: 5 });
  const alertWith = (re) => page.locator('#a11y-root').getByRole('alert').filter({ hasText: re });
  await alertWith(/Ведомство просит уточнить: Приложите копию квитанции/).waitFor({ timeout: 30000 });

  await typeInto(page, widget(page, 'textbox', 'Ваш ответ'), 'Квитанция во вложении.');
  const attach = (name, buffer) => chooseFile(page, widget(page, 'button', 'Прикрепить файл к ответу'), name, buffer, 'application/pdf');
  const exe = Buffer.alloc(8 * 1024);
  exe.write('MZ', 0, 'latin1');
  await attach('квитанция.pdf', exe);
  await alertWith(/это программа/).waitFor();
  const pdf = Buffer.alloc(700 * 1024, 0x20);
  pdf.write('%PDF-1.7\n', 0, 'latin1');
  for (let i = 16; i < pdf.length; i += 997) pdf[i] = 0x41 + (i % 26);
  await attach('квитанция.pdf', pdf);
  await page.locator('#a11y-root').getByText(/квитанция\.pdf · PDF · 700 КБ/).waitFor({ state: 'attached', timeout: 60000 });
  const send = widget(page, 'button', 'Отправить ответ');
  await scrollTo(page, send);
  await send.and(page.locator(':not([aria-disabled=true])')).waitFor({ timeout: 60000 });  // the file is uploaded
  await screenshot(page, 'tracker-answer-with-file');
  await click(page, send);
  await page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Ответ отправлен в ведомство' }).waitFor({ timeout: 30000 });
  await text(page, 'Статус: В обработке').first().waitFor();

  const out = JSON.parse(execFileSync('/usr/bin/python3', [path.join(ROOT, 'tools/agency_inbox.py'), '--db', server.dbPath, '--number', number], { encoding: 'utf8' }));
  const answer = out.answers.at(-1);
  assert.equal(answer.answer, 'Квитанция во вложении.');
  assert.ok(answer.signature_valid && answer.signer_is_applicant, JSON.stringify(answer));
  assert.equal(answer.files.length, 1);
  assert.equal(answer.files[0].name, 'квитанция.pdf');
  assert.equal(answer.files[0].size, pdf.length);
  assert.ok(answer.files[0].sha256_ok, 'the agency decrypted the very bytes that were chosen');

  // The agency reads the answer and finishes; the page follows live.
  await dev(`applications/${number}/plan`, { outcome: 'done', next_in: 0 });
  await dev('tick');
  await text(page, 'Статус: Готово').first().waitFor({ timeout: 30000 });
  await page.goto(`${server.url}#/profile/data-access`);
  await page.locator('#a11y-root').getByText(`Ответ на вопрос ведомства по заявлению № ${number}`, { exact: false }).first().waitFor({ timeout: 30000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a backend that alters a document cannot pass it off: the check is made with the key built into the app', async () => {
  const page = await openPage(browser, `${server.url}#/profile`, { height: 1600 });
  await signIn(page);
  // Whatever the backend says about this document, it says with the title changed after signing.
  await page.route('**/api/v1/documents/verify/*', async (route) => {
    const res = await route.fetch();
    if (!res.ok()) return route.fulfill({ response: res });
    const body = await res.json();
    body.statement = body.statement.replace('Свидетельство', 'Справка');
    await route.fulfill({ response: res, json: body });
  });
  await page.goto(`${server.url}#/documents`);
  await heading(page, 'Документы').waitFor();
  const open = page.locator('#a11y-root').getByRole('button', { name: /^Открыть документ «Свидетельство о регистрации/ });
  await open.waitFor({ timeout: 30000 });
  await click(page, open);
  await text(page, 'Подпись ведомства подтверждена').waitFor({ timeout: 30000 });
  await click(page, await scrollTo(page, widget(page, 'button', 'Проверить документ')));
  await heading(page, 'Документ изменён или подделан').waitFor({ timeout: 30000 });
  // A code that is not a code, and one no document has.
  await typeInto(page, widget(page, 'textbox', 'Код проверки'), '1234');
  await page.keyboard.press('Enter');
  await page.locator('#a11y-root [aria-invalid]').first().waitFor();
  await typeInto(page, widget(page, 'textbox', 'Код проверки'), 'AAAA-BBBB-CCCC-DDDD');
  await click(page, widget(page, 'button', 'Проверить'));
  await screenshot(page, 'documents-verify-unknown');
  await page.locator('#a11y-root').getByRole('alert').filter({ hasText: 'Документ с таким кодом не найден' }).waitFor({ timeout: 30000 });
  // The unknown code's 404 is the browser's own console line, not the app's.
  assert.deepEqual(page.problems.filter((p) => !p.includes('status of 404')), []);
  await page.context().close();
});

test('the wallet and «Проверить документ» in English, at 200 % text and on a 360 px phone (screenshots)', async () => {
  for (const [w, h, q] of [[1280, 800, '?lang=en'], [1280, 800, '?text=200'], [360, 740, ''], [360, 740, '?lang=en&text=200']]) {
    const page = await openPage(browser, `${server.url}${q}#/profile`, { width: w, height: h });
    const en = q.includes('lang=en');
    await signIn(page, en);
    await page.goto(`${server.url}${q}#/documents`);
    await text(page, en ? 'Agency signature confirmed' : 'Подпись ведомства подтверждена').first().waitFor({ timeout: 30000 });
    const name = `documents-${en ? 'en' : 'ru'}-${q.includes('text=200') ? 200 : 100}-${w}`;
    await screenshot(page, `${name}-wallet`);
    await page.goto(`${server.url}${q}#/profile/data-access`);
    // Who read the data is the backend's record, in the words it was recorded in.
    await heading(page, 'МВД России').first().waitFor({ timeout: 30000 });
    await screenshot(page, `${name}-data-access`);
    await page.goto(`${server.url}${q}#/verify`);
    await heading(page, en ? 'Verify a document' : 'Проверить документ').waitFor();
    await screenshot(page, `${name}-verify`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
