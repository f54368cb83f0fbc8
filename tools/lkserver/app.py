"""HTTP plumbing on aiohttp: the route table, the auth check on every private endpoint, body
limits and deadlines, idempotency keys, the one error shape, security headers on every response,
and the static app.

Endpoints are plain functions `handler(req) -> aiohttp response`, run on a thread pool (SQLite is
blocking; WAL lets readers run while one writer writes), so a slow disk write holds up only the
requests that write. Asynchronous handlers (the event stream) run on the loop. Because a handler
returns a whole response — status, headers, body or stream — ETag/304, event streams and errors
need no special cases here.
"""
import asyncio
import concurrent.futures
import gzip
import hashlib
import json
import os
import re
import socket
import sys
import time
import weakref
from collections import defaultdict

from aiohttp import web, web_protocol, web_server

from . import agency, applications, appointments, auth, catalog, crypto, documents, events, forms, notify, payments, profile, rooms, support
from .errors import ApiError, field_error, validation
from .responses import cacheable, error_response, reply, security_headers
from .limits import Limits
from .static import StaticCache
from .store import Database

CONTRACT = "v1"
VERSION = "0.3.0"
MAX_BODY = 1024 * 1024           # bytes of the request body as sent (encoded), docs/behaviour.md
IDEMPOTENCY_TTL = 24 * 3600


# -- the developer outbox ------------------------------------------------------------------------
class Outbox:
    """Where SMS and e-mail codes 'go' in the reference backend (GET /dev/outbox in --dev).
    Sending happens after the transaction that created the code has committed (store.after_commit)."""

    def __init__(self, echo=False):
        self.messages = []
        self.echo = echo

    def send(self, destination, text, code, purpose):
        self.messages.append({"at": int(time.time()), "destination": destination, "text": text, "code": code, "purpose": purpose})
        del self.messages[:-500]
        if self.echo:
            print("[outbox] %s: %s" % (destination, text), flush=True)

    def for_destination(self, destination):
        return [m for m in list(self.messages) if not destination or m["destination"] == destination]


# -- request context handed to endpoints ----------------------------------------------------------
class Req:
    def __init__(self, server, request, body, params):
        self.server, self.body, self.params = server, body, params
        self.method = request.method
        self.headers = request.headers
        self.query = {k: request.query.getall(k) for k in request.query.keys()}
        self.ip = request.remote or "?"
        self.user_agent = (request.headers.get("User-Agent") or "")[:512]
        self.account = None
        self.session = None
        self._device = None

    @property
    def device(self):
        # Parsed once per request (a sign-in needs it for the session and the log entry).
        if self._device is None:
            self._device = auth.device_label(self.user_agent)
        return self._device


def health(req):
    return reply(200, {"status": "ok", "contract": CONTRACT, "version": VERSION, "schema": req.server.db.schema_version(),
                       "time": int(time.time())})


def dev_outbox(req):
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    dest = req.query.get("destination", [""])[0]
    return reply(200, {"items": req.server.outbox.for_destination(dest)})


# A held reply: the development interface can make the answers to one path wait after they were
# computed, so a test sees a reply that was true when it was made arrive after later news (an
# event about a change made meanwhile) — the order a slow network produces, made on purpose.
HOLD_MAX_MS = 30000


def dev_hold(req):
    """POST /dev/hold {"method", "path", "ms"}: replies to that method and path (under /api/v1)
    wait ms after they were computed; ms 0 ends it. GET /dev/hold: the setting and how many
    replies are being held now."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    st = req.server
    if req.method == "POST":
        b = req.body
        errors = []
        if b.get("method") not in ("GET", "POST", "PUT", "DELETE"):
            errors.append(field_error("method", "Одно из: GET, POST, PUT, DELETE"))
        path = b.get("path")
        if not isinstance(path, str) or not path.startswith("/") or len(path) > 200:
            errors.append(field_error("path", "Путь под /api/v1, начинается с /"))
        ms = b.get("ms")
        if not isinstance(ms, int) or isinstance(ms, bool) or not 0 <= ms <= HOLD_MAX_MS:
            errors.append(field_error("ms", "От 0 до %d" % HOLD_MAX_MS))
        if errors:
            raise validation(errors)
        st.hold = (b["method"], "/api/%s%s" % (CONTRACT, path), ms) if ms else None
    method, path, ms = st.hold or (None, None, 0)
    return reply(200, {"method": method, "path": path[len("/api/%s" % CONTRACT):] if path else None, "ms": ms, "held": st.held})


PUBLIC, PRIVATE = False, True
NUM = "{%s:[0-9]{1,9}}"
ID = "{%s:[A-Za-z0-9_-]{1,64}}"
ROUTES = [
    ("GET", "/health", health, PUBLIC),
    ("GET", "/dev/outbox", dev_outbox, PUBLIC),
    ("GET", "/dev/hold", dev_hold, PUBLIC),
    ("POST", "/dev/hold", dev_hold, PUBLIC),
    ("GET", "/catalog", catalog.get_catalog, PUBLIC),
    ("GET", "/catalog/services/" + ID % "id", catalog.get_service, PUBLIC),
    ("GET", "/forms/" + ID % "code", forms.get_form, PUBLIC),
    ("POST", "/auth/register", auth.register, PUBLIC),
    ("POST", "/auth/register/confirm", auth.register_confirm, PUBLIC),
    ("POST", "/auth/codes/" + ID % "id" + "/resend", auth.resend_code, PUBLIC),
    ("POST", "/auth/prelogin", auth.prelogin, PUBLIC),
    ("POST", "/auth/login", auth.login, PUBLIC),
    ("POST", "/auth/login/verify", auth.login_verify, PUBLIC),
    ("POST", "/auth/refresh", auth.refresh, PUBLIC),
    ("POST", "/auth/recover", auth.recover, PUBLIC),
    ("POST", "/auth/recover/confirm", auth.recover_confirm, PUBLIC),
    ("POST", "/auth/logout", auth.logout, PRIVATE),
    ("POST", "/auth/reauth", auth.reauth, PRIVATE),
    ("POST", "/auth/reauth/confirm", auth.reauth_confirm, PRIVATE),
    ("GET", "/me", auth.me, PRIVATE),
    ("POST", "/me/email/verify", auth.email_verify, PRIVATE),
    ("POST", "/me/email/confirm", auth.email_confirm, PRIVATE),
    ("POST", "/auth/totp/setup", auth.totp_setup, PRIVATE),
    ("POST", "/auth/totp/enable", auth.totp_enable, PRIVATE),
    ("DELETE", "/auth/totp", auth.totp_disable, PRIVATE),
    ("GET", "/sessions", auth.list_sessions, PRIVATE),
    ("DELETE", "/sessions/" + ID % "id", auth.revoke_session, PRIVATE),
    ("GET", "/security-log", auth.security_log, PRIVATE),
    ("GET", "/profile", profile.get_profile, PRIVATE),
    ("PUT", "/profile", profile.put_profile, PRIVATE),
    ("GET", "/profile/versions", profile.list_versions, PRIVATE),
    ("GET", "/profile/versions/" + NUM % "version", profile.get_version, PRIVATE),
    ("POST", "/profile/versions/" + NUM % "version" + "/restore", profile.restore_version, PRIVATE),
    ("GET", "/consents", profile.list_consents, PRIVATE),
    ("POST", "/consents", profile.give_consent, PRIVATE),
    ("DELETE", "/consents/" + ID % "id", profile.withdraw_consent, PRIVATE),
    ("GET", "/drafts", applications.list_drafts, PRIVATE),
    ("GET", "/drafts/" + ID % "code", applications.get_draft, PRIVATE),
    ("PUT", "/drafts/" + ID % "code", applications.put_draft, PRIVATE),
    ("DELETE", "/drafts/" + ID % "code", applications.delete_draft, PRIVATE),
    ("POST", "/attachments", applications.create_attachment, PRIVATE),
    ("PUT", "/attachments/" + ID % "id", applications.put_attachment_chunk, PRIVATE),
    ("DELETE", "/attachments/" + ID % "id", applications.delete_attachment, PRIVATE),
    ("POST", "/applications", applications.submit_application, PRIVATE),
    ("GET", "/applications", applications.list_applications, PRIVATE),
    ("GET", "/applications/" + ID % "number", applications.get_application, PRIVATE),
    ("POST", "/applications/" + ID % "number" + "/cancel", applications.cancel_application, PRIVATE),
    ("POST", "/applications/" + ID % "number" + "/answer", applications.answer_application, PRIVATE),
    ("POST", "/dev/agency/applications/" + ID % "number" + "/status", applications.dev_agency_move, PUBLIC),
    ("POST", "/dev/agency/applications/" + ID % "number" + "/plan", agency.dev_plan, PUBLIC),
    ("POST", "/dev/agency/tick", agency.dev_tick, PUBLIC),
    ("POST", "/dev/agency/documents/" + ID % "code" + "/revoke", agency.dev_revoke, PUBLIC),
    ("GET", "/documents", documents.list_documents, PRIVATE),
    ("GET", "/documents/verify/" + ID % "code", documents.verify_document, PUBLIC),
    ("GET", "/documents/" + ID % "code", documents.get_document, PRIVATE),
    ("GET", "/data-access", documents.list_data_access, PRIVATE),
    ("GET", "/charges", payments.list_charges, PRIVATE),
    ("GET", "/charges/" + ID % "id", payments.get_charge, PRIVATE),
    ("POST", "/dev/charges", payments.dev_create_charge, PUBLIC),
    ("POST", "/dev/applications/fill", applications.dev_fill, PUBLIC),
    ("POST", "/charges/" + ID % "id" + "/pay", payments.pay, PRIVATE),
    ("GET", "/payments", payments.list_payments, PRIVATE),
    ("GET", "/payments/" + ID % "id", payments.get_payment, PRIVATE),
    ("POST", "/dev/gateway", payments.dev_gateway, PUBLIC),
    ("POST", "/dev/gateway/payments/" + ID % "id" + "/answer", payments.dev_answer, PUBLIC),
    ("GET", "/dev/gateway/pending", payments.dev_pending, PUBLIC),
    ("GET", "/notifications", notify.list_notifications, PRIVATE),
    ("POST", "/notifications/read", notify.mark_read, PRIVATE),
    ("POST", "/notifications/delete", notify.delete_notifications, PRIVATE),
    ("GET", "/notifications/settings", notify.get_settings, PRIVATE),
    ("PUT", "/notifications/settings", notify.put_settings, PRIVATE),
    ("POST", "/dev/notifications/fill", notify.dev_fill, PUBLIC),
    ("GET", "/dev/deliveries", notify.dev_deliveries, PUBLIC),
    ("POST", "/rooms", rooms.create_room, PRIVATE),
    ("GET", "/rooms", rooms.list_rooms, PRIVATE),
    ("GET", "/rooms/" + ID % "id" + "/journal", rooms.get_journal, PRIVATE),
    ("POST", "/rooms/" + ID % "id" + "/journal", rooms.append_entry, PRIVATE),
    ("POST", "/rooms/" + ID % "id" + "/invitations", rooms.invite, PRIVATE),
    ("GET", "/rooms/" + ID % "id" + "/invitations", rooms.room_invitations, PRIVATE),
    ("GET", "/rooms/" + ID % "id" + "/members", rooms.list_members, PRIVATE),
    ("POST", "/rooms/" + ID % "id" + "/applications", rooms.submit_joint, PRIVATE),
    ("GET", "/invitations", rooms.my_invitations, PRIVATE),
    ("PUT", "/rooms/" + ID % "id" + "/keys/" + NUM % "epoch", rooms.put_keys, PRIVATE),
    ("GET", "/rooms/" + ID % "id" + "/keys", rooms.get_keys, PRIVATE),
    ("POST", "/rooms/" + ID % "id" + "/messages", rooms.post_message, PRIVATE),
    ("GET", "/rooms/" + ID % "id" + "/messages", rooms.list_messages, PRIVATE),
    ("POST", "/rooms/" + ID % "id" + "/read", rooms.mark_read, PRIVATE),
    ("GET", "/rooms/" + ID % "id" + "/attachments/" + ID % "aid", rooms.get_attachment, PRIVATE),
    ("GET", "/rooms/" + ID % "id" + "/proposals", rooms.list_proposals, PRIVATE),
    ("POST", "/dev/rooms/" + ID % "id" + "/proposals/" + ID % "proposal" + "/deadline", rooms.dev_move_deadline, PUBLIC),
    ("POST", "/dev/rooms/" + ID % "id" + "/messages/repeat", rooms.dev_repeat_messages, PUBLIC),
    ("POST", "/invitations/" + ID % "id" + "/accept", rooms.accept_invitation, PRIVATE),
    ("POST", "/invitations/" + ID % "id" + "/decline", rooms.decline_invitation, PRIVATE),
    ("POST", "/dev/invitations/" + ID % "id" + "/expire", rooms.dev_expire_invitation, PUBLIC),
    ("GET", "/offices", appointments.list_offices, PRIVATE),
    ("GET", "/offices/" + ID % "id" + "/days", appointments.office_days, PRIVATE),
    ("GET", "/offices/" + ID % "id" + "/slots", appointments.office_slots, PRIVATE),
    ("POST", "/appointments", appointments.create, PRIVATE),
    ("GET", "/appointments", appointments.list_appointments, PRIVATE),
    ("GET", "/appointments/" + ID % "id", appointments.get_appointment, PRIVATE),
    ("POST", "/appointments/" + ID % "id" + "/move", appointments.move, PRIVATE),
    ("POST", "/appointments/" + ID % "id" + "/cancel", appointments.cancel, PRIVATE),
    ("GET", "/calendar", appointments.calendar, PRIVATE),
    ("GET", "/dev/clock", appointments.dev_clock, PUBLIC),
    ("POST", "/dev/clock", appointments.dev_clock, PUBLIC),
    ("POST", "/dev/offices/" + ID % "id" + "/fill", appointments.dev_fill, PUBLIC),
    ("POST", "/dev/offices/" + ID % "id" + "/closures", appointments.dev_close, PUBLIC),
    ("GET", "/support/topics", support.topics, PRIVATE),
    ("GET", "/support/suggestions", support.suggestions, PRIVATE),
    ("POST", "/appeals", support.create, PRIVATE),
    ("GET", "/appeals", support.list_appeals, PRIVATE),
    ("GET", "/appeals/" + ID % "number", support.get_appeal, PRIVATE),
    ("POST", "/appeals/" + ID % "number" + "/messages", support.post_message, PRIVATE),
    ("POST", "/appeals/" + ID % "number" + "/status", support.set_status, PRIVATE),
    ("GET", "/appeals/" + ID % "number" + "/files/" + ID % "aid", support.get_file, PRIVATE),
    ("GET", "/support/chat", support.get_chat, PRIVATE),
    ("POST", "/support/chat/messages", support.chat_message, PRIVATE),
    ("POST", "/support/chat/operator", support.chat_operator, PRIVATE),
    ("POST", "/support/chat/bot", support.chat_bot, PRIVATE),
    ("GET", "/support/chat/files/" + ID % "aid", support.get_file, PRIVATE),
    ("POST", "/dev/support/appeals/" + ID % "number", support.dev_desk, PUBLIC),
    ("POST", "/dev/support/tick", support.dev_tick, PUBLIC),
    ("POST", "/dev/support/chats/" + ID % "number" + "/say", support.dev_say, PUBLIC),
    ("POST", "/events/ticket", events.issue_ticket, PRIVATE),
    ("GET", "/events", events.stream, PUBLIC),   # authenticates itself: a ticket or a bearer token
]
# POSTs that create something take an Idempotency-Key. Sign-in answers (tokens) are never stored.
IDEMPOTENT_ROUTES = re.compile(r"^(/auth/register|/consents|/profile/versions/\d+/restore|/attachments|/applications|/applications/[^/]+/answer|/charges/[^/]+/pay|/appointments|/appeals|/appeals/[^/]+/messages|/support/chat/messages)$")


def _reject_surrogates(value):
    """JSON may spell lone UTF-16 surrogates (\\ud800); they cannot be stored or sent as UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ApiError(400, "malformed_json", "Тело запроса содержит недопустимые символы (одиночные суррогаты)")
    elif isinstance(value, dict):
        for k, v in value.items():
            _reject_surrogates(k)
            _reject_surrogates(v)
    elif isinstance(value, list):
        for v in value:
            _reject_surrogates(v)


def _closing(e):
    e.close = True
    return e


async def read_json_body(request, deadline):
    if len(request.headers.getall("Content-Length", [])) > 1:
        raise _closing(ApiError(400, "bad_request", "Заголовок Content-Length указан несколько раз"))
    if request.headers.get("Transfer-Encoding"):
        raise _closing(ApiError(411, "length_required", "Укажите длину тела запроса (Content-Length)"))
    n = request.content_length or 0
    if n > MAX_BODY:
        raise _closing(ApiError(413, "payload_too_large", "Слишком большой запрос: не более 1 МБ"))
    if n == 0:
        return {}
    try:
        raw = await asyncio.wait_for(request.read(), timeout=max(0.1, deadline))
    except asyncio.TimeoutError:
        raise _closing(ApiError(408, "request_timeout", "Запрос передавался слишком долго. Повторите попытку."))
    except web.HTTPRequestEntityTooLarge:
        raise _closing(ApiError(413, "payload_too_large", "Слишком большой запрос: не более 1 МБ"))
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400, "malformed_json", "Тело запроса не является корректным JSON")
    if not isinstance(body, dict):
        raise ApiError(400, "malformed_json", "Ожидался JSON-объект")
    _reject_surrogates(body)
    return body


# Handlers that touch no database and do no I/O run on the event loop itself: a hop to the thread
# pool costs more than they do.
INLINE = {dev_outbox, dev_hold, catalog.get_catalog, catalog.get_service, forms.get_form}


def endpoint(state, route, method, fn, private):
    is_async = asyncio.iscoroutinefunction(fn)
    inline = fn in INLINE
    idempotent = method == "POST" and IDEMPOTENT_ROUTES.match(route) is not None

    async def handle(request):
        resp = await answer(request)
        hold = state.hold
        if hold is not None and hold[0] == request.method and hold[1] == request.path:
            state.held += 1
            try:
                await asyncio.sleep(hold[2] / 1000)
            finally:
                state.held -= 1
        return resp

    async def answer(request):
        proto = request.protocol
        if isinstance(proto, GuardedHandler):
            proto.lk_request_started()
        req = Req(state, request, {}, dict(request.match_info))
        if is_async:
            return await fn(req, request)
        # Who is asking comes first: a private endpoint refuses before reading anything else.
        if private:
            req.account, req.session = await state.run(auth.authenticate, state, request.headers.get("Authorization"))
        if method in ("POST", "PUT", "PATCH", "DELETE"):
            left = state.request_deadline - (time.monotonic() - getattr(proto, "lk_started_at", time.monotonic()))
            req.body = await read_json_body(request, left)
        if inline:
            return fn(req)
        key = request.headers.get("Idempotency-Key")
        if idempotent and key is not None:
            return await state.idempotent(req, key, method + " " + request.match_info.route.resource.canonical, fn)
        return await state.run(fn, req)
    return handle


@web.middleware
async def errors_middleware(request, handler):
    try:
        try:
            return await handler(request)
        finally:
            proto = request.protocol
            if isinstance(proto, GuardedHandler):
                proto.lk_request_done()
    except ApiError as e:
        return error_response(e)
    except web.HTTPMethodNotAllowed:
        return error_response(ApiError(405, "method_not_allowed", "Метод не поддерживается для этого ресурса"))
    except web.HTTPNotFound:
        if request.path.startswith("/api/") and not (request.path == "/api/" + CONTRACT or request.path.startswith("/api/%s/" % CONTRACT)):
            return error_response(ApiError(404, "unknown_version", "Версия API не поддерживается; используйте /api/v1"))
        return error_response(ApiError(404, "not_found", "Ресурс не найден"))
    except web.HTTPException as e:
        return error_response(ApiError(e.status, "bad_request" if e.status < 500 else "internal", "Неверный запрос" if e.status < 500
                                       else "Внутренняя ошибка сервера"))
    except (ConnectionError, asyncio.CancelledError):
        raise
    except Exception as e:  # noqa: BLE001 - never a stack trace to the client
        sys.stderr.write("internal error: %r\n" % (e,))
        return error_response(ApiError(500, "internal", "Внутренняя ошибка сервера"))


# -- connections: a deadline for each request's headers and body, a cap per address ---------------
def raw_error(status, reason, code, message, headers):
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode("utf-8")
    lines = ["HTTP/1.1 %d %s" % (status, reason), "Content-Type: application/json; charset=utf-8",
             "Content-Length: %d" % len(body), "Connection: close", "Cache-Control: no-store"]
    lines += ["%s: %s" % kv for kv in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


class GuardedHandler(web_protocol.RequestHandler):
    """aiohttp's connection protocol with what it lacks for a public server:
    - a deadline from a connection's first byte (or its previous answer) to a complete request,
      headers and body: slow senders are answered 408 and closed, so 1,000 slow connections
      cost sockets, not service;
    - a cap on open connections per client address and overall;
    - errors found while parsing (duplicate or non-numeric Content-Length, bad request lines)
      answered in the contract's JSON error shape with the security headers."""

    state = None  # set by make_app

    def connection_made(self, transport):
        super().connection_made(transport)
        st = self.state
        peer = transport.get_extra_info("peername")
        self.lk_ip = peer[0] if peer else "?"
        self.lk_timer = None
        self.lk_busy = False
        self.lk_data_while_busy = False
        self.lk_counted = False
        if st.conns_total >= st.max_conns or st.conns[self.lk_ip] >= st.max_conns_per_ip:
            transport.write(raw_error(429, "Too Many Requests", "too_many_connections",
                                      "Слишком много одновременных соединений с вашего адреса", st.headers))
            self.force_close()
            return
        self.lk_counted = True
        st.conns[self.lk_ip] += 1
        st.conns_total += 1
        self._lk_arm()

    def _lk_arm(self):
        if self.lk_timer is None:
            self.lk_started_at = time.monotonic()
            self.lk_timer = self._loop.call_later(self.state.request_deadline, self._lk_expired)

    def data_received(self, data):
        if self.lk_busy:
            self.lk_data_while_busy = True
        else:
            self._lk_arm()
        super().data_received(data)

    def lk_request_started(self):
        """Headers are in. The body still has to arrive before the same deadline (read_json_body)."""
        if self.lk_timer is not None:
            self.lk_timer.cancel()
            self.lk_timer = None
        self.lk_busy = True

    def lk_request_done(self):
        self.lk_busy = False
        self.lk_started_at = time.monotonic()
        if self.lk_data_while_busy:  # a pipelined request started meanwhile
            self.lk_data_while_busy = False
            self._lk_arm()

    def _lk_expired(self):
        self.lk_timer = None
        if self.lk_busy or self.transport is None:
            return
        self.transport.write(raw_error(408, "Request Timeout", "request_timeout",
                                       "Запрос передавался слишком долго. Повторите попытку.", self.state.headers))
        self.force_close()

    def connection_lost(self, exc):
        if self.lk_timer is not None:
            self.lk_timer.cancel()
            self.lk_timer = None
        if self.lk_counted:
            self.lk_counted = False
            st = self.state
            st.conns[self.lk_ip] -= 1
            if st.conns[self.lk_ip] <= 0:
                del st.conns[self.lk_ip]
            st.conns_total -= 1
        super().connection_lost(exc)

    def handle_error(self, request, status=500, exc=None, message=None):
        if status >= 500:
            self.log_exception("Error handling request", exc_info=exc)
            code, text = "internal", "Внутренняя ошибка сервера"
        else:
            code, text = "bad_request", "Неверный HTTP-запрос"
        body = json.dumps({"error": {"code": code, "message": text}}, ensure_ascii=False).encode("utf-8")
        resp = web.Response(status=status, body=body, content_type="application/json", charset="utf-8",
                            headers=dict(self.state.headers, **{"Cache-Control": "no-store"}))
        resp.force_close()
        return resp


class GuardedServer(web_server.Server):
    def __call__(self):
        return GuardedHandler(self, loop=self._loop, **self._kwargs)


class Runner(web.AppRunner):
    async def _make_server(self):
        server = await super()._make_server()
        server.__class__ = GuardedServer  # aiohttp builds the Server; ours only makes its connections
        return server


# -- the server's state ------------------------------------------------------------------------------
class State:
    def __init__(self, db_path, dist, dev=False, verbose=False, extra_connect="", limits_scale=1):
        self.db = Database(db_path)
        self.pepper = load_secret(db_path + ".pepper")
        self.at_rest = crypto.AtRest(crypto.derive_key(self.pepper, b"at-rest"))
        self.agency_keys = applications.load_agency_keys(db_path)
        self.agency_pace = agency.Pace("days")
        self.agency_seed = 0
        self.static = StaticCache(dist)
        self.verbose = verbose
        self.dev = dev
        self.hold, self.held = None, 0  # /dev/hold
        self.outbox = Outbox(echo=dev and verbose)
        self.catalog_body = catalog.CATALOG_JSON.encode("utf-8")
        self.catalog_gz = gzip.compress(self.catalog_body, 9, mtime=0)
        self.extra_connect = (" " + extra_connect) if extra_connect else ""
        self.headers = security_headers(self.extra_connect)
        self.limits = Limits(limits_scale)
        self.hub = events.Hub()
        self.tickets = events.Tickets()
        self.proposal_clock = rooms.ProposalClock(self)
        self.appointment_clock = appointments.AppointmentClock(self)
        self.desk_key = support.load_desk_key(db_path)
        self.support_pace = agency.Pace("days")
        self.operator = support.Operator(self)
        self.code_ttl = 300
        self.access_ttl = auth.ACCESS_TTL
        self.fresh_factor = auth.FRESH_FACTOR
        self.quota = applications.QUOTA
        self.gateway_mode = "succeed"          # the test gateway (payments.py; /dev/gateway)
        self.event_retention = events.EVENT_RETENTION
        self.request_deadline = 30.0
        self.max_conns_per_ip = 256
        self.max_conns = 20000
        self.conns = defaultdict(int)
        self.conns_total = 0
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="lk-db")
        self.idem_locks = weakref.WeakValueDictionary()
        self.loop = None
        auth.encrypt_legacy_rows(self)

    async def run(self, fn, *args):
        return await self.loop.run_in_executor(self.pool, fn, *args)

    async def idempotent(self, req, key, what, fn):
        """The first successful answer to (caller, endpoint, key) is kept for 24 h and replayed, so a
        retry after a lost response or a double click creates one object, not two. The key is bound
        to a hash of the request: the same key with another body is refused (422). Errors are not
        kept: a retry after an error runs again."""
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", key):
            raise ApiError(400, "bad_idempotency_key", "Неверный ключ идемпотентности (до 64 латинских букв, цифр, _ и -)")
        scope = "%s|%s" % (req.account["id"] if req.account else "ip:" + req.ip, what)
        rhash = hashlib.sha256(json.dumps(req.body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
        lock = self.idem_locks.get((scope, key))
        if lock is None:
            lock = asyncio.Lock()
            self.idem_locks[(scope, key)] = lock   # weak: gone when no request holds it (bounded memory)
        async with lock:
            row = await self.run(self.db.one, "SELECT status, body, request_hash FROM idempotency WHERE scope = ? AND key = ? "
                                 "AND created_at > ?", (scope, key, time.time() - IDEMPOTENCY_TTL))
            if row:
                if row["request_hash"] and row["request_hash"] != rhash:
                    raise ApiError(422, "idempotency_key_reused", "Этот ключ идемпотентности уже использован для другого запроса")
                resp = reply(row["status"], json.loads(self.at_rest.open_text(row["body"], "idempotency.body")), {"Idempotent-Replayed": "true"})
                return resp
            resp = await self.run(fn, req)
            if 200 <= resp.status < 300 and resp.body is not None:
                await self.run(self._remember, scope, key, resp.status, resp.body.decode("utf-8"), rhash)
            return resp

    def _remember(self, scope, key, status, body, rhash):
        # Encrypted at rest like what it repeats: a kept answer carries an appeal's text, a profile.
        body = self.at_rest.seal(body, "idempotency.body")
        with self.db.transaction() as con:
            con.execute("INSERT OR REPLACE INTO idempotency (scope, key, status, body, created_at, request_hash) VALUES (?,?,?,?,?,?)",
                        (scope, key, status, body, time.time(), rhash))

    def housekeeping(self):
        """Hourly: forget expired idempotency keys, codes, rate windows and old events."""
        t = time.time()
        with self.db.transaction() as con:
            con.execute("DELETE FROM idempotency WHERE created_at < ?", (t - IDEMPOTENCY_TTL,))
            con.execute("DELETE FROM codes WHERE expires_at < ?", (t - 86400,))
            from . import limits
            limits.prune(con, t)
            events.prune(con, t, self.event_retention)
        self.tickets.prune(t)


def load_secret(path):
    """A server secret kept beside the database (not in it): HMACs of authenticators and codes, and
    the key that encrypts data at rest are derived from it."""
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(os.urandom(32))
    with open(path, "rb") as f:
        return f.read()


async def static_handler(request):
    state = request.app["state"]
    if request.path.startswith("/api/"):
        raise web.HTTPNotFound()
    full = state.static.resolve(request.path)
    if full is None:
        raise ApiError(404, "not_found", "Файл не найден")
    entry = await state.run(state.static.get, full)
    return cacheable(request, entry["data"], entry["gz"], entry["type"], entry["etag"], extra={"X-Decoded-Length": str(len(entry["data"]))})


def make_app(state):
    GuardedHandler.state = state
    app = web.Application(middlewares=[errors_middleware], client_max_size=MAX_BODY + 1)
    app["state"] = state
    for method, path, fn, private in ROUTES:
        app.router.add_route(method, "/api/" + CONTRACT + path, endpoint(state, path, method, fn, private))
    app.router.add_route("GET", "/{tail:.*}", static_handler)
    app.router.add_route("HEAD", "/{tail:.*}", static_handler)  # the app's files answer HEAD, as before aiohttp

    async def add_headers(request, response):
        response.headers.update(state.headers)
    app.on_response_prepare.append(add_headers)

    async def start_background(app):
        state.loop = asyncio.get_running_loop()
        state.hub.attach(state.loop)
        tasks = [asyncio.create_task(state.hub.heartbeat()), asyncio.create_task(_hourly(state)),
                 asyncio.create_task(_agency(state)), asyncio.create_task(_deliveries(state)),
                 asyncio.create_task(state.proposal_clock.run()), asyncio.create_task(state.appointment_clock.run()),
                 asyncio.create_task(state.operator.run()), asyncio.create_task(_support(state))]
        yield
        for t in tasks:
            t.cancel()
        state.hub.close_all()
    app.cleanup_ctx.append(start_background)
    return app


async def _hourly(state):
    while True:
        try:
            await state.run(state.housekeeping)
        except Exception as e:  # noqa: BLE001 - housekeeping must not stop the server
            sys.stderr.write("housekeeping: %r\n" % (e,))
        # Hourly; more often only when a test shortened the event retention (--dev).
        await asyncio.sleep(min(3600, state.event_retention / 4))


async def _deliveries(state):
    """Notifications held back by quiet hours go out when they end (tools/lkserver/notify.py)."""
    while True:
        try:
            await state.run(notify.flush_deliveries, state)
        except Exception as e:  # noqa: BLE001
            sys.stderr.write("deliveries: %r\n" % (e,))
        await asyncio.sleep(5 if state.dev else 30)


async def _agency(state):
    """The agency simulator's clock (tools/lkserver/agency.py)."""
    while True:
        try:
            await state.run(agency.tick, state)
        except Exception as e:  # noqa: BLE001 - a failing step must not stop the simulator
            sys.stderr.write("agency: %r\n" % (e,))
        await asyncio.sleep(state.agency_pace.tick_seconds())


async def _support(state):
    """The support desk simulator's clock (tools/lkserver/support.py)."""
    while True:
        try:
            await state.run(support.tick, state)
        except Exception as e:  # noqa: BLE001
            sys.stderr.write("support: %r\n" % (e,))
        await asyncio.sleep(state.support_pace.tick_seconds())


def listen(host, port):
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(4096)
    sock.setblocking(False)
    return sock


async def serve(state, sock, on_ready=None):
    app = make_app(state)
    runner = Runner(app, access_log=None, keepalive_timeout=75)
    await runner.setup()
    site = web.SockSite(runner, sock, backlog=4096)
    await site.start()
    if on_ready:
        on_ready()
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
