"""«Запись на приём» (SPEC §11, docs/appointments.md): offices with working hours and holidays, free
slots from their schedules, bookings that two people can never share, a reminder a day before.

- Offices and their hours are data (OFFICES); a day is closed on a weekend of the office, on a
  public holiday (HOLIDAYS) and on a day the office closed itself (`office_closures`, which the
  development interface fills). Times are the office's (Moscow, UTC+3, no daylight saving).
- A slot is a start on the office's grid (opening time + k × slot length, none across a break).
  It is free when no booking that is not cancelled holds it. The partial unique index
  `appointments_slot (office, start) WHERE cancelled_at IS NULL` is what makes a double booking
  impossible: two requests for the last slot both pass every check, and the second INSERT (or
  the UPDATE of a move) fails in SQLite — that person gets 409 slot_taken.
- Bookings with no account are slots taken outside the portal (the office's own desk, the phone
  line): the development interface makes them to fill a day.
- The clock (AppointmentClock) is one timer for the earliest reminder due: «за сутки» through the
  notification settings (type "appointment"). Its time can be moved forward by the development
  interface (POST /dev/clock), so a test sees the reminder of a booking made for tomorrow without
  waiting a day; everything here reads now() from it — slots in the past, changes after the start.
"""
import json
import secrets
import sqlite3
import time

from . import catalog, events, notify
from .catalog_data import VISITS
from .errors import ApiError, field_error, query_int, validation
from .responses import reply

MSK = 3 * 3600
DAY = 86400
HORIZON_DAYS = 60          # slots are offered this far ahead
LEAD_SECONDS = 30 * 60     # a slot starting within 30 minutes is not offered (nobody could get there)
REMIND_BEFORE = DAY        # «за сутки»
ACTIVE_MAX = 10            # upcoming bookings per person
COMMENT_MAX = 500
BOOKINGS_PER_HOUR = [(30, 3600)]   # per account: bookings, moves, cancellations
CALENDAR_DAYS_MAX = 400
WEEKDAYS = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")

# Public holidays (non-working days by the Labour Code, art. 112, and the government's transfers).
HOLIDAYS = {
    "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08",
    "2026-01-09", "2026-02-23", "2026-03-09", "2026-05-01", "2026-05-11", "2026-06-12", "2026-11-04", "2026-12-31",
    "2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08",
    "2027-02-23", "2027-03-08", "2027-05-03", "2027-05-10", "2027-06-14", "2027-11-04",
}



def _hours(weekdays, start, end, brk=None):
    """{weekday 0..6: (from_min, to_min, break_from, break_to)}."""
    h = lambda s: int(s[:2]) * 60 + int(s[3:])
    b = (h(brk[0]), h(brk[1])) if brk else (None, None)
    return {d: (h(start), h(end)) + b for d in weekdays}


OFFICES = [
    {"id": "clinic-12", "kind": "clinic", "name": "Городская поликлиника № 12", "address": "Москва, ул. Профсоюзная, 8",
     "slot": 15, "hours": {**_hours(range(5), "08:00", "20:00", ("13:00", "13:30")), **_hours([5], "09:00", "15:00")}},
    {"id": "clinic-kids-3", "kind": "clinic", "name": "Детская городская поликлиника № 3", "address": "Москва, ул. Вавилова, 54",
     "slot": 20, "hours": _hours(range(6), "08:00", "18:00", ("13:00", "14:00"))},
    {"id": "mfc-yakimanka", "kind": "mfc", "name": "МФЦ района Якиманка", "address": "Москва, ул. Большая Полянка, 28",
     "slot": 15, "hours": _hours(range(7), "08:00", "20:00")},
    {"id": "mfc-khamovniki", "kind": "mfc", "name": "МФЦ района Хамовники", "address": "Москва, Зубовский бульвар, 16",
     "slot": 15, "hours": _hours(range(6), "09:00", "20:00")},
    {"id": "gibdd-mreo-1", "kind": "gibdd", "name": "МРЭО Госавтоинспекции № 1", "address": "Москва, ул. Твардовского, 8",
     "slot": 20, "hours": _hours(range(1, 6), "09:00", "18:00", ("13:00", "14:00"))},
    {"id": "zags-tver", "kind": "zags", "name": "Отдел ЗАГС Тверского района", "address": "Москва, Малый Харитоньевский пер., 10",
     "slot": 30, "hours": _hours(range(1, 6), "10:00", "17:00", ("13:00", "14:00"))},
]
BY_ID = {o["id"]: o for o in OFFICES}


def visit_kind(service):
    return VISITS.get(service.get("form_code") or "") if service else None


# -- the clock ---------------------------------------------------------------------------------------
class AppointmentClock:
    """One timer, for the earliest reminder due; `offset` is the development interface's move."""

    def __init__(self, server):
        self.server = server
        self.offset = 0.0
        self.loop = None
        self.event = None

    def now(self):
        return time.time() + self.offset

    def wake(self):
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.event.set)

    async def run(self):
        import asyncio
        self.loop = asyncio.get_running_loop()
        self.event = asyncio.Event()
        while True:
            row = await self.server.run(self.server.db.one, "SELECT MIN(remind_at) AS d FROM appointments "
                                        "WHERE cancelled_at IS NULL AND reminded = 0 AND account_id IS NOT NULL")
            wait = None if row is None or row["d"] is None else max(0.0, row["d"] - self.now())
            self.event.clear()
            try:
                await asyncio.wait_for(self.event.wait(), timeout=wait)
                continue  # a new booking, a move, or the clock moved: look again
            except asyncio.TimeoutError:
                pass
            await self.server.run(self.remind_due)

    def remind_due(self):
        now = self.now()
        with self.server.db.transaction() as con:
            for a in con.execute("SELECT * FROM appointments WHERE cancelled_at IS NULL AND reminded = 0 AND account_id IS NOT NULL "
                                 "AND remind_at <= ?", (now,)).fetchall():
                con.execute("UPDATE appointments SET reminded = 1 WHERE id = ?", (a["id"],))
                if a["start"] <= now:
                    continue  # moved past by the clock: a reminder after the visit helps nobody
                b = body(a)
                text = "Напоминаем: %s в %s — %s, %s, %s" % (b["date_text"], b["time"], b["service_name"], b["office"]["name"], b["office"]["address"])
                notify.notify(self.server, con, a["account_id"], "appointment", "appointment_reminder",
                              {"service": b["service_name"], "office": b["office"]["name"], "address": b["office"]["address"], "start": int(a["start"])},
                              {"type": "appointment", "id": a["id"]}, text)


# -- days and slots ----------------------------------------------------------------------------------
def _day_start(day):
    """'YYYY-MM-DD' → unix time of its 00:00 in Moscow, or None."""
    try:
        t = time.strptime(day, "%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    import calendar
    return calendar.timegm(t) - MSK


def _day_of(t):
    return time.strftime("%Y-%m-%d", time.gmtime(t + MSK))


def closed_reason(con, office, day):
    """None when the office works that day, else "holiday" | "closed" | "weekend"."""
    if day in HOLIDAYS:
        return "holiday"
    if con.execute("SELECT 1 FROM office_closures WHERE office = ? AND day = ?", (office["id"], day)).fetchone():
        return "closed"
    wd = time.gmtime(_day_start(day) + MSK).tm_wday
    return None if wd in office["hours"] else "weekend"


def grid(office, day):
    """Every slot start of the office on that day (unix times), ignoring closures."""
    d0 = _day_start(day)
    wd = time.gmtime(d0 + MSK).tm_wday
    if wd not in office["hours"]:
        return []
    a, b, bf, bt = office["hours"][wd]
    out, m = [], a
    while m + office["slot"] <= b:
        if bf is not None and m < bt and m + office["slot"] > bf:
            m = bt
            continue
        out.append(d0 + m * 60)
        m += office["slot"]
    return out


def _taken(con, office_id, t0, t1):
    return {r[0] for r in con.execute("SELECT start FROM appointments WHERE office = ? AND start >= ? AND start < ? AND cancelled_at IS NULL",
                                      (office_id, t0, t1))}


def free_slots(con, office, day, now):
    if closed_reason(con, office, day):
        return []
    d0 = _day_start(day)
    taken = _taken(con, office["id"], d0, d0 + DAY)
    return [t for t in grid(office, day) if t not in taken and t >= now + LEAD_SECONDS]


def _office(req, oid=None):
    o = BY_ID.get(oid if oid is not None else req.params["id"])
    if o is None:
        raise ApiError(404, "not_found", "Отделение не найдено")
    return o


def _hours_text(office):
    """«Пн–Пт 08:00–20:00 (перерыв 13:00–13:30), Сб 09:00–15:00» from the hours table."""
    fmt = lambda m: "%02d:%02d" % (m // 60, m % 60)
    groups, out = [], []
    for d in range(7):
        h = office["hours"].get(d)
        if groups and h is not None and groups[-1][2] == h and groups[-1][1] == d - 1:
            groups[-1][1] = d
        elif h is not None:
            groups.append([d, d, h])
    for a, b, h in groups:
        days = WEEKDAYS[a] if a == b else "%s–%s" % (WEEKDAYS[a], WEEKDAYS[b])
        s = "%s %s–%s" % (days, fmt(h[0]), fmt(h[1]))
        if h[2] is not None:
            s += " (перерыв %s–%s)" % (fmt(h[2]), fmt(h[3]))
        out.append(s)
    return ", ".join(out)


def office_body(o):
    return {"id": o["id"], "kind": o["kind"], "name": o["name"], "address": o["address"], "slot_minutes": o["slot"],
            "hours": _hours_text(o)}


def _service(service_id):
    s = catalog._BY_ID.get(service_id) if isinstance(service_id, str) else None
    if s is None or not visit_kind(s):
        return None
    return s


def list_offices(req):
    """GET /offices?service=ID: the offices where that service is given in person."""
    sid = req.query.get("service", [""])[0]
    s = _service(sid)
    if s is None:
        raise validation([field_error("service", "Услуга не требует визита или не найдена")])
    kind = visit_kind(s)
    return reply(200, {"service": sid, "kind": kind, "items": [office_body(o) for o in OFFICES if o["kind"] == kind]})


def office_days(req):
    """GET /offices/{id}/days?from=YYYY-MM-DD&days=N: free slots per day (≤ 60 days from today)."""
    o = _office(req)
    now = req.server.appointment_clock.now()
    today = _day_of(now)
    start = req.query.get("from", [today])[0] or today
    if _day_start(start) is None:
        raise validation([field_error("from", "Дата в виде ГГГГ-ММ-ДД")])
    start = max(start, today)
    n = query_int({k: v[-1] for k, v in req.query.items()}, "days", 1, HORIZON_DAYS, HORIZON_DAYS)
    last = _day_of(_day_start(today) + (HORIZON_DAYS - 1) * DAY + 3600)
    items = []
    with req.server.db.transaction() as con:
        d0 = _day_start(start)
        taken = _taken(con, o["id"], d0, d0 + n * DAY + 3600)
        closures = {r[0]: True for r in con.execute("SELECT day FROM office_closures WHERE office = ?", (o["id"],))}
        for k in range(n):
            day = _day_of(d0 + k * DAY + 3600)
            if day > last:
                break
            reason = "holiday" if day in HOLIDAYS else "closed" if day in closures else None
            slots = grid(o, day)
            if reason is None and not slots:
                reason = "weekend"
            free = 0 if reason else sum(1 for t in slots if t not in taken and t >= now + LEAD_SECONDS)
            items.append({"day": day, "free": free, "closed": reason})
    return reply(200, {"office": o["id"], "today": today, "last": last, "items": items})


def office_slots(req):
    """GET /offices/{id}/slots?day=YYYY-MM-DD: the free slots of a day."""
    o = _office(req)
    day = req.query.get("day", [""])[0]
    if _day_start(day) is None:
        raise validation([field_error("day", "Дата в виде ГГГГ-ММ-ДД")])
    now = req.server.appointment_clock.now()
    with req.server.db.transaction() as con:
        reason = closed_reason(con, o, day)
        slots = [] if reason else free_slots(con, o, day, now)
    return reply(200, {"office": o["id"], "day": day, "closed": reason,
                       "items": [{"start": int(t), "time": time.strftime("%H:%M", time.gmtime(t + MSK))} for t in slots]})


# -- bookings ----------------------------------------------------------------------------------------
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря")


def body(a, now=None, number=None):
    o = BY_ID.get(a["office"], {"id": a["office"], "name": a["office"], "address": ""})
    s = catalog._BY_ID.get(a["service"], {})
    local = time.gmtime(a["start"] + MSK)
    state = "cancelled" if a["cancelled_at"] else ("past" if now is not None and a["start"] <= now else "booked")
    return {"id": a["id"], "service": a["service"], "service_name": s.get("name", a["service"]),
            "office": {"id": o["id"], "name": o["name"], "address": o["address"]},
            "start": int(a["start"]), "end": int(a["start"] + a["duration"] * 60), "day": _day_of(a["start"]),
            "time": time.strftime("%H:%M", local), "date_text": "%d %s" % (local.tm_mday, MONTHS[local.tm_mon - 1]),
            "status": state, "application": number, "comment": a["comment"], "created_at": int(a["created_at"]),
            "cancelled_at": int(a["cancelled_at"]) if a["cancelled_at"] else None}


def _number(con, a):
    if a["application_id"] is None:
        return None
    r = con.execute("SELECT number FROM applications WHERE id = ?", (a["application_id"],)).fetchone()
    return r["number"] if r else None


def _check_slot(con, o, start, now):
    """Raises the reason a start cannot be booked (past, closed, off the grid, taken)."""
    if not isinstance(start, int) or isinstance(start, bool):
        raise validation([field_error("start", "Время начала — целое число секунд")])
    if start < now + LEAD_SECONDS:
        raise ApiError(422, "slot_in_past", "Это время уже прошло", [field_error("start", "Выберите время позже")])
    day = _day_of(start)
    if start > _day_start(_day_of(now)) + HORIZON_DAYS * DAY:
        raise ApiError(422, "slot_unavailable", "Запись открыта на %d дней вперёд" % HORIZON_DAYS, [field_error("start", "Слишком далеко")])
    reason = closed_reason(con, o, day)
    if reason:
        raise ApiError(422, "office_closed", "Отделение в этот день не работает", [field_error("start", reason)], extra={"reason": reason})
    if start not in grid(o, day):
        raise ApiError(422, "slot_unavailable", "Такого времени в расписании нет", [field_error("start", "Выберите время из списка")])


def _taken_error():
    return ApiError(409, "slot_taken", "Это время уже заняли — выберите другое")


def _own(con, req):
    a = con.execute("SELECT * FROM appointments WHERE id = ? AND account_id = ?", (req.params["id"], req.account["id"])).fetchone()
    if a is None:
        raise ApiError(404, "not_found", "Запись не найдена")
    return a


def _announce(server, con, a):
    events.publish(server, con, a["account_id"], "appointment_changed", {"appointment": a["id"]})


def _remind_at(start, now):
    """A day before; a booking made less than a day ahead gets no reminder (it was just made)."""
    return start - REMIND_BEFORE, 0 if start - REMIND_BEFORE > now else 1


def create(req):
    """POST /appointments {service, office, start, application?, comment?}."""
    b = req.body
    s = _service(b.get("service"))
    errors = []
    if s is None:
        errors.append(field_error("service", "Услуга не требует визита или не найдена"))
    o = BY_ID.get(b.get("office")) if isinstance(b.get("office"), str) else None
    if o is None or (s is not None and o["kind"] != visit_kind(s)):
        errors.append(field_error("office", "Выберите отделение из списка"))
    comment = b.get("comment", "")
    if not isinstance(comment, str) or len(comment) > COMMENT_MAX:
        errors.append(field_error("comment", "Не больше %d символов" % COMMENT_MAX))
    app_number = b.get("application")
    if app_number is not None and (not isinstance(app_number, str) or len(app_number) > 64):
        errors.append(field_error("application", "Номер заявления"))
    if errors:
        raise validation(errors)
    now = req.server.appointment_clock.now()
    with req.server.db.transaction() as con:
        req.server.limits.check_rate(con, [("appointments:%d" % req.account["id"], BOOKINGS_PER_HOUR)])
        _check_slot(con, o, b.get("start"), now)
        app_id = None
        if app_number is not None:
            r = con.execute("SELECT a.id FROM applications a WHERE a.number = ? AND (a.account_id = ? OR EXISTS (SELECT 1 FROM application_applicants x "
                            "WHERE x.application_id = a.id AND x.account_id = ?))", (app_number, req.account["id"], req.account["id"])).fetchone()
            if r is None:
                raise validation([field_error("application", "Заявление не найдено")])
            app_id = r["id"]
        active = con.execute("SELECT COUNT(*) FROM appointments WHERE account_id = ? AND cancelled_at IS NULL AND start > ?",
                             (req.account["id"], now)).fetchone()[0]
        if active >= ACTIVE_MAX:
            raise ApiError(409, "too_many_appointments", "Не больше %d предстоящих записей" % ACTIVE_MAX, extra={"limit": ACTIVE_MAX})
        same = con.execute("SELECT id FROM appointments WHERE account_id = ? AND service = ? AND cancelled_at IS NULL AND start > ?",
                           (req.account["id"], s["id"], now)).fetchone()
        if same is not None:
            raise ApiError(409, "already_booked", "Вы уже записаны на эту услугу — перенесите или отмените запись", extra={"appointment": same["id"]})
        aid = "Z-" + secrets.token_hex(5).upper()
        remind, reminded = _remind_at(b["start"], now)
        try:
            con.execute("INSERT INTO appointments (id, account_id, service, office, start, duration, application_id, comment, created_at, remind_at, reminded) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?)", (aid, req.account["id"], s["id"], o["id"], b["start"], o["slot"], app_id, comment.strip(),
                                                          time.time(), remind, reminded))
        except sqlite3.IntegrityError:
            raise _taken_error()
        a = con.execute("SELECT * FROM appointments WHERE id = ?", (aid,)).fetchone()
        out = body(a, now, app_number)
        notify.notify(req.server, con, req.account["id"], "appointment", "appointment_booked",
                      {"service": out["service_name"], "office": o["name"], "address": o["address"], "start": int(a["start"])},
                      {"type": "appointment", "id": aid}, "Вы записаны: %s в %s — %s, %s" % (out["date_text"], out["time"], out["service_name"], o["name"]))
        _announce(req.server, con, a)
    req.server.appointment_clock.wake()
    return reply(201, out)


def list_appointments(req):
    """GET /appointments?scope=upcoming|past|all: upcoming soonest first, past newest first."""
    scope = req.query.get("scope", ["all"])[0]
    if scope not in ("upcoming", "past", "all"):
        raise validation([field_error("scope", "upcoming, past или all")])
    now = req.server.appointment_clock.now()
    with req.server.db.transaction() as con:
        rows = con.execute("SELECT a.*, p.number FROM appointments a LEFT JOIN applications p ON p.id = a.application_id "
                           "WHERE a.account_id = ? ORDER BY a.start DESC LIMIT 500", (req.account["id"],)).fetchall()
    items = [body(a, now, a["number"]) for a in rows]
    if scope == "upcoming":
        items = [x for x in items if x["status"] == "booked"][::-1]
    elif scope == "past":
        items = [x for x in items if x["status"] != "booked"]
    return reply(200, {"items": items, "now": int(now)})


def get_appointment(req):
    now = req.server.appointment_clock.now()
    with req.server.db.transaction() as con:
        a = _own(con, req)
        return reply(200, body(a, now, _number(con, a)))


def _changeable(a, now):
    if a["cancelled_at"]:
        raise ApiError(409, "appointment_cancelled", "Запись уже отменена")
    if a["start"] <= now:
        raise ApiError(409, "appointment_started", "Время приёма уже наступило — запись нельзя изменить")


def move(req):
    """POST /appointments/{id}/move {start, office?}: another slot (of the same kind of office)."""
    now = req.server.appointment_clock.now()
    with req.server.db.transaction() as con:
        req.server.limits.check_rate(con, [("appointments:%d" % req.account["id"], BOOKINGS_PER_HOUR)])
        a = _own(con, req)
        _changeable(a, now)
        oid = req.body.get("office", a["office"])
        o = BY_ID.get(oid) if isinstance(oid, str) else None
        if o is None or o["kind"] != BY_ID[a["office"]]["kind"]:
            raise validation([field_error("office", "Выберите отделение из списка")])
        start = req.body.get("start")
        _check_slot(con, o, start, now)
        if start == a["start"] and o["id"] == a["office"]:
            return reply(200, body(a, now, _number(con, a)))
        remind, reminded = _remind_at(start, now)
        try:
            con.execute("UPDATE appointments SET office = ?, start = ?, duration = ?, remind_at = ?, reminded = ? WHERE id = ?",
                        (o["id"], start, o["slot"], remind, reminded, a["id"]))
        except sqlite3.IntegrityError:
            raise _taken_error()
        a = con.execute("SELECT * FROM appointments WHERE id = ?", (a["id"],)).fetchone()
        out = body(a, now, _number(con, a))
        notify.notify(req.server, con, req.account["id"], "appointment", "appointment_moved",
                      {"service": out["service_name"], "office": o["name"], "address": o["address"], "start": int(a["start"])},
                      {"type": "appointment", "id": a["id"]}, "Запись перенесена: %s в %s — %s, %s" % (out["date_text"], out["time"], out["service_name"], o["name"]))
        _announce(req.server, con, a)
    req.server.appointment_clock.wake()
    return reply(200, out)


def cancel(req):
    now = req.server.appointment_clock.now()
    with req.server.db.transaction() as con:
        req.server.limits.check_rate(con, [("appointments:%d" % req.account["id"], BOOKINGS_PER_HOUR)])
        a = _own(con, req)
        _changeable(a, now)
        con.execute("UPDATE appointments SET cancelled_at = ? WHERE id = ?", (time.time(), a["id"]))
        a = con.execute("SELECT * FROM appointments WHERE id = ?", (a["id"],)).fetchone()
        _announce(req.server, con, a)
        out = body(a, now, _number(con, a))
    req.server.appointment_clock.wake()
    return reply(200, out)


# -- one calendar --------------------------------------------------------------------------------
def calendar(req):
    """GET /calendar?from=&to= (unix seconds, ≤ 400 days apart): what has a date for the caller —
    appointments, answers the agencies wait for, payments due, the rooms' votes and the signatures
    asked of the caller by a date."""
    now = req.server.appointment_clock.now()
    q = {k: v[-1] for k, v in req.query.items()}
    t0 = query_int(q, "from", 0, 2 ** 40, int(now) - 31 * DAY)
    t1 = query_int(q, "to", 0, 2 ** 40, int(now) + 62 * DAY)
    if t1 <= t0 or t1 - t0 > CALENDAR_DAYS_MAX * DAY:
        raise validation([field_error("to", "Не раньше from и не дальше %d дней от него" % CALENDAR_DAYS_MAX)])
    me = req.account["id"]
    items = []
    with req.server.db.transaction() as con:
        for a in con.execute("SELECT * FROM appointments WHERE account_id = ? AND cancelled_at IS NULL AND start >= ? AND start < ? "
                             "ORDER BY start LIMIT 1000", (me, t0, t1)):
            b = body(a, now)
            items.append({"type": "appointment", "at": b["start"], "end": b["end"], "title": b["service_name"],
                          "place": "%s, %s" % (b["office"]["name"], b["office"]["address"]), "object": {"type": "appointment", "id": a["id"]}})
        for r in con.execute("SELECT number, form_code, info FROM applications WHERE account_id = ? AND status = 'needs_info' LIMIT 1000", (me,)):
            due = float(json.loads(r["info"] or "{}").get("answer_due") or 0)
            if t0 <= due < t1:
                from . import forms
                items.append({"type": "answer_due", "at": int(due), "title": forms.FORMS.get(r["form_code"], {}).get("title", r["form_code"]),
                              "place": r["number"], "object": {"type": "application", "id": r["number"]}})
        for c in con.execute("SELECT id, purpose, amount, due_at FROM charges WHERE account_id = ? AND paid_at IS NULL AND due_at >= ? AND due_at < ? "
                             "LIMIT 1000", (me, t0, t1)):
            items.append({"type": "payment_due", "at": int(c["due_at"]), "title": c["purpose"], "amount": c["amount"],
                          "object": {"type": "charge", "id": c["id"]}})
        for p in con.execute("SELECT p.room_id, p.proposal, p.deadline FROM room_proposals p JOIN room_members m ON m.room_id = p.room_id "
                             "WHERE m.account_id = ? AND m.removed_seq IS NULL AND p.closed_at IS NULL AND p.deadline >= ? AND p.deadline < ? LIMIT 1000",
                             (me, t0, t1)):
            items.append({"type": "room_vote", "at": int(p["deadline"]), "object": {"type": "room", "id": p["room_id"]}, "proposal": p["proposal"]})
        # Signatures asked of the caller by a date (sign_requested.sign_by) and not given yet: the
        # latest request per document counts (an earlier version's request is superseded).
        from . import rooms
        for m in con.execute("SELECT room_id, pk FROM room_members WHERE account_id = ? AND removed_seq IS NULL LIMIT 500", (me,)).fetchall():
            latest = {}
            for e in rooms._entries(con, m["room_id"], "sign_requested"):
                latest[e["body"].get("document")] = e
            for doc, e in latest.items():
                by = e["body"].get("sign_by")
                if (isinstance(doc, str) and isinstance(by, (int, float)) and t0 <= by < t1 and m["pk"] in (e["body"].get("signers") or [])
                        and not rooms.has_signed(con, m["room_id"], e, m["pk"])):
                    items.append({"type": "room_sign", "at": int(by), "object": {"type": "room", "id": m["room_id"]}, "document": doc[:64]})
    items.sort(key=lambda x: (x["at"], x["type"]))
    return reply(200, {"from": t0, "to": t1, "now": int(now), "items": items[:2000]})


# -- development interface ---------------------------------------------------------------------
def _dev(req):
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")


def dev_clock(req):
    """GET /dev/clock; POST /dev/clock {"advance": seconds}: moves the appointments' clock forward
    (reminders, what is past). {"reset": true} puts it back."""
    _dev(req)
    clock = req.server.appointment_clock
    if req.method == "POST":
        if req.body.get("reset") is True:
            clock.offset = 0.0
        else:
            adv = req.body.get("advance")
            if not isinstance(adv, (int, float)) or isinstance(adv, bool) or not 0 <= adv <= 400 * DAY:
                raise validation([field_error("advance", "От 0 до 400 суток в секундах")])
            clock.offset += adv
        clock.wake()
    return reply(200, {"offset": clock.offset, "now": int(clock.now())})


def dev_fill(req):
    """POST /dev/offices/{id}/fill {"day", "leave"}: the office's desk takes every free slot of the
    day but `leave` (the last one left for a race)."""
    _dev(req)
    o = _office(req)
    day, leave = req.body.get("day"), req.body.get("leave", 0)
    if _day_start(day) is None or not isinstance(leave, int) or leave < 0:
        raise validation([field_error("day", "Дата в виде ГГГГ-ММ-ДД; leave ≥ 0")])
    now = req.server.appointment_clock.now()
    with req.server.db.transaction() as con:
        slots = free_slots(con, o, day, now)
        for t in slots[:max(0, len(slots) - leave)]:
            con.execute("INSERT INTO appointments (id, account_id, service, office, start, duration, comment, created_at, remind_at, reminded) "
                        "VALUES (?,NULL,'',?,?,?,'',?,?,1)", ("Z-" + secrets.token_hex(5).upper(), o["id"], t, o["slot"], time.time(), t))
        left = free_slots(con, o, day, now)
    return reply(200, {"day": day, "free": [{"start": int(t), "time": time.strftime("%H:%M", time.gmtime(t + MSK))} for t in left]})


def dev_close(req):
    """POST /dev/offices/{id}/closures {"day", "open"?}: the office closes (or opens again) that day."""
    _dev(req)
    o = _office(req)
    day = req.body.get("day")
    if _day_start(day) is None:
        raise validation([field_error("day", "Дата в виде ГГГГ-ММ-ДД")])
    with req.server.db.transaction() as con:
        if req.body.get("open") is True:
            con.execute("DELETE FROM office_closures WHERE office = ? AND day = ?", (o["id"], day))
        else:
            con.execute("INSERT OR IGNORE INTO office_closures (office, day) VALUES (?, ?)", (o["id"], day))
    return reply(200, {"office": o["id"], "day": day, "closed": req.body.get("open") is not True})
