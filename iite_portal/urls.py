"""Root URLs: public pages under a language prefix; admin and health check outside it."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import search_views, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("practices/", include("practices.urls")),
    path("policies/", include("policies.urls")),
    path("oer/", include("oer.urls")),
    path("search/", search_views.search, name="search"),
    prefix_default_language=True,
)
