"""Sign-in, sign-out, password change, the language choice, and each role's home page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from twinning import access


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Return the signed-in user's start page: their twinnings and what needs them now."""
    twinnings = (
        access.visible_twinnings(request.user)
        .select_related("sponsor", "partner_unit", "programme")
        .order_by("programme__name", "sponsor__name")
    )
    memberships = request.user.memberships.select_related("organisation")
    return render(
        request,
        "accounts/home.html",
        {"twinnings": twinnings, "memberships": memberships},
    )
