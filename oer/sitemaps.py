"""Sitemap of published OER listings."""

from iite_portal.sitemaps import RecordSitemap

from .models import Resource


class ResourceSitemap(RecordSitemap):
    model = Resource
