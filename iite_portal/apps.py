"""App config for the project package (cross-app pages, shared vocabularies)."""

from django.apps import AppConfig


class IitePortalConfig(AppConfig):
    name = "iite_portal"
    verbose_name = "IITE Knowledge Portal"
