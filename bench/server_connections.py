#!/usr/bin/python3
"""What the reference backend does with many connections (asyncio client, 127.0.0.x addresses):

1. 1,000 slow connections (headers trickling in a byte a second) held open while other users
   ask for the catalog: p50/p95 of those requests, and how the slow ones end (408 at the deadline);
2. 2,000 idle event streams held: the server's resident memory per stream;
3. fan-out latency: a profile change made through the API until its event reaches a listening
   client, p50/p95 over 100 changes — with one stream open, and with the 2,000 streams of the
   same user all receiving every event.

    bench/server_connections.py [--streams 2000] [--slow 1000] [--events 100]
"""
import argparse
import asyncio
import base64
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import nacl.bindings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def authenticator(password, salt, ops, mem):
    master = nacl.bindings.crypto_pwhash_alg(32, password.encode(), salt, ops, mem, nacl.bindings.crypto_pwhash_ALG_ARGON2ID13)
    return hashlib.blake2b(b"", digest_size=32, key=master, salt=(1).to_bytes(8, "little") + b"\0" * 8,
                           person=b"lk-auth_" + b"\0" * 8).digest()


async def request(port, method, path, body=None, token=None, source=None):
    r, w = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0) if source else None)
    data = json.dumps(body).encode() if body is not None else b""
    head = "%s %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: %d\r\n" % (method, path, len(data))
    if body is not None:
        head += "Content-Type: application/json\r\n"
    if token:
        head += "Authorization: Bearer %s\r\n" % token
    w.write(head.encode() + b"\r\n" + data)
    raw = await r.read()
    w.close()
    status = int(raw.split(b" ", 2)[1])
    payload = raw.split(b"\r\n\r\n", 1)[1]
    if b"transfer-encoding: chunked" in raw.split(b"\r\n\r\n", 1)[0].lower():
        out, rest = b"", payload
        while rest:
            size_line, rest = rest.split(b"\r\n", 1)
            n = int(size_line, 16)
            if n == 0:
                break
            out, rest = out + rest[:n], rest[n + 2:]
        payload = out
    return status, (json.loads(payload) if payload else None)


async def sign_in(port):
    st, pre = await request(port, "POST", "/api/v1/auth/prelogin", {"identifier": "+79001234567"})
    auth = base64.b64encode(authenticator("Gosuslugi2026", base64.b64decode(pre["salt"]), pre["kdf"]["ops"], pre["kdf"]["mem"])).decode()
    st, ch = await request(port, "POST", "/api/v1/auth/login", {"identifier": "+79001234567", "authenticator": auth})
    st, out = await request(port, "GET", "/api/v1/dev/outbox?destination=%2B79001234567")
    code = [m for m in out["items"] if m["code"]][-1]["code"]
    st, s = await request(port, "POST", "/api/v1/auth/login/verify", {"challenge_id": ch["challenge_id"], "code": code})
    return s["access_token"]


async def open_stream(port, token, source):
    r, w = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    w.write(("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nAuthorization: Bearer %s\r\n\r\n" % token).encode())
    await r.readuntil(b": connected\n\n")
    return r, w


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


async def read_event(reader, want_id_after):
    """Reads until a profile_changed event newer than want_id_after; returns its id."""
    while True:
        block = await reader.readuntil(b"\n\n")
        m = re.search(rb"id: (\d+)\nevent: profile_changed", block)
        if m and int(m.group(1)) > want_id_after:
            return int(m.group(1))


async def fanout(port, token, listener, n):
    lat, last = [], 0
    for i in range(n):
        st, prof = await request(port, "GET", "/api/v1/profile", token=token)
        data = dict(prof["data"], residence_address="Адрес %d" % i)
        t0 = time.perf_counter()
        put = asyncio.ensure_future(request(port, "PUT", "/api/v1/profile", {"base_version": prof["version"], "data": data}, token=token))
        last = await read_event(listener, last)
        lat.append((time.perf_counter() - t0) * 1000)
        await put
    lat.sort()
    return statistics.median(lat), lat[int(len(lat) * 0.95) - 1]


async def drain(reader):
    try:
        while await reader.read(65536):
            pass
    except (ConnectionError, asyncio.CancelledError):
        pass


async def main_async(args, port, pid):
    token = await sign_in(port)

    # 1. Slow connections while others are served.
    slow = []
    for i in range(args.slow):
        src = "127.0.1.%d" % (1 + i // 200)
        r, w = await asyncio.open_connection("127.0.0.1", port, local_addr=(src, 0))
        w.write(b"GET /api/v1/health HTTP/1.1\r\nHo")
        slow.append((r, w))
    t_open = time.perf_counter()

    async def trickle():
        for _ in range(60):
            await asyncio.sleep(1)
            for r, w in slow:
                if not w.is_closing():
                    w.write(b"s")
    trickler = asyncio.ensure_future(trickle())
    lat = []
    for i in range(200):
        t0 = time.perf_counter()
        st, _ = await request(port, "GET", "/api/v1/catalog", source="127.0.2.1")
        lat.append((time.perf_counter() - t0) * 1000)
        assert st == 200
    lat.sort()
    print("catalog with %d slow connections open: p50 %.1f ms, p95 %.1f ms (200 requests)" % (args.slow, statistics.median(lat), lat[189]))
    answers = await asyncio.gather(*[asyncio.wait_for(r.read(), 60) for r, w in slow], return_exceptions=True)
    ended = time.perf_counter() - t_open
    n408 = sum(1 for a in answers if isinstance(a, bytes) and a.startswith(b"HTTP/1.1 408"))
    print("slow connections answered 408 and closed: %d of %d, the last after %.1f s (deadline %s s)" % (n408, args.slow, ended, args.deadline))
    trickler.cancel()
    for r, w in slow:
        w.close()

    # 2. Idle streams: memory per stream.
    await asyncio.sleep(1)
    before = rss_kib(pid)
    streams = []
    for i in range(args.streams):
        streams.append(await open_stream(port, token, "127.0.3.%d" % (1 + i // 200)))
    await asyncio.sleep(1)
    after = rss_kib(pid)
    print("%d idle event streams held: server RSS %.1f → %.1f MiB, %.1f KiB per stream" % (
        args.streams, before / 1024, after / 1024, (after - before) / args.streams))
    readers = [asyncio.ensure_future(drain(r)) for r, w in streams[1:]]

    # 3. Fan-out latency: with all streams of this user receiving every event, then with one.
    p50, p95 = await fanout(port, token, streams[0][0], args.events)
    print("fan-out to %d streams, change → event at one of them: p50 %.1f ms, p95 %.1f ms (%d changes)" % (
        args.streams, p50, p95, args.events))
    for r in readers:
        r.cancel()
    for r, w in streams[1:]:
        w.close()
    await asyncio.sleep(0.5)
    p50, p95 = await fanout(port, token, streams[0][0], args.events)
    print("one stream, change → event: p50 %.1f ms, p95 %.1f ms (%d changes)" % (p50, p95, args.events))
    streams[0][1].close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--streams", type=int, default=2000)
    ap.add_argument("--slow", type=int, default=1000)
    ap.add_argument("--events", type=int, default=100)
    ap.add_argument("--deadline", type=int, default=10)
    args = ap.parse_args()
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    tmp = tempfile.mkdtemp(prefix="lk-conn-bench-")
    proc = subprocess.Popen(["/usr/bin/python3", os.path.join(ROOT, "tools", "serve.py"), "--port", "0", "--db", os.path.join(tmp, "db.sqlite3"),
                             "--dist", tmp, "--dev", "--seed", "--request-deadline", str(args.deadline), "--limits-scale", "1000"],
                            stdout=subprocess.PIPE, text=True)
    try:
        port = int(re.search(r":(\d+)/", proc.stdout.readline()).group(1))
        # The server prints every code it "sends" (--dev --seed): keep reading, or its pipe fills
        # and the printing thread blocks.
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        asyncio.run(main_async(args, port, proc.pid))
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
