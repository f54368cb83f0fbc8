"""The one error shape of the REST contract: {"error": {"code", "message", "fields": [...]}}.
Every code a backend may answer is listed in docs/errors.md."""


class ApiError(Exception):
    def __init__(self, status, code, message, fields=None, extra=None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields = fields or []
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self):
        err = {"code": self.code, "message": self.message}
        if self.fields:
            err["fields"] = self.fields
        err.update(self.extra)
        return {"error": err}


def field_error(field, message):
    return {"field": field, "message": message}


def validation(fields):
    return ApiError(422, "validation_failed", "Проверьте правильность заполнения полей", fields)


def query_int(q, key, lo, hi, default=None):
    """An integer query parameter within [lo, hi]; absent or empty gives default; anything else
    is a validation error naming the parameter."""
    raw = q.get(key)
    if raw is None or raw == "":
        return default
    try:
        v = int(raw[:20])
    except ValueError:
        raise validation([field_error(key, "Ожидалось целое число")])
    if not lo <= v <= hi:
        raise validation([field_error(key, "От %d до %d" % (lo, hi))])
    return v


class KeepWritesError(ApiError):
    """An error whose transaction still commits: the writes record the failure itself
    (a wrong code's attempt counter), and rolling them back would make the limit useless."""
