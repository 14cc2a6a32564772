"""Helpers for the admin tests: logged-in clients, the POST data of an admin form as the
browser would send it, and a small PDF written by hand."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.postgres.forms import SimpleArrayField
from django.test import Client
from django.urls import reverse
from taggit.forms import TagField
from taggit.utils import edit_string_for_tags

PASSWORD = "correct horse battery staple"  # the factories' password


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response, **changes):
    """What the browser posts back for the admin form in `response`, unchanged, with
    `changes` applied on top (a value of None removes the field)."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled or isinstance(field, forms.FileField):
            continue
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(field, SimpleArrayField):
            data[name] = field.prepare_value(value) or ""
        elif isinstance(field, TagField):
            data[name] = value if isinstance(value, str) else edit_string_for_tags(value or [])
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[name] = [str(getattr(v, "pk", v)) for v in value or []]
        else:
            data[name] = "" if value is None else str(value)
    data["_save"] = "Save"
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def errors_of(response) -> str:
    """All error messages of the admin form in a response, as one string."""
    form = response.context["adminform"].form
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def make_pdf(text: str) -> bytes:
    """A valid one-page PDF whose content stream shows `text` in Helvetica."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
