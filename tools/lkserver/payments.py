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
