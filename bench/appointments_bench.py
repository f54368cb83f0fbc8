#!/usr/bin/python3
"""The backend's slot search for one office over 60 days (GET /offices/{id}/days?days=60) and one
day's free times (GET /offices/{id}/slots), on the reference backend with a real SQLite database,
with the office empty and with 30 days booked through by its desk (~1,300 bookings). Prints numbers.

    /usr/bin/python3 bench/appointments_bench.py
"""
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "conformance"))


def main():
    tmp = tempfile.mkdtemp()
    proc = subprocess.Popen(["/usr/bin/python3", os.path.join(ROOT, "tools", "serve.py"), "--port", "0", "--db", os.path.join(tmp, "b.sqlite3"),
                             "--dist", os.path.join(ROOT, "build", "web", "dist"), "--dev", "--seed"], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    port = int(m.group(1))
    import conformance as c  # the conformance suite's citizen: registered and signed in as a client does
    api = c.Api("http://127.0.0.1:%d/api/v1" % port)
    c.CONTRACT = c.Contract(c.CONTRACT_PATH)
    u = c.Citizen(api).register()
    u.login()

    def timed(path, n=100):
        con = http.client.HTTPConnection("127.0.0.1", port)
        xs = []
        for _ in range(n):
            t = time.perf_counter()
            con.request("GET", "/api/v1" + path, headers={"Authorization": "Bearer " + u.token})
            r = con.getresponse()
            body = r.read()
            xs.append((time.perf_counter() - t) * 1000)
            assert r.status == 200, body
        xs.sort()
        return xs[len(xs) // 2], xs[int(len(xs) * 0.95)], json.loads(body)

    p50, p95, days = timed("/offices/clinic-12/days?days=60")
    print("GET /offices/clinic-12/days?days=60, empty office (%d days, %d free slots): p50 %.1f ms, p95 %.1f ms" % (
        len(days["items"]), sum(d["free"] for d in days["items"]), p50, p95))
    booked = 0
    for d in days["items"][:30]:
        if d["free"]:
            con = http.client.HTTPConnection("127.0.0.1", port)
            con.request("POST", "/api/v1/dev/offices/clinic-12/fill", body=json.dumps({"day": d["day"], "leave": 3}), headers={"Content-Type": "application/json"})
            r = con.getresponse()
            r.read()
            booked += d["free"] - 3
    p50, p95, days = timed("/offices/clinic-12/days?days=60")
    print("the same with 30 days booked through but 3 times each (%d bookings): p50 %.1f ms, p95 %.1f ms" % (booked, p50, p95))
    day = next(d["day"] for d in days["items"] if d["free"])
    p50, p95, slots = timed("/offices/clinic-12/slots?day=" + day)
    print("GET /offices/clinic-12/slots?day=%s (%d free): p50 %.1f ms, p95 %.1f ms" % (day, len(slots["items"]), p50, p95))
    proc.terminate()
    proc.wait()


if __name__ == "__main__":
    main()
