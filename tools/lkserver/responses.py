"""Responses of the reference backend: JSON, errors in the contract's one shape, cacheable bodies
with ETag/304, and the security headers every response carries (added by app.make_app)."""
import json

from aiohttp import web


def security_headers(extra_connect=""):
    csp = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
           "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'%s; worker-src 'self' blob:; "
           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" % extra_connect)
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Strict-Transport-Security": "max-age=31536000",
        "Server": "lk-reference",
    }


def reply(status, obj=None, headers=None):
    """A JSON response (or 204 without a body). Personal data is never cached."""
    h = {"Cache-Control": "no-store"}
    h.update(headers or {})
    if status == 204 or obj is None:
        return web.Response(status=204, headers=h)
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return web.Response(status=status, body=data, content_type="application/json", charset="utf-8", headers=h)


def error_response(e):
    resp = reply(e.status, e.body(), e.headers)
    if getattr(e, "close", False):
        resp.force_close()
    return resp


def cacheable(req, body, gz, ctype, etag, cache="no-cache", extra=None):
    """200 with the body (gzip when the client takes it), or 304 when If-None-Match is current."""
    headers = {"ETag": etag, "Cache-Control": cache, "Vary": "Accept-Encoding"}
    headers.update(extra or {})
    if req.headers.get("If-None-Match") == etag:
        return web.Response(status=304, headers=headers)
    if gz is not None and "gzip" in (req.headers.get("Accept-Encoding") or ""):
        headers["Content-Encoding"] = "gzip"
        body = gz
    resp = web.Response(status=200, body=body, headers=headers)
    resp.content_type = ctype.split(";")[0]
    if "charset=" in ctype:
        resp.charset = ctype.split("charset=")[1]
    return resp
