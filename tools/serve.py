#!/usr/bin/env python3
"""Reference backend and static server for the Gosuslugi personal account.

Serves the built web app (build/web/dist) and the REST contract under /api/v1
(docs/openapi.yaml) from a real SQLite database. Python standard library only; Debian's
libsodium through ctypes for the demo data (--seed).

    python3 tools/serve.py [--port 8080] [--host 127.0.0.1] [--db build/lk.sqlite3]
                           [--dist build/web/dist] [--dev] [--seed]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lkserver.app import make_server  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    ap.add_argument("--db", default=os.path.join(ROOT, "build", "lk.sqlite3"))
    ap.add_argument("--dist", default=os.path.join(ROOT, "build", "web", "dist"))
    ap.add_argument("--dev", action="store_true", help="developer mode: the outbox for codes (GET /api/v1/dev/outbox)")
    ap.add_argument("--seed", action="store_true", help="load demo citizens (printed on start in --dev)")
    ap.add_argument("--connect-src", default="", help="extra CSP connect-src origins (another backend)")
    ap.add_argument("--code-ttl", type=int, default=300, help="lifetime of one-time codes, seconds (tests shorten it)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)

    srv = make_server(args.host, args.port, args.db, args.dist, dev=args.dev, verbose=args.verbose,
                      extra_connect=args.connect_src)
    srv.code_ttl = max(1, args.code_ttl)
    host, port = srv.server_address[:2]
    print("Госуслуги — личный кабинет: http://%s:%d/" % (host, port), flush=True)
    if args.seed:
        from lkserver.seed import seed
        users = seed(srv)
        if args.dev:
            print("Демо-пользователи (вход: телефон, e-mail или СНИЛС + пароль; коды — в журнале ниже и в /api/v1/dev/outbox):")
            for u in users:
                print("  %-32s телефон %s  e-mail %-24s СНИЛС %s  пароль %s" % (u["name"], u["phone"], u["email"], u["snils"], u["password"]))
            srv.outbox.echo = True
            sys.stdout.flush()
    if not os.path.isfile(os.path.join(args.dist, "index.html")):
        print("warning: %s has no index.html (build the web app first)" % args.dist, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()


if __name__ == "__main__":
    main()
