"""Demo data for `make run`, created through the services' REST APIs.

    seed({"applications": url, "matching": url, ...}, data_dir)

Logs in as the bootstrap admin (APPLICATIONS_BOOTSTRAP_ADMIN_EMAIL / _PASSWORD, which
tools/devstack.py sets), loads the demo catalog (services/matching/demo.py), creates an
officer, the award path's people (issue 14: HEC's nominator for Pakistan and the Kazakh
ministry's for Kazakhstan in the SCO scheme, the admissions office of the SCO host
universities, a partner account, and the coordinators of two home institutions that endorse
their applicants) and a demo applicant with a draft application, and prints their log-ins. Running it again changes nothing that exists.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Set as AbstractSet
from datetime import date, datetime

import httpx

from services.applications.service import referee_tokens
from services.matching.demo import INSTITUTIONS, SCHEMES, SCO_AUTHORITIES, hosts_of, load_demo

ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "corridor-admin-demo"
OFFICER = {
    "email": "officer@example.org",
    "password": "corridor-review-demo",
    "name": "Dana Officer",
    "role": "officer",
    # the demo's schemes (not every scheme there may ever be: an unscoped officer would review them all)
    "schemes": [scheme["id"] for scheme in SCHEMES],
}
APPLICANT = {
    "email": "aigerim@example.kz",
    "password": "corridor-applicant-demo",
    "name": "Aigerim Nurlanovna",
    "applicant_type": "student",
    "nationality": "KZ",
    "home_institution": "Al-Farabi Kazakh National University",
    "date_of_birth": date(date.today().year - 22, 3, 14).isoformat(),
    "preferred_language": "ru",
}
DEMO_CYCLE = "sco-2026"
DEMO_CHOICES = ["dlufl-chinese-lang", "lzu-intl-relations"]

# The award path's people (issue 14), each with what the demo prints about them.
HEC_NOMINATOR = {
    "email": "hec@example.org",
    "password": "corridor-nominate-demo",
    "name": SCO_AUTHORITIES["PK"],
    "role": "nominator",
    "schemes": ["sco"],
    "countries": ["PK"],
}
KZ_NOMINATOR = {
    "email": "ministry.kz@example.org",
    "password": "corridor-astana-demo",
    "name": f"{SCO_AUTHORITIES['KZ']} (Kazakhstan)",
    "role": "nominator",
    "schemes": ["sco"],
    "countries": ["KZ"],
}
HOST_ADMISSIONS = {
    "email": "admissions@example.org",
    "password": "corridor-admit-demo",
    "name": "SCO host universities' admissions office",
    "role": "partner",
    "institutions": hosts_of(DEMO_CYCLE),
}
# The host of the PK–KZ exchange's Kazakh programmes, which admits the endorsed Pakistani students.
KAZNMU_ADMISSIONS = {
    "email": "admissions.kaznmu@example.org",
    "password": "corridor-almaty-demo",
    "name": "KazNMU and Astana Medical University, exchange admissions",
    "role": "partner",
    "institutions": ["kaznmu", "amu-kz"],
}
# Home institutions' coordinators: they endorse their own applicants before matching.
KEMU_COORDINATOR = {
    "email": "kemu@example.org",
    "password": "corridor-endorse-demo",
    "name": "King Edward Medical University, international office",
    "role": "coordinator",
    "schemes": ["pk-kz-med"],
    "institutions": ["kemu"],
}
DOW_COORDINATOR = {
    "email": "dow@example.org",
    "password": "corridor-endorse-karachi",
    "name": "Dow University of Health Sciences, international office",
    "role": "coordinator",
    "schemes": ["pk-kz-med"],
    "institutions": ["duhs"],
}
# Kazakhstan's side of the exchange: the Kazakh universities' international office endorses
# their students going to Pakistan, and the Pakistani hosts admit them.
KAZAKH_COORDINATOR = {
    "email": "intl.kaznmu@example.org",
    "password": "corridor-endorse-almaty",
    "name": "KazNMU and Astana Medical University, international office",
    "role": "coordinator",
    "schemes": ["pk-kz-med"],
    "institutions": ["kaznmu", "amu-kz"],
}
PAKISTANI_HOSTS = {
    "email": "admissions.pk@example.org",
    "password": "corridor-lahore-demo",
    "name": "KEMU and Dow University, exchange admissions",
    "role": "partner",
    "institutions": ["kemu", "duhs"],
}
# The CPEC and Luban hosts in China (and the workshop in Dushanbe): no admission stage in those
# schemes, but the host issues the admission papers once a place is accepted; without a log-in
# an applicant was promised papers nobody could issue.
CPEC_LUBAN_HOSTS = {
    "email": "admissions.cpec@example.org",
    "password": "corridor-papers-demo",
    "name": "CPEC and Luban hosts' international offices",
    "role": "partner",
    "institutions": ["chd", "cau", "scu", "tjrail", "tjucm", "ttu-luban"],
}
LUBAN_COORDINATOR = {
    "email": "luban.dushanbe@example.org",
    "password": "corridor-cohort-demo",
    "name": "Luban Workshop at Tajik Technical University",
    "role": "coordinator",
    "schemes": ["luban-tj"],
    "institutions": ["ttu-luban"],
}
# A professor on the SCO selection committee: scores what an officer's assignment run gives them
# (the officer saves the cycle's scoresheet first), reads and checks those applications' papers.
COMMITTEE_REVIEWER = {
    "email": "reviewer@example.org",
    "password": "corridor-score-demo",
    "name": "Prof. Li Wei, SCO selection committee",
    "role": "reviewer",
    "schemes": ["sco"],
}
AWARD_ACCOUNTS = [
    (
        "reviewer",
        COMMITTEE_REVIEWER,
        "scores the SCO applications an officer assigns from the cycle's scoresheet: /officer/committee",
    ),
    ("nominator", HEC_NOMINATOR, "HEC, nominates Pakistan's SCO applicants: /nominations"),
    ("nominator", KZ_NOMINATOR, "the Kazakh ministry, nominates Kazakhstan's: /nominations"),
    ("host", HOST_ADMISSIONS, f"admits at {', '.join(HOST_ADMISSIONS['institutions'])}: /host/admissions"),
    ("host", KAZNMU_ADMISSIONS, "admits the exchange's Pakistani students at KazNMU and AMU: /host/admissions"),
    ("home", KEMU_COORDINATOR, "King Edward Medical University endorses its exchange students: /endorsements"),
    ("home", DOW_COORDINATOR, "Dow University of Health Sciences endorses its exchange students: /endorsements"),
    ("home", KAZAKH_COORDINATOR, "KazNMU and Astana Medical University endorse theirs: /endorsements"),
    ("host", PAKISTANI_HOSTS, "admits the exchange's Kazakh students at KEMU and Dow: /host/admissions"),
    ("home", LUBAN_COORDINATOR, "the Luban Workshop in Dushanbe endorses a cohort of trainees: /endorsements"),
    ("host", CPEC_LUBAN_HOSTS, "issues admission papers at the CPEC and Luban hosts: /host/admissions"),
]
# (cycle, home institution, sending country, choices, first names): who waits for endorsement
ENDORSEMENT_POOLS = [
    ("pkkz-med-2026", "kemu", "PK", ["kaznmu-medicine-exch", "kaznmu-dentistry-exch"], ["Ayesha", "Hamza", "Sana"]),
    (
        "luban-tj-2026",
        "ttu-luban",
        "TJ",
        ["tjucm-thermal-energy", "tjucm-eng-measurement"],
        ["Firuz", "Manizha", "Rustam"],
    ),
]


async def _token(client: httpx.AsyncClient, email: str, password: str) -> str:
    r = await client.post("/auth/token", data={"username": email, "password": password})
    r.raise_for_status()
    return r.json()["access_token"]


async def _registered(apps: httpx.AsyncClient, admin: str) -> set[str]:
    """The e-mail addresses of the applicant accounts there are (an earlier run's): a second
    `make run` registers only the others; registering an address again e-mails its owner
    that someone tried to."""
    r = await apps.get(
        "/admin/accounts", params={"role": "applicant", "limit": 500}, headers={"Authorization": f"Bearer {admin}"}
    )
    r.raise_for_status()
    return {a["email"] for a in r.json()["items"]}


async def _register(apps: httpx.AsyncClient, known: AbstractSet[str], body: dict, admin: str | None = None) -> None:
    """Register the applicant (once); with ``admin``, its address is then taken as confirmed, as
    an admissions office may: a demo applicant's mailbox is a file nobody opens."""
    if body["email"] in known:
        return
    r = await apps.post("/auth/register", json=body)
    r.raise_for_status()
    if admin is not None:
        confirmed = await apps.post(
            f"/admin/accounts/{r.json()['id']}/email-verified", headers={"Authorization": f"Bearer {admin}"}
        )
        confirmed.raise_for_status()


async def _until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.5)
    raise TimeoutError(what)


async def seed_async(urls: dict[str, str], link_secret: str | None = None) -> list[str]:
    admin_email = os.environ.get("APPLICATIONS_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL)
    admin_password = os.environ.get("APPLICATIONS_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD)
    async with httpx.AsyncClient(base_url=urls["applications"], timeout=30) as apps:
        admin = await _token(apps, admin_email, admin_password)
        await load_demo(urls["matching"], admin)
        award = await create_award_accounts(apps, {"Authorization": f"Bearer {admin}"})
        known = await _registered(apps, admin)
        await _register(apps, known, APPLICANT, admin)
        token = await _token(apps, APPLICANT["email"], APPLICANT["password"])
        headers = {"Authorization": f"Bearer {token}"}

        async def catalog_arrived() -> bool:  # the catalog reaches the applications service by Kafka
            codes = [(await apps.get(f"/programmes/{p}")).status_code for p in DEMO_CHOICES]
            return all(code == 200 for code in codes)

        await _until(catalog_arrived, 60, "the demo catalog in the applications service")
        mine = (await apps.get("/applications", params={"cycle_id": DEMO_CYCLE}, headers=headers)).json()
        if not any(a["status"] != "withdrawn" for a in mine["items"]):
            r = await apps.post(
                "/applications",
                headers=headers,
                json={
                    "cycle_id": DEMO_CYCLE,
                    "choices": DEMO_CHOICES,
                    "grade": 86.5,
                    "language_certificates": [{"kind": "HSK", "level": 5}],
                    "statement": "I want to study Chinese and international relations and work on Central Asian ties.",
                },
            )
            r.raise_for_status()
        submitted = await submit_demo_pool(apps, link_secret=link_secret, known=known, admin=admin)
        waiting = await submit_endorsement_pools(apps, known, admin)
    return [
        f"  admin      {admin_email} / {admin_password}",
        f"  officer    {OFFICER['email']} / {OFFICER['password']}",
        *award,
        f"  applicant  {APPLICANT['email']} / {APPLICANT['password']}  (a draft application in {DEMO_CYCLE})",
        f"  {submitted} more applicants have submitted to {DEMO_CYCLE}: its rounds place nominees only, so the",
        "  nominators publish their lists first (an admin nominates for the other countries); then an officer",
        "  runs a round and approves, and the host admits or rejects before the applicant gets an offer",
        f"  {waiting} applicants of King Edward Medical University (PK–KZ exchange) and of the Luban Workshop",
        "  in Dushanbe wait for their home institution's endorsement; rounds in those cycles place the endorsed only",
    ]


async def create_award_accounts(apps: httpx.AsyncClient, admin: dict[str, str]) -> list[str]:
    """The officer and the award path's accounts (an existing one is left as it is); their
    log-in lines."""
    for body in (OFFICER, *(body for _, body, _ in AWARD_ACCOUNTS)):
        r = await apps.post("/admin/accounts", json=body, headers=admin)
        if r.status_code not in (201, 409):
            r.raise_for_status()
    return [f"  {label:<10} {body['email']} / {body['password']}  ({what})" for label, body, what in AWARD_ACCOUNTS]


# A small pool for the SCO cycle, so the officer console has something to match.
POOL_SIZE = 40
POOL_COUNTRIES = ["KZ", "UZ", "TJ", "KG", "PK"]
POOL_NAMES = ["Aruzhan", "Timur", "Dilnoza", "Farrukh", "Madina", "Bakyt", "Ayesha", "Hamza", "Zarina", "Nursultan"]
SCO_PROGRAMMES = ["lzu-intl-relations", "xju-petroleum-eng", "xjmu-clinical-med", "dlufl-chinese-lang"]
STUDENT_DOCUMENTS = ["passport", "transcript", "medical_certificate", "non_criminal_record"]
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def submit_demo_pool(
    apps: httpx.AsyncClient,
    count: int = POOL_SIZE,
    link_secret: str | None = None,
    known: AbstractSet[str] = frozenset(),
    admin: str | None = None,
) -> int:
    """Register ``count`` applicants who upload their documents, get their letters (with
    ``link_secret``, the JWT secret the referee links derive from) and submit (idempotent);
    how many have an application in the cycle (an earlier run's count too)."""
    submitted = 0
    for i in range(count):
        country = POOL_COUNTRIES[i % len(POOL_COUNTRIES)]
        email = f"demo{i:02d}.{country.lower()}@example.org"
        await _register(
            apps,
            known,
            {
                "email": email,
                "password": "corridor-demo-pool",
                "name": f"{POOL_NAMES[i % 10]} Demo{i:02d}",
                "applicant_type": "student",
                "nationality": country,
                "home_institution": "Demo University",
                "date_of_birth": date(date.today().year - 21 - i % 6, 1 + i % 12, 10).isoformat(),
                "preferred_language": ["ru", "en", "zh", "ur"][i % 4],
            },
            admin,
        )
        headers = {"Authorization": f"Bearer {await _token(apps, email, 'corridor-demo-pool')}"}
        seeded = await apps.get("/applications", params={"cycle_id": DEMO_CYCLE}, headers=headers)
        if seeded.json()["total"]:
            submitted += 1  # seeded by an earlier run: counted, as it is in the pool
            continue
        first = i % len(SCO_PROGRAMMES)
        choices = [SCO_PROGRAMMES[(first + k) % len(SCO_PROGRAMMES)] for k in range(3)]
        r = await apps.post(
            "/applications",
            headers=headers,
            json={
                "cycle_id": DEMO_CYCLE,
                "choices": choices,
                "grade": 75 + (i * 37) % 24,
                "language_certificates": [{"kind": "HSK", "level": 4 + i % 3}, {"kind": "IELTS", "level": 6.5}],
                "statement": "Demo application.",
            },
        )
        r.raise_for_status()
        app_id = r.json()["id"]
        for kind in STUDENT_DOCUMENTS:
            r = await apps.post(
                f"/applications/{app_id}/documents",
                headers=headers,
                data={"kind": kind},
                files={"file": (f"{kind}.pdf", TINY_PDF, "application/pdf")},
            )
            r.raise_for_status()
        if link_secret:
            await _letters_written(apps, headers, app_id, i, link_secret)
        r = await apps.post(f"/applications/{app_id}/submit", headers=headers)
        r.raise_for_status()
        await _consent(apps, headers, app_id, i)
        submitted += 1
    return submitted


async def _consent(apps: httpx.AsyncClient, headers: dict, app_id: str, i: int) -> None:
    """Most demo applicants let the host that considers them read their identity and documents,
    as most real ones do; every fourth does not, so a host sees both (a host's file of an
    applicant who shared nothing is empty)."""
    if i % 4 == 3:
        return
    r = await apps.put(
        f"/applications/{app_id}/consent", headers=headers, json={"host_identity": True, "host_documents": True}
    )
    r.raise_for_status()


NAMES = {i["id"]: i["name"] for i in INSTITUTIONS}


async def submit_endorsement_pools(
    apps: httpx.AsyncClient, known: AbstractSet[str] = frozenset(), admin: str | None = None
) -> int:
    """A few applicants per home institution of ENDORSEMENT_POOLS, submitted with their
    documents and waiting for the coordinator (idempotent); how many there are."""
    submitted = 0
    for cycle, home, country, choices, names in ENDORSEMENT_POOLS:
        for n, first in enumerate(names):
            email = f"{first.lower()}.{home}@example.org"
            await _register(
                apps,
                known,
                {
                    "email": email,
                    "password": "corridor-demo-pool",
                    "name": f"{first} Demo{n:02d}",
                    "applicant_type": "student",
                    "nationality": country,
                    # as an applicant types it: the institution's name (the id is the application's)
                    "home_institution": NAMES[home],
                    "date_of_birth": date(date.today().year - 22 - n, 4 + n, 12).isoformat(),
                    "preferred_language": ["en", "ru", "ur", "zh"][n % 4],
                },
                admin,
            )
            headers = {"Authorization": f"Bearer {await _token(apps, email, 'corridor-demo-pool')}"}
            if (await apps.get("/applications", params={"cycle_id": cycle}, headers=headers)).json()["total"]:
                submitted += 1  # seeded by an earlier run: counted, as it is in the pool
                continue
            r = await apps.post(
                "/applications",
                headers=headers,
                json={
                    "cycle_id": cycle,
                    "choices": choices,
                    "grade": 78 + 5 * n,
                    "home_institution_id": home,
                    "statement": "Demo application.",
                },
            )
            r.raise_for_status()
            app_id = r.json()["id"]
            for kind in STUDENT_DOCUMENTS:
                r = await apps.post(
                    f"/applications/{app_id}/documents",
                    headers=headers,
                    data={"kind": kind},
                    files={"file": (f"{kind}.pdf", TINY_PDF, "application/pdf")},
                )
                r.raise_for_status()
            r = await apps.post(f"/applications/{app_id}/submit", headers=headers)
            r.raise_for_status()
            await _consent(apps, headers, app_id, n)
            submitted += 1
    return submitted


async def _letters_written(apps: httpx.AsyncClient, headers: dict, app_id: str, i: int, link_secret: str) -> None:
    """Two professors write the letters the SCO programmes ask for, through their links (the
    links travel only by e-mail; the demo, which knows this checkout's secret, makes them)."""
    for n in (1, 2):
        r = await apps.post(
            f"/applications/{app_id}/referees",
            headers=headers,
            json={
                "name": f"Professor Demo{i:02d}-{n}",
                "email": f"referee{n}.demo{i:02d}@example.org",
                "position": "professor",
                "institution": "Demo University",
                "relationship": "taught the applicant",
                "language": "en",
            },
        )
        r.raise_for_status()
        request = r.json()
        link = referee_tokens.mint(link_secret, request["id"], datetime.fromisoformat(request["due_at"]))
        r = await apps.post(
            "/referee/letter/text",
            headers={"X-Referee-Token": link},
            json={"text": "A demo recommendation letter: a careful, curious and hard-working student. " * 2},
        )
        r.raise_for_status()


def seed(urls: dict[str, str], data_dir: str | os.PathLike | None = None, link_secret: str | None = None) -> None:
    """Seed the demo and print the log-ins; a failure is reported, not fatal."""
    try:
        lines = asyncio.run(seed_async(urls, link_secret))
    except Exception as exc:  # noqa: BLE001 - the system runs without demo data too
        print(f"Demo data not loaded: {exc!r}", flush=True)
        return
    print("Demo log-ins:", *lines, sep="\n", flush=True)
