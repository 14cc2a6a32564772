"""Security headers on every response: CSP without inline scripts, nosniff, referrer and
opener policies, no framing."""

import pytest

PAGES = ["/en/", "/admin/login/", "/healthz"]


def _directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_public_pages_allow_neither_inline_scripts_nor_inline_styles(client):
    directives = _directives(client.get("/en/policies/"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["style-src"] == ["'self'"]


@pytest.mark.django_db
def test_the_admin_may_use_inline_styles_but_never_inline_scripts(client):
    directives = _directives(client.get("/admin/login/"))
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_error_pages_carry_the_headers_too(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _directives(response)["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_admin_and_public_templates_contain_no_inline_script(admin_client):
    """Django 5.2's admin loads its scripts from files; an inline one would be blocked."""
    for path in ["/en/", "/admin/", "/admin/auth/user/add/", "/admin/auth/group/"]:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "<script>" not in html, path
        for tag in html.split("<script")[1:]:
            assert 'src="' in tag.split(">", 1)[0], (path, tag[:120])
