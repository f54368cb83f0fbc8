// «Совместные решения» as three people use it at once, each in their own browser: Иванов creates a
// room and invites Иванова and Петров by phone; they accept; his device signs them in and hands
// them the room key; they talk (each sees the others' messages live, timed); he proposes, all
// three vote and every screen shows the outcome it counted itself from the signed votes. Then the
// database is read: no message or proposal text is in it in clear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startServer, launch, openPage, waitForApp, widget, click, heading, scrollTo, typeInto, passwordStep, codeStep, screenshot, chooseFile } from './lib.mjs';

const PEOPLE = [
  { phone: '+79001234567', name: 'Иванов' },
  { phone: '+79001234568', name: 'Иванова' },
  { phone: '+79161112233', name: 'Петров' },
];
let server;
// One browser each, as three people on three computers: pages of one browser that are not in
// front get their animation frames throttled, and a person's screen is always in front of them.
const browsers = [];
before(async () => { server = await startServer({ seed: true }); for (let i = 0; i < 3; i++) browsers.push(await launch()); });
after(async () => { for (const b of browsers) await b.close(); await server?.stop(); });

const mirror = (page) => page.locator('#a11y-root');
const TITLE = 'Продажа дачи в Рузе';

async function signIn(page, phone) {
  await waitForApp(page);
  await passwordStep(page, phone, 'Gosuslugi2026');
  await codeStep(page, server, phone);
}

async function openTab(page, name) {
  // The room's own tabs come after the header's (which has a «Документы» too).
  await click(page, await scrollTo(page, mirror(page).getByRole('tab', { name: new RegExp(`^${name}`) }).last()));
}

test('three people in three browsers: a room, invitations, live chat, a proposal voted to its outcome on every screen', async () => {
  const pages = [];
  try {
    await threePeople(pages);
  } catch (e) {
    for (const [i, page] of pages.entries()) {
      await screenshot(page, `room-failed-${i}`).catch(() => {});
      console.log(`page ${i}: ${page.url()} ${page.problems.join("; ")}`);
    }
    throw e;
  }
});

async function threePeople(pages) {
  for (const [i, p] of PEOPLE.entries()) {
    const page = await openPage(browsers[i], `${server.url}#/profile`, { height: 1400 });
    await signIn(page, p.phone);
    pages.push(page);
  }
  const [a, b, c] = pages;

  // Иванов creates the room: entry 0 signed on his device, verified back.
  await click(a, mirror(a).getByRole('tab', { name: 'Совместные решения' }));
  await heading(a, 'Совместные решения').waitFor({ timeout: 30000 });
  await click(a, await scrollTo(a, widget(a, 'button', 'Создать комнату')));
  await typeInto(a, widget(a, 'textbox', 'Название'), TITLE);
  await click(a, await scrollTo(a, widget(a, 'button', 'Создать')));
  await heading(a, TITLE).waitFor({ timeout: 30000 });
  await mirror(a).getByRole('status').filter({ hasText: /^Журнал проверен на этом устройстве: 1 запись/ }).waitFor({ timeout: 30000 });
  const roomUrl = a.url();

  // He invites both by phone.
  await openTab(a, 'Участники');
  for (const who of [PEOPLE[1], PEOPLE[2]]) {
    await typeInto(a, widget(a, 'textbox', 'Телефон или электронная почта'), who.phone);
    await click(a, await scrollTo(a, widget(a, 'button', 'Отправить приглашение')));
    await mirror(a).getByRole('status').filter({ hasText: /^Приглашение отправлено/ }).waitFor({ timeout: 30000 });
    await click(a, await scrollTo(a, widget(a, 'button', 'Закрыть')));
    await mirror(a).getByRole('status').filter({ hasText: /^Приглашение отправлено/ }).waitFor({ state: 'detached', timeout: 30000 });
  }

  // They accept; his device admits each with the keys the acceptance carried.
  for (const page of [b, c]) {
    await click(page, mirror(page).getByRole('tab', { name: 'Совместные решения' }));
    const accept = widget(page, 'button', `Принять приглашение в комнату «${TITLE}»`);
    await accept.waitFor({ timeout: 30000 });
    await click(page, await scrollTo(page, accept));
    await mirror(page).getByRole('status').filter({ hasText: /^Приглашение принято/ }).waitFor({ timeout: 30000 });
  }
  for (const name of ['Иванова', 'Петров']) {
    const admit = widget(a, 'button', new RegExp(`^Добавить в комнату: ${name}`));
    await admit.first().waitFor({ state: 'attached', timeout: 30000 }).catch(() => {});
    await click(a, await scrollTo(a, admit));
    await mirror(a).getByRole('status').filter({ hasText: /^Участник добавлен/ }).waitFor({ timeout: 30000 });
  }
  await mirror(a).getByText(/^3 участника$/).waitFor({ timeout: 30000 });

  // The room appears in their lists live; they open it and get the key.
  for (const page of [b, c]) {
    const open = widget(page, 'button', `Открыть комнату «${TITLE}»`);
    await open.waitFor({ timeout: 30000 });
    await click(page, await scrollTo(page, open));
    await heading(page, TITLE).waitFor({ timeout: 30000 });
    await mirror(page).getByRole('status').filter({ hasText: /^Журнал проверен на этом устройстве: 3 записи/ }).waitFor({ timeout: 30000 });
    await widget(page, 'textbox', 'Сообщение').waitFor({ timeout: 30000 });
  }

  // Chat: each message reaches the other two live (no reload), timed from the click.
  await openTab(a, 'Обсуждение');
  const delivery = [];
  const lines = [[a, 'Предлагаю продать дачу за 3 млн'], [b, 'Согласна, но после лета'], [c, 'Я за, покупатель ждёт до июля']];
  for (const [page, line] of lines) {
    await typeInto(page, widget(page, 'textbox', 'Сообщение'), line);
    const sent = Date.now();
    await click(page, widget(page, 'button', 'Отправить'));
    for (const other of pages) {
      await mirror(other).getByText(new RegExp(`: ${line}$`)).waitFor({ timeout: 30000 });
      if (other !== page) delivery.push(Date.now() - sent);
    }
  }
  console.log(`message on the others' screens after the click: ${delivery.join(', ')} ms`);
  // A file with a message: encrypted on her device, its key inside the message; he downloads it.
  const pdf = Buffer.from('%PDF-1.7\n% кадастровый паспорт дачи\n%%EOF\n');
  await chooseFile(b, widget(b, 'button', 'Прикрепить файл'), 'паспорт-дачи.pdf', pdf, 'application/pdf');
  await mirror(b).getByText(/паспорт-дачи\.pdf · PDF/).first().waitFor({ timeout: 30000 });
  // «Отправить» waits for the file to be encrypted and uploaded.
  await b.locator('#a11y-root').getByRole('button', { name: 'Отправить', exact: true }).and(b.locator(':not([aria-disabled="true"])'))
    .waitFor({ timeout: 30000 });
  await click(b, widget(b, 'button', 'Отправить'));
  const link = widget(c, 'link', 'Скачать файл паспорт-дачи.pdf');
  await link.waitFor({ timeout: 30000 });
  const [download] = await Promise.all([c.waitForEvent('download'), click(c, await scrollTo(c, link))]);
  assert.equal(download.suggestedFilename(), 'паспорт-дачи.pdf');
  assert.deepEqual(readFileSync(await download.path()), pdf, 'the file decrypted on his device is hers');
  await screenshot(b, 'room-chat');

  // A proposal, unanimous; everyone votes «за»; each screen counts the signed votes itself.
  await openTab(a, 'Предложения');
  await click(a, await scrollTo(a, widget(a, 'button', 'Новое предложение')));
  await typeInto(a, widget(a, 'textbox', 'Что предлагается'), 'Продать дачу за 3 млн рублей');
  await click(a, await scrollTo(a, widget(a, 'radio', 'Единогласно')));
  await click(a, await scrollTo(a, widget(a, 'button', 'Предложить')));
  await mirror(a).getByRole('status').filter({ hasText: /^Предложение отправлено/ }).waitFor({ timeout: 30000 });
  for (const page of pages) {
    if (page !== a) await openTab(page, 'Предложения');
    await heading(page, 'Продать дачу за 3 млн рублей').waitFor({ timeout: 30000 });
    await mirror(page).getByText(/^За: 0 · Против: 0 · Воздержались: 0 · Голосующих: 3$/).waitFor({ timeout: 30000 });
  }
  await screenshot(c, 'room-proposal');
  // The room's deadlines: the vote's end, and — for him who invited — no open invitation left.
  await openTab(a, 'Сроки');
  await mirror(a).getByText(/ — Окончание голосования: «Продать дачу за 3 млн рублей»$/).waitFor({ timeout: 30000 });
  await openTab(a, 'Предложения');
  for (const page of pages) {
    await click(page, await scrollTo(page, widget(page, 'button', 'Голосовать «за»: Продать дачу за 3 млн рублей')));
    await mirror(page).getByText('Ваш голос: за').waitFor({ timeout: 30000 });
  }
  for (const page of pages) {
    await mirror(page).getByText(/^За: 3 · Против: 0 · Воздержались: 0 · Голосующих: 3$/).waitFor({ timeout: 30000 });
    await mirror(page).getByText('Принято', { exact: true }).waitFor({ timeout: 30000 });
  }
  await screenshot(a, 'room-decided');

  // A shared document, signed by all three: each signature over its hash, checked on every screen.
  const DOC = 'Договор купли-продажи дачи';
  await openTab(a, 'Документы');
  await click(a, await scrollTo(a, widget(a, 'button', 'Новый документ')));
  await typeInto(a, widget(a, 'textbox', 'Название документа'), DOC);
  await typeInto(a, widget(a, 'textbox', 'Текст документа'), 'Продавцы: Иванов И. С., Иванова М. П. Покупатель: Петров П. А. Цена 3 000 000 рублей.');
  await click(a, await scrollTo(a, widget(a, 'button', 'Сохранить')));
  await click(a, await scrollTo(a, widget(a, 'button', 'Подписать в течение')));
  await click(a, mirror(a).getByRole('listitem', { name: '3 дня', exact: true }));
  await click(a, await scrollTo(a, widget(a, 'button', `Запросить подпись под документом «${DOC}»`)));
  await mirror(a).getByRole('status').filter({ hasText: /^Подпись запрошена/ }).waitFor({ timeout: 30000 });
  // The date asked for is in the room's «Сроки» (and on the card).
  await openTab(a, 'Сроки');
  await mirror(a).getByText(new RegExp(` — Срок подписей под документом «${DOC}» \\(не подписали: [^)]*Петров П\\. А\\.[^)]*\\)$`)).waitFor({ timeout: 30000 });
  await openTab(a, 'Документы');
  for (const page of [b, c, a]) {
    if (page !== a) await openTab(page, 'Документы');
    await heading(page, DOC).waitFor({ timeout: 30000 });
    await click(page, await scrollTo(page, widget(page, 'button', `Подписать документ «${DOC}»`)));
    await mirror(page).getByRole('status').filter({ hasText: /^Документ подписан/ }).waitFor({ timeout: 30000 });
  }
  for (const page of pages) {
    await mirror(page).getByText('Подписан', { exact: true }).waitFor({ timeout: 30000 });
    await mirror(page).getByText(/^Подписали: /).waitFor({ timeout: 30000 });
    assert.equal(await mirror(page).getByText(/^Ждём подписи/).count(), 0);
  }
  await screenshot(c, 'room-document-signed');

  // The journal as each sees it: every entry verified, the votes in it.
  await openTab(b, 'Журнал действий');
  await mirror(b).getByText(/Иванов И\. С\. — предложил\(а\): «Продать дачу за 3 млн рублей»$/).waitFor({ timeout: 30000 });
  await mirror(b).getByText(/Вы — проголосовал\(а\): за$/).waitFor({ timeout: 30000 });
  await screenshot(b, 'room-journal');

  await openTab(b, 'Документы');

  // Submitted to the agency as a joint application: it appears, and moves, in each one's tracker.
  await click(a, await scrollTo(a, widget(a, 'button', 'Услуга')));
  await click(a, mirror(a).getByRole('listitem').filter({ hasText: 'Налоговый вычет' }).first());
  await click(a, await scrollTo(a, widget(a, 'button', `Подать документ «${DOC}» в ведомство`)));
  const submitted = mirror(a).getByText(/^Подано как совместное заявление № /);
  await submitted.waitFor({ timeout: 30000 });
  const number = (await submitted.textContent()).replace(/^.*№ /, '');
  for (const page of pages) {
    await mirror(page).getByText(`Подано как совместное заявление № ${number}`).waitFor({ timeout: 30000 });
  }
  for (const page of pages) {
    await click(page, mirror(page).getByRole('tab', { name: 'Мои заявления' }));
    await mirror(page).getByText(new RegExp(`№ ${number}`)).first().waitFor({ timeout: 30000 });
  }
  await screenshot(b, 'room-joint-in-tracker');
  // The agency registers it (every signature checked inside the sealed envelope): each tracker moves.
  const agency = async (p, body) => (await fetch(`${server.url}api/v1/dev/agency/${p}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) })).status;
  assert.equal(await agency(`applications/${number}/plan`, { outcome: 'done', next_in: 0 }), 200);
  assert.equal(await agency('tick'), 200);
  for (const page of pages) await mirror(page).getByText('Статус: Принято', { exact: true }).first().waitFor({ timeout: 30000 });
  await screenshot(c, 'room-joint-accepted');

  // The server holds ciphertext only: no message and no proposal text in its database.
  const dump = execFileSync('/usr/bin/python3', ['-c', `
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for (sql,) in con.execute("SELECT sql FROM sqlite_master WHERE type='table'"):
    pass
out = []
for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'"):
    for row in con.execute('SELECT * FROM "%s"' % name):
        out.append(repr(row))
sys.stdout.write("\\n".join(out))
`, server.dbPath], { maxBuffer: 256 * 1024 * 1024 }).toString();
  assert.ok(dump.includes('created'), 'the journal was read');
  for (const secret of ['Предлагаю продать', 'Согласна, но после лета', 'покупатель ждёт', 'Продать дачу за 3 млн', 'Договор купли-продажи', 'Цена 3 000 000']) {
    assert.ok(!dump.includes(secret), `«${secret}» is in the database in clear`);
    const escaped = JSON.stringify(secret).slice(1, -1).replace(/[\u0400-\u04ff]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
    assert.ok(!dump.includes(escaped), `«${secret}» is in the database as escaped JSON`);
  }
  for (const page of pages) assert.deepEqual(page.problems, []);

  // Иванов removes Петров: the removal is signed, a new room key made for those who stay, and the
  // room is gone from Петров's list.
  await a.goto(roomUrl);
  await openTab(a, 'Участники');
  await click(a, await scrollTo(a, widget(a, 'link', /^Исключить из комнаты: Петров/)));
  await click(a, await scrollTo(a, widget(a, 'button', 'Исключить')));
  await mirror(a).getByRole('status').filter({ hasText: /^Участник исключён, ключ комнаты заменён/ }).waitFor({ timeout: 30000 });
  await mirror(a).getByText(/^2 участника$/).waitFor({ timeout: 30000 });
  await openTab(a, 'Журнал действий');
  await mirror(a).getByText(/Вы — сменил\(а\) ключ комнаты \(эпоха 1\)$/).waitFor({ timeout: 30000 });
  await c.goto(`${server.url}#/rooms`);
  await mirror(c).getByText('Вы пока не участвуете ни в одной комнате.').waitFor({ timeout: 30000 });

  // The server (or whoever holds its database) changes history: the proposal's rule becomes a simple
  // majority. The next time Иванов opens the room, his device says so — in words, with the entry.
  execFileSync('/usr/bin/python3', ['-c', `
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
rid, e = next((r, json.loads(t)) for r, t in con.execute("SELECT rowid, entry FROM room_journal") if json.loads(t)["kind"] == "proposed")
e["body"]["rule"] = "majority"
con.execute("UPDATE room_journal SET entry = ? WHERE rowid = ?", (json.dumps(e, ensure_ascii=False), rid))
con.commit()
`, server.dbPath]);
  await a.goto(`${server.url}#/profile`);
  await a.reload();
  await signIn(a, PEOPLE[0].phone);
  await a.goto(roomUrl);
  await mirror(a).getByRole('alert').filter({ hasText: /^Журнал комнаты не прошёл проверку: подпись не сходится — запись подделана или изменена \(запись № 4\)/ })
    .waitFor({ timeout: 30000 });
  assert.equal(await mirror(a).getByRole('status').filter({ hasText: /^Журнал проверен/ }).count(), 0);
  await screenshot(a, 'room-tampered');
}
