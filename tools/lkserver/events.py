"""The event stream (docs/events.md): GET /events as server-sent events, per user.

- Every event is written in the same transaction as the change it reports (so an event exists
  exactly when the change does), gets an increasing id, and is kept for at least 24 hours
  (EVENT_RETENTION); after the commit it is handed to the loop and fanned out to every open stream
  of its user.
- A stream resumes after `Last-Event-ID` (header, or `last_event_id` in the query for a fresh
  page): what was missed is replayed from the database, then live events follow, without
  duplicates. An id older than what is kept, or unknown, gets an `event: reset` first: the client
  reloads its state, nothing is silently lost.
- A heartbeat comment every 15 s keeps proxies from closing a quiet stream and finds dead peers.
- EventSource cannot send headers, so the browser first asks POST /events/ticket (with its bearer
  token) for a ticket: single use, 60 s, bound to the session. Native clients may send the bearer
  token instead.
- A stream ends when its session ends (logout, revocation, password recovery, token reuse) or
  expires; a client too slow to read 1,000 queued events is disconnected and resumes.
"""
import asyncio
import hashlib
import json
import secrets
import time
from collections import defaultdict

from aiohttp import web

from .errors import ApiError
from .responses import reply
from .store import after_commit

EVENT_RETENTION = 48 * 3600
HEARTBEAT_SECONDS = 15
TICKET_TTL = 60
QUEUE_MAX = 1000
REPLAY_MAX = 5000

PING, CLOSE = object(), object()


def publish(server, con, account_id, type_, data):
    """Records an event in the caller's transaction; delivers it after the commit."""
    t = time.time()
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    cur = con.execute("INSERT INTO events (account_id, type, data, created_at) VALUES (?,?,?,?)", (account_id, type_, text, t))
    ev = {"id": cur.lastrowid, "type": type_, "at": int(t), "data": data}
    after_commit(con, lambda: server.hub.deliver_threadsafe(account_id, ev))


def prune(con, now, retention=EVENT_RETENTION):
    row = con.execute("SELECT MAX(id) FROM events WHERE created_at < ?", (now - retention,)).fetchone()
    if row[0] is not None:
        con.execute("DELETE FROM events WHERE id <= ?", (row[0],))
        con.execute("INSERT INTO meta (key, value) VALUES ('events_pruned_through', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(row[0]),))


class Stream:
    __slots__ = ("account_id", "session_id", "expires", "queue", "__weakref__")

    def __init__(self, account_id, session_id, expires):
        self.account_id, self.session_id, self.expires = account_id, session_id, expires
        self.queue = asyncio.Queue()

    def push(self, item):
        if self.queue.qsize() >= QUEUE_MAX:
            item = CLOSE  # too slow: it resumes with Last-Event-ID
        self.queue.put_nowait(item)


class Hub:
    """Open streams by user, on the event loop's thread only."""

    def __init__(self):
        self.loop = None
        self.by_account = defaultdict(set)
        self.count = 0

    def attach(self, loop):
        self.loop = loop

    def add(self, s):
        self.by_account[s.account_id].add(s)
        self.count += 1

    def remove(self, s):
        streams = self.by_account.get(s.account_id)
        if streams and s in streams:
            streams.discard(s)
            self.count -= 1
            if not streams:
                del self.by_account[s.account_id]

    def deliver_threadsafe(self, account_id, ev):
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self._deliver, account_id, ev)

    def _deliver(self, account_id, ev):
        for s in list(self.by_account.get(account_id, ())):
            s.push(ev)

    def end_sessions_threadsafe(self, account_id, session_ids=None):
        """Closes the streams of these sessions (all of the account's when None)."""
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self._end, account_id, None if session_ids is None else set(session_ids))

    def _end(self, account_id, session_ids):
        for s in list(self.by_account.get(account_id, ())):
            if session_ids is None or s.session_id in session_ids:
                s.push(CLOSE)

    async def heartbeat(self):
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            now = time.time()
            for streams in list(self.by_account.values()):
                for s in list(streams):
                    s.push(CLOSE if s.expires < now else PING)

    def close_all(self):
        for streams in list(self.by_account.values()):
            for s in list(streams):
                s.push(CLOSE)


class Tickets:
    """Short-lived, single-use stream tickets, kept hashed in memory (a multi-process backend
    would keep them in its shared store)."""

    MAX = 100_000

    def __init__(self):
        self.items = {}

    def issue(self, account_id, session_id):
        t = time.time()
        if len(self.items) >= self.MAX:
            self.prune(t)
            if len(self.items) >= self.MAX:
                raise ApiError(503, "busy", "Сервер перегружен. Повторите попытку позже.", headers={"Retry-After": "5"})
        ticket = secrets.token_urlsafe(32)
        self.items[hashlib.sha256(ticket.encode()).digest()] = (account_id, session_id, t + TICKET_TTL)
        return ticket

    def take(self, ticket):
        item = self.items.pop(hashlib.sha256(ticket.encode("utf-8", "replace")).digest(), None)
        if item is None or item[2] < time.time():
            return None
        return item

    def prune(self, now):
        for k in [k for k, v in self.items.items() if v[2] < now]:
            del self.items[k]


def issue_ticket(req):
    ticket = req.server.tickets.issue(req.account["id"], req.session["id"])
    return reply(201, {"ticket": ticket, "expires_in": TICKET_TTL})


def _load_since(server, account_id, last_id):
    """(events after last_id, reset reason or None)."""
    db = server.db
    row = db.one("SELECT value FROM meta WHERE key = 'events_pruned_through'")
    pruned = int(row["value"]) if row else 0
    top = db.one("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
    top = top["seq"] if top else 0
    if last_id > top:
        return [], "unknown_id"
    reset = "too_old" if last_id < pruned else None
    rows = db.query("SELECT id, type, data, created_at FROM events WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?",
                    (account_id, last_id, REPLAY_MAX + 1))
    if len(rows) > REPLAY_MAX:
        return [], "too_many"
    return [{"id": r["id"], "type": r["type"], "at": int(r["created_at"]), "data": json.loads(r["data"])} for r in rows], reset


def _current_top(server):
    top = server.db.one("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
    return top["seq"] if top else 0


def _session_for_ticket(server, account_id, session_id):
    s = server.db.one("SELECT * FROM sessions WHERE id = ? AND account_id = ? AND revoked_at IS NULL AND refresh_expires > ?",
                      (session_id, account_id, time.time()))
    return s


def frame(ev):
    return ("id: %d\nevent: %s\ndata: %s\n\n" % (ev["id"], ev["type"], json.dumps(ev, ensure_ascii=False, separators=(",", ":")))).encode("utf-8")


async def stream(req, request):
    """GET /events — the handler is asynchronous: it holds its connection for as long as the
    session lives and costs one queue and one coroutine while idle."""
    from . import auth
    server = req.server
    ticket = request.query.get("ticket")
    if ticket is not None:
        item = server.tickets.take(ticket) if len(ticket) <= 100 else None
        session = await server.run(_session_for_ticket, server, item[0], item[1]) if item else None
        if session is None:
            raise ApiError(401, "unauthorized", "Билет потока событий недействителен или уже использован")
    else:
        _, session = await server.run(auth.authenticate, server, request.headers.get("Authorization"))
    last = request.headers.get("Last-Event-ID") or request.query.get("last_event_id") or ""
    if last and not (last.isdigit() and len(last) <= 18):
        raise ApiError(400, "bad_last_event_id", "Last-Event-ID — номер события (до 18 цифр)")
    s = Stream(session["account_id"], session["id"], session["refresh_expires"])
    server.hub.add(s)   # before reading the backlog: nothing committed meanwhile can fall between the two
    resp = None
    try:
        if last:
            backlog, reset = await server.run(_load_since, server, s.account_id, int(last))
            sent = int(last)
        else:
            backlog, reset = [], None
            sent = await server.run(_current_top, server)
        resp = web.StreamResponse(status=200, headers={"Content-Type": "text/event-stream; charset=utf-8",
                                                       "Cache-Control": "no-store", "X-Accel-Buffering": "no"})
        await resp.prepare(request)
        await resp.write(b"retry: 2000\n: connected\n\n")
        if reset:
            await resp.write(("event: reset\ndata: %s\n\n" % json.dumps({"reason": reset})).encode())
        for ev in backlog:
            await resp.write(frame(ev))
            sent = ev["id"]
        while True:
            item = await s.queue.get()
            if item is CLOSE:
                break
            if item is PING:
                await resp.write(b": ping\n\n")
                continue
            if item["id"] <= sent:
                continue  # already replayed from the backlog
            await resp.write(frame(item))
            sent = item["id"]
        return resp
    except (ConnectionError, RuntimeError):
        # The peer went away mid-stream (aiohttp raises ConnectionResetError, or RuntimeError on a
        # closed transport): nothing more to send.
        if resp is not None:
            return resp
        raise
    finally:
        server.hub.remove(s)
