"""Sitemap of published policies."""

from iite_portal.sitemaps import RecordSitemap

from .models import Policy


class PolicySitemap(RecordSitemap):
    model = Policy
