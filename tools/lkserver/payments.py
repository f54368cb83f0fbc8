"""«Начисления и платежи» (SPEC §6): charges — state fees for applications, traffic fines, taxes —
each with its УИН (ГИС ГМП, the control digit of validate.uin_valid), amount in kopecks, recipient
and due date; fines cost half while the discount applies (КоАП 32.2 §1.3: within 20 days of the
decision). Payments go through the reference backend's TEST gateway.

Work in progress (issue 11): charges and their listing; the gateway, receipts and the client's
screens follow.
"""
import json
import secrets
import time

from .errors import ApiError, field_error, validation
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


def create_charge(con, account_id, kind, amount, purpose, recipient, due_at, decided_at=None, application_id=None, now=None):
    t = time.time() if now is None else now
    cid = secrets.token_hex(8)
    con.execute("INSERT INTO charges (id, account_id, kind, uin, amount, purpose, recipient, created_at, due_at, decided_at, application_id) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (cid, account_id, kind, new_uin(con, 25 if kind == "tax" else 20), int(amount), purpose,
                 json.dumps(recipient, ensure_ascii=False), t, due_at, decided_at, application_id))
    return cid


def amount_due(row, now):
    """(amount to pay now in kopecks, the last moment of the discount or None)."""
    if row["kind"] == "fine" and row["decided_at"]:
        until = row["decided_at"] + DISCOUNT_DAYS * 86400
        if now <= until:
            return (row["amount"] + 1) // 2, until
    return row["amount"], None


def _body(row, now):
    due, until = amount_due(row, now)
    return {"id": row["id"], "kind": row["kind"], "uin": row["uin"], "amount": row["amount"], "amount_due": due,
            "discount_until": int(until) if until else None, "purpose": row["purpose"], "recipient": json.loads(row["recipient"]),
            "created_at": int(row["created_at"]), "due_at": int(row["due_at"]),
            "decided_at": int(row["decided_at"]) if row["decided_at"] else None,
            "status": "paid" if row["paid_at"] else "unpaid", "paid_at": int(row["paid_at"]) if row["paid_at"] else None}


def list_charges(req):
    """GET /charges?kind=&status=paid|unpaid: the user's charges, newest first."""
    q = {k: v[-1] for k, v in req.query.items()}
    sql, args = "SELECT * FROM charges WHERE account_id = ?", [req.account["id"]]
    if q.get("kind"):
        if q["kind"] not in KINDS:
            raise validation([field_error("kind", "Одно из: " + ", ".join(KINDS))])
        sql += " AND kind = ?"
        args.append(q["kind"])
    if q.get("status"):
        if q["status"] not in ("paid", "unpaid"):
            raise validation([field_error("status", "paid или unpaid")])
        sql += " AND paid_at IS NOT NULL" if q["status"] == "paid" else " AND paid_at IS NULL"
    now = time.time()
    rows = req.server.db.query(sql + " ORDER BY created_at DESC LIMIT %d" % PAGE, args)
    return reply(200, {"items": [_body(r, now) for r in rows]})


def get_charge(req):
    row = req.server.db.one("SELECT * FROM charges WHERE id = ? AND account_id = ?", (req.params["id"], req.account["id"]))
    if row is None:
        raise ApiError(404, "not_found", "Начисление не найдено")
    return reply(200, _body(row, time.time()))


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
                            now + due_in * 86400, decided_at=decided_at, now=decided_at or now)
        row = con.execute("SELECT * FROM charges WHERE id = ?", (cid,)).fetchone()
    return reply(201, _body(row, now))
