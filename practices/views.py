"""Public pages of the practices app."""

from django.views.generic import DetailView, ListView

from .models import CaseStudy


class CaseStudyListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return CaseStudy.objects.published()


class CaseStudyDetailView(DetailView):
    def get_queryset(self):
        return CaseStudy.objects.visible_to(self.request.user)
