"""Create, find and revoke personal access tokens. The secret leaves the server once, in the
response that creates it; only its SHA-256 is stored (a high-entropy secret needs no slow hash,
and a fast one lets every request look the token up by its hash)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.utils import timezone

from twinning.api.models import ApiToken

TOKEN_MARK = "twn_"
# A token seen again within this span is not written back: a busy client costs no extra write.
LAST_USED_GRANULARITY = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown to the user once, never stored


def hash_secret(secret: str) -> str:
    """Return the hex SHA-256 of the token as the client sends it."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    user,
    name: str,
    *,
    scope: str = ApiToken.Scope.READ,
    personal_data: bool = False,
    expires_at: datetime.datetime | None = None,
) -> NewToken:
    """Return a new token of `user` together with its secret (the only time it is known)."""
    secret = TOKEN_MARK + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_MARK) + 6],
        secret_hash=hash_secret(secret),
        scope=scope,
        personal_data=personal_data,
        expires_at=expires_at,
    )
    token.save()
    return NewToken(token, secret)


def token_for_secret(secret: str) -> ApiToken | None:
    """Return the active token with this secret (and record its use), or None."""
    if not secret.startswith(TOKEN_MARK) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke_token(user, token_id: int) -> ApiToken | None:
    """Return the user's token revoked now (None if the user has no such token)."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        return None
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
