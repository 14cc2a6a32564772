"""Root URLs: public pages under a language prefix; admin and health check outside it."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("practices/", include("practices.urls")),
    path("policies/", include("policies.urls")),
    path("oer/", include("oer.urls")),
    prefix_default_language=True,
)

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("bench/bare/", views.bench_bare))
