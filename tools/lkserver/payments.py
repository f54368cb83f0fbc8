"""«Начисления и платежи» (SPEC §6): charges — state fees for applications, traffic fines, taxes —
each with its УИН (ГИС ГМП, the control digit of validate.uin_valid), amount in kopecks, recipient
and due date; fines cost half while the discount applies (КоАП 32.2 §1.3: within 20 days of the
decision). Payments go through the reference backend's TEST gateway (docs/payments.md).
"""
import json
import secrets
import time

from .errors import ApiError, field_error, query_int, validation
from .responses import reply
from .validate import uin_control_digit

KINDS = ("fee", "fine", "tax")
DISCOUNT_DAYS = 20
PAGE = 200


def new_uin(con, length=20):
    """A fresh УИН: random digits and their control digit, unique among charges."""
    while True:
        body = "".join(secrets.choice("0123456789") for _ in range(length - 1))
        uin = body + str(uin_control_digit(body))
        if con.execute("SELECT 1 FROM charges WHERE uin = ?", (uin,)).fetchone() is None:
            return uin


def create_charge(con, account_id, kind, amount, purpose, recipient, due_at, decided_at=None, application_id=None, now=None, server=None):
    """A new charge; with a server (not while seeding), the account's open pages hear of it
    (payment_changed with payment null): a fine billed while «Платежи» is open shows at once."""
    t = time.time() if now is None else now
    cid = secrets.token_hex(8)
    con.execute("INSERT INTO charges (id, account_id, kind, uin, amount, purpose, recipient, created_at, due_at, decided_at, application_id) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (cid, account_id, kind, new_uin(con, 25 if kind == "tax" else 20), int(amount), purpose,
                 json.dumps(recipient, ensure_ascii=False), t, due_at, decided_at, application_id))
    if server is not None:
        from . import events  # (here: events imports the modules that import this one)
        events.publish(server, con, account_id, "payment_changed", {"payment": None, "charge": cid})
    return cid


def amount_due(row, now):
    """(amount to pay now in kopecks, the last moment of the discount or None)."""
    if row["kind"] == "fine" and row["decided_at"]:
        until = row["decided_at"] + DISCOUNT_DAYS * 86400
        if now <= until:
            return (row["amount"] + 1) // 2, until
    return row["amount"], None


# Where the state fee of an application is paid: a treasury account named after the agency.
def fee_recipient(agency_name):
    return {"name": "УФК по г. Москве (%s)" % agency_name[:200], "inn": "7710168360", "kpp": "771001001",
            "bik": "004525988", "account": "03100643000000017300"}


def charge_for_application(con, account_id, application_id, service, t, server=None):
    """The state fee («госпошлина») of an application for a paid service, billed when it is
    submitted, due in 20 days. None for a free service."""
    fee = int(service.get("fee") or 0)
    if fee <= 0:
        return None
    return create_charge(con, account_id, "fee", fee * 100, "Госпошлина: %s" % service.get("name", "")[:250],
                         fee_recipient(service.get("agency") or ""), t + 20 * 86400, application_id=application_id, now=t,
                         server=server)


def _last_payments(con, ids):
    """The latest payment of each charge: what the person sees as «в ожидании» / «отклонён»."""
    if not ids:
        return {}
    rows = con.execute("SELECT * FROM payments WHERE charge_id IN (%s) ORDER BY created_at" % ",".join("?" * len(ids)), list(ids)).fetchall()
    return {r["charge_id"]: r for r in rows}


def charge_bodies(con, rows, now):
    last = _last_payments(con, [r["id"] for r in rows])
    return [_body(r, now, last.get(r["id"])) for r in rows]


def _body(row, now, last=None):
    due, until = amount_due(row, now)
    return {"id": row["id"], "kind": row["kind"], "uin": row["uin"], "amount": row["amount"], "amount_due": due,
            "discount_until": int(until) if until else None, "purpose": row["purpose"], "recipient": json.loads(row["recipient"]),
            "created_at": int(row["created_at"]), "due_at": int(row["due_at"]),
            "decided_at": int(row["decided_at"]) if row["decided_at"] else None,
            "status": "paid" if row["paid_at"] else "unpaid", "paid_at": int(row["paid_at"]) if row["paid_at"] else None,
            "application": row["application_number"] if "application_number" in row.keys() else None,
            "last_payment": _payment_body(last) if last is not None else None,
            "test_gateway": True}


CHARGE_SELECT = "SELECT c.*, a.number AS application_number FROM charges c LEFT JOIN applications a ON a.id = c.application_id "


def application_charges(con, application_id):
    """The charges of one application (its state fee), for its page in «Мои заявления»."""
    rows = con.execute(CHARGE_SELECT + "WHERE c.application_id = ? ORDER BY c.created_at", (application_id,)).fetchall()
    return charge_bodies(con, rows, time.time())


def list_charges(req):
    """GET /charges?kind=&status=paid|unpaid: the user's charges, newest first."""
    q = {k: v[-1] for k, v in req.query.items()}
    sql, args = CHARGE_SELECT + "WHERE c.account_id = ?", [req.account["id"]]
    if q.get("kind"):
        if q["kind"] not in KINDS:
            raise validation([field_error("kind", "Одно из: " + ", ".join(KINDS))])
        sql += " AND c.kind = ?"
        args.append(q["kind"])
    if q.get("status"):
        if q["status"] not in ("paid", "unpaid"):
            raise validation([field_error("status", "paid или unpaid")])
        sql += " AND c.paid_at IS NOT NULL" if q["status"] == "paid" else " AND c.paid_at IS NULL"
    now = time.time()
    con = req.server.db.connect()
    rows = con.execute(sql + " ORDER BY c.created_at DESC LIMIT %d" % PAGE, args).fetchall()
    return reply(200, {"items": charge_bodies(con, rows, now)})


def get_charge(req):
    con = req.server.db.connect()
    row = con.execute(CHARGE_SELECT + "WHERE c.id = ? AND c.account_id = ?", (req.params["id"], req.account["id"])).fetchone()
    if row is None:
        raise ApiError(404, "not_found", "Начисление не найдено")
    return reply(200, charge_bodies(con, [row], time.time())[0])


# -- development interface ---------------------------------------------------------------------
def dev_create_charge(req):
    """POST /dev/charges {"phone", "kind", "amount", "decided_days_ago"?, "due_in_days"?}: an agency
    bills the account with that phone (tests and demos)."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    b = req.body
    errors = []
    if b.get("kind") not in KINDS:
        errors.append(field_error("kind", "Одно из: " + ", ".join(KINDS)))
    amount = b.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or not 1 <= amount <= 10 ** 11:
        errors.append(field_error("amount", "Сумма в копейках, от 1"))
    decided = b.get("decided_days_ago")
    if decided is not None and (not isinstance(decided, (int, float)) or not 0 <= decided <= 3650):
        errors.append(field_error("decided_days_ago", "От 0 до 3650"))
    due_in = b.get("due_in_days", 30)
    if not isinstance(due_in, (int, float)) or not -3650 <= due_in <= 3650:
        errors.append(field_error("due_in_days", "От -3650 до 3650"))
    if errors:
        raise validation(errors)
    now = time.time()
    with req.server.db.transaction() as con:
        acc = con.execute("SELECT id FROM accounts WHERE phone = ?", (str(b.get("phone", ""))[:20],)).fetchone()
        if acc is None:
            raise ApiError(404, "not_found", "Учётная запись не найдена")
        recipient = {"name": "УФК по г. Москве (тестовый получатель)", "inn": "7707089101", "kpp": "770731005",
                     "bik": "004525988", "account": "03100643000000017300"}
        decided_at = now - decided * 86400 if decided is not None else None
        cid = create_charge(con, acc["id"], b["kind"], amount, str(b.get("purpose") or "Тестовое начисление")[:300], recipient,
                            now + due_in * 86400, decided_at=decided_at, now=decided_at or now, server=req.server)
        row = con.execute("SELECT * FROM charges WHERE id = ?", (cid,)).fetchone()
    return reply(201, _body(row, now))


# -- the test gateway ----------------------------------------------------------------------------
# What the gateway does with the next payments (the development interface sets it): answer at once
# that it went through or was declined; answer twice (a gateway's callback delivered twice must not
# pay twice); or not answer (a timeout: the payment stays «в ожидании» until the development
# interface answers for the gateway).
GATEWAY_MODES = ("succeed", "decline", "double", "timeout")
DECLINE_REASON = "Банк отклонил операцию: недостаточно средств (тестовый шлюз)"


def _payment_body(p, charge=None):
    out = {"id": p["id"], "charge_id": p["charge_id"], "amount": p["amount"], "status": p["status"], "reason": p["reason"],
           "created_at": int(p["created_at"]), "finished_at": int(p["finished_at"]) if p["finished_at"] else None,
           "receipt": p["receipt"], "test": True}
    if charge is not None:
        out.update({"kind": charge["kind"], "uin": charge["uin"], "purpose": charge["purpose"]})
    return out


def _receipt(server, con, charge, payment, t):
    """The gateway's receipt in the user's wallet: a statement signed with the gateway's key (pinned
    in the client like an agency's, docs/agencies.json) and the content sealed to the payer."""
    from . import agency, crypto, events
    import base64
    import hashlib
    acc = con.execute("SELECT pk_x25519 FROM accounts WHERE id = ?", (charge["account_id"],)).fetchone()
    title = "Квитанция об оплате"
    content = agency.canonical({"v": 1, "title": title, "uin": charge["uin"], "purpose": charge["purpose"], "amount": payment["amount"],
                                "recipient": json.loads(charge["recipient"]), "paid_at": int(t), "payment": payment["id"],
                                "text": "Платёж проведён тестовым платёжным шлюзом; деньги не списывались."}).encode("utf-8")
    code = agency.new_code()
    statement = agency.canonical({"v": 1, "code": code, "kind": "receipt", "issuer": "gateway", "title": title, "issued_at": int(t),
                                  "uin": charge["uin"], "amount": payment["amount"], "content_sha256": hashlib.sha256(content).hexdigest()})
    _, sk = agency.signing_key("gateway")
    signature = crypto.sign_detached(statement.encode("utf-8"), sk)
    sealed = crypto.box_seal(content, base64.b64decode(acc["pk_x25519"])) if acc and acc["pk_x25519"] else b""
    con.execute("INSERT INTO documents (code, account_id, application_id, kind, title, issuer, issued_at, statement, signature, sealed) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                (code, charge["account_id"], charge["application_id"], "receipt", title, "gateway", t, statement, signature, sealed))
    events.publish(server, con, charge["account_id"], "document_issued", {"code": code, "application": None, "title": title})
    return code


def finish(server, payment_id, ok, reason="", now=None):
    """The gateway's answer about a payment. A second answer about the same payment changes nothing
    (returns False): a payment is decided once, and a charge is paid once (a unique index too)."""
    from . import events, notify
    t = time.time() if now is None else now
    with server.db.transaction() as con:
        p = con.execute("SELECT * FROM payments WHERE id = ?", (payment_id,)).fetchone()
        if p is None or p["status"] != "pending":
            return False
        charge = con.execute("SELECT * FROM charges WHERE id = ?", (p["charge_id"],)).fetchone()
        if ok and charge["paid_at"] is None:
            code = _receipt(server, con, charge, p, t)
            con.execute("UPDATE payments SET status = 'succeeded', finished_at = ?, receipt = ? WHERE id = ?", (t, code, p["id"]))
            con.execute("UPDATE charges SET paid_at = ? WHERE id = ?", (t, charge["id"]))
            notify.notify(server, con, charge["account_id"], "payment", "payment_succeeded",
                          {"uin": charge["uin"], "amount": p["amount"], "code": code}, {"type": "document", "id": code},
                          "Платёж по УИН %s проведён, квитанция в документах" % charge["uin"], now=t)
        else:
            why = (reason or DECLINE_REASON)[:300] if not ok else "Начисление уже оплачено"
            con.execute("UPDATE payments SET status = 'declined', finished_at = ?, reason = ? WHERE id = ?", (t, why, p["id"]))
            notify.notify(server, con, charge["account_id"], "payment", "payment_declined",
                          {"uin": charge["uin"], "amount": p["amount"], "reason": why}, {"type": "payment", "id": charge["id"]},
                          "Платёж по УИН %s отклонён: %s" % (charge["uin"], why), now=t)
        events.publish(server, con, charge["account_id"], "payment_changed", {"payment": p["id"], "charge": charge["id"]})
    return True


def pay(req):
    """POST /charges/{id}/pay: starts a payment of what is due now (the discounted amount while the
    discount applies). One pending payment per charge at a time: a second «Оплатить» while one is
    pending returns that one; a paid charge cannot be paid again (409 already_paid)."""
    now = time.time()
    with req.server.db.transaction() as con:
        charge = con.execute("SELECT * FROM charges WHERE id = ? AND account_id = ?", (req.params["id"], req.account["id"])).fetchone()
        if charge is None:
            raise ApiError(404, "not_found", "Начисление не найдено")
        if charge["paid_at"] is not None:
            raise ApiError(409, "already_paid", "Начисление уже оплачено")
        pending = con.execute("SELECT * FROM payments WHERE charge_id = ? AND status = 'pending'", (charge["id"],)).fetchone()
        if pending is not None:
            return reply(200, _payment_body(pending, charge))
        due, _ = amount_due(charge, now)
        pid = secrets.token_hex(8)
        con.execute("INSERT INTO payments (id, charge_id, account_id, amount, status, created_at) VALUES (?,?,?,?,?,?)",
                    (pid, charge["id"], req.account["id"], due, "pending", now))
    mode = getattr(req.server, "gateway_mode", "succeed")
    if mode in ("succeed", "double"):
        finish(req.server, pid, True)
        if mode == "double":
            finish(req.server, pid, True)
    elif mode == "decline":
        finish(req.server, pid, False)
    p = req.server.db.one("SELECT * FROM payments WHERE id = ?", (pid,))
    return reply(201, _payment_body(p, charge))


def list_payments(req):
    """GET /payments?kind=&from=&to=: the history, newest first."""
    q = {k: v[-1] for k, v in req.query.items()}
    sql = ("SELECT p.*, c.kind, c.uin, c.purpose FROM payments p JOIN charges c ON c.id = p.charge_id WHERE p.account_id = ?")
    args = [req.account["id"]]
    if q.get("kind"):
        if q["kind"] not in KINDS:
            raise validation([field_error("kind", "Одно из: " + ", ".join(KINDS))])
        sql += " AND c.kind = ?"
        args.append(q["kind"])
    for key, op in (("from", ">="), ("to", "<")):
        v = query_int(q, key, 0, 10 ** 11)
        if v is not None:
            sql += " AND p.created_at %s ?" % op
            args.append(v)
    rows = req.server.db.query(sql + " ORDER BY p.created_at DESC LIMIT %d" % PAGE, args)
    return reply(200, {"items": [dict(_payment_body(r), kind=r["kind"], uin=r["uin"], purpose=r["purpose"]) for r in rows]})


def get_payment(req):
    p = req.server.db.one("SELECT * FROM payments WHERE id = ? AND account_id = ?", (req.params["id"], req.account["id"]))
    if p is None:
        raise ApiError(404, "not_found", "Платёж не найден")
    charge = req.server.db.one("SELECT * FROM charges WHERE id = ?", (p["charge_id"],))
    return reply(200, _payment_body(p, charge))


def dev_gateway(req):
    """POST /dev/gateway {"mode"}: how the test gateway answers the next payments."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    mode = req.body.get("mode")
    if mode not in GATEWAY_MODES:
        raise validation([field_error("mode", "Одно из: " + ", ".join(GATEWAY_MODES))])
    req.server.gateway_mode = mode
    return reply(200, {"mode": mode})


def dev_pending(req):
    """GET /dev/gateway/pending?phone=: the payments the gateway has not answered (what a test
    answers for it), oldest first."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    phone = str(req.query.get("phone", [""])[-1])[:20]
    rows = req.server.db.query("SELECT p.* FROM payments p JOIN accounts a ON a.id = p.account_id "
                               "WHERE p.status = 'pending' AND (? = '' OR a.phone = ?) ORDER BY p.created_at LIMIT 100", (phone, phone))
    return reply(200, {"items": [_payment_body(r) for r in rows]})


def dev_answer(req):
    """POST /dev/gateway/payments/{id}/answer {"ok", "reason"?}: the gateway's (late) answer; again
    and again if a test wants — only the first counts."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    ok = req.body.get("ok")
    if not isinstance(ok, bool):
        raise validation([field_error("ok", "true или false")])
    changed = finish(req.server, req.params["id"], ok, str(req.body.get("reason") or "")[:300])
    p = req.server.db.one("SELECT * FROM payments WHERE id = ?", (req.params["id"],))
    if p is None:
        raise ApiError(404, "not_found", "Платёж не найден")
    return reply(200, dict(_payment_body(p), changed=changed))
