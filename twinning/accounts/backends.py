"""The sign-in lockout check (django-axes), usable where no request is at hand."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out user name and address; sign no one in (ModelBackend does that).

    Axes refuses a call without a request. The sign-in form and the admin's always pass one; the
    only callers without one are Django's test client (`client.login`) and code that checks a
    password outside a web request, neither of which a remote attacker can reach, so those
    calls skip the lockout check instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
