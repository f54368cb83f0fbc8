#!/usr/bin/python3
"""Reference backend and static server for the Gosuslugi personal account.

Serves the built web app (build/web/dist) and the REST contract under /api/v1
(docs/openapi.yaml, docs/behaviour.md, docs/events.md) from a real SQLite database, on aiohttp.
Needs Debian's python3-aiohttp, python3-nacl, python3-pyotp, python3-user-agents, python3-uvloop (tools/setup.sh);
run it with /usr/bin/python3 (TOOLCHAIN.md: the python3 on the PATH may not see them).

    tools/serve.py [--port 8080] [--host 127.0.0.1] [--db build/lk.sqlite3]
                   [--dist build/web/dist] [--dev] [--seed]
"""
import argparse
import asyncio
import os
import resource
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lkserver.agency import Pace  # noqa: E402
from lkserver.app import State, listen, serve  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    ap.add_argument("--db", default=os.path.join(ROOT, "build", "lk.sqlite3"))
    ap.add_argument("--dist", default=os.path.join(ROOT, "build", "web", "dist"))
    ap.add_argument("--dev", action="store_true", help="development interface: the outbox for codes (GET /api/v1/dev/outbox)")
    ap.add_argument("--seed", action="store_true", help="load demo citizens (printed on start in --dev)")
    ap.add_argument("--connect-src", default="", help="extra CSP connect-src origins (another backend)")
    ap.add_argument("--code-ttl", type=int, default=300, help="lifetime of one-time codes, seconds (tests shorten it; --dev only)")
    ap.add_argument("--access-ttl", type=int, default=900, help="lifetime of access tokens, seconds (tests shorten it; --dev only)")
    ap.add_argument("--fresh-factor", type=int, default=600, help="how recent a second factor TOTP changes need, seconds (--dev only)")
    ap.add_argument("--quota-bytes", type=int, default=200 * 1024 * 1024, help="storage quota per user (--dev only)")
    ap.add_argument("--event-retention", type=int, default=48 * 3600, help="seconds events are kept for resuming (--dev only; ≥ 24 h otherwise)")
    ap.add_argument("--request-deadline", type=float, default=30.0, help="seconds for a request's headers and body to arrive")
    ap.add_argument("--max-conns-per-ip", type=int, default=256, help="open connections per client address")
    ap.add_argument("--limits-scale", type=int, default=1, help="multiply the sending/submission limits (load benchmarks; --dev only)")
    ap.add_argument("--agency-pace", default="days",
                    help="the agency simulator: 'days' (a working day per step), seconds per step, or 'off'")
    ap.add_argument("--support-pace", default="days",
                    help="the support desk simulator: 'days', seconds per step, or 'off' (the development interface acts)")
    ap.add_argument("--operator-delay", type=float, default=2.0, help="seconds the simulated chat operator takes to reply (--dev: 0.05..60)")
    ap.add_argument("--agency-seed", type=int, default=0, help="the simulator's outcomes are drawn from this seed")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    if not args.dev and (args.code_ttl != 300 or args.access_ttl != 900 or args.limits_scale != 1 or args.fresh_factor != 600
                         or args.quota_bytes != 200 * 1024 * 1024 or args.event_retention != 48 * 3600
                         or args.agency_pace not in ("days", "off") or args.support_pace not in ("days", "off")
                         or args.operator_delay != 2.0):
        ap.error("--code-ttl, --access-ttl, --fresh-factor, --quota-bytes, --event-retention, --limits-scale and "
                 "--agency-pace/--support-pace in seconds and --operator-delay are development switches: add --dev")

    # Thousands of event streams are thousands of sockets: take the hard limit on open files.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    os.umask(0o077)  # the database, its WAL/SHM, the pepper and the agency keys: owner only

    state = State(args.db, args.dist, dev=args.dev, verbose=args.verbose, extra_connect=args.connect_src,
                  limits_scale=args.limits_scale)
    try:
        state.agency_pace = Pace(args.agency_pace)
    except ValueError as e:
        ap.error(str(e))
    try:
        state.support_pace = Pace(args.support_pace)
    except ValueError as e:
        ap.error(str(e).replace("--agency-pace", "--support-pace"))
    state.operator.delay = min(60.0, max(0.05, args.operator_delay))
    state.agency_seed = args.agency_seed
    state.code_ttl = max(1, args.code_ttl)
    state.access_ttl = max(1, args.access_ttl)
    state.fresh_factor = max(1, args.fresh_factor)
    state.quota = max(1, args.quota_bytes)
    state.event_retention = max(2, args.event_retention)
    state.request_deadline = max(0.5, args.request_deadline)
    state.max_conns_per_ip = max(1, args.max_conns_per_ip)
    sock = listen(args.host, args.port)
    host, port = sock.getsockname()[:2]
    if args.seed:
        from lkserver.seed import seed
        users = seed(state)
    print("Госуслуги — личный кабинет: http://%s:%d/" % (host, port), flush=True)
    if args.seed and args.dev:
        print("Демо-пользователи (вход: телефон, e-mail или СНИЛС + пароль; коды — в журнале ниже и в /api/v1/dev/outbox):")
        for u in users:
            print("  %-32s телефон %s  e-mail %-24s СНИЛС %s  пароль %s" % (u["name"], u["phone"], u["email"], u["snils"], u["password"]))
        state.outbox.echo = True
        sys.stdout.flush()
    if not os.path.isfile(os.path.join(args.dist, "index.html")):
        print("warning: %s has no index.html (build the web app first)" % args.dist, flush=True)
    try:
        import uvloop  # Debian's python3-uvloop: the same loop API, a faster implementation
        uvloop.install()
    except ImportError:
        pass
    try:
        asyncio.run(serve(state, sock))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
