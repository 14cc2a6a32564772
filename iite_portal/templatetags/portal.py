"""Template filters and tags shared by the three apps."""

from django import template

from iite_portal.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text or "")
