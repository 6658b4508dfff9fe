"""The user's personal access tokens: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.api.forms import TokenForm
from twinning.api.models import ApiToken
from twinning.api.tokens import create_token, revoke_token


def _page(request: HttpRequest, form: TokenForm, secret: str = "") -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user)
    response = render(
        request, "api/tokens.html", {"form": form, "tokens": tokens, "secret": secret}
    )
    if secret:
        # The secret is on this page only: no cache may keep a copy.
        response["Cache-Control"] = "no-store"
    return response


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    new = create_token(
        request.user,
        form.cleaned_data["name"],
        scope=form.cleaned_data["scope"],
        personal_data=form.cleaned_data["personal_data"],
        expires_at=form.expires_at(),
    )
    # Rendered, not redirected: the secret must never travel in a URL or a stored message.
    return _page(request, TokenForm(), secret=new.secret)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = revoke_token(request.user, pk)
    if token is None:
        raise Http404
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")
