"""Tokens signed with Ed25519 (issue 13): only the holder of the private key issues them; a
service with the public key checks them and accepts nothing else."""

from __future__ import annotations

import stat

import pytest

from services.applications.settings import Settings as ApplicationsSettings
from services.matching.settings import Settings as MatchingSettings
from shared.auth import InvalidToken, TokenKeys, issue_token, verify
from shared.principal import Principal, Role
from shared.settings import InsecureSettings, new_key_pair
from tools.devstack import checkout_key_pair, token_signing_env

ADMIN = Principal(sub="admin-1", role=Role.ADMIN)
STRONG = "s" * 48
KAFKA = {"kafka_username": "svc", "kafka_password": "p" * 32}


@pytest.fixture(scope="module")
def pair():
    return new_key_pair()


def test_a_service_with_the_public_key_checks_what_the_issuer_signed(pair):
    private, public = pair
    issued = issue_token(ADMIN, TokenKeys(public_key=public, private_key=private), audience=["matching"])
    assert verify(issued, TokenKeys(public_key=public), "matching").principal == ADMIN


def test_a_service_with_only_the_public_key_cannot_issue(pair):
    with pytest.raises(ValueError, match="no private key"):
        issue_token(ADMIN, TokenKeys(secret=STRONG, public_key=pair[1]))


@pytest.mark.parametrize("forged_with", ["the shared secret", "another key pair"])
def test_tokens_not_signed_by_the_private_key_are_refused(pair, forged_with):
    private, public = pair
    keys = TokenKeys(secret=STRONG, public_key=public)
    other_private, other_public = new_key_pair()
    forged = (
        issue_token(ADMIN, STRONG)
        if forged_with == "the shared secret"
        else issue_token(ADMIN, TokenKeys(public_key=other_public, private_key=other_private))
    )
    with pytest.raises(InvalidToken):
        verify(forged, keys, "applications")


def test_a_token_checked_once_is_not_checked_again_but_still_expires_and_names_a_fresh_caller(pair, monkeypatch):
    """A token's signature is checked at its first request only; its expiry at every one; and
    each request gets a caller of its own (a route changing one changes no other)."""
    import shared.auth as auth

    private, public = pair
    keys = TokenKeys(public_key=public, private_key=private)
    officer = Principal(sub="off-1", role=Role.OFFICER, schemes=["sco"])
    token = issue_token(officer, keys, ttl_seconds=60, audience=["matching"])
    checking = TokenKeys(public_key=public)
    decoded: list[str] = []
    real_decode = auth.jwt.decode
    monkeypatch.setattr(auth.jwt, "decode", lambda t, *a, **kw: decoded.append(t) or real_decode(t, *a, **kw))
    auth._checked.cache_clear()

    first = verify(token, checking, "matching").principal
    first.schemes.append("cpec")  # what one request does to its caller
    second = verify(token, checking, "matching").principal
    assert first is not second and second == officer
    assert decoded == [token]  # checked once
    with pytest.raises(InvalidToken):  # not for another audience, from the kept check
        verify(token, checking, "notifications")
    import types

    monkeypatch.setattr(auth, "time", types.SimpleNamespace(time=lambda: 10**10))  # long after its exp
    with pytest.raises(InvalidToken, match="expired"):
        verify(token, checking, "matching")


def test_a_token_accepted_under_one_key_is_refused_under_another(pair):
    """The key is part of what was checked: a rotated key does not inherit the old verdicts."""
    private, public = pair
    token = issue_token(ADMIN, TokenKeys(public_key=public, private_key=private))
    assert verify(token, TokenKeys(public_key=public), "applications").principal == ADMIN
    _, rotated = new_key_pair()
    with pytest.raises(InvalidToken):
        verify(token, TokenKeys(public_key=rotated), "applications")


def test_a_refused_token_is_refused_every_time(pair):
    """Nothing of a refusal is kept that could let the token through later."""
    private, public = pair
    other_private, other_public = new_key_pair()
    forged = issue_token(ADMIN, TokenKeys(public_key=other_public, private_key=other_private))
    for _ in range(2):
        with pytest.raises(InvalidToken):
            verify(forged, TokenKeys(public_key=public), "applications")
    # the same token with the key that did sign it: accepted, the refusals above notwithstanding
    assert verify(forged, TokenKeys(public_key=other_public), "applications").principal == ADMIN


def _files(tmp_path, private: str | None, public: str) -> dict:
    (tmp_path / "pub.pem").write_text(public)
    files = {"jwt_public_key_file": tmp_path / "pub.pem"}
    if private is not None:
        (tmp_path / "key.pem").write_text(private)
        files["jwt_private_key_file"] = tmp_path / "key.pem"
    return files


def test_the_issuer_refuses_to_start_without_its_private_key(tmp_path, pair):
    settings = ApplicationsSettings(
        env="production", jwt_secret=STRONG, data_dir=tmp_path, **KAFKA, **_files(tmp_path, None, pair[1])
    )
    with pytest.raises(InsecureSettings, match="APPLICATIONS_JWT_PRIVATE_KEY_FILE"):
        settings.check_secrets()


def test_a_private_key_of_another_pair_refuses_start(tmp_path, pair):
    other_private, _ = new_key_pair()
    settings = ApplicationsSettings(
        env="production", jwt_secret=STRONG, data_dir=tmp_path, **KAFKA, **_files(tmp_path, other_private, pair[1])
    )
    with pytest.raises(InsecureSettings, match="does not match"):
        settings.check_secrets()


def test_a_checking_service_needs_no_secret_and_the_issuer_still_does(tmp_path, pair):
    private, public = pair
    # matching checks tokens with the public key: no JWT secret is needed there
    MatchingSettings(env="production", jwt_secret="", data_dir=tmp_path, **KAFKA, **_files(tmp_path, None, public))
    MatchingSettings(
        env="production", jwt_secret="", data_dir=tmp_path, **KAFKA, **_files(tmp_path, None, public)
    ).check_secrets()
    # the applications service also signs referee links with the secret: a weak one refuses start
    weak = ApplicationsSettings(
        env="production", jwt_secret="short", data_dir=tmp_path, **KAFKA, **_files(tmp_path, private, public)
    )
    with pytest.raises(InsecureSettings, match="JWT_SECRET"):
        weak.check_secrets()


def test_make_run_keeps_one_key_pair_per_checkout_and_gives_the_private_key_to_the_issuer_only(tmp_path, monkeypatch):
    private, public = checkout_key_pair(tmp_path)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    before = private.read_text()
    assert checkout_key_pair(tmp_path) == (private, public)
    assert private.read_text() == before  # kept, not remade
    monkeypatch.delenv("CORRIDOR_JWT_PUBLIC_KEY_FILE", raising=False)
    assert token_signing_env("applications", private) == {"APPLICATIONS_JWT_PRIVATE_KEY_FILE": str(private)}
    for other in ("matching", "notifications", "portal"):
        assert token_signing_env(other, private) == {}


def test_only_the_issuer_can_be_given_the_private_key(tmp_path, pair, monkeypatch):
    private, public = pair
    files = _files(tmp_path, private, public)
    # the common variable names no setting: matching never holds a key that can make a token
    monkeypatch.setenv("CORRIDOR_JWT_PRIVATE_KEY_FILE", str(files["jwt_private_key_file"]))
    monkeypatch.setenv("MATCHING_JWT_PRIVATE_KEY_FILE", str(files["jwt_private_key_file"]))
    matching = MatchingSettings(env="development", data_dir=tmp_path, jwt_public_key_file=files["jwt_public_key_file"])
    assert matching.token_keys.private_key is None
    with pytest.raises(ValueError, match="no private key"):
        issue_token(ADMIN, matching.token_keys)
    issuer = ApplicationsSettings(env="development", data_dir=tmp_path, **files)
    assert issuer.token_keys.private_key == private


def test_a_machine_token_names_its_client_and_a_persons_names_none(pair):
    private, public = pair
    keys = TokenKeys(public_key=public, private_key=private)
    machine = Principal(sub="partner-1", role=Role.PARTNER, institutions=["lzu"], client_id="pc_123")
    assert verify(issue_token(machine, keys, audience=["matching"]), keys, "matching").principal.client_id == "pc_123"
    person = machine.model_copy(update={"client_id": None})
    assert verify(issue_token(person, keys, audience=["matching"]), keys, "matching").principal.client_id is None
