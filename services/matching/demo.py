"""Demo catalog drawn from real schemes, and a loader that creates it through the
service's own REST API (so it is validated and published like any officer's edit).

    await load_demo("http://127.0.0.1:8002", admin_token)

Schemes: the SCO Scholarship (government places per sending country), the Chinese
Government Scholarship under CPEC Phase 2, the Pakistan–Kazakhstan medical and dental
exchange (HEC and Kazakhstan's ministry, 2025), the Luban Workshop of Tianjin Urban
Construction Management Vocational and Technical College with Tajikistan Technical
University, and Xinjiang Medical University's "3+2" Chinese medicine track with its
faculty track for Central Asian teachers. Seat numbers and caps are illustrative.

The application windows are placed around the moment the data is loaded (opened 30 days
before, closing 90 days after), so a freshly started demo always has open cycles.

The award path (issue 14): SCO 2026 goes through the sending country's nominating authority
(HEC for Pakistan, the Ministry of Science and Higher Education for Kazakhstan, ...), which
nominates up to the country's allocation (the SCO per-country caps below), then matching,
officer review, the host university's admission and the applicant's answer; the cycle
carries the nomination and admission deadlines. The PK–KZ medical exchange starts with the
applicant's home university endorsing them and ends with the host university admitting them;
the Luban Workshop's trainees are endorsed as a cohort by the workshop that sends them. The
other schemes are direct (matching, review, answer).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import httpx

from shared.clock import utcnow

SCO_COUNTRIES = ["KZ", "UZ", "TJ", "KG", "PK", "RU", "BY", "IN", "IR"]

# The stages of a scheme's path (shared.events.catalog.Stage), by value: [] is direct.
NOMINATED_PATH = ["nomination", "matching", "review", "admission", "answer"]
# the home university endorses its students and staff, the host admits them
EXCHANGE_PATH = ["endorsement", "matching", "review", "admission", "answer"]
# the sending college endorses a cohort of its trainees (each with their own application)
COHORT_PATH = ["endorsement", "matching", "review", "answer"]
# The nominating authority of each sending country of SCO 2026.
SCO_AUTHORITIES = {
    "PK": "Higher Education Commission (HEC)",
    "KZ": "Ministry of Science and Higher Education",
    "UZ": "Ministry of Higher Education, Science and Innovation",
    "TJ": "Ministry of Education and Science",
    "KG": "Ministry of Science, Higher Education and Innovation",
}

INSTITUTIONS: list[dict[str, Any]] = [
    {"id": "lzu", "name": "Lanzhou University", "country": "CN", "kind": "university"},
    {"id": "xju", "name": "Xinjiang University", "country": "CN", "kind": "university"},
    {"id": "dlufl", "name": "Dalian University of Foreign Languages", "country": "CN", "kind": "university"},
    {"id": "xjmu", "name": "Xinjiang Medical University", "country": "CN", "kind": "university"},
    {"id": "chd", "name": "Chang'an University", "country": "CN", "kind": "university"},
    {"id": "cau", "name": "China Agricultural University", "country": "CN", "kind": "university"},
    {"id": "scu", "name": "Sichuan University", "country": "CN", "kind": "university"},
    {
        "id": "tjrail",
        "name": "Tianjin Railway Technical and Vocational College",
        "country": "CN",
        "kind": "vocational college",
    },
    {
        "id": "tjucm",
        "name": "Tianjin Urban Construction Management Vocational and Technical College",
        "country": "CN",
        "kind": "vocational college",
    },
    {"id": "ttu", "name": "Tajik Technical University named after M. Osimi", "country": "TJ", "kind": "university"},
    {"id": "ttu-luban", "name": "Luban Workshop at Tajik Technical University", "country": "TJ", "kind": "workshop"},
    {"id": "kaznmu", "name": "Asfendiyarov Kazakh National Medical University", "country": "KZ", "kind": "university"},
    {"id": "amu-kz", "name": "Astana Medical University", "country": "KZ", "kind": "university"},
    {"id": "kemu", "name": "King Edward Medical University", "country": "PK", "kind": "university"},
    {"id": "duhs", "name": "Dow University of Health Sciences", "country": "PK", "kind": "university"},
]

SCHEMES: list[dict[str, Any]] = [
    {
        "id": "sco",
        "name": "SCO Scholarship",
        "max_choices": 5,
        "eligible_countries": SCO_COUNTRIES,
        "sponsor": "Ministry of Education of the People's Republic of China (China Scholarship Council)",
        "path": NOMINATED_PATH,
        "authorities": SCO_AUTHORITIES,
    },
    {
        "id": "cgs-cpec",
        "name": "Chinese Government Scholarship – CPEC Phase 2",
        "max_choices": 5,
        "eligible_countries": ["PK"],
        "sponsor": "China Scholarship Council and the Higher Education Commission of Pakistan",
    },
    {
        "id": "pk-kz-med",
        "name": "Pakistan–Kazakhstan Medical and Dental Exchange",
        "max_choices": 3,
        "eligible_countries": ["PK", "KZ"],
        "sponsor": "Higher Education Commission of Pakistan and the Ministry of Science and Higher Education of Kazakhstan",
        "path": EXCHANGE_PATH,
        # a host that has not decided by the cycle's admission deadline declines: the seat goes on
        "admission_deadline_action": "decline",
    },
    {
        "id": "luban-tj",
        "name": "Luban Workshop Tianjin–Tajikistan Vocational Programme",
        "max_choices": 3,
        "eligible_countries": ["TJ"],
        "sponsor": "Tianjin Municipal Education Commission",
        "path": COHORT_PATH,
    },
    {
        "id": "xjmu-3plus2",
        "name": 'Xinjiang Medical University "3+2" Chinese Medicine',
        "max_choices": 2,
        "eligible_countries": ["UZ", "KZ", "KG", "TJ"],
        "sponsor": "Xinjiang Medical University",
    },
]

# (cycle id, scheme id, name, max choices, eligible countries: [] = the scheme's)
CYCLES: list[tuple[str, str, str, int, list[str]]] = [
    ("sco-2026", "sco", "SCO Scholarship 2026/27", 5, ["KZ", "UZ", "TJ", "KG", "PK"]),
    ("cpec-2026", "cgs-cpec", "Chinese Government Scholarship (CPEC) 2026/27", 5, []),
    ("pkkz-med-2026", "pk-kz-med", "Pakistan–Kazakhstan medical and dental exchange 2026/27", 3, []),
    ("luban-tj-2026", "luban-tj", "Luban Workshop Tianjin–Tajikistan 2026/27", 3, []),
    ("xjmu-3p2-2026", "xjmu-3plus2", 'XJMU "3+2" Chinese medicine 2026/27', 2, []),
]

HSK4 = {"language_certificate": "HSK", "min_language_level": 4}
IELTS6 = {"language_certificate": "IELTS", "min_language_level": 6.0}
STUDENT_DOCS = ["passport", "transcript", "medical_certificate", "non_criminal_record"]
# Chinese Government (CSC) and SCO scholarships ask for two recommendation letters from professors.
TWO_PROFESSORS = {"count": 2, "positions": ["professor", "associate_professor"]}
LETTER_CYCLES = ("sco-2026", "cpec-2026")


# Cycles in which two countries exchange students and faculty.
EXCHANGE_CYCLES = {"pkkz-med-2026"}


# What a place comes with: the Chinese Government's scholarship rates (a monthly stipend in CNY by
# level), the exchange's semester with tuition and a room, the Luban Workshop's year of training.
STIPEND_CNY = {"bachelor": 2500, "master": 3000, "doctoral": 3500, "non-degree": 3000, "faculty-visit": 3500}
MONTHS = {"bachelor": 48, "master": 24, "doctoral": 36, "non-degree": 12, "faculty-visit": 3, "vocational": 12}


# Cycles whose programmes are studied partly at home: the scholarship pays the years in China only.
MONTHS_IN_CHINA = {("xjmu-3p2-2026", "bachelor"): 24}  # "3+2": three years at home, two in Urumqi


def _award(cycle: str, level: str) -> dict[str, Any]:
    if cycle in EXCHANGE_CYCLES:
        return {"covers": ["tuition", "accommodation"], "months": 6}
    if cycle.startswith("luban"):
        return {"covers": ["tuition", "accommodation", "insurance"], "months": MONTHS.get(level)}
    return {
        "covers": ["tuition", "accommodation", "stipend", "insurance"],
        "stipend_amount": STIPEND_CNY.get(level),
        "stipend_currency": "CNY" if level in STIPEND_CNY else None,
        "months": MONTHS_IN_CHINA.get((cycle, level), MONTHS.get(level)),
    }


def _p(pid, cycle, host, title, field, level, language, seats, applicant_type="student", **req) -> dict:
    req.setdefault(
        "required_documents", STUDENT_DOCS if applicant_type == "student" else ["passport", "employment_letter"]
    )
    if cycle in LETTER_CYCLES and applicant_type == "student":
        req.setdefault("letters", TWO_PROFESSORS)
    if cycle in EXCHANGE_CYCLES:  # each side hosts the other's: never a national of the host country
        req.setdefault("abroad_only", True)
    return {
        "id": pid,
        "cycle_id": cycle,
        "host_institution_id": host,
        "title": title,
        "field": field,
        "level": level,
        "language": language,
        "seats": seats,
        "applicant_type": applicant_type,
        "requirements": req,
        "award": _award(cycle, level),
    }


PROGRAMMES: list[dict[str, Any]] = [
    # SCO Scholarship 2026/27
    _p(
        "lzu-intl-relations",
        "sco-2026",
        "lzu",
        "International Relations (MA)",
        "international-relations",
        "master",
        "zh",
        12,
        min_grade=70,
        max_age=35,
        **HSK4,
    ),
    _p(
        "xju-petroleum-eng",
        "sco-2026",
        "xju",
        "Petroleum Engineering (MEng)",
        "engineering",
        "master",
        "zh",
        10,
        min_grade=72,
        max_age=35,
        **HSK4,
    ),
    _p(
        "xjmu-clinical-med",
        "sco-2026",
        "xjmu",
        "Clinical Medicine (MMed)",
        "medicine",
        "master",
        "en",
        8,
        min_grade=75,
        max_age=35,
        **IELTS6,
    ),
    _p(
        "dlufl-chinese-lang",
        "sco-2026",
        "dlufl",
        "Chinese Language and Culture (one-year)",
        "languages",
        "non-degree",
        "zh",
        15,
        max_age=30,
    ),
    # Chinese Government Scholarship under CPEC Phase 2
    _p(
        "chd-transport-eng",
        "cpec-2026",
        "chd",
        "Transportation Engineering (MEng)",
        "engineering",
        "master",
        "en",
        20,
        min_grade=65,
        max_age=35,
        **IELTS6,
    ),
    _p(
        "cau-agronomy",
        "cpec-2026",
        "cau",
        "Agronomy (MSc)",
        "agriculture",
        "master",
        "en",
        15,
        min_grade=65,
        max_age=35,
    ),
    _p(
        "scu-public-health",
        "cpec-2026",
        "scu",
        "Public Health (MPH)",
        "healthcare",
        "master",
        "en",
        12,
        min_grade=70,
        max_age=35,
        **IELTS6,
    ),
    _p(
        "tjrail-signalling",
        "cpec-2026",
        "tjrail",
        "Railway Signalling and Control (vocational)",
        "rail-transport",
        "vocational",
        "zh",
        25,
        max_age=28,
    ),
    # Pakistan–Kazakhstan medical and dental exchange
    _p(
        "kaznmu-medicine-exch",
        "pkkz-med-2026",
        "kaznmu",
        "General Medicine exchange semester",
        "medicine",
        "non-degree",
        "en",
        15,
        min_grade=70,
    ),
    _p(
        "kaznmu-dentistry-exch",
        "pkkz-med-2026",
        "kaznmu",
        "Dentistry exchange semester",
        "dentistry",
        "non-degree",
        "en",
        10,
        min_grade=70,
    ),
    _p(
        "amu-kz-faculty-visit",
        "pkkz-med-2026",
        "amu-kz",
        "Faculty visit: medical education",
        "medicine",
        "faculty-visit",
        "en",
        5,
        applicant_type="faculty",
    ),
    _p(
        "kemu-medicine-exch",
        "pkkz-med-2026",
        "kemu",
        "General Medicine exchange semester",
        "medicine",
        "non-degree",
        "en",
        15,
        min_grade=70,
    ),
    _p(
        "duhs-dentistry-exch",
        "pkkz-med-2026",
        "duhs",
        "Dentistry exchange semester",
        "dentistry",
        "non-degree",
        "en",
        10,
        min_grade=70,
    ),
    _p(
        "duhs-faculty-visit",
        "pkkz-med-2026",
        "duhs",
        "Faculty visit: dental education",
        "dentistry",
        "faculty-visit",
        "en",
        5,
        applicant_type="faculty",
    ),
    # Luban Workshop: Tianjin Urban Construction Management college with Tajik Technical University
    _p(
        "tjucm-thermal-energy",
        "luban-tj-2026",
        "tjucm",
        "Urban thermal energy application technology",
        "thermal-energy",
        "vocational",
        "zh",
        20,
        max_age=30,
    ),
    _p(
        "tjucm-eng-measurement",
        "luban-tj-2026",
        "tjucm",
        "Engineering measurement technology",
        "surveying",
        "vocational",
        "zh",
        20,
        max_age=30,
    ),
    _p(
        "ttu-luban-thermal",
        "luban-tj-2026",
        "ttu-luban",
        "Urban thermal energy (Luban Workshop, Dushanbe)",
        "thermal-energy",
        "vocational",
        "ru",
        30,
        max_age=30,
    ),
    # Xinjiang Medical University "3+2" Chinese medicine, with the faculty track for Central Asian teachers (the cycle takes UZ, KZ, KG, TJ)
    _p(
        "xjmu-tcm-3p2",
        "xjmu-3p2-2026",
        "xjmu",
        'Chinese Medicine "3+2" (3 years home, 2 in Urumqi)',
        "chinese-medicine",
        "bachelor",
        "zh",
        30,
        min_grade=70,
        max_age=25,
        **HSK4,
    ),
    _p(
        "xjmu-tcm-uz-teachers",
        "xjmu-3p2-2026",
        "xjmu",
        "Chinese medicine further study for Central Asian teachers",
        "chinese-medicine",
        "faculty-visit",
        "zh",
        10,
        applicant_type="faculty",
    ),
]

QUOTA_RULES: list[dict[str, Any]] = [
    *(
        {
            "id": f"sco-2026-cap-{c.lower()}",
            "cycle_id": "sco-2026",
            "label": f"SCO 2026: at most {n} from {c}",
            "scope": {"sending_country": [c]},
            "max_count": n,
        }
        # Each country's allocation, which its authority nominates up to: PK and KZ below the demo
        # pool's eight applicants each, so HEC and the ministry keep a reserve list.
        for c, n in (("KZ", 6), ("UZ", 12), ("TJ", 8), ("KG", 8), ("PK", 5))
    ),
    {
        "id": "sco-2026-share-per-programme",
        "cycle_id": "sco-2026",
        "label": "SCO 2026: at most 40% of {programme}'s seats to {sending_country}",
        "scope": {},
        "per": ["programme", "sending_country"],
        "max_share_of_seats": 0.4,
    },
    {
        "id": "cpec-2026-healthcare",
        "cycle_id": "cpec-2026",
        "label": "CPEC 2026: at most 10 in healthcare",
        "scope": {"field": ["healthcare"]},
        "max_count": 10,
    },
    {
        "id": "pkkz-2026-faculty-per-host",
        "cycle_id": "pkkz-med-2026",
        "label": "Medical exchange: faculty at most 4 per host institution",
        "scope": {"applicant_type": ["faculty"]},
        "per": ["host_institution"],
        "max_count": 4,
    },
    {
        "id": "pkkz-2026-kz-to-pk",
        "cycle_id": "pkkz-med-2026",
        "label": "Medical exchange: at most 20 Kazakh students hosted in Pakistan",
        "scope": {"sending_country": ["KZ"], "host_country": ["PK"], "applicant_type": ["student"]},
        "max_count": 20,
    },
    {
        "id": "luban-tj-2026-tianjin",
        "cycle_id": "luban-tj-2026",
        "label": "Luban 2026: at most 30 trainees in Tianjin",
        "scope": {"host_country": ["CN"]},
        "max_count": 30,
    },
    {
        "id": "xjmu-3p2-2026-per-country",
        "cycle_id": "xjmu-3p2-2026",
        "label": "3+2: at most 12 students from {sending_country}",
        "scope": {"programme": ["xjmu-tcm-3p2"], "applicant_type": ["student"]},
        "per": ["sending_country"],
        "max_count": 12,
    },
]


# Stage deadlines, in days after the application window closes: the authorities nominate
# (they may publish as soon as applicants have submitted), then the hosts decide admission.
STAGE_DEADLINES: dict[str, dict[str, int]] = {
    "sco-2026": {"nomination_closes_at": 30, "admission_closes_at": 75},
    "pkkz-med-2026": {"endorsement_closes_at": 14, "admission_closes_at": 45},
    "luban-tj-2026": {"endorsement_closes_at": 14},
}


def cycles(now: datetime | None = None) -> list[dict[str, Any]]:
    now = (now or utcnow()).replace(microsecond=0)
    opens, closes = now - timedelta(days=30), now + timedelta(days=90)
    starts = date(closes.year if closes.month < 9 else closes.year + 1, 9, 1)
    return [
        {
            "id": cid,
            "scheme_id": scheme,
            "name": name,
            "opens_at": opens.isoformat(),
            "closes_at": closes.isoformat(),
            "starts_on": starts.isoformat(),
            "max_choices": max_choices,
            "eligible_countries": countries,
            **{
                field: (closes + timedelta(days=days)).isoformat()
                for field, days in STAGE_DEADLINES.get(cid, {}).items()
            },
        }
        for cid, scheme, name, max_choices, countries in CYCLES
    ]


def hosts_of(cycle_id: str) -> list[str]:
    """The host institutions of a cycle's programmes (whose admissions staff decide)."""
    return sorted({p["host_institution_id"] for p in PROGRAMMES if p["cycle_id"] == cycle_id})


def catalog(now: datetime | None = None) -> list[tuple[str, list[dict[str, Any]]]]:
    """(collection path, entities) in the order they must be created."""
    schemes = [
        {**s, "authority_translations": {c: AUTHORITY_NAMES[c] for c in s["authorities"]}} if "authorities" in s else s
        for s in _translated(SCHEMES, SCHEME_NAMES)
    ]
    return [
        ("institutions", _translated(INSTITUTIONS, INSTITUTION_NAMES)),
        ("schemes", schemes),
        ("cycles", _translated(cycles(now), CYCLE_NAMES)),
        ("programmes", _translated(PROGRAMMES, PROGRAMME_TITLES)),
        ("quota-rules", QUOTA_RULES),
    ]


async def load_demo(
    base_url: str, admin_token: str, *, now: datetime | None = None, client: httpx.AsyncClient | None = None
) -> dict[str, int]:
    """Create (or bring up to date) the demo catalog; returns how many of each were written.

    Safe to run again: an entity that exists is replaced with PUT.
    """
    headers = {"Authorization": f"Bearer {admin_token}"}
    own = client is None
    client = client or httpx.AsyncClient(base_url=base_url, timeout=30)
    written: dict[str, int] = {}
    try:
        for path, items in catalog(now):
            for item in items:
                r = await client.post(f"/{path}", json=item, headers=headers)
                if r.status_code == 409:
                    body = {k: v for k, v in item.items() if k != "id"}
                    r = await client.put(f"/{path}/{item['id']}", json=body, headers=headers)
                if r.status_code not in (200, 201):
                    raise RuntimeError(f"demo {path}/{item['id']}: {r.status_code} {r.text}")
                written[path] = written.get(path, 0) + 1
    finally:
        if own:
            await client.aclose()
    return written


# --- the demo catalog's names in the portal's other languages (zh, ru, ur) ----------------------

INSTITUTION_NAMES: dict[str, dict[str, str]] = {
    "lzu": {"zh": "兰州大学", "ru": "Ланьчжоуский университет", "ur": "لانژو یونیورسٹی"},
    "xju": {"zh": "新疆大学", "ru": "Синьцзянский университет", "ur": "سنکیانگ یونیورسٹی"},
    "dlufl": {
        "zh": "大连外国语大学",
        "ru": "Даляньский университет иностранных языков",
        "ur": "ڈالیان یونیورسٹی آف فارن لینگویجز",
    },
    "xjmu": {"zh": "新疆医科大学", "ru": "Синьцзянский медицинский университет", "ur": "سنکیانگ میڈیکل یونیورسٹی"},
    "chd": {"zh": "长安大学", "ru": "Чанъаньский университет", "ur": "چانگ آن یونیورسٹی"},
    "cau": {
        "zh": "中国农业大学",
        "ru": "Китайский сельскохозяйственный университет",
        "ur": "چائنا ایگریکلچرل یونیورسٹی",
    },
    "scu": {"zh": "四川大学", "ru": "Сычуаньский университет", "ur": "سیچوان یونیورسٹی"},
    "tjrail": {
        "zh": "天津铁道职业技术学院",
        "ru": "Тяньцзиньский железнодорожный профессионально-технический колледж",
        "ur": "تیانجن ریلوے ٹیکنیکل اینڈ ووکیشنل کالج",
    },
    "tjucm": {
        "zh": "天津城市建设管理职业技术学院",
        "ru": "Тяньцзиньский профессионально-технический колледж городского строительства и управления",
        "ur": "تیانجن اربن کنسٹرکشن مینجمنٹ ووکیشنل اینڈ ٹیکنیکل کالج",
    },
    "ttu": {
        "zh": "塔吉克斯坦奥西米技术大学",
        "ru": "Таджикский технический университет имени академика М. Осими",
        "ur": "تاجک ٹیکنیکل یونیورسٹی (ایم۔ اوسیمی)",
    },
    "ttu-luban": {
        "zh": "塔吉克技术大学鲁班工坊",
        "ru": "Мастерская Лубань при Таджикском техническом университете",
        "ur": "تاجک ٹیکنیکل یونیورسٹی کی لوبان ورکشاپ",
    },
    "kaznmu": {
        "zh": "阿斯芬迪亚罗夫哈萨克国立医科大学",
        "ru": "Казахский национальный медицинский университет имени С. Д. Асфендиярова",
        "ur": "اسفندیاروف قازق نیشنل میڈیکل یونیورسٹی",
    },
    "amu-kz": {"zh": "阿斯塔纳医科大学", "ru": "Медицинский университет Астана", "ur": "آستانہ میڈیکل یونیورسٹی"},
    "kemu": {
        "zh": "爱德华国王医科大学",
        "ru": "Медицинский университет имени короля Эдуарда",
        "ur": "کنگ ایڈورڈ میڈیکل یونیورسٹی",
    },
    "duhs": {"zh": "道健康科学大学", "ru": "Университет медицинских наук Доу", "ur": "ڈاؤ یونیورسٹی آف ہیلتھ سائنسز"},
}

SCHEME_NAMES: dict[str, dict[str, str]] = {
    "sco": {"zh": "上海合作组织奖学金", "ru": "Стипендия ШОС", "ur": "ایس سی او اسکالرشپ"},
    "cgs-cpec": {
        "zh": "中国政府奖学金——中巴经济走廊第二阶段",
        "ru": "Стипендия правительства Китая – КПЭК, этап 2",
        "ur": "چینی حکومتی اسکالرشپ – سی پیک مرحلہ 2",
    },
    "pk-kz-med": {
        "zh": "巴基斯坦–哈萨克斯坦医学与口腔医学交流项目",
        "ru": "Пакистано-казахстанский обмен в области медицины и стоматологии",
        "ur": "پاکستان–قزاخستان طبی اور دندان سازی کا تبادلہ پروگرام",
    },
    "luban-tj": {
        "zh": "天津–塔吉克斯坦鲁班工坊职业教育项目",
        "ru": "Профессиональная программа Мастерской Лубань Тяньцзинь – Таджикистан",
        "ur": "لوبان ورکشاپ تیانجن–تاجکستان پیشہ ورانہ پروگرام",
    },
    "xjmu-3plus2": {
        "zh": "新疆医科大学“3+2”中医项目",
        "ru": "Китайская медицина 3+2 Синьцзянского медицинского университета",
        "ur": 'سنکیانگ میڈیکل یونیورسٹی کا "\u20663+2\u2069" چینی طب پروگرام',
    },
}

AUTHORITY_NAMES: dict[str, dict[str, str]] = {
    "PK": {
        "zh": "巴基斯坦高等教育委员会（HEC）",
        "ru": "Комиссия по высшему образованию (HEC)",
        "ur": "ہائر ایجوکیشن کمیشن (ایچ ای سی)",
    },
    "KZ": {
        "zh": "哈萨克斯坦科学和高等教育部",
        "ru": "Министерство науки и высшего образования",
        "ur": "وزارتِ سائنس و اعلیٰ تعلیم",
    },
    "UZ": {
        "zh": "乌兹别克斯坦高等教育、科学和创新部",
        "ru": "Министерство высшего образования, науки и инноваций",
        "ur": "وزارتِ اعلیٰ تعلیم، سائنس و اختراع",
    },
    "TJ": {"zh": "塔吉克斯坦教育和科学部", "ru": "Министерство образования и науки", "ur": "وزارتِ تعلیم و سائنس"},
    "KG": {
        "zh": "吉尔吉斯斯坦科学、高等教育和创新部",
        "ru": "Министерство науки, высшего образования и инноваций",
        "ur": "وزارتِ سائنس، اعلیٰ تعلیم و اختراع",
    },
}

CYCLE_NAMES: dict[str, dict[str, str]] = {
    "sco-2026": {"zh": "上海合作组织奖学金 2026/27", "ru": "Стипендия ШОС 2026/27", "ur": "ایس سی او اسکالرشپ 2026/27"},
    "cpec-2026": {
        "zh": "中国政府奖学金（中巴经济走廊）2026/27",
        "ru": "Стипендия правительства Китая (КПЭК) 2026/27",
        "ur": "چینی حکومتی اسکالرشپ (سی پیک) 2026/27",
    },
    "pkkz-med-2026": {
        "zh": "巴基斯坦–哈萨克斯坦医学与口腔医学交流 2026/27",
        "ru": "Пакистано-казахстанский обмен: медицина и стоматология 2026/27",
        "ur": "پاکستان–قزاخستان طبی اور دندان سازی کا تبادلہ پروگرام 2026/27",
    },
    "luban-tj-2026": {
        "zh": "天津–塔吉克斯坦鲁班工坊 2026/27",
        "ru": "Мастерская Лубань Тяньцзинь – Таджикистан 2026/27",
        "ur": "لوبان ورکشاپ تیانجن–تاجکستان 2026/27",
    },
    "xjmu-3p2-2026": {
        "zh": "新疆医科大学“3+2”中医 2026/27",
        "ru": "Китайская медицина 3+2, Синьцзянский медицинский университет, 2026/27",
        "ur": 'سنکیانگ میڈیکل یونیورسٹی "\u20663+2\u2069" چینی طب 2026/27',
    },
}

_MEDICINE_EXCHANGE = {
    "zh": "临床医学交流学期",
    "ru": "Семестр обмена: лечебное дело",
    "ur": "جنرل میڈیسن: تبادلے کا سمسٹر",
}
_DENTISTRY_EXCHANGE = {
    "zh": "口腔医学交流学期",
    "ru": "Семестр обмена: стоматология",
    "ur": "دندان سازی: تبادلے کا سمسٹر",
}
PROGRAMME_TITLES: dict[str, dict[str, str]] = {
    "lzu-intl-relations": {
        "zh": "国际关系（硕士）",
        "ru": "Международные отношения (магистратура)",
        "ur": "بین الاقوامی تعلقات (ایم اے)",
    },
    "xju-petroleum-eng": {
        "zh": "石油工程（工程硕士）",
        "ru": "Нефтегазовое дело (магистратура)",
        "ur": "پیٹرولیم انجینئرنگ (ایم انجینئرنگ)",
    },
    "xjmu-clinical-med": {
        "zh": "临床医学（医学硕士）",
        "ru": "Клиническая медицина (магистратура)",
        "ur": "کلینیکل میڈیسن (ایم میڈ)",
    },
    "dlufl-chinese-lang": {
        "zh": "汉语言文化（一年制）",
        "ru": "Китайский язык и культура (один год)",
        "ur": "چینی زبان و ثقافت (ایک سالہ)",
    },
    "chd-transport-eng": {
        "zh": "交通运输工程（工程硕士）",
        "ru": "Транспортная инженерия (магистратура)",
        "ur": "ٹرانسپورٹیشن انجینئرنگ (ایم انجینئرنگ)",
    },
    "cau-agronomy": {"zh": "农学（农学硕士）", "ru": "Агрономия (магистратура)", "ur": "زرعی علوم (ایم ایس سی)"},
    "scu-public-health": {
        "zh": "公共卫生（公共卫生硕士）",
        "ru": "Общественное здравоохранение (MPH)",
        "ur": "صحتِ عامہ (ایم پی ایچ)",
    },
    "tjrail-signalling": {
        "zh": "铁道信号与控制（职业教育）",
        "ru": "Железнодорожная сигнализация и управление (профессиональное обучение)",
        "ur": "ریلوے سگنلنگ اور کنٹرول (پیشہ ورانہ)",
    },
    "kaznmu-medicine-exch": _MEDICINE_EXCHANGE,
    "kemu-medicine-exch": _MEDICINE_EXCHANGE,
    "kaznmu-dentistry-exch": _DENTISTRY_EXCHANGE,
    "duhs-dentistry-exch": _DENTISTRY_EXCHANGE,
    "amu-kz-faculty-visit": {
        "zh": "教师访问：医学教育",
        "ru": "Визит преподавателей: медицинское образование",
        "ur": "فیکلٹی وزٹ: طبی تعلیم",
    },
    "duhs-faculty-visit": {
        "zh": "教师访问：口腔医学教育",
        "ru": "Визит преподавателей: стоматологическое образование",
        "ur": "فیکلٹی وزٹ: دندان سازی کی تعلیم",
    },
    "tjucm-thermal-energy": {
        "zh": "城市热能应用技术",
        "ru": "Технологии городской теплоэнергетики",
        "ur": "شہری حرارتی توانائی کے استعمال کی ٹیکنالوجی",
    },
    "tjucm-eng-measurement": {"zh": "工程测量技术", "ru": "Инженерные измерения", "ur": "انجینئرنگ پیمائش ٹیکنالوجی"},
    "ttu-luban-thermal": {
        "zh": "城市热能（鲁班工坊，杜尚别）",
        "ru": "Городская теплоэнергетика (Мастерская Лубань, Душанбе)",
        "ur": "شہری حرارتی توانائی (لوبان ورکشاپ، دوشنبہ)",
    },
    "xjmu-tcm-3p2": {
        "zh": "中医学“3+2”（本国3年，乌鲁木齐2年）",
        "ru": "Китайская медицина 3+2 (3 года дома, 2 в Урумчи)",
        "ur": 'چینی طب "\u20663+2\u2069" (3 سال اپنے ملک میں، 2 ارومچی میں)',
    },
    "xjmu-tcm-uz-teachers": {
        "zh": "中亚教师中医进修",
        "ru": "Повышение квалификации по китайской медицине для преподавателей Центральной Азии",
        "ur": "وسطی ایشیا کے اساتذہ کے لیے چینی طب کی اعلیٰ تربیت",
    },
}


def _translated(items: list[dict[str, Any]], names: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    return [{**item, "translations": names.get(item["id"], {})} for item in items]
