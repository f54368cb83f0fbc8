#!/usr/bin/python3
"""The receiving agency's side of a submission (SPEC §4), for tests and for people checking the
crypto by hand: opens an application the reference backend stored, with the agency's secret key,
verifies the Ed25519 signature and that the signer is the applicant's account key, decrypts every
attachment with the key found inside the sealed application and checks its SHA-256; then the same
for every answer to the agency's questions and the files referenced inside it.

    tools/agency_inbox.py --db build/dev.sqlite --number 7K3M-9XQ2-H4TB

Prints one JSON object; exit status 0 only when everything checks out.
"""
import argparse
import base64
import hashlib
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lkserver import crypto as sodium  # noqa: E402
from lkserver.applications import attachment_bytes  # noqa: E402


def open_files(refs, stored):
    """Each file a sealed document references: fetched by id, decrypted with its key, checked."""
    out = []
    for f in refs:
        if not isinstance(f, dict) or "attachment" not in f:
            continue
        blob = stored.get(f["attachment"])
        data = sodium.secretstream_open(blob, base64.b64decode(f["key"])) if blob is not None else None
        out.append({"name": f.get("name"), "type": f.get("type"), "size": len(data) if data is not None else None,
                    "encrypted_bytes": len(blob) if blob is not None else None,
                    "decrypted": data is not None,
                    "sha256_ok": data is not None and hashlib.sha256(data).hexdigest() == f.get("sha256")})
    return out


def open_application(db_path, number):
    con = sqlite3.connect(db_path)
    con.row_factory = sqlite3.Row
    row = con.execute("SELECT a.*, acc.pk_ed25519 FROM applications a JOIN accounts acc ON acc.id = a.account_id WHERE a.number = ?",
                      (number,)).fetchone()
    if row is None:
        return {"ok": False, "error": "no such application"}
    with open(db_path + ".agency-keys.json", encoding="utf-8") as f:
        keys = json.load(f)
    from lkserver.forms import FORMS
    agency = FORMS[row["form_code"]]["agency"]
    pk, sk = base64.b64decode(keys[agency]["pk"]), base64.b64decode(keys[agency]["sk"])
    out = {"number": number, "agency": agency, "sealed_bytes": len(row["sealed"]), "opened": False, "signature_valid": False,
           "signer_is_applicant": False, "files": []}
    plain = sodium.box_seal_open(bytes(row["sealed"]), pk, sk)
    if plain is None:
        out["ok"] = False
        return out
    out["opened"] = True
    env = json.loads(plain.decode("utf-8"))
    text = env["application"].encode("utf-8")
    signer = base64.b64decode(env["signer"])
    out["signature_valid"] = sodium.sign_verify_detached(base64.b64decode(env["signature"]), text, signer)
    recorded = row["signer_key"] or row["pk_ed25519"]   # applications from before schema 5 recorded none
    out["signer_is_applicant"] = base64.b64encode(signer).decode() == recorded
    app = json.loads(text)
    # Canonical means: re-serialising with sorted keys and no spaces gives the signed bytes back.
    out["canonical"] = json.dumps(app, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8") == text
    out["application"] = app
    stored = {r["id"]: attachment_bytes(con, r["id"]) for r in con.execute("SELECT id FROM attachments WHERE application_id = ?", (row["id"],))}
    for value in app.get("answers", {}).values():
        if isinstance(value, list):
            out["files"] += open_files(value, stored)
    # The applicant's answers to the agency's questions: the same envelope, files referenced inside.
    out["answers"] = []
    for a in con.execute("SELECT at, sealed FROM application_answers WHERE application_id = ? ORDER BY id", (row["id"],)):
        entry = {"at": a["at"], "opened": False, "signature_valid": False, "signer_is_applicant": False, "files": []}
        out["answers"].append(entry)
        plain = sodium.box_seal_open(bytes(a["sealed"]), pk, sk)
        if plain is None:
            continue
        entry["opened"] = True
        env = json.loads(plain.decode("utf-8"))
        text = env["application"].encode("utf-8")
        signer = base64.b64decode(env["signer"])
        entry["signature_valid"] = sodium.sign_verify_detached(base64.b64decode(env["signature"]), text, signer)
        entry["signer_is_applicant"] = base64.b64encode(signer).decode() == recorded
        doc = json.loads(text)
        entry["answer"], entry["number"] = doc.get("answer"), doc.get("number")
        entry["files"] = open_files(doc.get("files") or [], stored)
    answers_ok = all(e["opened"] and e["signature_valid"] and e["signer_is_applicant"] and e.get("number") == number and
                     all(f["decrypted"] and f["sha256_ok"] for f in e["files"]) for e in out["answers"])
    out["ok"] = out["opened"] and out["signature_valid"] and out["signer_is_applicant"] and out["canonical"] and \
        all(f["decrypted"] and f["sha256_ok"] for f in out["files"]) and answers_ok
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--number", required=True)
    a = ap.parse_args()
    result = open_application(a.db, a.number)
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main())
