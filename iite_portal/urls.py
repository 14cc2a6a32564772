"""Root URLs: public pages under a language prefix; admin and health check outside it."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

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
    path("search/", views.search, name="search"),
    path("countries/", views.countries, name="countries"),
    re_path(r"^countries/(?P<code>[A-Za-z]{2})/$", views.country, name="country"),
    path("regions/<slug:slug>/", views.region, name="region"),
    path("tags/<str:slug>/", views.tag, name="tag"),
    prefix_default_language=True,
)
