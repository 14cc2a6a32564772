"""Public pages of the practices app."""

from iite_portal.listing import RecordDetailView, RecordListView

from .filters import CaseStudyFilterSet
from .models import CaseStudy


class CaseStudyListView(RecordListView):
    filterset_class = CaseStudyFilterSet


class CaseStudyDetailView(RecordDetailView):
    model = CaseStudy

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case_study = self.object
        context.update(
            sections=[
                (name, CaseStudy._meta.get_field(name).verbose_name, getattr(case_study, name))
                for name in CaseStudy.NARRATIVE_FIELDS
            ],
            policies=case_study.related_policies.published().order_by("title"),
            resources=case_study.related_resources.published().order_by("title"),
        )
        return context
