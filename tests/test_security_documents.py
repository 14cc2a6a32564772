"""Policy documents are served as PDFs, inline, with nosniff, only when published
(staff see drafts)."""

import pytest
from django.core.files.base import ContentFile

from tests.factories import PolicyFactory, editor

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def DraftPolicyFactory(**kwargs):  # noqa: N802 (reads like the other factories)
    return PolicyFactory(status="draft", published_at=None, **kwargs)


def _with_document(policy):
    policy.document.save("upload.pdf", ContentFile(PDF), save=True)
    return policy


def _body(response):
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_a_published_policy_document_is_served_inline_as_a_pdf(client):
    policy = _with_document(PolicyFactory(slug="kenya-ict-policy"))
    response = client.get("/en/policies/kenya-ict-policy/document.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="kenya-ict-policy.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == PDF
    assert policy.document.name == "policies/kenya-ict-policy.pdf"


@pytest.mark.django_db
def test_the_document_page_keeps_scripts_and_framing_out(client):
    _with_document(PolicyFactory(slug="p"))
    policy = client.get("/en/policies/p/document.pdf")["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src" not in policy  # falls back to default-src 'none'


@pytest.mark.django_db
def test_a_draft_policy_document_is_not_found_for_the_public(client):
    _with_document(DraftPolicyFactory(slug="draft-policy"))
    assert client.get("/en/policies/draft-policy/document.pdf").status_code == 404


@pytest.mark.django_db
def test_staff_can_read_a_draft_policy_document_which_no_shared_cache_keeps(client):
    _with_document(DraftPolicyFactory(slug="draft-policy"))
    client.force_login(editor())
    response = client.get("/en/policies/draft-policy/document.pdf")
    assert response.status_code == 200
    assert _body(response) == PDF
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_a_policy_without_a_document_or_an_unknown_slug_is_not_found(client):
    PolicyFactory(slug="no-file")
    assert client.get("/en/policies/no-file/document.pdf").status_code == 404
    assert client.get("/en/policies/nothing-here/document.pdf").status_code == 404
