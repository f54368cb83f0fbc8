"""The service catalog (SPEC §3), built once from catalog_data and served with an ETag; clients
revalidate with If-None-Match and get 304 when nothing changed."""
import hashlib
import json

from .catalog_data import FORMS, POPULAR, SECTIONS, VISITS
from .responses import cacheable, reply
from .errors import ApiError

AGENCY = {"passports": "МВД России", "family": "ЗАГС и Социальный фонд России", "benefits": "Социальный фонд России",
          "health": "Минздрав России и медицинские организации", "education": "Минпросвещения России и органы образования",
          "transport": "Госавтоинспекция МВД России", "taxes": "ФНС России", "business": "ФНС России и лицензирующие органы",
          "housing": "Росреестр и органы местного самоуправления", "legal": "МВД России и органы власти", "documents": "ЗАГС и архивы"}
WHO = {"passports": "Граждане Российской Федерации", "family": "Родители, супруги, законные представители детей",
       "benefits": "Граждане РФ, постоянно проживающие в России, при соблюдении условий назначения",
       "health": "Граждане, застрахованные по ОМС", "education": "Обучающиеся и их законные представители",
       "transport": "Владельцы транспортных средств и водители", "taxes": "Налоговые резиденты РФ",
       "business": "Предприниматели и организации", "housing": "Собственники и наниматели жилья",
       "legal": "Граждане РФ и иностранные граждане", "documents": "Заявитель или его законный представитель"}
DOCS = {"passports": ["Паспорт гражданина РФ", "Фотография 35×45 мм (при подаче лично)"],
        "family": ["Паспорт заявителя", "Свидетельство о рождении ребёнка"], "benefits": ["Паспорт", "СНИЛС", "Реквизиты банковского счёта"],
        "health": ["Паспорт или свидетельство о рождении", "Полис ОМС"], "education": ["Паспорт родителя", "Свидетельство о рождении ребёнка"],
        "transport": ["Паспорт", "Водительское удостоверение или документы на ТС", "Полис ОСАГО"],
        "taxes": ["Паспорт", "ИНН", "Документы, подтверждающие расходы"], "business": ["Паспорт", "ИНН", "Заявление по установленной форме"],
        "housing": ["Паспорт", "Правоустанавливающие документы на объект"], "legal": ["Паспорт"], "documents": ["Паспорт"]}


def build():
    sections, services = [], []
    for sec_id, sec_name, sec_desc, subsections in SECTIONS:
        subs = []
        for i, (sub_name, items) in enumerate(subsections, start=1):
            sub_id = "%s-%d" % (sec_id, i)
            ids = []
            for j, (name, keywords, fee, days, online, form_code, result) in enumerate(items, start=1):
                sid = "%s-%d-%d" % (sec_id, i, j)
                ids.append(sid)
                services.append({
                    "id": sid, "section": sec_id, "subsection": sub_id, "name": name,
                    "description": "%s. Результат: %s. Услугу оказывает %s." % (name, result, AGENCY[sec_id]),
                    "who": WHO[sec_id], "documents": DOCS[sec_id], "fee": fee, "days": days, "result": result,
                    "online": online, "form_code": form_code, "has_form": form_code in FORMS, "keywords": keywords,
                    "agency": AGENCY[sec_id], "visit": VISITS.get(form_code),
                    "how_to": "" if online else "Услуга оказывается при личном обращении в МФЦ или ведомство: %s. Возьмите с собой: %s." % (
                        AGENCY[sec_id], ", ".join(DOCS[sec_id]).lower()),
                })
            subs.append({"id": sub_id, "name": sub_name, "services": ids})
        sections.append({"id": sec_id, "name": sec_name, "description": sec_desc, "subsections": subs})
    by_code = {s["form_code"]: s["id"] for s in services if s["form_code"]}
    doc = {"version": 1, "sections": sections, "services": services, "popular": [by_code[c] for c in POPULAR if c in by_code]}
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return doc, body, '"%s"' % hashlib.sha256(body.encode()).hexdigest()[:32]


CATALOG, CATALOG_JSON, CATALOG_ETAG = build()
_BY_ID = {s["id"]: s for s in CATALOG["services"]}


def get_catalog(req):
    """The catalog changes rarely: an ETag lets clients revalidate for free (304)."""
    if "size" in req.query:
        # Developer mode: a generated catalog of N services (scrolling and load tests).
        if not req.server.dev:
            raise ApiError(404, "not_found", "Ресурс не найден")
        try:
            size = max(1, min(20000, int(req.query["size"][0][:6])))
        except ValueError:
            raise ApiError(400, "bad_request", "size — число от 1 до 20000")
        return reply(200, synthetic(size))
    return cacheable(req, req.server.catalog_body, req.server.catalog_gz, "application/json; charset=utf-8", CATALOG_ETAG)


def get_service(req):
    s = _BY_ID.get(req.params["id"])
    if s is None:
        raise ApiError(404, "not_found", "Услуга не найдена")
    return reply(200, s)


def synthetic(size):
    """A catalog of `size` services for load and scrolling tests (developer mode only): the real
    services repeated with numbered variants, in the real sections."""
    base = CATALOG["services"]
    services, by_sub = [], {}
    for k in range(size):
        src = base[k % len(base)]
        s = dict(src, id="syn-%d" % k, name="%s (вариант %d)" % (src["name"], k // len(base) + 1) if k >= len(base) else src["name"])
        services.append(s)
        by_sub.setdefault(s["subsection"], []).append(s["id"])
    sections = [dict(sec, subsections=[dict(sub, services=by_sub.get(sub["id"], [])) for sub in sec["subsections"]])
                for sec in CATALOG["sections"]]
    return {"version": 1, "sections": sections, "services": services, "popular": CATALOG["popular"] and ["syn-%d" % base.index(_BY_ID[p]) for p in CATALOG["popular"]]}
