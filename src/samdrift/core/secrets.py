"""Secrets Samdrift must read back (IMAP passwords, identity-provider client secrets),
stored encrypted with Fernet (``cryptography``: AES-128-CBC with HMAC-SHA256).

The keys come from ``settings.SAMDRIFT_ENCRYPTION_KEYS`` (environment
``SAMDRIFT_ENCRYPTION_KEYS``: Fernet keys separated by commas). The first key encrypts;
every key decrypts (``MultiFernet``), so a key is rotated by putting a new key first,
re-encrypting the stored values (``samdrift rotate_secrets``) and then removing the old
key. Without configured keys one key is derived from ``SECRET_KEY`` (fine for development
and tests; in production set the keys, or a change of ``SECRET_KEY`` makes every stored
secret unreadable — see docs/security.md).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt", "generate_key", "needs_rotation", "rotate"]


def _keys() -> list[bytes]:
    configured = [k.strip() for k in getattr(settings, "SAMDRIFT_ENCRYPTION_KEYS", []) if k.strip()]
    if configured:
        return [k.encode() for k in configured]
    derived = hashlib.sha256(b"samdrift.core.secrets:" + settings.SECRET_KEY.encode()).digest()
    return [base64.urlsafe_b64encode(derived)]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def generate_key() -> str:
    return Fernet.generate_key().decode()


def encrypt(value: str) -> str:
    """The encrypted token for ``value`` (an empty value stays empty)."""
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    """The value of ``token``; raises ``InvalidToken`` when no configured key opens it."""
    return _fernet().decrypt(token.encode()).decode() if token else ""


def rotate(token: str) -> str:
    """``token`` re-encrypted with the first (newest) key."""
    return _fernet().rotate(token.encode()).decode() if token else ""


def needs_rotation(token: str) -> bool:
    """Whether ``token`` is not encrypted with the first key."""
    if not token:
        return False
    try:
        Fernet(_keys()[0]).decrypt(token.encode())
    except InvalidToken:
        return True
    return False
