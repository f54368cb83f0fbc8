"""The status machine of applications (SPEC §5), loaded from the contract's docs/statuses.json —
the same table the client compiles (src/core/app_status.cpp; a unit test compares the two).
Every change of status goes through move(): it refuses any transition the table does not list for
that actor, records the move in the application's history (the timeline the user sees) and
publishes it on the event stream in the same transaction."""
import json
import os
import time

from . import events, forms, notify
from .errors import ApiError

_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "statuses.json")
with open(_PATH, encoding="utf-8") as f:
    _TABLE = json.load(f)

STATUSES = {s["code"]: s for s in _TABLE["statuses"]}
MOVES = {(m["from"], m["to"]): m["by"] for m in _TABLE["transitions"]}
ACTORS = ("user", "agency", "system")
MAX_COMMENT = 2000


def allowed(from_status, to_status, actor):
    return MOVES.get((from_status, to_status)) == actor


def label(code):
    return STATUSES[code]["ru"] if code in STATUSES else code


def move(server, con, app_row, to_status, actor, comment="", info=None, expected_at=None):
    """Moves an application (a row of `applications`, read in this transaction) to `to_status`.
    Raises 409 invalid_transition when the table does not allow it for `actor`. `info` replaces
    what the application carries about its current status (question, deadline, reason)."""
    current = app_row["status"]
    if to_status not in STATUSES:
        raise ApiError(422, "validation_failed", "Неизвестный статус: %s" % str(to_status)[:40])
    if not allowed(current, to_status, actor):
        who = {"user": "заявителем", "agency": "ведомством", "system": "системой"}.get(actor, actor)
        raise ApiError(409, "invalid_transition", "Заявление в статусе «%s» не может перейти в статус «%s» (%s)" %
                       (label(current), label(to_status), who))
    t = time.time()
    comment = (comment or "")[:MAX_COMMENT]
    # Optimistic check: the status read by the caller is still the stored one (two agency workers,
    # or the user's cancel racing the agency's move, cannot both win).
    cur = con.execute("UPDATE applications SET status = ?, updated_at = ?, info = ?, expected_at = COALESCE(?, expected_at) "
                      "WHERE id = ? AND status = ?",
                      (to_status, t, json.dumps(info or {}, ensure_ascii=False), expected_at, app_row["id"], current))
    if cur.rowcount != 1:
        raise ApiError(409, "invalid_transition", "Статус заявления только что изменился: обновите страницу")
    con.execute("INSERT INTO application_history (application_id, at, from_status, to_status, actor, comment) VALUES (?,?,?,?,?,?)",
                (app_row["id"], t, current, to_status, actor, comment))
    for account in applicants(con, app_row):
        events.publish(server, con, account, "application_changed",
                       {"number": app_row["number"], "status": to_status, "from": current, "form_code": app_row["form_code"]})
        if actor != "user":
            # The applicants learn of what others did; their own cancel needs no notification.
            service = forms.FORMS.get(app_row["form_code"], {}).get("title", "")
            notify.notify(server, con, account, "status", "application_status",
                          {"number": app_row["number"], "status": to_status, "from": current, "service": service},
                          {"type": "application", "id": app_row["number"]},
                          "Заявление № %s «%s»: статус «%s»" % (app_row["number"], service, label(to_status)), now=t)
    return con.execute("SELECT * FROM applications WHERE id = ?", (app_row["id"],)).fetchone()


def applicants(con, app_row):
    """Who follows an application: the one who submitted it, and a joint application's co-applicants."""
    out = [app_row["account_id"]]
    for r in con.execute("SELECT account_id FROM application_applicants WHERE application_id = ?", (app_row["id"],)):
        if r["account_id"] not in out:
            out.append(r["account_id"])
    return out


def history(con, application_id):
    rows = con.execute("SELECT at, from_status, to_status, actor, comment FROM application_history WHERE application_id = ? ORDER BY id",
                       (application_id,)).fetchall()
    return [{"at": r["at"], "from": r["from_status"], "status": r["to_status"], "actor": r["actor"], "comment": r["comment"]} for r in rows]
