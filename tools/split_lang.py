#!/usr/bin/env python3
"""Splits a string catalog (assets/lang/<locale>.json) for the web build into what every page needs
and what only signed-in screens need («personal»: the sections named on the command line), so the
first load carries the first part only and the second is fetched when someone starts to sign in
(docs/ARCHITECTURE.md, «Languages»). Standard library only: runs under any python3.

    split_lang.py CATALOG PUBLIC_OUT PERSONAL_OUT section [section ...]
"""
import json
import sys


def main(argv):
    src, public_out, personal_out, sections = argv[1], argv[2], argv[3], argv[4:]
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)
    missing = [s for s in sections if s not in doc]
    if missing:
        sys.exit("%s: no section %s" % (src, ", ".join(missing)))
    personal = {k: doc.pop(k) for k in sections}
    for path, part in ((public_out, doc), (personal_out, personal)):
        text = json.dumps(part, ensure_ascii=False, separators=(",", ":"))
        try:
            with open(path, encoding="utf-8") as f:
                if f.read() == text:
                    continue  # unchanged: nothing that depends on it rebuilds
        except OSError:
            pass
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main(sys.argv)
