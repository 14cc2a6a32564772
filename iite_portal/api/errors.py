"""Errors of the API as JSON with a message: {"detail": ..., "errors": {param: [...]}}."""

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer (for the schema)."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


def exception_handler(exc, context):
    """DRF's handler, with bad parameters reported under one message and per parameter."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"": response.data}
        response.data = {
            "detail": _("Invalid query parameters: %(names)s.")
            % {"names": ", ".join(sorted(errors))},
            "errors": {name: _messages(messages) for name, messages in errors.items()},
        }
    return response


def _messages(messages) -> list[str]:
    return [str(message) for message in messages] if isinstance(messages, list) else [str(messages)]
