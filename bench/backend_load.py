#!/usr/bin/python3
"""Load benchmark of the reference backend with wrk (Debian's package; `apt-get install wrk`):
requests per second and p50/p95 latency with 50 concurrent keep-alive connections on 127.0.0.1
for the catalog (gzip), the first sign-in step (POST /auth/login with a correct authenticator:
HMAC check, a one-time code written and "sent"), and an authenticated GET /profile (decrypting
the profile at rest). Prints numbers; bounded in time.

    bench/backend_load.py [--seconds 10] [--clients 50]
    bench/backend_load.py --serve "python3 /tmp/old/tools/serve.py" --unlimited   # an older build

The server is started with --dev --seed and --limits-scale 1000 (sending limits would otherwise
stop a benchmark that asks for thousands of codes for one phone, as they should); --unlimited is
for builds from before the limits, which do not know that switch.
"""
import argparse
import base64
import hashlib
import http.client
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import nacl.bindings
import nacl.pwhash

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LUA = r"""
wrk.method = os.getenv("LK_METHOD") or "GET"
wrk.body = os.getenv("LK_BODY")
if os.getenv("LK_AUTH") then wrk.headers["Authorization"] = "Bearer " .. os.getenv("LK_AUTH") end
if wrk.body then wrk.headers["Content-Type"] = "application/json" end
wrk.headers["Accept-Encoding"] = "gzip"
errors = 0
response = function(status, headers, body) if status >= 300 and status ~= 304 then errors = errors + 1 end end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.errors.status, summary.requests))
end
"""


def derive_authenticator(password, salt, ops, mem):
    """The client's derivation (src/crypto/login_keys.cpp): Argon2id, then crypto_kdf subkey 1."""
    master = nacl.bindings.crypto_pwhash_alg(32, password.encode(), salt, ops, mem, nacl.bindings.crypto_pwhash_ALG_ARGON2ID13)
    return hashlib.blake2b(b"", digest_size=32, key=master, salt=(1).to_bytes(8, "little") + b"\0" * 8,
                           person=b"lk-auth_" + b"\0" * 8).digest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--serve", default="/usr/bin/python3 " + os.path.join(ROOT, "tools", "serve.py"),
                    help="command that starts a server (serve.py arguments are appended)")
    ap.add_argument("--unlimited", action="store_true", help="the server has no sending limits (and no --limits-scale)")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    tmp = tempfile.mkdtemp(prefix="lk-bench-")
    extra = [] if args.unlimited else ["--limits-scale", "1000"]
    cmd = shlex.split(args.serve) + ["--port", "0", "--db", os.path.join(tmp, "db.sqlite3"), "--dist", tmp,
                                                         "--dev", "--seed"] + extra
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    lua = os.path.join(tmp, "lk.lua")
    with open(lua, "w") as f:
        f.write(LUA)
    try:
        port = int(re.search(r":(\d+)/", proc.stdout.readline()).group(1))
        # The server prints every code it "sends" (--dev --seed): keep reading, or its pipe fills
        # and the printing thread blocks.
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        con = None
        for _ in range(100):  # seeding runs Argon2id three times before the server answers
            try:
                con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                con.request("GET", "/api/v1/health")
                con.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)

        def call(method, path, body=None):
            con.request(method, "/api/v1" + path, json.dumps(body) if body is not None else None, {"Content-Type": "application/json"})
            return json.loads(con.getresponse().read())
        pre = call("POST", "/auth/prelogin", {"identifier": "+79001234567"})
        auth = base64.b64encode(derive_authenticator("Gosuslugi2026", base64.b64decode(pre["salt"]), pre["kdf"]["ops"],
                                                     pre["kdf"]["mem"])).decode()
        login_body = json.dumps({"identifier": "+79001234567", "authenticator": auth})
        ch = call("POST", "/auth/login", json.loads(login_body))
        code = call("GET", "/dev/outbox?destination=%2B79001234567")["items"][-1]["code"]
        token = call("POST", "/auth/login/verify", {"challenge_id": ch["challenge_id"], "code": code})["access_token"]
        runs = [("GET  /catalog (gzip, 122 services)", "/api/v1/catalog", {}),
                ("POST /auth/login (first factor)", "/api/v1/auth/login", {"LK_METHOD": "POST", "LK_BODY": login_body}),
                ("GET  /profile (authenticated)", "/api/v1/profile", {"LK_AUTH": token})]
        for name, path, env in runs:
            out = subprocess.run(["wrk", "-t2", "-c%d" % args.clients, "-d%ds" % args.seconds, "-s", lua, "--timeout", "10s",
                                  "http://127.0.0.1:%d%s" % (port, path)], env=dict(os.environ, **env), capture_output=True, text=True)
            m = re.search(r"RESULT (\S+) (\S+) (\S+) (\d+) (\d+)", out.stdout)
            if not m:
                print("%-36s wrk failed: %s" % (name, out.stdout + out.stderr))
                continue
            rps, p50, p95, errs, total = float(m.group(1)), float(m.group(2)), float(m.group(3)), int(m.group(4)), int(m.group(5))
            print("%-36s %d clients: %7.0f req/s  p50 %6.1f ms  p95 %6.1f ms  non-2xx %d of %d" % (name, args.clients, rps, p50, p95, errs, total))
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
