"""What sign-in needs beyond a password: the lockout page after repeated failures (django-axes)
and the second factor, a time-based one-time code from an authenticator app (django-otp)."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from twinning.accounts.middleware import two_factor_required


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """Return the sign-in page saying that this user name is locked out for a while (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = AuthenticationForm(request)
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "locked_out": True,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": minutes,
            "next": request.POST.get("next", request.GET.get("next", "")),
        },
        status=429,
    )


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Six-digit code"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "class": "form-control",
                "autofocus": True,
            }
        ),
    )

    def clean_otp_token(self) -> str:
        return "".join(self.cleaned_data["otp_token"].split())


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _qr_data_uri(text: str) -> str:
    """Return an SVG QR code as a data: URI (an <img>, allowed by the page's CSP)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Return the page that turns on sign-in with a code: a QR code to scan, then a code to
    confirm it; once on, the page says so and offers to turn it off (unless the role needs it)."""
    user = request.user
    confirmed = list(devices_for_user(user, confirmed=True))
    required = two_factor_required(user)
    if confirmed:
        if request.method == "POST" and request.POST.get("action") == "disable":
            form = TokenForm(request.POST)
            if required:
                messages.error(request, _("Your role requires sign-in with a code."))
            elif form.is_valid() and _verify_any(user, form.cleaned_data["otp_token"]):
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, _("Sign-in with a code is now off."))
                return redirect("accounts:two_factor_setup")
            else:
                messages.error(request, _("That code is not right. Try the current one."))
        return render(
            request,
            "accounts/two_factor_setup.html",
            {"enabled": True, "required": required, "form": TokenForm()},
        )

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Sign-in with a code is on. Keep your phone safe."))
            return HttpResponseRedirect(_safe_next(request))
        form.add_error("otp_token", _("That code is not right. Try the current one."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "enabled": False,
            "required": required,
            "form": form,
            "qr_code": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": request.GET.get("next", ""),
        },
    )


def _verify_any(user, token: str):
    """Return the confirmed device that accepts the code, or None (each device throttles)."""
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Return the page that asks for the code after the password; on success, go on."""
    if request.user.is_verified():
        return HttpResponseRedirect(_safe_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _verify_any(request.user, form.cleaned_data["otp_token"])
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_safe_next(request))
        form.add_error(
            "otp_token",
            _("That code is not right. Wait for the next one if you typed it too late."),
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))},
    )
