"""Policy documents: check that an upload really is a PDF, and extract its text for search."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader

from iite_portal.workflow import stamp

PDF_MAGIC = b"%PDF-"


def read_bytes(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def open_pdf(data: bytes) -> PdfReader:
    """A reader over the document, or ValidationError when it is not a readable PDF."""
    if not data.startswith(PDF_MAGIC):
        raise ValidationError(
            _("This file is not a PDF (its content does not start like one). Upload the PDF."),
            code="not_pdf",
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF is password-protected. Upload a copy without a password."),
                code="encrypted",
            )
        len(reader.pages)  # parses the page tree: broken files fail here, not later
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds of error on damaged input
        raise ValidationError(
            _("This PDF is damaged and cannot be read (%(error)s). Upload a good copy.")
            % {"error": type(error).__name__},
            code="broken_pdf",
        ) from error
    return reader


def validate_pdf(file) -> None:
    """At most MAX_UPLOAD_BYTES, and a PDF by its content, not by its name."""
    if file.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s. Upload a smaller PDF.")
            % {
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.MAX_UPLOAD_BYTES),
            },
            code="too_large",
        )
    open_pdf(read_bytes(file))


def extract_text(reader: PdfReader) -> str:
    pages = (page.extract_text() or "" for page in reader.pages)
    # PostgreSQL text cannot hold NUL characters, which some PDFs produce.
    return "\n\n".join(pages).replace("\x00", "").strip()


def document_facts(file) -> tuple[int, str]:
    """(size in bytes, extracted text) of an uploaded PDF."""
    return file.size, extract_text(open_pdf(read_bytes(file)))


@transaction.atomic
def policy_attach_document(*, policy, file, user=None):
    """Store a PDF as the policy's document, with its size and text. Raises
    ValidationError when the file is too large or not a readable PDF."""
    validate_pdf(file)
    policy.document_size, policy.document_text = document_facts(file)
    policy.document.save(f"{policy.slug}.pdf", file, save=False)
    if user is not None:
        stamp(policy, user=user)
        policy._history_user = user
    policy.save()
    return policy
