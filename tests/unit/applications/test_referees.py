"""Referee letters (issue 15) against fakes: the link token's rules, the request's state
machine, the reminder schedule, and the use cases over an in-memory SQLite database with
the events each stages in the outbox."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime, timedelta

import jwt
import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

from services.applications.api.referee_schemas import RefereeOut
from services.applications.domain import referees as rules
from services.applications.domain.referees import RefereeState
from services.applications.models import (
    Account,
    Applicant,
    Base,
    CatalogCycle,
    CatalogProgramme,
    RefereeRequest,
    infra,
)
from services.applications.service import applications, referee_tokens, referees
from services.applications.service.documents import Upload
from services.applications.service.storage import FileStore
from services.applications.service.submit import submit
from shared.auth import issue_token
from shared.clock import utcnow
from shared.eligibility import ApplicantFacts, CycleFacts, ProgrammeFacts, coded_reasons
from shared.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests, Unsupported
from shared.events.catalog import LetterRequirement, Requirements
from shared.events.envelope import Envelope
from shared.principal import Principal, Role
from tests.unit.applications import test_service as service_test

SECRET = "a-test-secret-of-enough-length-for-hs256-0123456789"
LINKS = referees.Links(SECRET, "https://portal.example/referee?token=")
SOURCE = "/corridor/applications"
CYCLE = "cgs-2026"
PROFESSORS = {"letters": {"count": 2, "positions": ["professor", "associate_professor"]}}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LETTER = "I have taught the applicant for three years and recommend her without reservation. " * 2


# --- the token --------------------------------------------------------------------------------


def test_a_token_names_its_request_and_nothing_else():
    token = referee_tokens.mint(SECRET, "req-1", utcnow() + timedelta(days=3))
    assert referee_tokens.request_id_of(SECRET, token) == "req-1"
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["purpose"] == "referee_letter" and claims["aud"] == "corridor:referee"
    assert "req-1" == claims["rid"] and "email" not in claims


def _forged(**overrides) -> str:
    """A token with our derived key but other claims (what a bug elsewhere could mint)."""
    now = int(utcnow().timestamp())
    claims = {
        "iss": referee_tokens.ISSUER,
        "aud": referee_tokens.AUDIENCE,
        "purpose": referee_tokens.PURPOSE,
        "rid": "req-1",
        "iat": now,
        "exp": now + 3600,
        **overrides,
    }
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, referee_tokens._key(SECRET), algorithm="HS256")


@pytest.mark.parametrize(
    "token",
    [
        _forged(purpose="password_reset"),
        _forged(aud="applications"),
        _forged(iss="someone-else"),
        _forged(purpose=None),
        _forged(rid=None),
        _forged(rid=42),
    ],
    ids=["wrong-purpose", "wrong-audience", "wrong-issuer", "no-purpose", "no-request", "request-not-a-string"],
)
def test_a_token_for_another_purpose_or_audience_is_refused(token):
    with pytest.raises(Forbidden) as caught:
        referee_tokens.request_id_of(SECRET, token)
    assert caught.value.code == "referee.link_invalid"


def test_an_expired_token_is_refused():
    token = referee_tokens.mint(SECRET, "req-1", utcnow() - timedelta(seconds=5))
    with pytest.raises(Forbidden) as caught:
        referee_tokens.request_id_of(SECRET, token)
    assert caught.value.code == "referee.link_expired"


def test_a_tampered_token_is_refused():
    token = referee_tokens.mint(SECRET, "req-1", utcnow() + timedelta(days=1))
    header, payload, signature = token.split(".")
    other = referee_tokens.mint(SECRET, "req-2", utcnow() + timedelta(days=1)).split(".")[1]
    for bad in (f"{header}.{other}.{signature}", f"{header}.{payload}.{signature[:-4]}AAAA", token + "x"):
        with pytest.raises(Forbidden):
            referee_tokens.request_id_of(SECRET, bad)
    with pytest.raises(Forbidden):  # another deployment's secret
        referee_tokens.request_id_of(SECRET + "-other", token)


def test_an_access_token_is_no_referee_token_and_the_plain_secret_signs_none():
    access = issue_token(Principal(sub="u1", role=Role.APPLICANT), SECRET)
    plain = jwt.encode(jwt.decode(_forged(), options={"verify_signature": False}), SECRET, algorithm="HS256")
    for token in (access, plain):
        with pytest.raises(Forbidden):
            referee_tokens.request_id_of(SECRET, token)


# --- the state machine ------------------------------------------------------------------------


def test_a_link_works_only_while_the_referee_has_not_answered_and_before_the_deadline():
    now = datetime(2026, 12, 1, tzinfo=UTC)
    later, earlier = now + timedelta(days=1), now - timedelta(seconds=1)
    for state in (RefereeState.REQUESTED, RefereeState.OPENED):
        rules.check_link_usable(state, later, now)
        with pytest.raises(Forbidden) as caught:
            rules.check_link_usable(state, earlier, now)
        assert caught.value.code == "referee.link_expired"
    for state in (RefereeState.SUBMITTED, RefereeState.DECLINED):
        with pytest.raises(Conflict) as used:
            rules.check_link_usable(state, later, now)
        assert used.value.code == "referee.link_used"
    with pytest.raises(Forbidden) as cancelled:
        rules.check_link_usable(RefereeState.CANCELLED, later, now)
    assert cancelled.value.code == "referee.link_withdrawn"
    with pytest.raises(Forbidden):
        rules.check_link_usable(RefereeState.EXPIRED, later, now)


def test_opening_cancelling_and_replacing():
    assert rules.opened("requested") == RefereeState.OPENED
    assert rules.opened("opened") == RefereeState.OPENED
    assert rules.opened("submitted") == RefereeState.SUBMITTED
    for state in ("requested", "opened", "declined", "expired"):
        rules.check_applicant_can("replace", state)
        rules.check_applicant_can("cancel", state)
    for action, state in (("replace", "submitted"), ("cancel", "submitted"), ("replace", "cancelled")):
        with pytest.raises(Conflict):
            rules.check_applicant_can(action, state)


def test_an_applicant_reminds_a_waiting_referee_at_most_once_per_gap():
    now = datetime(2026, 12, 1, tzinfo=UTC)
    gap = timedelta(days=1)
    rules.check_can_remind("requested", None, now, gap)
    rules.check_can_remind("opened", now - gap, now, gap)
    with pytest.raises(TooManyRequests) as caught:
        rules.check_can_remind("requested", now - timedelta(hours=2), now, gap)
    assert 22 * 3600 <= caught.value.retry_after <= 22 * 3600 + 1
    with pytest.raises(Conflict):
        rules.check_can_remind("submitted", None, now, gap)
    # the request itself counts: a reminder a second after it reached the referee as a second e-mail
    with pytest.raises(TooManyRequests):
        rules.check_can_remind("requested", None, now, gap, asked_at=now - timedelta(seconds=1))
    rules.check_can_remind("requested", None, now, gap, asked_at=now - gap)
    with pytest.raises(TooManyRequests):  # the later of the two counts
        rules.check_can_remind("requested", now - gap, now, gap, asked_at=now - timedelta(hours=1))


def test_reminders_are_due_at_the_scheduled_points_before_the_deadline():
    due = datetime(2026, 12, 31, tzinfo=UTC)
    created = due - timedelta(days=30)
    schedule = [timedelta(days=7), timedelta(days=2)]
    assert rules.reminders_due(created, due, 0, schedule, due - timedelta(days=8)) == 0
    assert rules.reminders_due(created, due, 0, schedule, due - timedelta(days=6)) == 1
    assert rules.reminders_due(created, due, 1, schedule, due - timedelta(days=1)) == 2
    # both points passed while the worker was away: one reminder, counted as both
    assert rules.reminders_due(created, due, 0, schedule, due - timedelta(days=1)) == 2
    # a request made 3 days before the deadline never gets the 7-day reminder
    assert rules.reminders_due(due - timedelta(days=3), due, 0, schedule, due - timedelta(days=2, hours=23)) == 0
    assert rules.reminders_due(due - timedelta(days=3), due, 0, schedule, due - timedelta(days=1)) == 1
    assert rules.reminders_due(created, due, 0, schedule, due) == 0  # past the deadline: expiry, not a reminder


# --- eligibility ---------------------------------------------------------------------------------


def test_letters_count_toward_eligibility_by_position():
    req = Requirements(letters=LetterRequirement(count=2, positions=["professor", "associate_professor"]))
    programme = ProgrammeFacts("p", "c", "student", req)
    cycle = CycleFacts("c")

    def reasons(held):
        facts = ApplicantFacts("student", "PK", None, letter_positions=held)
        return coded_reasons(facts, cycle, programme, date(2026, 12, 1))

    (missing,) = reasons(("professor", "lecturer"))
    assert missing.code == "eligibility.letters_missing"
    assert missing.params == {"received": 1, "required": 2, "positions": ["professor", "associate_professor"]}
    assert "1 of 2" in missing.text
    assert reasons(("professor", "associate_professor")) == []
    assert reasons(None) == []  # not known here (the matching service): not checked
    anyone = ProgrammeFacts("p", "c", "student", Requirements(letters=LetterRequirement(count=1)))
    assert (
        coded_reasons(
            ApplicantFacts("student", "PK", None, letter_positions=("lecturer",)), cycle, anyone, date.today()
        )
        == []
    )


# --- the use cases ---------------------------------------------------------------------------------


class Db(service_test.Db):
    async def request(self, request_id: str) -> RefereeRequest:
        async with self.sessions() as s:
            return await s.get(RefereeRequest, request_id)


@pytest.fixture
async def db():
    engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    fake = Db(async_sessionmaker(engine, expire_on_commit=False))
    now = utcnow()
    async with fake.tx() as s:
        s.add(
            CatalogCycle(
                id=CYCLE,
                scheme_id="cgs",
                name="CGS 2026",
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=20),
                max_choices=3,
                eligible_countries=["PK"],
            )
        )
        for pid, requirements in (("needs-letters", PROFESSORS), ("plain", {})):
            s.add(
                CatalogProgramme(
                    id=pid,
                    cycle_id=CYCLE,
                    scheme_id="cgs",
                    host_institution_id="chd",
                    host_institution_name="Chang'an University",
                    host_country="CN",
                    title=f"Programme {pid}",
                    field="engineering",
                    level="master",
                    language="en",
                    seats=3,
                    applicant_type="student",
                    requirements=requirements,
                )
            )
    yield fake
    await engine.dispose()


async def draft(db: Db, choices: list[str]) -> tuple[str, str]:
    who = str(uuid.uuid4())
    async with db.tx() as s:
        s.add(Account(id=who, email=f"{who}@example.pk", password_hash="x", role="applicant", name="Ayesha Khan"))
        s.add(
            Applicant(
                id=who,
                applicant_type="student",
                nationality="PK",
                home_institution="NUST",
                date_of_birth=date(2002, 5, 10),
            )
        )
        await s.flush()
        application = await applications.create_draft(
            s, who, cycle_id=CYCLE, choices=choices, grade=None, language_certificates=[], statement=""
        )
        return who, application.id


def referee(n: int = 1, position: str = "professor", language: str = "ru") -> referees.Referee:
    return referees.Referee(
        f"Prof. Referee {n}", f"Referee{n}@Uni.example", position, "NUST", "thesis supervisor", language
    )


async def name(db: Db, who: str, application_id: str, r: referees.Referee) -> RefereeRequest:
    async with db.tx() as s:
        return await referees.name_referee(
            s, infra, who, application_id, r, links=LINKS, max_days=60, max_referees=4, source=SOURCE
        )


def token_of(env: Envelope) -> str:
    link = env.data["link"]
    assert link.startswith(LINKS.prefix)
    return link.removeprefix(LINKS.prefix)


async def test_naming_a_referee_stages_the_request_with_a_link_to_that_letter_only(db):
    who, app_id = await draft(db, ["needs-letters"])
    request = await name(db, who, app_id, referee(1))
    (env,) = await db.outbox()
    assert env.type == "org.corridor.referee.requested.v1" and env.key == app_id
    assert env.data["referee_email"] == "referee1@uni.example" and env.data["referee_language"] == "ru"
    assert env.data["applicant_name"] == "Ayesha Khan"
    assert env.data["programmes"] == ["Programme needs-letters, Chang'an University"]
    assert referee_tokens.request_id_of(SECRET, token_of(env)) == request.id
    # the deadline is the cycle's close
    assert abs((datetime.fromisoformat(env.data["due_at"]) - (utcnow() + timedelta(days=20))).total_seconds()) < 60
    # the token itself is stored nowhere
    stored = await db.request(request.id)
    assert token_of(env) not in str(vars(stored))


async def test_the_referee_opens_writes_once_and_the_link_stops_working(db):
    who, app_id = await draft(db, ["needs-letters"])
    first = await name(db, who, app_id, referee(1))
    second = await name(db, who, app_id, referee(2, "associate_professor"))
    t1, t2 = (token_of(e) for e in await db.outbox())
    async with db.tx() as s:
        view = await referees.open_request(s, SECRET, t1)
    assert view.request.id == first.id and view.applicant_name == "Ayesha Khan"
    assert (await db.request(first.id)).state == "opened"
    assert (await db.request(second.id)).state == "requested"  # the other letter is untouched

    async with db.tx() as s:
        with pytest.raises(Invalid) as short:
            await referees.write_letter(s, infra, SECRET, t1, "too short", source=SOURCE)
    assert short.value.code == "referee.letter_too_short"
    async with db.tx() as s:
        await referees.write_letter(s, infra, SECRET, t1, LETTER, source=SOURCE)
    stored = await db.request(first.id)
    assert stored.state == "submitted" and stored.letter_text == LETTER.strip()
    events = await db.outbox()
    assert events[-1].type == "org.corridor.referee.letter_submitted.v1"
    assert events[-1].data == {
        "request_id": first.id,
        "application_id": app_id,
        "applicant_id": who,
        "referee_name": "Prof. Referee 1",
        "position": "professor",
        "programmes": ["Programme needs-letters, Chang'an University"],  # the applicant's notice names them
        # one of the letters the programme asks for: nothing tells the applicant to submit yet
        "letters_complete": False,
        "ready_to_submit": False,
    }
    async with db.tx() as s:
        with pytest.raises(Conflict) as used:
            await referees.open_request(s, SECRET, t1)
    assert used.value.code == "referee.link_used"
    async with db.tx() as s:
        with pytest.raises(Conflict):
            await referees.decline(s, infra, SECRET, t1, source=SOURCE)
    # the second referee declines: the applicant may replace them
    async with db.tx() as s:
        await referees.decline(s, infra, SECRET, t2, source=SOURCE)
    assert (await db.outbox())[-1].type == "org.corridor.referee.declined.v1"
    async with db.tx() as s:
        listed = await referees.list_referees(s, who, app_id)
    assert [(r.name, r.state) for r in listed] == [("Prof. Referee 1", "submitted"), ("Prof. Referee 2", "declined")]
    # what the applicant sees carries no letter
    assert not any("letter" in k for k in RefereeOut.model_fields)


async def test_an_uploaded_letter_must_be_a_pdf(db, tmp_path):
    who, app_id = await draft(db, ["needs-letters"])
    request = await name(db, who, app_id, referee(1))
    token = token_of((await db.outbox())[0])

    def upload(data: bytes, content_type: str) -> Upload:
        stream = io.BytesIO(data)

        async def read(n: int) -> bytes:
            return stream.read(n)

        return Upload("letter.pdf", content_type, read)

    png = b"\x89PNG\r\n\x1a\n" + b"0" * 32
    async with db.sessions() as s:
        with pytest.raises(Unsupported) as caught:
            await referees.upload_letter(
                s, infra, SECRET, token, upload(png, "image/png"), store=FileStore(tmp_path), limit=1024, source=SOURCE
            )
    assert caught.value.code == "referee.letter_not_pdf"
    # neither PDF nor an image: the same word, not "PDF, PNG or JPEG" (a PNG would then be refused)
    async with db.sessions() as s:
        with pytest.raises(Unsupported) as caught:
            await referees.upload_letter(
                s, infra, SECRET, token, upload(b"MZ\x90\x00" + b"0" * 32, "application/pdf"),
                store=FileStore(tmp_path), limit=1024, source=SOURCE,
            )  # fmt: skip
    assert caught.value.code == "referee.letter_not_pdf"
    assert list(tmp_path.iterdir()) == []  # nothing left behind
    async with db.sessions() as s:
        await referees.upload_letter(
            s,
            infra,
            SECRET,
            token,
            upload(PDF, "application/pdf"),
            store=FileStore(tmp_path),
            limit=1024,
            source=SOURCE,
        )
    stored = await db.request(request.id)
    assert stored.state == "submitted" and stored.letter_size == len(PDF)
    assert (tmp_path / stored.letter_stored_name).read_bytes() == PDF


async def test_submit_is_refused_while_letters_are_missing(db):
    who, app_id = await draft(db, ["needs-letters"])

    async def try_submit():
        async with db.tx() as s:
            result = await submit(s, infra, who, app_id, source=SOURCE)
            conn = await s.connection()
            for statement, params in result.writes:
                await conn.execute(statement, params)

    with pytest.raises(Invalid) as caught:
        await try_submit()
    (item,) = caught.value.errors
    assert item.code == "application.not_eligible"
    assert [d["code"] for d in item.context["details"]] == ["eligibility.letters_missing"]
    for n, position in ((1, "professor"), (2, "associate_professor")):
        await name(db, who, app_id, referee(n, position))
    tokens = [token_of(e) for e in await db.outbox() if e.type.endswith("referee.requested.v1")]
    async with db.tx() as s:  # one letter of two
        await referees.write_letter(s, infra, SECRET, tokens[0], LETTER, source=SOURCE)
    with pytest.raises(Invalid) as still:
        await try_submit()
    assert still.value.errors[0].context["details"][0]["params"]["received"] == 1
    async with db.tx() as s:
        await referees.write_letter(s, infra, SECRET, tokens[1], LETTER, source=SOURCE)
    await try_submit()
    assert (await db.outbox())[-1].type == "org.corridor.application.submitted.v1"


async def test_cancel_and_replace_kill_the_old_link(db):
    who, app_id = await draft(db, ["needs-letters"])
    old = await name(db, who, app_id, referee(1))
    old_token = token_of((await db.outbox())[0])
    async with db.tx() as s:
        new = await referees.replace(
            s, infra, who, app_id, old.id, referee(5), links=LINKS, max_days=60, max_referees=4, source=SOURCE
        )
    assert (await db.request(old.id)).state == "cancelled"
    assert (await db.request(old.id)).replaced_by == new.id
    # the old referee, who had not answered, is told (in their own language), before the new one is asked
    told = [e for e in await db.outbox() if e.type == "org.corridor.referee.cancelled.v1"]
    assert [(e.data["request_id"], e.data["replaced"], e.data["referee_email"]) for e in told] == [
        (old.id, True, old.email)
    ]
    assert told[0].data["referee_language"] == old.language
    async with db.tx() as s:
        with pytest.raises(Forbidden) as caught:
            await referees.open_request(s, SECRET, old_token)
    assert caught.value.code == "referee.link_withdrawn"
    new_token = token_of((await db.outbox())[-1])
    async with db.tx() as s:
        await referees.write_letter(s, infra, SECRET, new_token, LETTER, source=SOURCE)
    async with db.tx() as s:
        with pytest.raises(Conflict):  # a submitted letter is neither cancelled nor replaced
            await referees.cancel(s, infra, who, app_id, new.id, source=SOURCE)
    async with db.tx() as s:
        with pytest.raises(NotFound):  # someone else's application
            await referees.cancel(s, infra, "someone-else", app_id, new.id, source=SOURCE)
    async with db.tx() as s:
        assert [r.id for r in await referees.list_referees(s, who, app_id)] == [new.id]


async def test_a_cancelled_request_tells_a_referee_who_had_not_answered(db):
    who, app_id = await draft(db, ["needs-letters"])
    asked = await name(db, who, app_id, referee(2, language="ru"))
    async with db.tx() as s:
        await referees.cancel(s, infra, who, app_id, asked.id, source=SOURCE)
    (env,) = [e for e in await db.outbox() if e.type == "org.corridor.referee.cancelled.v1"]
    assert env.data["request_id"] == asked.id and env.data["replaced"] is False
    assert env.data["referee_language"] == "ru" and env.data["applicant_name"]
    assert "link" not in env.data  # nothing that would open the request again


async def test_the_applicant_may_remind_once_a_day(db):
    who, app_id = await draft(db, ["needs-letters"])
    request = await name(db, who, app_id, referee(1, language="zh"))

    async def remind():
        async with db.tx() as s:
            await referees.remind(
                s, infra, who, app_id, request.id, links=LINKS, min_gap=timedelta(days=1), source=SOURCE
            )

    with pytest.raises(TooManyRequests):  # the request itself went out a moment ago
        await remind()
    async with db.tx() as s:  # a day later
        (await s.get(RefereeRequest, request.id)).created_at -= timedelta(days=1)
    await remind()
    env = (await db.outbox())[-1]
    assert env.type == "org.corridor.referee.reminded.v1" and env.data["by"] == "applicant"
    assert referee_tokens.request_id_of(SECRET, token_of(env)) == request.id
    with pytest.raises(TooManyRequests):
        await remind()
    assert len(await db.outbox()) == 2


async def test_the_worker_reminds_on_schedule_and_expires_after_the_deadline(db):
    who, app_id = await draft(db, ["needs-letters"])
    request = await name(db, who, app_id, referee(1))
    due = (await db.request(request.id)).due_at.replace(tzinfo=UTC)
    schedule = [timedelta(days=7), timedelta(days=2)]

    async def run(now: datetime) -> tuple[int, int]:
        async with db.tx() as s:
            return await referees.remind_and_expire(s, infra, links=LINKS, before_due=schedule, source=SOURCE, now=now)

    assert await run(due - timedelta(days=10)) == (0, 0)
    assert await run(due - timedelta(days=6)) == (1, 0)
    assert await run(due - timedelta(days=5)) == (0, 0)  # that reminder went out already
    assert await run(due - timedelta(days=1)) == (1, 0)
    reminders = [e for e in await db.outbox() if e.type.endswith("referee.reminded.v1")]
    assert [e.data["by"] for e in reminders] == ["schedule", "schedule"]
    assert await run(due + timedelta(seconds=1)) == (0, 1)
    assert (await db.request(request.id)).state == "expired"
    assert await run(due + timedelta(days=1)) == (0, 0)


async def test_officers_in_scope_read_the_letters(db, tmp_path):
    who, app_id = await draft(db, ["needs-letters"])
    request = await name(db, who, app_id, referee(1))
    token = token_of((await db.outbox())[0])
    async with db.tx() as s:
        await referees.write_letter(s, infra, SECRET, token, LETTER, source=SOURCE)
    async with db.tx() as s:
        await s.execute(
            Base.metadata.tables["applications"].update().values(status="submitted")
        )  # drafts are not officers' business
    officer = Principal(sub="o1", role=Role.OFFICER, schemes=["cgs"])
    outsider = Principal(sub="o2", role=Role.OFFICER, schemes=["sco"])
    async with db.sessions() as s:
        letter, path = await referees.letter_in_scope(s, officer, app_id, request.id, store=FileStore(tmp_path))
        assert path is None and letter.letter_text == LETTER.strip()
        with pytest.raises(NotFound):
            await referees.letter_in_scope(s, outsider, app_id, request.id, store=FileStore(tmp_path))


async def test_a_withdrawn_application_takes_its_referee_links_with_it(db):
    who, app_id = await draft(db, ["needs-letters"])
    await name(db, who, app_id, referee(1))
    token = token_of((await db.outbox())[0])
    async with db.tx() as s:
        await applications.withdraw(s, infra, who, app_id, None, source=SOURCE)
    async with db.tx() as s:
        with pytest.raises(Forbidden) as caught:
            await referees.open_request(s, SECRET, token)
    # no letter is needed, said in the referee's language (it sent them back to the applicant)
    assert caught.value.code == "referee.link_withdrawn" and caught.value.context["language"] == "ru"


def test_a_waiting_request_past_its_deadline_is_shown_expired():
    now = datetime(2026, 12, 1, tzinfo=UTC)
    assert rules.shown_state("requested", now, now) == "expired"
    assert rules.shown_state("opened", now + timedelta(seconds=1), now) == "opened"
    assert rules.shown_state("submitted", now - timedelta(days=1), now) == "submitted"


async def test_an_applicant_is_never_their_own_referee(db):
    who, app_id = await draft(db, ["plain"])
    me = referees.Referee("Me", f"  {who.upper()}@Example.PK ", "professor", "NUST", "myself", "en")
    with pytest.raises(Invalid) as refused:
        await name(db, who, app_id, me)
    assert (refused.value.code, refused.value.field) == ("referee.self", "email")
    assert await name(db, who, app_id, referee(1))  # someone else is asked


async def test_a_referee_whose_letter_counts_for_no_choice_is_refused_with_the_positions_accepted(db):
    who, app_id = await draft(db, ["needs-letters"])  # professors or associate professors only
    with pytest.raises(Invalid) as refused:
        await name(db, who, app_id, referee(1, position="lecturer"))
    assert (refused.value.code, refused.value.field) == ("referee.position_not_accepted", "position")
    assert refused.value.context["accepted"] == ["associate_professor", "professor"]
    assert await name(db, who, app_id, referee(2, position="associate_professor"))
    # a choice that asks no letters does not make a lecturer's letter count
    who, app_id = await draft(db, ["needs-letters", "plain"])
    with pytest.raises(Invalid):
        await name(db, who, app_id, referee(1, position="lecturer"))


async def test_the_referee_reads_the_programmes_in_their_language_and_the_applicant_in_theirs(db):
    """The request names the programmes in the referee's language (the e-mail and the letter's
    page), the answer in the applicant's (their notice), where the catalog has them so."""
    from sqlalchemy import update

    from services.applications.models import CatalogProgramme

    async with db.tx() as s:
        await s.execute(
            update(CatalogProgramme)
            .where(CatalogProgramme.id == "needs-letters")
            .values(
                translations={"ru": "Транспортная инженерия", "zh": "交通运输工程"},
                host_institution_translations={"ru": "Чанъаньский университет", "zh": "长安大学"},
            )
        )
    who, app_id = await draft(db, ["needs-letters"])
    async with db.tx() as s:
        await s.execute(update(Account).where(Account.id == who).values(preferred_language="zh"))
    await name(db, who, app_id, referee(1, language="ru"))
    (requested,) = await db.outbox()
    assert requested.data["programmes"] == ["Транспортная инженерия, Чанъаньский университет"]
    async with db.tx() as s:
        view = await referees.open_request(s, SECRET, token_of(requested))
    assert view.programmes == ["Транспортная инженерия, Чанъаньский университет"]
    async with db.tx() as s:
        await referees.write_letter(s, infra, SECRET, token_of(requested), LETTER, source=SOURCE)
    assert (await db.outbox())[-1].data["programmes"] == ["交通运输工程，长安大学"]
    # the checklist's heading of the choice: "Title, Host" in each language the catalog has
    from services.applications.service import catalog

    async with db.tx() as s:
        known = await catalog.programmes_by_id(s, ["needs-letters", "plain"])
        named = {pid: catalog.programme_name_translations(p) for pid, p in known.items()}
    assert named == {
        "needs-letters": {"ru": "Транспортная инженерия, Чанъаньский университет", "zh": "交通运输工程，长安大学"},
        "plain": {},
    }


@pytest.mark.parametrize(
    ("name", "passport", "shown"),
    [
        ("عائشہ خان", "AYESHA KHAN", "عائشہ خان (AYESHA KHAN)"),
        ("Ayesha Khan", "AYESHA KHAN", "Ayesha Khan"),  # the same name: said once
        ("Айгерим Бекова", None, "Айгерим Бекова"),
        ("", "AIGERIM BEKOVA", "AIGERIM BEKOVA"),
    ],
)
def test_a_referee_reads_the_applicants_name_and_its_passport_spelling_beside_it(name, passport, shown):
    assert referees.with_passport_name(name, passport) == shown


def test_a_decline_reason_too_long_is_said_in_characters():
    from pydantic import ValidationError

    from services.applications.api.referee_schemas import RefereeDeclineIn

    with pytest.raises(ValidationError) as refused:
        RefereeDeclineIn(reason="x" * 501)
    [error] = refused.value.errors()
    assert error["type"] == "string_too_long" and "500 characters" in error["msg"]
    assert RefereeDeclineIn(reason=None).reason is None and RefereeDeclineIn(reason="On leave.").reason == "On leave."


def test_a_reminder_is_taken_from_a_day_after_the_last_e_mail_the_referee_got():
    from datetime import UTC, datetime, timedelta

    from services.applications.domain.referees import remind_from

    asked, day = datetime(2026, 12, 1, 9, tzinfo=UTC), timedelta(days=1)
    assert remind_from("requested", None, asked, day) == asked + day
    assert remind_from("opened", asked + timedelta(days=3), asked, day) == asked + timedelta(days=4)
    assert remind_from("submitted", None, asked, day) is None  # answered: nothing to remind
