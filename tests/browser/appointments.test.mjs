// «Запись на приём» and the calendar as a person uses them (SPEC §11): a doctor's appointment booked
// from the service's page, seen in the calendar, moved, its reminder a day before (the simulator's
// clock moved forward) arriving live, cancelled; two people in two browsers racing for the last
// free time of a day — exactly one gets it, the other is told and books nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, waitForApp, widget, click, heading, scrollTo, passwordStep, codeStep, settleFrames, typeInto } from './lib.mjs';

let server;
let browser;
before(async () => { server = await startServer({ seed: true }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const SERVICE = 'health-1-1';  // «Запись на приём к врачу» (ZD-01), given at a clinic
const MONTHS = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

async function dev(path, body, method = 'POST') {
  const res = await fetch(`${server.url}api/v1/dev/${path}`, {
    method, headers: { 'Content-Type': 'application/json' }, body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined });
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: ${text}`);
  return JSON.parse(text);
}

async function signIn(page, phone) {
  await waitForApp(page);
  await passwordStep(page, phone, 'Gosuslugi2026');
  await codeStep(page, server, phone);
}

// The n-th day of the booking calendar that can be chosen (its name says how many times are free).
function openDays(page) {
  return page.locator('#a11y-root').getByRole('checkbox', { name: /свободн/ }).filter({ hasNot: page.locator('[aria-disabled=true]') });
}
function times(page) {
  return page.locator('#a11y-root').getByRole('checkbox', { name: /^\d\d:\d\d$/ });
}

async function startBooking(page) {
  await page.goto(`${server.url}#/catalog/service/${SERVICE}`);
  await click(page, await scrollTo(page, widget(page, 'button', 'Записаться на приём')));
  await heading(page, 'Запись на приём').waitFor();
  await click(page, widget(page, 'radio', 'Городская поликлиника № 12'));
  await openDays(page).first().waitFor({ timeout: 30000 });
}

async function chooseDayAndTime(page, dayLocator) {
  await click(page, await scrollTo(page, dayLocator));
  await times(page).first().waitFor({ timeout: 30000 });
  const time = await times(page).first().getAttribute('aria-label') ?? await times(page).first().textContent();
  await click(page, await scrollTo(page, times(page).first()));
  return time;
}

// «Дата и время: 03.12.2026, 10:30» (Moscow time, the office's) → unix seconds.
function moscowUnix(text) {
  const m = text.match(/(\d\d)\.(\d\d)\.(\d{4}), (\d\d):(\d\d)/);
  assert.ok(m, `a date and time: ${text}`);
  return Date.UTC(+m[3], +m[2] - 1, +m[1], +m[4] - 3, +m[5]) / 1000;
}

test('book a doctor, see it in the calendar, move it, get the reminder a day before, cancel it', async () => {
  const page = await openPage(browser, `${server.url}#/login`, { height: 1600 });
  await signIn(page, '+79161112233');
  await startBooking(page);
  // A day after tomorrow, so that the reminder is still ahead.
  await chooseDayAndTime(page, openDays(page).nth(2));
  await typeInto(page, await scrollTo(page, widget(page, 'textbox', 'Комментарий')), 'Плановый осмотр');
  await click(page, await scrollTo(page, widget(page, 'button', 'Записаться')));
  const booked = page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Вы записаны на приём' });
  await booked.waitFor({ timeout: 30000 });
  const when = async () => (await page.locator('#a11y-root').getByText(/^Дата и время: \d\d\.\d\d\.\d{4}, \d\d:\d\d/).first().textContent());
  const first = moscowUnix(await when());

  // In the calendar (the list of what is coming up).
  await click(page, widget(page, 'tab', 'Календарь'));
  await click(page, widget(page, 'checkbox', 'Список'));
  await page.locator('#a11y-root').getByRole('link', { name: /Приём: Запись на приём к врачу/ }).first().waitFor({ timeout: 30000 });

  // Move it to a later day.
  await click(page, widget(page, 'tab', 'Записи на приём'));
  await click(page, await scrollTo(page, widget(page, 'button', 'Перенести запись: Запись на приём к врачу')));
  await heading(page, 'Перенос записи').waitFor();
  await openDays(page).first().waitFor({ timeout: 30000 });
  await chooseDayAndTime(page, openDays(page).nth(4));
  await click(page, await scrollTo(page, widget(page, 'button', 'Перенести запись')));
  await page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Запись перенесена' }).waitFor({ timeout: 30000 });
  const moved = moscowUnix(await when());
  assert.notEqual(moved, first);

  // The simulator's clock a minute past «a day before»: the reminder arrives live.
  const clock = await dev('clock', null, 'GET');
  try {
    await dev('clock', { advance: moved - 86400 - clock.now + 60 });
    await page.goto(`${server.url}#/notifications`);
    await page.locator('#a11y-root').getByText(/Напоминание: завтра приём — Запись на приём к врачу/).first().waitFor({ timeout: 30000 });
  } finally {
    await dev('clock', { reset: true });
  }

  // Cancel: into the history of visits.
  await page.goto(`${server.url}#/appointments`);
  await click(page, await scrollTo(page, widget(page, 'button', 'Отменить запись: Запись на приём к врачу')));
  await click(page, widget(page, 'button', 'Отменить запись'));
  await page.locator('#a11y-root').getByRole('status').filter({ hasText: 'Запись отменена.' }).waitFor({ timeout: 30000 });
  await settleFrames(page);
  assert.equal(await widget(page, 'button', 'Перенести запись: Запись на приём к врачу').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('two people race for the last free time of a day: exactly one is booked, the other is told', async () => {
  // A day the clinic works, filled by its own desk but for one time.
  let day = null;
  let left = null;
  for (let k = 3; k < 20 && !left; k++) {
    const d = new Date(Date.now() + 3 * 3600e3 + k * 86400e3).toISOString().slice(0, 10);  // Moscow's date
    const r = await dev('offices/clinic-12/fill', { day: d, leave: 1 });
    if (r.free.length === 1) { day = d; left = r.free[0]; }
  }
  assert.ok(left, 'a working day to fill');
  const [, mm, dd] = day.split('-').map(Number);
  const dayName = new RegExp(`^${dd} ${MONTHS[mm - 1]}, .*: 1 свободное окно$`);

  const pages = [];
  for (const phone of ['+79001234567', '+79001234568']) {
    const page = await openPage(browser, `${server.url}#/login`, { height: 1600 });
    await signIn(page, phone);
    await startBooking(page);
    const time = await chooseDayAndTime(page, page.locator('#a11y-root').getByRole('checkbox', { name: dayName }));
    assert.equal(time, left.time);
    pages.push(page);
  }
  // Both press «Записаться» at once.
  const buttons = await Promise.all(pages.map((p) => scrollTo(p, widget(p, 'button', 'Записаться'))));
  await Promise.all(pages.map((p, i) => click(p, buttons[i])));
  const outcome = await Promise.all(pages.map(async (p) => {
    const won = p.locator('#a11y-root').getByRole('status').filter({ hasText: 'Вы записаны на приём' });
    const lost = p.locator('#a11y-root').getByRole('alert').filter({ hasText: 'Это время только что занял другой человек' });
    await won.or(lost).first().waitFor({ timeout: 30000 });
    return (await won.count()) > 0 ? 'won' : 'lost';
  }));
  assert.deepEqual(outcome.slice().sort(), ['lost', 'won'], `exactly one wins: ${outcome}`);
  const loser = pages[outcome.indexOf('lost')];
  // The loser keeps the office, sees no time left that day, and has no booking.
  await settleFrames(loser);
  assert.equal(await times(loser).count(), 0);
  await loser.goto(`${server.url}#/appointments`);
  await heading(loser, 'Предстоящие').waitFor();
  await loser.locator('#a11y-root').getByText('Предстоящих записей нет.').waitFor({ timeout: 30000 });
  for (const p of pages) {
    // The loser's refused booking is the browser's own console line about the 409; nothing else.
    assert.deepEqual(p.problems.filter((x) => !(p === loser && /status of 409/.test(x))), []);
    await p.context().close();
  }
});
