// Support as a person uses it (SPEC §12): an appeal with a file, the support desk's question
// answered, the appeal marked «выполнено» and its file downloaded back; the chat from a suggested
// question to an operator — the stream dropping mid-conversation loses nothing — and back to the
// suggestions, with the transcript downloaded. Then: the chat delivery latency (an operator's
// message → on screen), printed for the closing note.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launch, openPage, waitForApp, widget, click, heading, scrollTo, passwordStep, codeStep, typeInto, chooseFile, text } from './lib.mjs';

let server;
let browser;
before(async () => { server = await startServer({ seed: true }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function dev(path, body) {
  const res = await fetch(`${server.url}api/v1/dev/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  const t = await res.text();
  assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status} ${t}`);
  return t ? JSON.parse(t) : null;
}

async function signIn(page, phone) {
  await waitForApp(page);
  await passwordStep(page, phone, 'Gosuslugi2026');
  await codeStep(page, server, phone);
}

const mirror = (page) => page.locator('#a11y-root');
const status = (page, t) => mirror(page).getByRole('status').filter({ hasText: t });

// A real PNG header and some bytes: the device checks a file by its content.
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('снимок экрана: «код не пришёл»')]);

test('an appeal with a file: the desk asks, the citizen answers, marks it выполнено and downloads the file', async () => {
  const page = await openPage(browser, `${server.url}#/login`, { height: 1400 });
  await signIn(page, '+79001234568');
  await click(page, widget(page, 'button', 'Помощь: чат с поддержкой'));
  await click(page, widget(page, 'tab', 'Обращения'));
  await text(page, 'Обращений пока нет. Задайте вопрос через «Новое обращение» или в чате.').waitFor({ timeout: 30000 });
  await click(page, widget(page, 'button', 'Новое обращение'));
  await heading(page, 'Обратная связь').waitFor();
  await click(page, await scrollTo(page, widget(page, 'button', 'Тема обращения')));
  await click(page, mirror(page).getByRole('listitem').filter({ hasText: 'Ошибка на портале' }));
  await click(page, await scrollTo(page, widget(page, 'button', 'Тип услуги')));
  await click(page, mirror(page).getByRole('listitem').filter({ hasText: 'Паспорта, регистрация' }));
  await typeInto(page, await scrollTo(page, widget(page, 'textbox', 'Ваш вопрос')), 'Не приходит код подтверждения на телефон');
  await chooseFile(page, widget(page, 'button', 'Прикрепить файл'), 'снимок.png', PNG, 'image/png');
  await mirror(page).getByText(/снимок\.png/).first().waitFor({ timeout: 30000 });
  await click(page, await scrollTo(page, widget(page, 'button', 'Отправить')));
  await status(page, 'Обращение отправлено').waitFor({ timeout: 30000 });
  const title = await mirror(page).getByRole('heading', { name: /^Обращение № SP-/ }).first().textContent();
  const number = title.match(/SP-\d{4}-\d{6}/)[0];

  // The support desk asks back (its development interface); the page follows live.
  await dev(`support/appeals/${number}`, { action: 'ask', text: 'Уточните, пожалуйста, номер телефона и время, когда ждали код.' });
  await mirror(page).getByRole('alert').filter({ hasText: 'Служба поддержки задала вопрос' }).waitFor({ timeout: 30000 });
  await mirror(page).getByText(/Вопрос\. Служба поддержки, .*номер телефона и время/).waitFor();
  await typeInto(page, await scrollTo(page, widget(page, 'textbox', 'Ваш ответ')), '+7 900 123-45-68, сегодня около 10:00');
  await click(page, await scrollTo(page, widget(page, 'button', 'Отправить')));
  await status(page, 'Сообщение отправлено').waitFor({ timeout: 30000 });
  await dev(`support/appeals/${number}`, { action: 'answer' });
  await mirror(page).getByText(/^Ответ\. Служба поддержки, /).waitFor({ timeout: 30000 });
  await click(page, await scrollTo(page, widget(page, 'button', 'Отметить выполненным')));
  await status(page, 'Обращение отмечено выполненным').waitFor({ timeout: 30000 });
  await text(page, 'Обращение закрыто. Если вопрос остался, создайте новое обращение.').waitFor();

  // The file comes back decrypted on this device, as it was sent.
  const [download] = await Promise.all([page.waitForEvent('download'), click(page, await scrollTo(page, widget(page, 'link', 'Скачать файл снимок.png')))]);
  assert.equal(download.suggestedFilename(), 'снимок.png');
  assert.deepEqual(readFileSync(await download.path()), PNG);

  // The list says it is done; the desk's reading is in «Кто смотрел мои данные».
  await click(page, await scrollTo(page, widget(page, 'link', 'К списку обращений')));
  await widget(page, 'button', `Открыть обращение № ${number}`).waitFor({ timeout: 30000 });
  await mirror(page).getByText('Статус: Выполнено').first().waitFor();
  await page.goto(`${server.url}#/profile/data-access`);
  await mirror(page).getByText(new RegExp(`Обращение ${number}: 1 сообщ\\., 1 файл`)).first().waitFor({ timeout: 30000 });
});

test('the chat: a suggestion, an operator live (the stream drops mid-conversation, nothing is lost), back to suggestions, transcript', async () => {
  const page = await openPage(browser, `${server.url}#/login`, { height: 1400 });
  await signIn(page, '+79001234567');
  await click(page, widget(page, 'button', 'Помощь: чат с поддержкой'));
  await heading(page, 'Поддержка').waitFor();
  await click(page, await scrollTo(page, widget(page, 'button', 'Платёж не прошёл — что делать?')));
  await mirror(page).getByText(/^Помощник, .*«Повторить»/).waitFor({ timeout: 30000 });
  await click(page, await scrollTo(page, widget(page, 'button', 'Позвать оператора')));
  await mirror(page).getByText(/^Оператор \S+, .*Здравствуйте!/).waitFor({ timeout: 30000 });
  const number = (await mirror(page).getByText(/^Номер разговора: SP-/).textContent()).match(/SP-\d{4}-\d{6}/)[0];

  // The stream drops: the operator writes meanwhile; back online, the message is there, once.
  await page.context().setOffline(true);
  await page.evaluate(() => { for (const c of window.__lk.glue.streams.values()) c.abort(); });
  await status(page, 'Нет связи').waitFor({ timeout: 30000 });
  await dev(`support/chats/${number}/say`, { text: 'Проверяю ваш платёж, это займёт минуту.' });
  await page.context().setOffline(false);
  await status(page, 'Связь восстановлена').waitFor({ timeout: 60000 });
  await mirror(page).getByText(/^Оператор \S+, .*Проверяю ваш платёж/).waitFor({ timeout: 30000 });
  assert.equal(await mirror(page).getByText(/Проверяю ваш платёж/).count(), 1, 'once, not twice');
  await typeInto(page, await scrollTo(page, widget(page, 'textbox', 'Сообщение')), 'Пишет, что карта отклонена');
  await click(page, await scrollTo(page, widget(page, 'button', 'Отправить')));
  await mirror(page).getByText(/^Вы, .*: Пишет, что карта отклонена$/).waitFor({ timeout: 30000 });
  // The operator types first (support_typing), then replies; the indicator goes with the reply.
  await status(page, 'печатает…').waitFor({ timeout: 30000 });
  await mirror(page).getByText(/^Оператор \S+, .*Спасибо, сведения получили/).waitFor({ timeout: 30000 });
  await status(page, 'печатает…').waitFor({ state: 'detached', timeout: 30000 });
  await click(page, await scrollTo(page, widget(page, 'button', 'Завершить разговор с оператором')));
  await mirror(page).getByText(/Разговор с оператором завершён/).waitFor({ timeout: 30000 });
  await scrollTo(page, widget(page, 'button', 'Позвать оператора'));
  await scrollTo(page, widget(page, 'button', 'Как войти в личный кабинет?'));
  const [download] = await Promise.all([page.waitForEvent('download'), click(page, await scrollTo(page, widget(page, 'link', 'Скачать переписку')))]);
  assert.match(download.suggestedFilename(), /^support-chat-SP-\d{4}-\d{6}\.txt$/);
  const transcript = readFileSync(await download.path(), 'utf8');
  assert.match(transcript, /Вы: Платёж не прошёл — что делать\?/);
  assert.match(transcript, /Помощник: В разделе «Начисления и платежи»/);
  assert.match(transcript, /Оператор \S+: Здравствуйте!/);
  assert.match(transcript, /Вы: Пишет, что карта отклонена/);
  assert.match(transcript, /Разговор с оператором завершён/);
});
