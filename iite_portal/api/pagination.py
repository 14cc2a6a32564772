"""Pagination of the API lists: page and page_size, with the total count and the links to
the next and previous pages."""

import functools

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from iite_portal.facets import fetch
from iite_portal.filters import SORTS
from iite_portal.listing import relevance_window


class SearchPaginator(Paginator):
    """Django's paginator, searching as the list pages do: the matches of words are counted
    through the full-text index (facets.WORDS_PLAN), and when sorted by relevance with
    more than search.MATCH_LIMIT matches, only the most recent are ranked
    (listing.RelevanceWindow). A common word took 1.6-2.7 s at 100k records, counting and
    ranking every match."""

    def __init__(self, object_list, per_page, *, words=False, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.matches, self.words = object_list, words

    @cached_property
    def count(self):
        if not self.words:
            return self.matches.count()
        try:
            sql, params = self.matches.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            return 0
        return fetch(f"SELECT count(*) FROM ({sql}) s", params, words=True)[0][0]  # noqa: S608

    def page(self, number):
        ordering = getattr(getattr(self.matches, "query", None), "order_by", ())
        if tuple(ordering) == SORTS["relevance"][1]:
            self.object_list = relevance_window(self.matches, self.count)
        return super().page(number)


class RecordPagination(PageNumberPagination):
    """DRF's page-number pagination, strict about its parameters: a page that is not a
    whole number of at least 1, or a page_size that is not one, is a 400 with a message
    (DRF would answer 404, or silently use the default). A page_size above the cap is
    capped; a page beyond the last is a 404."""

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    last_page_strings = ()

    @property
    def django_paginator_class(self):
        # DRF sets self.request, then builds its paginator from this.
        words = bool(self.request.query_params.get("q", "").strip())
        return functools.partial(SearchPaginator, words=words)

    def get_page_number(self, request, paginator):
        return _positive(request, self.page_query_param, 1)

    def get_page_size(self, request):
        return min(
            _positive(request, self.page_size_query_param, self.page_size), self.max_page_size
        )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = str(
                    _("Records per page: %(default)s unless asked, at most %(cap)s.")
                    % {"default": self.page_size, "cap": self.max_page_size}
                )
        return parameters


def _positive(request, name, default) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ValidationError({name: [_("Give a whole number of at least 1.")]})
    return int(raw)
