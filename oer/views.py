"""Public pages of the oer app."""

from django.views.generic import DetailView, ListView

from .models import Resource


class ResourceListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return Resource.objects.published()


class ResourceDetailView(DetailView):
    def get_queryset(self):
        return Resource.objects.visible_to(self.request.user)
