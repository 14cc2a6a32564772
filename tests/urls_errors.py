"""Test-only URLs: the portal's, plus views that fail in each way an error page covers."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from iite_portal.urls import urlpatterns as portal_urlpatterns

SECRET_DETAIL = "secret-detail-7f3a: password=hunter2 at /srv/app/settings.py"


def fails(request):
    raise RuntimeError(SECRET_DETAIL)


def forbidden(request):
    raise PermissionDenied(SECRET_DETAIL)


def suspicious(request):
    raise SuspiciousOperation(SECRET_DETAIL)


urlpatterns = [
    path("test-errors/500", fails),
    path("test-errors/403", forbidden),
    path("test-errors/400", suspicious),
    *portal_urlpatterns,
]
