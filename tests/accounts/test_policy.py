import pytest

from app.accounts import policy
from app.core.errors import DomainError


@pytest.mark.parametrize("password, reason", [
    ("123", "常见弱密码"),
    ("123", "长度不少于12位"),
    ("Abc123456", "常见弱密码"),
    ("Abc123456", "长度不少于12位"),
    ("abcdefghijk", "至少三类"),
    ("abcdefgh12", "至少三类"),
    ("Zhangsan#2026x", "不得包含账号名"),
    ("P@ssw0rd1234", "常见弱密码"),
])
def test_weak_passwords_are_refused_with_a_chinese_reason(password, reason):
    with pytest.raises(DomainError) as e:
        policy.check(password, username="zhangsan")
    assert reason in e.value.message
    assert e.value.field == "new_password"


@pytest.mark.parametrize("password", ["Tj-gov2026wuyue", "river7STONE!x", "Qiao#Lian9Bai"])
def test_strong_passwords_pass(password):
    policy.check(password, username="zhangsan")


def test_one_time_passwords_meet_the_policy_and_differ():
    passwords = {policy.one_time_password() for _ in range(50)}
    assert len(passwords) == 50
    for p in passwords:
        assert policy.problems(p, "tzj001") == []


def test_production_hashes_with_scrypt_and_tests_with_a_cheap_method(app):
    from app.accounts.models import User

    user = User(username="x", name="x")
    user.set_password("Tj-gov2026wuyue")
    assert user.password_hash.startswith("pbkdf2:sha256:1000$")
    saved = app.config.pop("PASSWORD_HASH_METHOD")
    try:
        user.set_password("Tj-gov2026wuyue")
    finally:
        app.config["PASSWORD_HASH_METHOD"] = saved
    assert user.password_hash.startswith("scrypt:") and user.check_password("Tj-gov2026wuyue")
