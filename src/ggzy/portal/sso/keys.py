"""The OpenID Connect provider's RS256 signing key (archives-and-sso spec §2: id_tokens signed, keys at jwks_uri).

Where the key lives (as the platform's ES256 key, ``ggzy.core.crypto.platform_keys``):
- ``GGZY_OIDC_RSA_KEY_FILE`` (PEM, unencrypted — protect it with file permissions or a secrets mount) when set;
  production sets it, and every app server reads the same file;
- else ``VAR_DIR/keys/oidc-rs256.pem``, generated on first use with mode 0600; two processes racing to create it
  end up with the same key (private temporary file published with ``link()``, which refuses to replace).

django-oauth-toolkit reads ``OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"]`` as a string; settings hand it
``lazy_private_key_pem()`` so that importing the settings never touches the disk.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils.functional import lazy

from ggzy.core.crypto.keyfiles import publish_once

KEY_FILE_ENV = "GGZY_OIDC_RSA_KEY_FILE"
DEFAULT_KEY_NAME = "oidc-rs256.pem"

_lock = threading.Lock()
_cache: dict[str, str] = {}


def key_path() -> Path:
    configured = os.environ.get(KEY_FILE_ENV)
    if configured:
        return Path(configured)
    from django.conf import settings

    return Path(settings.VAR_DIR) / "keys" / DEFAULT_KEY_NAME


def _create_once(path: Path) -> None:
    """Generate a key into ``path`` unless it exists; safe when several processes race."""
    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    publish_once(path, pem)


def private_key_pem() -> str:
    """The RSA private key (PEM text), created on first use unless ``GGZY_OIDC_RSA_KEY_FILE`` names it."""
    path = key_path()
    with _lock:
        if str(path) in _cache:
            return _cache[str(path)]
        if not path.exists():
            if os.environ.get(KEY_FILE_ENV):
                raise RuntimeError(f"{KEY_FILE_ENV}={path} does not exist")
            _create_once(path)
        pem = path.read_bytes()
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < 2048:
            raise RuntimeError(
                f"{path}: the OIDC signing key must be an RSA private key of at least 2048 bits"
            )
        _cache[str(path)] = pem.decode("ascii")
        return _cache[str(path)]


def clear_cache() -> None:
    """Forget the loaded key (tests that switch ``GGZY_OIDC_RSA_KEY_FILE``; rotation without restart)."""
    with _lock:
        _cache.clear()


lazy_private_key_pem = lazy(private_key_pem, str)
