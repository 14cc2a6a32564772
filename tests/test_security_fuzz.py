"""Property-based test: no query string makes a public endpoint answer 5xx.

Generated query strings mix the known filter names with junk: repeated parameters, huge
numbers, percent-encoded invalid UTF-8, NUL bytes and 10 KB values. Profiles (registered in
conftest.py): "ci", the default, a few hundred examples per endpoint; "fuzz"
(`make fuzz`), 10,000 in all."""

from urllib.parse import quote, quote_from_bytes

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.endpoints import COMMON_PARAMS, KIND_PARAMS, PUBLIC_ENDPOINTS
from tests.factories import CaseStudyFactory, PolicyFactory, ResourceFactory

NASTY_VALUES = [
    "", "0", "-1", "1e309", "NaN", "-inf", "2020-", "1,2", "[]", "{}", "null", "true",
    "%", "%%", "%ZZ", "%00", "\x00", "\x00\x00abc", "%C0%AF", "%ED%A0%80", "%FF%FE",
    "' OR 1=1--", '"><script>alert(1)</script>', "../../etc/passwd", "*", "\\", "ü", "ﷺ",
    "99999999999999999999999999999999", str(2**63), str(-(2**63) - 1), "١٢٣",
]  # fmt: skip

# Any character a browser can send: everything but lone surrogates, which no UTF-8 URL can
# carry (invalid bytes are covered by the percent-encoded binary values below).
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)

names = st.one_of(
    st.sampled_from(COMMON_PARAMS + KIND_PARAMS),
    st.sampled_from(COMMON_PARAMS + KIND_PARAMS).map(lambda n: n + "[]"),
    text.map(lambda t: t[:12]),
)
values = st.one_of(
    st.sampled_from(NASTY_VALUES),
    text,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.binary(max_size=24).map(lambda b: quote_from_bytes(b, safe="")),  # invalid UTF-8 too
    st.builds(
        lambda ch, n: ch * n,
        st.characters(blacklist_categories=("Cs",)),
        st.integers(1000, 10_240),
    ),  # ~10 KB
)


@st.composite
def query_strings(draw):
    pairs = draw(st.lists(st.tuples(names, values), max_size=8))
    parts = []
    for name, value in pairs:
        if draw(st.booleans()):  # well-formed: encoded as a browser would
            parts.append(f"{quote(name, safe='')}={quote(value, safe='')}")
        else:  # raw: '&', '=', '#', spaces and bare names break the structure
            parts.append(name if draw(st.booleans()) else f"{name}={value}")
    return "&".join(parts)


@pytest.fixture
def records(db):
    policy = PolicyFactory(slug="fuzz-policy", tags=["ai", "teachers"])
    policy.document.save("fuzz.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    CaseStudyFactory(slug="fuzz-practice", tags=["ai"])
    ResourceFactory(slug="fuzz-oer", tags=["teachers"])


@pytest.mark.parametrize(
    ("url_name", "kwargs"), PUBLIC_ENDPOINTS, ids=[name for name, _ in PUBLIC_ENDPOINTS]
)
@override_settings(RATE_LIMITS={})  # the limits would answer 429 before the code under test
@given(query=query_strings())
def test_no_query_string_makes_a_public_endpoint_fail(records, client, url_name, kwargs, query):
    url = reverse(url_name, kwargs=kwargs)
    response = client.get(f"{url}?{query}")
    assert response.status_code < 500, (url, query[:300])
