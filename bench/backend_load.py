#!/usr/bin/env python3
"""Load benchmark of the reference backend: requests per second that tools/serve.py sustains with
20 concurrent keep-alive clients on 127.0.0.1: GET /health, the catalog (full, gzip, and
revalidated with If-None-Match), and an authenticated GET /profile of a demo citizen. Prints numbers; bounded in time.

    python3 bench/backend_load.py [--seconds 5] [--clients 20]
"""
import argparse
import base64
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from lkserver import sodium  # noqa: E402


def run(port, path, token, clients, seconds, extra_headers=None):
    counts, latencies, errors = [0] * clients, [], [0]
    lock = threading.Lock()
    stop = time.time() + seconds

    def worker(i):
        con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Authorization": "Bearer " + token} if token else {}
        headers.update(extra_headers or {})
        local = []
        while time.time() < stop:
            t0 = time.perf_counter()
            con.request("GET", path, headers=headers)
            r = con.getresponse()
            r.read()
            if r.status not in (200, 304):
                errors[0] += 1
            local.append(time.perf_counter() - t0)
            counts[i] += 1
        con.close()
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - t0
    latencies.sort()
    total = sum(counts)
    return total / elapsed, statistics.median(latencies) * 1000, latencies[int(len(latencies) * 0.95)] * 1000, errors[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--clients", type=int, default=20)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="lk-bench-")
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "tools", "serve.py"), "--port", "0", "--db", os.path.join(tmp, "db.sqlite3"),
                             "--dist", tmp, "--dev", "--seed"], stdout=subprocess.PIPE, text=True)
    try:
        port = int(re.search(r":(\d+)/", proc.stdout.readline()).group(1))
        time.sleep(1.0)  # seeding
        con = http.client.HTTPConnection("127.0.0.1", port)

        def call(method, path, body):
            con.request(method, "/api/v1" + path, json.dumps(body), {"Content-Type": "application/json"})
            return json.loads(con.getresponse().read())
        salt = base64.b64decode(call("POST", "/auth/prelogin", {"identifier": "ivanov@example.ru"})["salt"])
        auth, _ = sodium.derive_login_keys("Gosuslugi2026", salt)
        ch = call("POST", "/auth/login", {"identifier": "ivanov@example.ru", "authenticator": base64.b64encode(auth).decode()})
        con.request("GET", "/api/v1/dev/outbox?destination=%2B79001234567")
        code = json.loads(con.getresponse().read())["items"][-1]["code"]
        token = call("POST", "/auth/login/verify", {"challenge_id": ch["challenge_id"], "code": code})["access_token"]
        con.request("GET", "/api/v1/catalog")
        resp = con.getresponse()
        resp.read()
        etag = resp.getheader("ETag")
        for name, path, tok, hdrs in [("GET /api/v1/health (public)", "/api/v1/health", None, None),
                                      ("GET /api/v1/catalog (gzip, 122 services)", "/api/v1/catalog", None, {"Accept-Encoding": "gzip"}),
                                      ("GET /api/v1/catalog (If-None-Match → 304)", "/api/v1/catalog", None, {"If-None-Match": etag}),
                                      ("GET /api/v1/profile (authenticated)", "/api/v1/profile", token, None)]:
            rps, p50, p95, errs = run(port, path, tok, args.clients, args.seconds, hdrs)
            print("%-40s %d clients: %7.0f req/s, p50 %.1f ms, p95 %.1f ms, errors %d" % (name, args.clients, rps, p50, p95, errs))
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
