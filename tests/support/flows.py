"""Reusable user flows over the real services: a catalog on Kafka, register, log in, apply.

    catalog = demo_catalog()                       # unique ids per call
    await publish(kafka.bootstrap, *catalog.events)  # as the matching service would
    await wait_for_catalog(client, catalog)          # the applications read model has it
    applicant, application = await register_and_submit(client, catalog)

``client`` is an httpx.AsyncClient whose base_url is the applications service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import httpx

from shared.events.catalog import (
    CycleUpserted,
    EventData,
    InstitutionUpserted,
    MatchApproved,
    MatchProposed,
    ProgrammeUpserted,
    Requirements,
    SchemeUpserted,
)
from tests.support.events import publish
from tests.support.ids import uid
from tests.support.infra import wait_for

PASSWORD = "correct horse battery staple"


@dataclass
class Catalog:
    scheme_id: str
    cycle_id: str
    institution_id: str
    student_programmes: list[str]
    faculty_programme: str
    events: list[EventData] = field(default_factory=list)

    @property
    def cycle(self) -> CycleUpserted:
        return next(e for e in self.events if isinstance(e, CycleUpserted))

    def programme(self, programme_id: str) -> ProgrammeUpserted:
        return next(e for e in self.events if isinstance(e, ProgrammeUpserted) and e.programme_id == programme_id)


def demo_catalog(
    *,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    max_choices: int = 3,
    eligible_countries: tuple[str, ...] = ("KZ", "UZ", "TJ", "KG", "PK"),
    requirements: Requirements | None = None,
) -> Catalog:
    """An SCO-like scheme with one open cycle, two student programmes and a faculty track."""
    t = datetime.now(UTC)
    scheme, cycle, inst = uid("sco"), uid("sco-2026"), uid("xjmu")
    students = [uid("xjmu-tcm-3p2"), uid("xjmu-clinical")]
    faculty = uid("xjmu-teacher")
    req = requirements or Requirements(min_grade=70, language_certificate="HSK", min_language_level=4, max_age=35)
    events: list[EventData] = [
        InstitutionUpserted(institution_id=inst, name="Xinjiang Medical University", country="CN"),
        SchemeUpserted(
            scheme_id=scheme,
            name="SCO Scholarship",
            sponsor="Ministry of Education of the PRC",
            eligible_countries=list(eligible_countries),
            max_choices=max_choices,
        ),
        CycleUpserted(
            cycle_id=cycle,
            scheme_id=scheme,
            name="SCO 2026/27",
            opens_at=opens_at or t - timedelta(days=1),
            closes_at=closes_at or t + timedelta(days=30),
            starts_on=(t + timedelta(days=120)).date(),
            max_choices=max_choices,
            eligible_countries=list(eligible_countries),
        ),
        ProgrammeUpserted(
            programme_id=students[0],
            cycle_id=cycle,
            scheme_id=scheme,
            host_institution_id=inst,
            host_institution_name="Xinjiang Medical University",
            host_country="CN",
            title="Chinese medicine 3+2",
            field="medicine",
            level="bachelor",
            language="zh",
            seats=10,
            applicant_type="student",
            requirements=req,
        ),
        ProgrammeUpserted(
            programme_id=students[1],
            cycle_id=cycle,
            scheme_id=scheme,
            host_institution_id=inst,
            host_institution_name="Xinjiang Medical University",
            host_country="CN",
            title="Clinical medicine",
            field="medicine",
            level="master",
            language="en",
            seats=5,
            applicant_type="student",
            requirements=Requirements(),
        ),
        ProgrammeUpserted(
            programme_id=faculty,
            cycle_id=cycle,
            scheme_id=scheme,
            host_institution_id=inst,
            host_institution_name="Xinjiang Medical University",
            host_country="CN",
            title="Further study for Uzbek teachers",
            field="medicine",
            level="faculty-visit",
            language="zh",
            seats=4,
            applicant_type="faculty",
            requirements=Requirements(),
        ),
    ]
    return Catalog(scheme, cycle, inst, students, faculty, events)


async def wait_for_catalog(client: httpx.AsyncClient, catalog: Catalog, timeout: float = 60) -> None:
    """Until the applications service's read model holds the cycle and every programme."""
    programmes = [*catalog.student_programmes, catalog.faculty_programme]

    async def present():
        if (await client.get(f"/cycles/{catalog.cycle_id}")).status_code != 200:
            return False
        for pid in programmes:
            if (await client.get(f"/programmes/{pid}")).status_code != 200:
                return False
        return True

    await wait_for(present, timeout=timeout, what=f"catalog {catalog.cycle_id} in the applications read model")


@dataclass
class Registered:
    id: str
    email: str
    password: str
    headers: dict[str, str]
    profile: dict


def registration_body(**overrides) -> dict:
    body = {
        "email": f"{uid('aigerim')}@example.kz",
        "password": PASSWORD,
        "name": "Aigerim Nurlanovna",
        "applicant_type": "student",
        "nationality": "KZ",
        "home_institution": "Al-Farabi Kazakh National University",
        "date_of_birth": (date.today() - timedelta(days=365 * 22)).isoformat(),
        "preferred_language": "ru",
    }
    body.update(overrides)
    return body


def referee_body(n: int, *, position: str = "professor", language: str = "ru", **overrides) -> dict:
    """A referee an applicant names (POST /applications/{id}/referees): the n-th of the module."""
    body = {
        "name": f"Prof. Referee {n}",
        "email": f"referee{n}@university.example",
        "position": position,
        "institution": "Al-Farabi Kazakh National University",
        "relationship": "supervised my thesis",
        "language": language,
    }
    body.update(overrides)
    return body


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    r = await client.post("/auth/token", data={"username": email, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def register(client: httpx.AsyncClient, **overrides) -> Registered:
    body = registration_body(**overrides)
    r = await client.post("/auth/register", json=body)
    assert r.status_code == 201, r.text
    headers = await login(client, body["email"], body["password"])
    return Registered(r.json()["id"], body["email"], body["password"], headers, r.json())


def application_body(catalog: Catalog, **overrides) -> dict:
    body = {
        "cycle_id": catalog.cycle_id,
        "choices": list(catalog.student_programmes),
        "grade": 88.5,
        "language_certificates": [{"kind": "HSK", "level": 5}],
        "statement": "I want to study Chinese medicine and bring it home to Almaty.",
    }
    body.update(overrides)
    return body


async def create_draft(client: httpx.AsyncClient, who: Registered, catalog: Catalog, **overrides) -> dict:
    r = await client.post("/applications", json=application_body(catalog, **overrides), headers=who.headers)
    assert r.status_code == 201, r.text
    return r.json()


async def submit(
    client: httpx.AsyncClient, who: Registered, application_id: str, key: str | None = None
) -> httpx.Response:
    headers = dict(who.headers)
    if key:
        headers["Idempotency-Key"] = key
    return await client.post(f"/applications/{application_id}/submit", headers=headers)


async def register_and_submit(
    client: httpx.AsyncClient, catalog: Catalog, *, profile: dict | None = None, **application
) -> tuple[Registered, dict]:
    """Register an applicant, log in, create a draft in ``catalog``'s cycle and submit it."""
    who = await register(client, **(profile or {}))
    draft = await create_draft(client, who, catalog, **application)
    r = await submit(client, who, draft["id"])
    assert r.status_code == 200, r.text
    return who, r.json()


async def offered(service, catalog: Catalog, who: Registered, application_id: str) -> None:
    """Matched to the catalog's first student programme and approved, as the matching service
    tells it (match.proposed, match.approved): the application is offered, with its host."""
    base = dict(
        round_id=uid("round"),
        application_id=application_id,
        applicant_id=who.id,
        cycle_id=catalog.cycle_id,
        host_institution_id=catalog.institution_id,
    )
    pid = catalog.student_programmes[0]
    await publish(
        service.bootstrap,
        MatchProposed(match_id="m1-" + application_id, programme_id=pid, rank=1, **base),
        MatchApproved(match_id="m1-" + application_id, programme_id=pid, rank=1, **base),
    )

    async def offer_seen():
        got = await service.client.get(f"/applications/{application_id}", headers=who.headers)
        return got.json()["status"] == "offered"

    await wait_for(offer_seen, what="the offer")
