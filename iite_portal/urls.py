"""Root URLs: public pages under a language prefix; admin and health check outside it."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import stats_views, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("practices/", include("practices.urls")),
    path("policies/", include("policies.urls")),
    path("oer/", include("oer.urls")),
    path("stats/", stats_views.stats, name="stats"),
    path("stats/map/", stats_views.coverage_map, name="stats_map"),
    path("stats/<slug:chart>.csv", stats_views.chart_csv, name="stats_csv"),
    prefix_default_language=True,
)
