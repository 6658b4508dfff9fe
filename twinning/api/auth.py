"""Who is calling: a personal access token (`Authorization: Bearer twn_...`) or, for the web
app's own pages, the session cookie (with Django's CSRF check on unsafe methods)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from twinning.api.models import ApiToken
from twinning.api.tokens import token_for_secret

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ReadOnlyToken(PermissionDenied):
    """A read-only token was used for a write."""


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_for_secret(token.strip())
        if api_token is None:
            return None
        if request.method not in SAFE_METHODS and not api_token.can_write:
            raise ReadOnlyToken
        request.user = api_token.user
        return api_token


class CookieAuth(SessionAuth):
    """The signed-in user of the web app; never when the request names a token, so that a
    wrong token is a 401 rather than a silent fall-back to the browser's session."""

    def __call__(self, request: HttpRequest):
        if request.headers.get("Authorization"):
            return None
        return super().__call__(request)


def token_of(request: HttpRequest) -> ApiToken | None:
    """Return the token the request authenticated with (None for the session cookie)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None
