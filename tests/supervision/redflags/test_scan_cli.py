"""Spec conformance of ``ggzy redflags scan`` (specs/redflags.md §2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .builders import bid, honest_prices, release

SRC = str(Path(__file__).resolve().parents[3] / "src")


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _good_lines() -> list[str]:
    releases = [
        release(f"ocds-t-{i}", [bid(1 + (i + k) % 7, p) for k, p in enumerate(honest_prices(i, 4))])
        for i in range(8)
    ]
    return [json.dumps(r, ensure_ascii=False) for r in releases]


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": SRC, "DJANGO_SETTINGS_MODULE": "ggzy.config.settings"}
    return subprocess.run(
        [sys.executable, "-m", "ggzy.cli", "redflags", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_scan_reports_bad_lines_with_numbers_and_exits_zero(tmp_path):
    lines = _good_lines()
    lines[2] = "{not json"
    lines[4] = json.dumps({"tender": {}})  # no ocid
    bad_amount = release("ocds-bad-amount", [bid(1, 100.0)])
    bad_amount["bids"]["details"][0]["value"]["amount"] = "一百万"
    lines.append(json.dumps(bad_amount, ensure_ascii=False))
    source = _write(tmp_path / "in.jsonl", lines)
    out = tmp_path / "flags.json"

    completed = _run("scan", str(source), "--out", str(out))

    assert completed.returncode == 0, completed.stderr
    assert "第 3 行" in completed.stderr
    assert "第 5 行" in completed.stderr
    assert "第 9 行" in completed.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["input"] == {"lines": 9, "releases": 6, "bids": 24, "skippedLines": 3}


def test_scan_exits_two_when_no_line_is_readable(tmp_path):
    source = _write(tmp_path / "in.jsonl", ["garbage", "[1, 2]", '{"no": "ocid"}'])
    completed = _run("scan", str(source), "--out", str(tmp_path / "flags.json"))
    assert completed.returncode == 2
    assert "第 1 行" in completed.stderr and "第 3 行" in completed.stderr
    assert not (tmp_path / "flags.json").exists()


def test_scan_of_missing_file_exits_two(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("redflags", "scan", str(tmp_path / "absent.jsonl"), "--out", str(tmp_path / "f.json"))
    assert caught.value.returncode == 2


def test_output_shape_every_ocid_and_tenderer_once(tmp_path):
    lines = _good_lines()
    replaced = json.loads(lines[0])
    replaced["bids"]["details"][0]["value"]["amount"] = 1.0  # a later compiled release of the same ocid
    lines.append(json.dumps(replaced, ensure_ascii=False))
    source = _write(tmp_path / "in.jsonl", lines)
    out = tmp_path / "flags.json"

    call_command("redflags", "scan", str(source), "--out", str(out))

    document = json.loads(out.read_text(encoding="utf-8"))
    assert set(document) == {"engine", "input", "tenders", "bidders", "groups"}
    assert set(document["engine"]) == {"version", "generatedAt"}
    ocids = [t["ocid"] for t in document["tenders"]]
    assert sorted(ocids) == sorted({json.loads(line)["ocid"] for line in lines})
    assert len(ocids) == len(set(ocids))
    tenderers = {d["tenderers"][0]["id"] for line in lines for d in json.loads(line)["bids"]["details"]}
    ids = [b["id"] for b in document["bidders"]]
    assert sorted(ids) == sorted(tenderers)
    for item in document["tenders"] + document["bidders"] + document["groups"]:
        assert 0.0 <= item["score"] <= 1.0
        for flag in item["flags"]:
            assert set(flag) == {"code", "severity", "message", "evidence"}
            assert flag["severity"] in {"high", "medium", "low"}
            assert isinstance(flag["evidence"], dict)
    for group in document["groups"]:
        assert len(group["members"]) >= 2 and group["ocids"]


def test_config_file_tunes_thresholds_and_rejects_unknown_keys(tmp_path):
    prices = [900_000, 903_000, 904_100, 905_000]
    source = _write(
        tmp_path / "in.jsonl", [json.dumps(release("t", [bid(i + 1, p) for i, p in enumerate(prices)]))]
    )
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"low_cv": 0.0001}), encoding="utf-8")
    out = tmp_path / "flags.json"
    call_command("redflags", "scan", str(source), "--out", str(out), "--config", str(config))
    codes = {f["code"] for f in json.loads(out.read_text())["tenders"][0]["flags"]}
    assert "GGZY-LOW-CV" not in codes

    config.write_text(json.dumps({"low_cvv": 0.1}), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("redflags", "scan", str(source), "--out", str(out), "--config", str(config))
    assert caught.value.returncode == 2


def test_generate_writes_market_and_answer_key(tmp_path):
    out = tmp_path / "m.jsonl"
    call_command("redflags", "generate", "--seed", "3", "--tenders", "200", "--out", str(out))
    key = json.loads(out.with_suffix(".key.json").read_text(encoding="utf-8"))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200 == len(key["tenders"])
    assert key["cartels"] and all(len(c["members"]) >= 3 for c in key["cartels"])


def test_engine_imports_no_django():
    code = "import sys, ggzy.supervision.redflags.engine as e, ggzy.supervision.redflags.engine.cli; print('django' in sys.modules)"
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": SRC}
    )
    assert completed.stdout.strip() == "False", completed.stderr


def test_platform_release_dicts_with_decimals_and_dates_are_read():
    from datetime import UTC, datetime
    from decimal import Decimal

    from ggzy.supervision.redflags.engine import scan_releases

    release = {
        "ocid": "ocds-db-1",
        "date": datetime(2025, 1, 1, tzinfo=UTC),
        "bids": {"details": [{"id": "1", "tenderers": [{"id": "A"}], "value": {"amount": Decimal("12.50")}}]},
    }
    result = scan_releases([release])
    assert result.stats.skipped_lines == 0
    assert [t["ocid"] for t in result.tenders] == ["ocds-db-1"]


def test_byte_order_mark_is_tolerated(tmp_path):
    source = tmp_path / "bom.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + json.dumps(release("bom", [bid(1, 5.0)])).encode() + b"\n")
    out = tmp_path / "flags.json"
    call_command("redflags", "scan", str(source), "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["input"]["skippedLines"] == 0


def test_unwritable_output_exits_two_without_traceback(tmp_path):
    source = _write(tmp_path / "in.jsonl", _good_lines())
    with pytest.raises(CommandError) as caught:
        call_command("redflags", "scan", str(source), "--out", str(tmp_path / "missing-dir" / "flags.json"))
    assert caught.value.returncode == 2
    assert "无法写入" in str(caught.value)
