"""Policy documents: a PDF by content, not by name, at most MAX_UPLOAD_BYTES; its text is
extracted for search and its size stored and shown."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from policies.documents import policy_attach_document, validate_pdf
from policies.models import Policy
from tests.admin_support import admin_url, errors_of, form_data, login, make_pdf
from tests.factories import PolicyFactory, editor

pytestmark = pytest.mark.django_db


def upload(content: bytes, name="policy.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def post_document(client, policy, file):
    url = admin_url(Policy, "change", policy.pk)
    data = form_data(client.get(url), document=file)
    return client.post(url, data)


def test_text_of_a_small_pdf_made_here_is_extracted_and_its_size_stored():
    policy = PolicyFactory()
    content = make_pdf("Every school connected to broadband by 2030")
    response = post_document(login(editor()), policy, upload(content))
    assert response.status_code == 302
    policy.refresh_from_db()
    assert "Every school connected to broadband by 2030" in policy.document_text
    assert policy.document_size == len(content)
    assert policy.document.name.endswith(".pdf")


def test_document_size_is_shown_on_the_change_form():
    policy = PolicyFactory()
    client = login(editor())
    post_document(client, policy, upload(make_pdf("Size check")))
    page = client.get(admin_url(Policy, "change", policy.pk)).content.decode()
    policy.refresh_from_db()
    assert f"{policy.document_size}\xa0bytes" in page


def test_a_non_pdf_named_pdf_is_refused_with_a_clear_message():
    policy = PolicyFactory()
    fake = upload(b"<html><body>Not a PDF at all</body></html>", name="strategy.pdf")
    response = post_document(login(editor()), policy, fake)
    assert response.status_code == 200
    assert "This file is not a PDF" in errors_of(response)
    policy.refresh_from_db()
    assert not policy.document
    assert policy.document_text == ""


def test_a_damaged_pdf_is_refused():
    damaged = b"%PDF-1.4\n" + b"\x00garbage" * 50
    with pytest.raises(ValidationError, match="damaged and cannot be read"):
        validate_pdf(upload(damaged))


@override_settings(MAX_UPLOAD_BYTES=1000)
def test_a_pdf_above_the_size_limit_is_refused_and_the_message_gives_the_limit():
    policy = PolicyFactory()
    big = make_pdf("x" * 2000)
    response = post_document(login(editor()), policy, upload(big))
    assert response.status_code == 200
    assert "the limit is 1000\xa0bytes" in errors_of(response)


def test_policy_attach_document_stores_file_size_and_text():
    policy = PolicyFactory()
    user = editor()
    policy_attach_document(policy=policy, file=upload(make_pdf("Teacher ICT standards")), user=user)
    policy.refresh_from_db()
    assert "Teacher ICT standards" in policy.document_text
    assert policy.document_size > 0
    assert policy.updated_by == user


def test_policy_attach_document_refuses_a_non_pdf_and_changes_nothing():
    policy = PolicyFactory()
    with pytest.raises(ValidationError, match="not a PDF"):
        policy_attach_document(policy=policy, file=upload(b"PK\x03\x04 a zip file"))
    policy.refresh_from_db()
    assert not policy.document
    assert policy.document_size is None
