"""Public pages of the policies app."""

from django.views.generic import DetailView, ListView

from .models import Policy


class PolicyListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return Policy.objects.published()


class PolicyDetailView(DetailView):
    def get_queryset(self):
        return Policy.objects.visible_to(self.request.user)
