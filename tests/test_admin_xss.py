"""A case study body with the usual XSS vectors renders on the public page with none of them
active: no script elements, no event handlers, no javascript: links, no frames, no SVG."""

import html
import re

import pytest
from django.test import Client

from tests.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db

VECTORS = "\n\n".join(
    [
        "Intro paragraph with **bold** and a [good link](https://example.org/report).",
        "<script>alert('x')</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        '<p onmouseover="alert(2)">hover me</p>',
        "[click me](javascript:alert(3))",
        "[encoded](jav&#x61;script:alert(4))",
        "[entity](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(5))",
        '<a href="JaVaScRiPt:alert(6)">mixed case</a>',
        '<a href="java\tscript:alert(7)">tab inside</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==">data url</a>',
        '<iframe src="https://evil.example/"></iframe>',
        '<svg><script>alert(9)</script><circle onload="alert(10)"/></svg>',
        "<svg/onload=alert(11)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(12)>",
        '<object data="javascript:alert(13)"></object><embed src="javascript:alert(14)">',
        '<form action="javascript:alert(15)"><button>go</button></form>',
        "&lt;script&gt;alert(16)&lt;/script&gt;",
        '<div style="background:url(javascript:alert(17))">styled</div>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(18)">',
    ]
)


def rendered_body(study) -> str:
    page = Client().get(study.get_absolute_url()).content.decode()
    # Only the page's content: the site's own template is not under test here.
    return page[page.index("<main") : page.index("</main>")]


def test_case_study_body_renders_with_no_active_xss_vector():
    study = CaseStudyFactory(approach=VECTORS, impact=VECTORS)
    body = rendered_body(study)
    lowered = body.lower()

    for element in ("<script", "<iframe", "<svg", "<math", "<object", "<embed", "<form",
                    "<style", "<meta", "<img"):  # fmt: skip
        assert element not in lowered, element
    assert not re.search(r"\son\w+\s*=", lowered), "an event-handler attribute survived"
    assert " style=" not in lowered
    hrefs = re.findall(r'href="([^"]*)"', body)
    assert hrefs, "the good link should survive"
    for href in hrefs:
        # As a browser reads it (WHATWG URL): entities decoded, tab and newlines removed
        # anywhere, control characters and spaces trimmed at both ends.
        url = re.sub(r"[\t\n\r]", "", html.unescape(href))
        squeezed = url.strip("".join(map(chr, range(0x21)))).lower()
        assert not squeezed.startswith(("javascript:", "vbscript:", "data:")), href
    assert "javascript:" not in lowered.replace("&amp;", "&")
    assert "data:text/html" not in lowered


def test_safe_markdown_still_renders_as_html():
    study = CaseStudyFactory(approach=VECTORS)
    body = rendered_body(study)
    assert "<strong>bold</strong>" in body
    assert '<a href="https://example.org/report" rel="nofollow noopener noreferrer">' in body


def test_escaped_markup_stays_visible_text():
    study = CaseStudyFactory(approach="Write &lt;script&gt; to start a script.")
    assert "Write &lt;script&gt; to start a script." in rendered_body(study)
