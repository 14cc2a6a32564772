"""The API's documentation as a server-rendered page, read from the OpenAPI schema."""

from django.shortcuts import render


def api_docs(request):
    return render(request, "api/docs.html", {})
