#!/usr/bin/env python3
"""Splits a string catalog (assets/lang/<locale>.json) for the web build into what every page needs
and what only signed-in screens need («personal»: the sections named on the command line), so the
first load carries the first part only and the second is fetched when someone starts to sign in
(docs/ARCHITECTURE.md, «Languages»). Standard library only: runs under any python3.

    split_lang.py CATALOG PUBLIC_OUT PERSONAL_OUT path [path ...]

A path is a section («rooms») or a key in one («errors.already_paid»); a path with a leading «-»
stays public although its section moves («-form.login_needed»: the service page, signed out,
says it). The app merges the two parts key by key, so one section may be split between them.
"""
import json
import sys


def take(doc, path):
    """Removes doc[a][b]… for path «a.b…» and returns it (None when absent); empty sections go."""
    keys = path.split(".")
    node = doc
    for k in keys[:-1]:
        node = node.get(k)
        if not isinstance(node, dict):
            return None
    value = node.pop(keys[-1], None)
    if not node and len(keys) > 1:
        take(doc, ".".join(keys[:-1]))
    return value


def put(doc, path, value):
    keys = path.split(".")
    for k in keys[:-1]:
        doc = doc.setdefault(k, {})
    doc[keys[-1]] = value


def main(argv):
    src, public_out, personal_out, paths = argv[1], argv[2], argv[3], argv[4:]
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)
    personal = {}
    for path in (p for p in paths if not p.startswith("-")):
        value = take(doc, path)
        if value is None:
            sys.exit("%s: no %s" % (src, path))
        put(personal, path, value)
    for path in (p[1:] for p in paths if p.startswith("-")):
        value = take(personal, path)
        if value is None:
            sys.exit("%s: %s is not in a moved section" % (src, path))
        put(doc, path, value)
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
