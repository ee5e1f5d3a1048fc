"""Every template under ``src/ggzy`` asks predicates (apps' ``rules.py`` through template filters, or flags
the view computes with them) instead of comparing status, role or other codes to string literals, and names
URLs (``{% url %}``, ``{% static %}``) instead of writing paths. A new literal fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

import ggzy
from ggzy.parties.models import Entity
from ggzy.parties.roles import Role
from tests.factories import EntityFactory, UserFactory

SRC = Path(ggzy.__file__).parent
TEMPLATES = sorted(p for p in SRC.rglob("*.html") if "templates" in p.parts)
# ``x == "literal"`` / ``x != 'literal'`` inside a template tag: a code compared to a string.
LITERAL_TEST = re.compile(r"""[!=]=\s*["']""")
# href="/…", action="/…", src="/…", data-…="/…": a path written instead of named.
LITERAL_PATH = re.compile(r"""\b(href|action|src|data-[\w-]+)=["']/""")


def test_the_scan_sees_every_app():
    """The scan covers the site layout and the templates of every app with pages (not one app's folder)."""
    names = {p.relative_to(SRC).parts[0] for p in TEMPLATES}
    assert {"templates", "catalog", "parties", "portal", "hub", "supervision", "trading"} <= names
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_literal_tests_or_paths(template):
    text = template.read_text()
    assert not [m.group(0) for m in LITERAL_TEST.finditer(text)], template
    assert not [m.group(0) for m in LITERAL_PATH.finditer(text)], template


@pytest.fixture
def users(db):
    entity = EntityFactory(status=Entity.Status.VERIFIED)
    rejected = EntityFactory(status=Entity.Status.REJECTED)
    return {
        "bidder": UserFactory(role=Role.BIDDER, entity=entity),
        "rejected": UserFactory(role=Role.BIDDER, entity=rejected),
        "regulator": UserFactory(role=Role.REGULATOR),
        "admin": UserFactory(role=Role.ADMIN),
        "operator": UserFactory(role=Role.OPERATOR),
        "expert": UserFactory(role=Role.EXPERT),
        "agency": UserFactory(role=Role.AGENCY, entity=EntityFactory()),
    }


PAGES = [
    (None, "portal:home"),
    (None, "catalog:index"),
    (None, "publication:index"),
    (None, "core:audit"),
    (None, "experts:draws_published"),
    (None, "parties:login"),
    ("bidder", "portal:workbench"),
    ("bidder", "parties:keys"),
    ("rejected", "parties:keys"),
    ("regulator", "portal:workbench"),
    ("regulator", "statistics:home"),
    ("regulator", "redflags:alerts"),
    ("admin", "exchange:quality"),
    ("operator", "parties:operator_entities"),
    ("operator", "experts:operator_experts"),
    ("expert", "experts:invitations"),
    ("agency", "evaluation:mine"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "name"), PAGES, ids=[f"{w}-{n}" for w, n in PAGES])
def test_pages_render_their_named_links(client, users, who, name):
    """The pages whose links are now named render (every ``{% url %}`` resolves) and link home by name."""
    if who:
        client.force_login(users[who])
    response = client.get(reverse(name))
    assert response.status_code == 200, response.content[:500]
    assert f'href="{reverse("portal:home")}"' in response.content.decode()


@pytest.mark.django_db
def test_the_catalogue_entry_links_by_name(client):
    """A catalogue entry links its notices and its JSON by URL name."""
    from ggzy.catalog.selectors import current_entries
    from ggzy.portal.demo import install_demo_catalogue

    install_demo_catalogue()
    code = current_entries().order_by("code").first().code
    page = client.get(reverse("catalog:entry", args=[code])).content.decode()
    assert f'href="{reverse("api:entry", args=[code])}"' in page
    assert f'href="{reverse("publication:index")}?category={code}"' in page
    assert (
        f'href="{reverse("catalog:entry", args=[code])}"'
        in client.get(reverse("catalog:index")).content.decode()
    )


@pytest.mark.django_db
def test_the_supervision_entry_follows_the_supervision_roles(client, users):
    """The navigation shows 综合监管 exactly to the roles its pages admit (``roles.may_supervise``)."""
    link = f'href="{reverse("statistics:home")}"'
    for who, shown in (("regulator", True), ("admin", True), ("operator", False), ("bidder", False)):
        client.force_login(users[who])
        assert (link in client.get(reverse("portal:home")).content.decode()) is shown, who
        assert (client.get(reverse("statistics:home")).status_code == 200) is shown, who


@pytest.mark.django_db
def test_the_rejected_entity_is_offered_resubmission_only_then(client, users):
    """The keys page offers 重新提交审核 when the review service accepts a resubmission (rejected entity)."""
    resubmit = reverse("parties:entity_resubmit")
    client.force_login(users["rejected"])
    assert resubmit in client.get(reverse("parties:keys")).content.decode()
    client.force_login(users["bidder"])
    assert resubmit not in client.get(reverse("parties:keys")).content.decode()


def test_form_labels_end_with_a_full_width_colon_in_chinese():
    """Chinese labels take "：" (Django's own zh-Hans catalog keeps the ASCII ":"); English keeps ":"."""
    from django import forms
    from django.utils import translation

    class Probe(forms.Form):
        title = forms.CharField(label="项目名称")

    with translation.override("zh-hans"):
        assert Probe()["title"].label_tag().endswith("项目名称：</label>")
    with translation.override("en"):
        assert Probe()["title"].label_tag().endswith(":</label>")
