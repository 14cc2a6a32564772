"""Public pages of the oer app."""

from iite_portal.listing import RecordDetailView, RecordListView

from .filters import ResourceFilterSet
from .models import Resource


class ResourceListView(RecordListView):
    filterset_class = ResourceFilterSet


class ResourceDetailView(RecordDetailView):
    model = Resource

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            policies=self.object.related_policies.published().order_by("title"),
            case_studies=self.object.case_studies.published().order_by("title"),
        )
        return context
