"""`ggzy experts verify-draw` and docs/experts-verify.py reproduce a finished draw; tampering fails."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from ggzy.core.exceptions import Conflict
from ggzy.hub.experts import services
from ggzy.hub.experts.models import Employment, Expert
from ggzy.hub.experts.publication import draw_document

from .helpers import finished_draw, publish

pytestmark = pytest.mark.django_db
SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "experts-verify.py"


def load_script():
    spec = importlib.util.spec_from_file_location("experts_verify", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def published(request_draw, clock, seal, make_expert):
    draw = finished_draw(request_draw, clock, seal, make_expert)
    assert draw.status == "complete"
    return publish(draw, clock)


def test_cannot_publish_before_evaluation(request_draw, clock, seal, make_expert):
    draw = finished_draw(request_draw, clock, seal, make_expert)
    with pytest.raises(Conflict) as exc:
        services.draw_publish(actor=None, draw=draw)
    assert exc.value.code == "draw_not_publishable"


def test_verify_draw_command_passes_on_a_finished_draw(published, capsys):
    call_command("experts", "verify-draw", published.draw_id)
    assert "核验通过" in capsys.readouterr().out


def test_altering_a_pool_record_fails_verification(published, project):
    # An eligible expert's history now shows employment at a bidder: the eligible list changes.
    expert = Expert.objects.get(expert_code=published.lines.first().eligible[0])
    Employment.objects.create(
        expert=expert, employer_uscc=project["bidders"][1].uscc, employer_name="x", started_on="2024-01-01"
    )
    with pytest.raises(SystemExit) as exc:
        call_command("experts", "verify-draw", published.draw_id)
    assert exc.value.code == 1


def test_adding_an_expert_to_the_pool_after_the_fact_fails(published, make_expert):
    make_expert(500, specialties=("A080101",))
    with pytest.raises(SystemExit):
        call_command("experts", "verify-draw", published.draw_id)


def test_tampered_document_fails_command(published, tmp_path):
    doc = draw_document(published, full=True)
    inv = doc["lines"][0]["invited"]
    inv[0]["expertCode"], inv[1]["expertCode"] = inv[1]["expertCode"], inv[0]["expertCode"]
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("experts", "verify-draw", published.draw_id, "--file", str(path))


def test_independent_script_verifies_and_detects_each_tampering(published, tmp_path):
    script = load_script()
    doc = draw_document(published, full=True)
    assert script.verify(doc, published.beacon) == []
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert script.main([str(path)]) == 0
    for mutate in (
        lambda d: d.update(secret="00" * 32),
        lambda d: d.update(beacon="ab" * 32),
        lambda d: d["lines"][0]["eligible"].pop(),
        lambda d: d["lines"][0]["invited"].reverse(),
        lambda d: d["lines"][1]["eligible"].append(d["lines"][0]["invited"][1]["expertCode"]),
    ):
        bad = json.loads(json.dumps(doc))
        mutate(bad)
        assert script.verify(bad), mutate
    assert script.verify(doc, beacon="cd" * 32)


def test_unpublished_draw_is_not_verifiable(request_draw, clock, seal, make_expert):
    from django.core.management.base import CommandError

    draw = finished_draw(request_draw, clock, seal, make_expert)
    with pytest.raises(CommandError):
        call_command("experts", "verify-draw", draw.draw_id)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_verify_from_the_public_api_of_a_running_platform(
    request_draw, clock, seal, make_expert, live_server, capsys
):
    draw = publish(finished_draw(request_draw, clock, seal, make_expert), clock)
    call_command("experts", "verify-draw", draw.draw_id, "--url", live_server.url)
    assert "核验通过" in capsys.readouterr().out
