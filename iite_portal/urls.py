"""Root URLs: public pages under a language prefix; admin and health check outside it."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from oer.sitemaps import ResourceSitemap
from policies.sitemaps import PolicySitemap
from practices.sitemaps import CaseStudySitemap

from . import search_views, stats_views, views
from .api import views as api_views
from .oai.views import oai_pmh
from .sitemaps import ListPageSitemap

SITEMAPS = {
    "pages": ListPageSitemap,
    "practices": CaseStudySitemap,
    "policies": PolicySitemap,
    "oer": ResourceSitemap,
}

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("oai/", oai_pmh, name="oai"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path("api/v1/", include("iite_portal.api.urls")),
    re_path(r"^api/", api_views.not_found),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("practices/", include("practices.urls")),
    path("policies/", include("policies.urls")),
    path("oer/", include("oer.urls")),
    path("stats/", stats_views.stats, name="stats"),
    path("stats/map/", stats_views.coverage_map, name="stats_map"),
    path("stats/<slug:chart>.csv", stats_views.chart_csv, name="stats_csv"),
    path("search/", search_views.search, name="search"),
    path("countries/", views.countries, name="countries"),
    re_path(r"^countries/(?P<code>[A-Za-z]{2})/$", views.country, name="country"),
    path("regions/<slug:slug>/", views.region, name="region"),
    path("tags/<str:slug>/", views.tag, name="tag"),
    prefix_default_language=True,
)

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("bench/bare/", views.bench_bare))
