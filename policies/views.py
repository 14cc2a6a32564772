"""Public pages of the policies app."""

from csp.decorators import csp
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from iite_portal.citations import citation_download, policy_bibtex, policy_ris
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


def _published_policy_citation(request, slug, formatter):
    policy = get_object_or_404(Policy.objects.published(), slug=slug)
    url = request.build_absolute_uri(policy.get_absolute_url())
    return policy, formatter(policy, url=url, accessed=timezone.localdate())


def policy_cite_bibtex(request, slug):
    """The policy as a BibTeX entry, for LaTeX users' reference lists."""
    policy, text = _published_policy_citation(request, slug, policy_bibtex)
    return citation_download(
        text, content_type="application/x-bibtex", filename=f"{policy.slug}.bib"
    )


def policy_cite_ris(request, slug):
    """The policy as a RIS record, which Zotero, EndNote and Mendeley import."""
    policy, text = _published_policy_citation(request, slug, policy_ris)
    return citation_download(
        text, content_type="application/x-research-info-systems", filename=f"{policy.slug}.ris"
    )


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
