"""Pagination of the API lists: page and page_size, with the total count and the links to
the next and previous pages."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class RecordPagination(PageNumberPagination):
    """DRF's page-number pagination, strict about its parameters: a page that is not a
    whole number of at least 1, or a page_size that is not one, is a 400 with a message
    (DRF would answer 404, or silently use the default). A page_size above the cap is
    capped; a page beyond the last is a 404."""

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    last_page_strings = ()

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
