"""Limits on everything an attacker can repeat (docs/behaviour.md, "Limits").

Two mechanisms, both in the database so that they hold across restarts and processes:

- attempt counters with an escalating lockout, for guesses (wrong one-time codes, wrong
  passwords): counted per subject — an account, an unknown identifier, a client address — across
  every challenge, so a new challenge does not start a new count;
- sliding-window rate limits, for things that cost the portal or bother a person (codes sent,
  applications submitted): N events per window per key, 429 with Retry-After beyond that.

The numbers are the contract's; `scale` multiplies the rate limits for load benchmarks only
(serve.py --limits-scale), never the guessing limits.
"""
import time

from .errors import ApiError

# Wrong one-time codes (registration, sign-in, recovery, re-authentication, TOTP, recovery codes).
CODE_FAILURES_BEFORE_LOCK = 5            # per account (or unknown identifier), across all challenges
CODE_LOCK_STEPS = [15 * 60, 30 * 60, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 16 * 3600, 24 * 3600]
CODE_LEVEL_DECAY = 7 * 24 * 3600         # one lockout level is forgiven per 7 days without a wrong code
ADDRESS_CODE_FAILURES_PER_HOUR = 20      # per client address, across all accounts

# Failed passwords: 5 in a row lock the identifier for 15 minutes (SPEC §1); per address too.
LOGIN_FAILURES_BEFORE_LOCK = 5
LOGIN_LOCK_SECONDS = 15 * 60
ADDRESS_LOGIN_FAILURES_PER_HOUR = 50

# Codes sent (SMS / e-mail): (limit, window seconds).
SEND_PER_DESTINATION = [(10, 3600), (20, 86400)]
SEND_PER_ADDRESS = [(60, 3600)]
SEND_OVERALL = [(10000, 3600)]
REGISTRATIONS_PER_ADDRESS = [(20, 3600)]
APPLICATIONS_PER_DAY = [(20, 86400)]     # per account


class Limits:
    def __init__(self, scale=1):
        self.scale = max(1, int(scale))

    # -- sliding windows ------------------------------------------------------------------
    def check_rate(self, con, rules, now=None):
        """rules: [(key, [(limit, window), ...]), ...]. Raises 429 when any window is full,
        else counts one event under every key (all-or-nothing).

        A window is counted in 60 buckets (an hour in minutes, a day in 24-minute steps): the
        count is exact to one bucket, and a check costs the same for a quiet key and for the
        overall one that sees thousands of events an hour."""
        now = time.time() if now is None else now
        wait = 0
        for key, windows in rules:
            for limit, window in windows:
                limit *= self.scale
                width = max(1, window // 60)
                current = int(now // width) * width
                rows = con.execute("SELECT start, n FROM rate_buckets WHERE key = ? AND width = ? AND start > ? ORDER BY start",
                                   (key, width, current - window)).fetchall()
                total = sum(r["n"] for r in rows)
                if total >= limit:
                    # The window frees up when enough of its oldest buckets have left it.
                    excess = total - limit + 1
                    for r in rows:
                        excess -= r["n"]
                        if excess <= 0:
                            wait = max(wait, r["start"] + width + window - now)
                            break
        if wait > 0:
            raise too_many("too_many_requests", "Слишком много запросов. Повторите через %s." % human(wait), wait)
        for key, windows in rules:
            for width in {max(1, window // 60) for _, window in windows}:
                con.execute("INSERT INTO rate_buckets (key, width, start, n) VALUES (?,?,?,1) "
                            "ON CONFLICT(key, width, start) DO UPDATE SET n = n + 1", (key, width, int(now // width) * width))

    # -- attempt counters -------------------------------------------------------------------
    @staticmethod
    def counter(con, key):
        row = con.execute("SELECT * FROM counters WHERE key = ?", (key,)).fetchone()
        return dict(row) if row else {"key": key, "failures": 0, "level": 0, "locked_until": 0.0, "last_failure_at": 0.0}

    @staticmethod
    def _save(con, c):
        con.execute("INSERT INTO counters (key, failures, level, locked_until, last_failure_at) VALUES (?,?,?,?,?) "
                    "ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, level = excluded.level, "
                    "locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at",
                    (c["key"], c["failures"], c["level"], c["locked_until"], c["last_failure_at"]))

    def code_lock_wait(self, con, subject, address, now=None):
        """Seconds until codes may be tried again for this subject/address (0: now)."""
        now = time.time() if now is None else now
        wait = 0
        for key in (subject, "addr-code:" + address):
            wait = max(wait, self.counter(con, key)["locked_until"] - now)
        return max(0, wait)

    def code_failed(self, con, subject, address, now=None):
        """Records a wrong code. Returns the lockouts (seconds, 0 for none) it started: (subject's, address's).

        Escalation: 5 wrong codes lock for 15 minutes; after that, while the subject has a lockout
        level, every further wrong code locks again at the next step (30 min, 1 h … 24 h). A level
        is forgiven per 7 days without a wrong code (with 24 h, waiting a day would have bought five
        fresh guesses a day). So a patient attacker gets about one guess a day at most
        (docs/behaviour.md works out the odds: below 1 in 1,000 a year)."""
        now = time.time() if now is None else now
        c = self.counter(con, subject)
        if c["level"] and c["last_failure_at"]:
            c["level"] = max(0, c["level"] - int((now - c["last_failure_at"]) // CODE_LEVEL_DECAY))
        c["failures"] += 1
        c["last_failure_at"] = now
        started = 0
        if c["failures"] >= CODE_FAILURES_BEFORE_LOCK or c["level"] > 0:
            started = CODE_LOCK_STEPS[min(c["level"], len(CODE_LOCK_STEPS) - 1)]
            c["locked_until"] = now + started
            c["level"] += 1
            c["failures"] = 0
        self._save(con, c)
        return started, self._address_failed(con, "addr-code:" + address, ADDRESS_CODE_FAILURES_PER_HOUR, now)

    def _address_failed(self, con, key, per_hour, now):
        """Counts a failure from a client address; per_hour of them within an hour lock the address
        for an hour. Returns the lockout it started (seconds) or 0."""
        a = self.counter(con, key)
        if now - a["last_failure_at"] > 3600:
            a["failures"] = 0
        a["failures"] += 1
        a["last_failure_at"] = now
        started = 0
        if a["failures"] >= per_hour:
            a["locked_until"] = now + 3600
            a["failures"] = 0
            started = 3600
        self._save(con, a)
        return started

    def code_succeeded(self, con, subject):
        """A right code clears the count of wrong ones (not the lockout level: see code_failed)."""
        c = self.counter(con, subject)
        if c["failures"]:
            c["failures"] = 0
            self._save(con, c)

    def login_lock_wait(self, con, subject, address, now=None):
        now = time.time() if now is None else now
        return max(0, self.counter(con, subject)["locked_until"] - now), max(0, self.counter(con, "addr-login:" + address)["locked_until"] - now)

    def login_failed(self, con, subject, address, now=None):
        """Returns (attempts_left, locked_until) for the identifier; counts the address too."""
        now = time.time() if now is None else now
        c = self.counter(con, subject)
        c["failures"] += 1
        c["last_failure_at"] = now
        locked = 0.0
        if c["failures"] >= LOGIN_FAILURES_BEFORE_LOCK:
            c["locked_until"] = locked = now + LOGIN_LOCK_SECONDS
            c["failures"] = 0
        self._save(con, c)
        self._address_failed(con, "addr-login:" + address, ADDRESS_LOGIN_FAILURES_PER_HOUR, now)
        return (LOGIN_FAILURES_BEFORE_LOCK - c["failures"]) if not locked else 0, locked

    def login_succeeded(self, con, subject):
        c = self.counter(con, subject)
        if c["failures"] or c["locked_until"]:
            c["failures"] = 0
            self._save(con, c)


def human(seconds):
    seconds = int(seconds + 0.999)
    if seconds < 120:
        return "%d с" % seconds
    if seconds < 7200:
        return "%d мин" % ((seconds + 59) // 60)
    return "%d ч" % ((seconds + 3599) // 3600)


def too_many(code, message, wait, **extra):
    wait = int(wait + 0.999)
    return ApiError(429, code, message, extra=dict(extra, retry_after=wait), headers={"Retry-After": str(wait)})


def prune(con, now=None):
    """Forgets what no window looks at any more (called hourly)."""
    now = time.time() if now is None else now
    con.execute("DELETE FROM rate_buckets WHERE start < ?", (now - 2 * 86400,))
    con.execute("DELETE FROM counters WHERE locked_until < ? AND last_failure_at < ? AND level = 0", (now, now - 86400))
