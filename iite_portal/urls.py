"""Root URLs: public pages under a language prefix; admin and health check outside it."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from . import views
from .api import views as api_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("iite_portal.api.urls")),
    re_path(r"^api/", api_views.not_found),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("practices/", include("practices.urls")),
    path("policies/", include("policies.urls")),
    path("oer/", include("oer.urls")),
    path("search/", views.search, name="search"),
    path("countries/", views.countries, name="countries"),
    re_path(r"^countries/(?P<code>[A-Za-z]{2})/$", views.country, name="country"),
    path("regions/<slug:slug>/", views.region, name="region"),
    path("tags/<str:slug>/", views.tag, name="tag"),
    prefix_default_language=True,
)
