"""Server-side checks of what clients send: the same rules the client applies (SPEC §1, §2, §4)."""
import datetime
import re

from .errors import field_error

NAME_RE = re.compile(r"^[А-Яа-яЁёA-Za-z][А-Яа-яЁёA-Za-z' .-]{0,99}$")
EMAIL_RE = re.compile(r"^[^@\s,;<>()]+@[^@\s,;<>()]+\.[^@\s,;<>()]{2,}$")


def normalize_phone(s):
    if not isinstance(s, str):
        return None
    s = s.strip()
    plus = s.startswith("+")
    digits = re.sub(r"[ \-()]", "", s[1:] if plus else s)
    if not digits.isdigit():
        return None
    if plus:
        return "+" + digits if len(digits) == 11 and digits[0] == "7" else None
    if len(digits) == 10 and digits[0] == "9":
        return "+7" + digits
    if len(digits) == 11 and digits[0] in "78" and digits[1] == "9":
        return "+7" + digits[1:]
    return None


def normalize_email(s):
    if not isinstance(s, str):
        return None
    s = s.strip().lower()
    if len(s) > 254 or not EMAIL_RE.match(s) or ".." in s.split("@")[1]:
        return None
    return s


def snils_valid(d):
    if not (isinstance(d, str) and len(d) == 11 and d.isdigit()):
        return False
    total = sum(int(d[i]) * (9 - i) for i in range(9))
    check = total % 101 if total > 101 else total
    if check in (100, 101):
        check = 0
    return check == int(d[9:])


def normalize_snils(s):
    if not isinstance(s, str):
        return None
    d = re.sub(r"[ \-]", "", s.strip())
    return d if snils_valid(d) else None


def inn_valid(d):
    if not (isinstance(d, str) and d.isdigit() and len(d) in (10, 12)):
        return False

    def check(digits, weights):
        return sum(int(a) * w for a, w in zip(digits, weights)) % 11 % 10

    if len(d) == 10:
        return check(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) == int(d[9])
    return (check(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == int(d[10]) and
            check(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == int(d[11]))


def uin_control_digit(d):
    """УИН (ГИС ГМП, SPEC §6): the control digit of the first 19 or 24 digits — weights 1, 2, …, 10,
    1, 2, … , sum mod 11; a remainder of 10 is computed again with weights from 3; 10 again is 0.
    The client has its own implementation (src/core/identifiers.cpp); the unit tests share vectors."""
    for start in (1, 3):
        r = sum(int(c) * ((start - 1 + i) % 10 + 1) for i, c in enumerate(d)) % 11
        if r < 10:
            return r
    return 0


def uin_valid(d):
    return isinstance(d, str) and len(d) in (20, 25) and d.isascii() and d.isdigit() and uin_control_digit(d[:-1]) == int(d[-1])


def normalize_identifier(s):
    """A login identifier: ("phone"|"email"|"snils", normalized) or (None, None)."""
    if not isinstance(s, str) or len(s) > 254:
        return None, None
    if "@" in s:
        e = normalize_email(s)
        return ("email", e) if e else (None, None)
    p = normalize_phone(s)
    if p:
        return "phone", p
    n = normalize_snils(s)
    if n:
        return "snils", n
    return None, None


def parse_date(s):
    if not isinstance(s, str):
        return None
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        return None


def check_name(body, key, errors, required=True, label="Поле"):
    v = body.get(key)
    if v in (None, "") and not required:
        return ""
    if not isinstance(v, str) or not NAME_RE.match(v.strip()):
        errors.append(field_error(key, "%s: только буквы, пробел, дефис и апостроф, до 100 символов" % label))
        return None
    return v.strip()


def check_birth_date(body, key, errors, min_age=14):
    d = parse_date(body.get(key))
    today = datetime.date.today()
    if d is None:
        errors.append(field_error(key, "Укажите дату рождения в формате ГГГГ-ММ-ДД"))
        return None
    if d > today:
        errors.append(field_error(key, "Дата рождения не может быть в будущем"))
        return None
    age = today.year - d.year - ((today.month, today.day) < (d.month, d.day))
    if age < min_age or age > 130:
        errors.append(field_error(key, "Зарегистрироваться можно с %d лет" % min_age))
        return None
    return d.isoformat()


def mask_destination(dest):
    if dest.startswith("+7") and len(dest) == 12:
        return "+7 *** ***-%s-%s" % (dest[8:10], dest[10:12])
    if "@" in dest:
        name, domain = dest.split("@", 1)
        return name[:1] + "***@" + domain
    return "***"
