"""Public pages of the policies app."""

from django.db.models import Q

from iite_portal.listing import RecordDetailView, RecordListView

from .filters import PolicyFilterSet
from .models import Policy


class PolicyListView(RecordListView):
    filterset_class = PolicyFilterSet


class PolicyDetailView(RecordDetailView):
    model = Policy
    select_related = ("amends", "replaces", "implements")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy = self.object
        later = Policy.objects.published().filter(
            Q(amends=policy) | Q(replaces=policy) | Q(implements=policy)
        )
        later = list(later.order_by("-adopted_year", "title"))
        context.update(
            case_studies=policy.case_studies.published().order_by("title"),
            resources=policy.resources.published().order_by("title"),
            amended_by=[p for p in later if p.amends_id == policy.pk],
            replaced_by=[p for p in later if p.replaces_id == policy.pk],
            implemented_by=[p for p in later if p.implements_id == policy.pk],
        )
        return context
