"""Public pages of the policies app."""

from csp.decorators import csp
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import Policy


class PolicyListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return Policy.objects.published()


class PolicyDetailView(DetailView):
    def get_queryset(self):
        return Policy.objects.visible_to(self.request.user)


# Browsers show a PDF in a viewer page of their own: Chrome's needs the document as plugin
# data ('self') and styles the page inline. A PDF runs no script of ours.
PDF_CSP = {
    "default-src": ["'none'"],
    "object-src": ["'self'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
}


@csp(PDF_CSP)
def policy_document(request, slug):
    """The policy's PDF, shown in the browser, for published policies (staff: any)."""
    policy = get_object_or_404(Policy.objects.visible_to(request.user), slug=slug)
    if not policy.document:
        raise Http404("This policy has no document file.")
    response = FileResponse(
        policy.document.open("rb"), content_type="application/pdf", filename=f"{policy.slug}.pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not policy.is_public:
        response["Cache-Control"] = "private, no-store"  # a draft must not sit in shared caches
    return response
