"""Sitemap of published case studies."""

from iite_portal.sitemaps import RecordSitemap

from .models import CaseStudy


class CaseStudySitemap(RecordSitemap):
    model = CaseStudy
