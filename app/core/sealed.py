"""Secrets kept in the database encrypted (等保 8.1.4.8 保密性; ASVS 6.2): AES-256-GCM with the
FIELD_ENCRYPTION_KEY (environment or instance/field_key, never in the database).

`Sealed` is a column type: code reads and writes plain text, the database holds
"v1:" + base64(nonce | ciphertext | tag). The column name is bound in as associated data, so a
value copied into another sealed column does not open. A value without the prefix is a legacy
plain value (before migration 0021_sealed) and is handed back as it is, so an upgrade never
locks anyone out; the migration seals those in place.
"""
import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app
from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

PREFIX = "v1:"
NONCE_BYTES = 12


class SealedValueError(RuntimeError):
    """A sealed value does not open: wrong key, or the stored text was changed."""


def _cipher(key_hex: str | None = None) -> AESGCM:
    key = bytes.fromhex(key_hex or current_app.config["FIELD_ENCRYPTION_KEY"])
    if len(key) != 32:
        raise SealedValueError("FIELD_ENCRYPTION_KEY 必须是 64 位十六进制（256 位）")
    return AESGCM(key)


def seal(plain: str, purpose: str, key_hex: str | None = None) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(key_hex).encrypt(nonce, plain.encode("utf-8"), purpose.encode("utf-8"))
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def unseal(stored: str, purpose: str, key_hex: str | None = None) -> str:
    if not stored.startswith(PREFIX):
        return stored  # legacy plain value
    raw = base64.b64decode(stored[len(PREFIX):])
    try:
        plain = _cipher(key_hex).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode("utf-8"))
    except InvalidTag as error:
        raise SealedValueError(f"无法解密 {purpose}：密钥不符或数据被改动") from error
    return plain.decode("utf-8")


def is_sealed(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)


class Sealed(TypeDecorator):
    """A string column stored encrypted; "" and None are stored as they are (nothing to hide)."""

    impl = String(255)
    cache_ok = True

    def __init__(self, purpose: str):
        super().__init__()
        self.purpose = purpose

    def process_bind_param(self, value, dialect):
        return seal(value, self.purpose) if value else value

    def process_result_value(self, value, dialect):
        return unseal(value, self.purpose) if value else value
