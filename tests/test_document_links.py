"""The CSV export and the API give a policy's document as the address of the document view,
which serves the PDF; the storage's own address (/media/...) is not public."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from policies.documents import policy_attach_document
from tests.admin_support import make_pdf
from tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy_with_pdf():
    policy = PolicyFactory(slug="strategy")
    pdf = make_pdf("Strategy")
    upload = SimpleUploadedFile("s.pdf", pdf, content_type="application/pdf")
    policy_attach_document(policy=policy, file=upload)
    return policy, pdf


def served(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def test_the_csv_document_url_serves_the_pdf(client, policy_with_pdf):
    policy, pdf = policy_with_pdf
    PolicyFactory(slug="no-document")
    response = client.get("/en/policies/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["strategy"]["document_url"] == "http://testserver/en/policies/strategy/document.pdf"
    assert rows["no-document"]["document_url"] == ""
    assert served(client, rows["strategy"]["document_url"]) == pdf


def test_the_api_document_url_serves_the_pdf(client, policy_with_pdf):
    policy, pdf = policy_with_pdf
    url = client.get("/api/v1/policies/strategy/").json()["document_url"]
    assert url.endswith("/policies/strategy/document.pdf")
    assert served(client, url) == pdf
