"""The one officer-scope rule (shared/scope.py) every service applies."""

from shared.principal import Principal, Role
from shared.scope import manages_hosted, manages_scheme, sees_application


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
