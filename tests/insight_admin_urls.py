"""A test URLconf: an admin site whose record admins use the insight list filters, as
the real admin does once it adds them (the real admin.py files are not on this branch)."""

from django.contrib import admin
from django.urls import path

from iite_portal.admin_filters import FreshnessFilter, LinkStatusFilter
from oer.models import Resource
from policies.models import Policy
from practices.models import CaseStudy

site = admin.AdminSite(name="admin")


class RecordAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "last_verified"]
    list_filter = ["status", LinkStatusFilter, FreshnessFilter]


for model in (Policy, CaseStudy, Resource):
    site.register(model, RecordAdmin)

urlpatterns = [path("admin/", site.urls)]
