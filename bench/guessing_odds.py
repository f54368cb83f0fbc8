#!/usr/bin/python3
"""The odds of guessing a one-time code within a year under the reference backend's limits
(tools/lkserver/limits.py), by simulation of the limiter itself on a clock that jumps: an attacker
who never sleeps and always guesses the moment a lockout ends (greedy), and attackers who stop
escalating at a lockout level and wait for it to be forgiven before starting again. Each guess comes
from a new address, so only the per-account counter binds. Prints guesses per year and the odds."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
from lkserver import limits as L  # noqa: E402

YEAR = 365 * 86400


def guesses_per_year(stop_at_level=None):
    con = sqlite3.connect(":memory:")
    con.row_factory = sqlite3.Row
    con.execute("CREATE TABLE counters (key TEXT PRIMARY KEY, failures INTEGER NOT NULL DEFAULT 0, level INTEGER NOT NULL DEFAULT 0, "
                "locked_until REAL NOT NULL DEFAULT 0, last_failure_at REAL NOT NULL DEFAULT 0)")
    lim, t, n = L.Limits(), 0.0, 0
    while t < YEAR:
        c = lim.counter(con, "victim")
        if c["locked_until"] > t:
            t = c["locked_until"]
            continue
        lim.code_failed(con, "victim", "addr-%d" % n, t)
        n += 1
        c = lim.counter(con, "victim")
        if stop_at_level is not None and c["level"] >= stop_at_level:
            t = c["last_failure_at"] + c["level"] * L.CODE_LEVEL_DECAY + 1   # wait until every level is forgiven
    return n


def main():
    results = [("greedy: a guess whenever a lockout ends", guesses_per_year())]
    results += [("escalate to level %d, then wait for it to be forgiven" % k, guesses_per_year(k)) for k in range(1, 9)]
    worst = max(n for _, n in results)
    for name, n in results:
        print("%-58s %4d guesses/year" % (name, n))
    print("worst case: %d guesses a year per account" % worst)
    print("6-digit SMS/e-mail code (1 right value of 10^6):      P = %d / 1e6 = %.2e  (1 in %d)" % (worst, worst / 1e6, 1e6 / worst))
    print("TOTP (current and previous step accepted: 2 of 10^6): P = %d / 5e5 = %.2e  (1 in %d)" % (worst, worst * 2 / 1e6, 1e6 / (2 * worst)))


if __name__ == "__main__":
    main()
