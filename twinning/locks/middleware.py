from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from twinning.locks.locking import YearLocked


class YearLockedMiddleware:
    """Turn a change refused by a year lock, wherever it was attempted, into a clear answer
    (409 Conflict) instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, YearLocked):
            return None
        message = exception.messages[0]
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "year_locked"}, status=409)
        if request.headers.get("HX-Request"):
            return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
        return render(request, "locks/year_locked.html", {"message": message}, status=409)
