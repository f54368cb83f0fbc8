#!/usr/bin/python3
"""Another device of a demo citizen, for bench/event_latency.mjs: signs in over the contract (the
password never leaves it — Argon2id here, as the app does) and then, for each line read from
stdin, sets the profile's residence address to that line and prints "ok" once the server has
answered. Run by /usr/bin/python3 (Debian's python3-nacl)."""
import base64
import hashlib
import json
import sys
import urllib.parse
import urllib.request

import nacl.bindings as na


def kdf_subkey(master, sub_id, ctx):
    return hashlib.blake2b(b"", digest_size=32, key=master, salt=sub_id.to_bytes(8, "little") + b"\0" * 8,
                           person=ctx + b"\0" * (16 - len(ctx))).digest()


def call(base, method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Accept", "application/json")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as r:
        raw = r.read()
        return json.loads(raw) if raw else None


def main():
    base, phone, password = sys.argv[1].rstrip("/") + "/api/v1", sys.argv[2], sys.argv[3]
    pre = call(base, "POST", "/auth/prelogin", {"identifier": phone})
    master = na.crypto_pwhash_alg(32, password.encode(), base64.b64decode(pre["salt"]), pre["kdf"]["ops"], pre["kdf"]["mem"],
                                  na.crypto_pwhash_ALG_ARGON2ID13)
    auth = base64.b64encode(kdf_subkey(master, 1, b"lk-auth_")).decode()
    ch = call(base, "POST", "/auth/login", {"identifier": phone, "authenticator": auth})
    outbox = call(base, "GET", "/dev/outbox?destination=" + urllib.parse.quote(phone))
    code = [m for m in outbox["items"] if m.get("code")][-1]["code"]
    token = call(base, "POST", "/auth/login/verify", {"challenge_id": ch["challenge_id"], "code": code})["access_token"]
    print("ready", flush=True)
    for line in sys.stdin:
        cur = call(base, "GET", "/profile", token=token)
        data = cur["data"]
        data["residence_address"] = line.strip()
        call(base, "PUT", "/profile", {"base_version": cur["version"], "data": data}, token=token)
        print("ok", flush=True)


if __name__ == "__main__":
    main()
