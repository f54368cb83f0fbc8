"""The document wallet, «Проверить документ» and «Кто смотрел мои данные» (docs/documents.md).

The server keeps what an agency issued as it was issued: the signed statement (public: anyone
with the verification code may check it) and the content sealed to the holder's X25519 key
(only the holder's device opens it). It cannot alter a statement unnoticed — the client checks
the signature against agency keys pinned in its own configuration — and it cannot read the
content.
"""
import base64
import re
import time

from . import agency
from .errors import ApiError
from .responses import reply

CODE_RE = re.compile(r"^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$")
VERIFY_PER_ADDRESS = [(120, 3600)]       # verification codes are 80 random bits; this stops scraping
ACCESS_PAGE = 200


def b64(raw):
    return base64.b64encode(bytes(raw or b"")).decode("ascii")


def _public(r):
    """What anyone with the code may see: the signed statement and a signed revocation, if any."""
    out = {"code": r["code"], "statement": r["statement"], "signature": b64(r["signature"]), "revocation": None}
    if r["revocation"]:
        out["revocation"] = {"statement": r["revocation"], "signature": b64(r["revocation_signature"])}
    return out


def _own(r, with_content):
    out = _public(r)
    out.update({"kind": r["kind"], "title": r["title"], "issuer": r["issuer"], "issued_at": r["issued_at"],
                "application": r["number"], "size": len(r["sealed"] or b"")})
    if with_content:
        out["sealed"] = b64(r["sealed"])
    return out


_SELECT = "SELECT d.*, a.number FROM documents d LEFT JOIN applications a ON a.id = d.application_id "


def list_documents(req):
    rows = req.server.db.query(_SELECT + "WHERE d.account_id = ? ORDER BY d.issued_at DESC LIMIT 500", (req.account["id"],))
    return reply(200, {"items": [_own(r, False) for r in rows]})


def get_document(req):
    code = req.params["code"]
    r = req.server.db.one(_SELECT + "WHERE d.code = ? AND d.account_id = ?", (code, req.account["id"]))
    if r is None:
        raise ApiError(404, "not_found", "Документ не найден")
    return reply(200, _own(r, True))


def verify_document(req):
    """GET /documents/verify/{code}: public. Records that the document was checked in its holder's
    «Кто смотрел мои данные» (what was seen: the statement, not the content)."""
    code = req.params["code"].upper()
    if not CODE_RE.match(code):
        raise ApiError(404, "not_found", "Документ с таким кодом не найден")
    with req.server.db.transaction() as con:
        req.server.limits.check_rate(con, [("verify:" + req.ip, VERIFY_PER_ADDRESS)])
        r = con.execute("SELECT * FROM documents WHERE code = ?", (code,)).fetchone()
        if r is None:
            raise ApiError(404, "not_found", "Документ с таким кодом не найден")
        agency.record_access(con, r["account_id"], "Проверка документа по коду", "Документ «%s»" % r["title"],
                             "Подлинность документа проверили по коду проверки")
    return reply(200, _public(r))


def list_data_access(req):
    """GET /data-access?who=&from=&to=: who read the user's data, newest first."""
    q = {k: v[-1] for k, v in req.query.items()}
    sql = "SELECT at, who, what, why FROM data_access WHERE account_id = ?"
    args = [req.account["id"]]
    who = q.get("who", "")
    if len(who) > 200:
        raise ApiError(400, "bad_request", "Слишком длинное название организации")
    if who:
        sql += " AND who = ?"
        args.append(who)
    for name, op in (("from", ">="), ("to", "<")):
        if q.get(name):
            try:
                args.append(float(q[name]))
            except ValueError:
                raise ApiError(400, "bad_request", "Параметр %s: время в секундах" % name)
            sql += " AND at %s ?" % op
    rows = req.server.db.query(sql + " ORDER BY at DESC, id DESC LIMIT %d" % ACCESS_PAGE, tuple(args))
    orgs = req.server.db.query("SELECT DISTINCT who FROM data_access WHERE account_id = ? ORDER BY who", (req.account["id"],))
    return reply(200, {"items": [dict(r) for r in rows], "organisations": [r["who"] for r in orgs], "now": time.time()})
