"""The one officer-scope rule (shared/scope.py) every service applies."""

from shared.principal import Principal, Role
from shared.scope import (
    admits_at,
    institution_filter,
    manages_hosted,
    manages_scheme,
    reads_endorsements,
    reads_nominations,
    sees_application,
    sits_on_committee,
)


def officer(schemes=(), institutions=()) -> Principal:
    return Principal(sub="o", role=Role.OFFICER, schemes=list(schemes), institutions=list(institutions))


def test_an_unscoped_officer_and_an_admin_see_everything():
    for p in (officer(), Principal(sub="a", role=Role.ADMIN)):
        assert manages_scheme(p, "sco") and manages_hosted(p, "sco", "xju")
        assert sees_application(p, "cpec", ["nust"])


def test_applicants_and_partners_manage_nothing():
    for role in (Role.APPLICANT, Role.PARTNER):
        p = Principal(sub="x", role=role, institutions=["xju"])
        assert not manages_scheme(p, "sco") and not sees_application(p, "sco", ["xju"])


def test_scheme_and_institution_scopes_each_narrow_what_an_officer_sees():
    both = officer(["sco"], ["xju"])
    assert sees_application(both, "sco", ["nust", "xju"])  # one choice hosted at xju is enough
    assert not sees_application(both, "sco", ["nust"])  # in the scheme, but not at xju
    assert not sees_application(both, "cpec", ["xju"])  # at xju, but another scheme
    assert manages_scheme(both, "sco") and not manages_scheme(both, "cpec")


def test_an_institution_scoped_officer_manages_no_scheme_wide_things():
    hosted = officer(institutions=["xju"])
    assert not manages_scheme(hosted, "sco")
    assert manages_hosted(hosted, "sco", "xju") and not manages_hosted(hosted, "sco", "nust")
    assert sees_application(hosted, "anything", ["xju"]) and not sees_application(hosted, "sco", [None])


def reviewer(schemes=(), institutions=()) -> Principal:
    return Principal(sub="r", role=Role.REVIEWER, schemes=list(schemes), institutions=list(institutions))


def test_a_committee_reviewer_sees_what_an_officer_of_its_scope_sees():
    both = reviewer(["sco"], ["xju"])
    assert sees_application(both, "sco", ["nust", "xju"])
    assert not sees_application(both, "sco", ["nust"]) and not sees_application(both, "cpec", ["xju"])
    assert institution_filter(reviewer(institutions=["xju"])) == ["xju"]
    assert sees_application(reviewer(), "anything", ["nust"])  # unscoped: every scheme, as an officer


def test_a_committee_reviewer_manages_decides_and_admits_nothing():
    for p in (reviewer(), reviewer(["sco"]), reviewer(["sco"], ["xju"])):
        assert not manages_scheme(p, "sco")
        assert not manages_hosted(p, "sco", "xju")
        assert not admits_at(p, "sco", "xju")
        assert not reads_nominations(p, "sco", "PK") and not reads_endorsements(p, "sco", "kemu")


def test_who_sits_on_a_schemes_committee():
    assert sits_on_committee(reviewer(["sco"]), "sco") and not sits_on_committee(reviewer(["sco"]), "cpec")
    assert sits_on_committee(reviewer(), "cpec")
    # one scoped to host institutions scores the applications with a choice there (may_review)
    assert sits_on_committee(reviewer(institutions=["xju"]), "sco")
    assert sits_on_committee(officer(["sco"]), "sco") and not sits_on_committee(officer(institutions=["xju"]), "sco")
    for role in (Role.ADMIN, Role.PARTNER, Role.NOMINATOR, Role.COORDINATOR, Role.APPLICANT):
        assert not sits_on_committee(Principal(sub="x", role=role), "sco")
