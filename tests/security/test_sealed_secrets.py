"""TOTP secrets are encrypted in the database (app/core/sealed.py): a copy of the database
alone does not give anyone's second factor."""
import pytest
from sqlalchemy import text

from app.accounts.roles import Role
from app.core import sealed
from app.extensions import db
from tests.security.conftest import SECRET, code, enrolled


def _stored(user) -> str:
    return db.session.execute(text('SELECT totp_secret FROM "user" WHERE id = :id'), {"id": user.id}).scalar()


def test_the_database_holds_the_secret_sealed_and_the_sign_in_still_takes_the_code(client, sign_in):
    user = enrolled(Role.AUDITOR.value, username="sealed_auditor")
    stored = _stored(user)
    assert stored.startswith("v1:") and SECRET not in stored
    db.session.expire_all()
    assert db.session.get(type(user), user.id).totp_secret == SECRET
    response = sign_in("sealed_auditor", totp=code())
    assert response.status_code == 302 and "/accounts/second-factor" not in response.headers["Location"]


def test_the_same_secret_seals_differently_each_time():
    assert sealed.seal(SECRET, "user.totp_secret") != sealed.seal(SECRET, "user.totp_secret")


def test_a_value_moved_to_another_column_or_opened_with_another_key_does_not_open():
    stored = sealed.seal(SECRET, "user.totp_secret")
    with pytest.raises(sealed.SealedValueError, match="密钥不符或数据被改动"):
        sealed.unseal(stored, "api_partner.secret")
    with pytest.raises(sealed.SealedValueError):
        sealed.unseal(stored, "user.totp_secret", key_hex="11" * 32)
    tampered = stored[:-4] + ("AAAA" if not stored.endswith("AAAA") else "BBBB")
    with pytest.raises(sealed.SealedValueError):
        sealed.unseal(tampered, "user.totp_secret")


def test_a_plain_secret_left_from_before_the_upgrade_still_works_and_is_sealed_on_the_next_write(client, sign_in):
    user = enrolled(Role.AUDITOR.value, username="legacy_auditor")
    db.session.execute(text('UPDATE "user" SET totp_secret = :v WHERE id = :id'), {"v": SECRET, "id": user.id})
    db.session.commit()
    db.session.expire_all()
    reloaded = db.session.get(type(user), user.id)
    assert reloaded.totp_secret == SECRET
    assert sign_in("legacy_auditor", totp=code()).status_code == 302
    reloaded.totp_secret = SECRET
    db.session.commit()
    assert _stored(reloaded).startswith("v1:")
