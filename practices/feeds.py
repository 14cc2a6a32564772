"""Atom feed of the case-study list, with its filters."""

from django.utils.translation import gettext_lazy as _

from iite_portal.feeds import RecordFeed

from .filters import CaseStudyFilterSet


class CaseStudyFeed(RecordFeed):
    filterset_class = CaseStudyFilterSet
    section = _("Good practices in ICT in education")

    def item_author_name(self, item):
        return item.organisation
