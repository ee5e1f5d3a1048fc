"""The legal rules registry: one citation format, every rule used and tested, docs/legal-rules.md generated
from it, and no unverified ``[verify]`` note in anything a user sees."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from ggzy.core import legal_rules_docs
from ggzy.core.legal_rules import RULES, chinese_number, cite, rule

ROOT = legal_rules_docs.repo_root()
SRC = ROOT / "src"


def test_one_citation_format():
    """cite() is the one user-facing format: law name + 第<Chinese numeral>条."""
    assert cite("法24") == "招标投标法第二十四条"
    assert cite("条例54") == "招标投标法实施条例第五十四条"
    assert cite("87号令69") == "政府采购货物和服务招标投标管理办法第六十九条"
    assert cite("采购条例33") == "政府采购法实施条例第三十三条"
    assert [chinese_number(n) for n in (1, 10, 16, 20, 46, 100, 105, 110)] == [
        "一",
        "十",
        "十六",
        "二十",
        "四十六",
        "一百",
        "一百零五",
        "一百一十",
    ]
    assert rule("法24").article == "《中华人民共和国招标投标法》第二十四条"
    with pytest.raises(KeyError):
        rule("法999")


def test_every_registered_rule_is_used_in_src_and_checked_by_a_test():
    """A rule nobody applies or nobody tests is either dead or unverified behaviour: both fail here.
    Tests name the rules they check with the ``legal_rule`` marker (ids as its arguments)."""
    uses = legal_rules_docs.rule_uses(SRC)
    tested = legal_rules_docs.rule_tests(ROOT / "tests")
    assert not [rid for rid in RULES if not uses[rid]], "registered but unused in src/"
    assert not [rid for rid in RULES if not tested.get(rid)], (
        "registered but no test carries its legal_rule marker"
    )
    assert not set(tested) - set(RULES), "a test names an unregistered rule id"


def test_committed_legal_rules_page_is_up_to_date():
    """docs/legal-rules.md is what ``ggzy legal-rules docs`` generates now (regenerated in memory)."""
    path = legal_rules_docs.docs_path()
    assert path.read_text(encoding="utf-8") == legal_rules_docs.render_for_repo(), (
        "run: ggzy legal-rules docs"
    )


def test_docs_command_check_mode(capsys):
    call_command("legal_rules", "docs", "--check")
    assert "已是最新" in capsys.readouterr().out


def test_docs_command_check_fails_on_a_stale_page(tmp_path, monkeypatch):
    stale = tmp_path / "legal-rules.md"
    stale.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(legal_rules_docs, "docs_path", lambda root=None: stale)
    with pytest.raises(CommandError):
        call_command("legal_rules", "docs", "--check")
    assert stale.read_text(encoding="utf-8") == "old\n"


def test_no_unverified_note_anywhere_in_the_product():
    """``[verify]`` marks recalled, unchecked facts; they belong in docs/ (legal-rules.md, catalogue.md), never
    in the product's files — not in a template, a message, seed data shown on the public catalogue or the API's
    ``legalBasis``, and not in code or comments either, so nothing of it can reach a user."""
    found = []
    for path in sorted((SRC / "ggzy").rglob("*")):
        if path.is_file() and path.suffix in {
            ".py",
            ".html",
            ".txt",
            ".json",
            ".yaml",
            ".yml",
            ".po",
            ".js",
            ".css",
        }:
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [
                f"{path.relative_to(SRC)}:{n}"
                for n, line in enumerate(text.splitlines(), 1)
                if "[verify" in line
            ]
    assert not found, found
