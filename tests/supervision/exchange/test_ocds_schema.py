"""The merged OCDS schema (core 1.1.5 + bids 1.1.5 + ggzy_submission) and per-path errors."""

from __future__ import annotations

import copy

from ggzy.supervision.exchange import ocds_schema
from ggzy.supervision.exchange.ocds_schema import Profile, merge_patch, validate_package, validate_release

from .ocds_samples import package, release

FINGERPRINT = {"ipAddress": "10.0.0.8", "hardwareId": "hw-1", "documentHash": "ab" * 32}


def test_valid_package_has_no_errors():
    assert validate_package(package([release(1), release(2, tag="tender")])) == []


def test_merge_patch_follows_rfc_7386():
    assert merge_patch({"a": {"b": 1, "c": 2}, "d": 1}, {"a": {"b": None, "e": 3}, "d": [1]}) == {
        "a": {"c": 2, "e": 3},
        "d": [1],
    }


def test_bids_extension_is_merged_into_the_core_schema():
    schema = ocds_schema.release_schema(Profile.INTAKE)
    assert schema["properties"]["bids"]["$ref"] == "#/definitions/Bids"
    assert "relatedBid" in schema["definitions"]["Award"]["properties"]
    # the core's own Award fields survive the patch
    assert "suppliers" in schema["definitions"]["Award"]["properties"]
    assert set(schema["definitions"]["Bid"]["properties"]["submission"]["properties"]) == set(
        ocds_schema.SUBMISSION_FIELDS
    )


def test_schemas_are_built_once():
    assert ocds_schema.release_schema(Profile.INTAKE) is ocds_schema.release_schema(Profile.INTAKE)
    assert ocds_schema.package_validator() is ocds_schema.package_validator()


def test_submission_is_allowed_in_intake_and_forbidden_in_public():
    pkg = package([release(1, submission=FINGERPRINT)])
    assert validate_package(pkg, profile=Profile.INTAKE) == []
    errors = validate_package(pkg, profile=Profile.PUBLIC)
    assert [e["path"] for e in errors] == [f"releases.0.bids.details.{i}.submission" for i in range(3)]


def test_submission_fields_are_typed():
    bad = release(1, submission={"ipAddress": 17})
    errors = validate_release(bad)
    assert errors[0]["path"] == "bids.details.0.submission.ipAddress"


def test_one_error_per_offending_path():
    rel = release(1)
    rel["tender"]["value"]["amount"] = "很多"
    rel["tender"]["value"]["currency"] = "RMB"
    broken = {"id": "x", "date": "yesterday", "tag": ["nope"]}
    errors = validate_package(package([rel, broken]))
    paths = [e["path"] for e in errors]
    assert len(paths) == len(set(paths))
    assert paths == [
        "releases.0.tender.value.amount",
        "releases.0.tender.value.currency",
        "releases.1.date",
        "releases.1.initiationType",
        "releases.1.ocid",
        "releases.1.tag.0",
    ]
    assert all(e["message"] for e in errors)


def test_package_level_errors():
    pkg = package([release(1)])
    del pkg["publisher"]
    pkg["releases"] = []
    paths = [e["path"] for e in validate_package(pkg)]
    assert paths == ["publisher", "releases"]


def test_dates_need_an_offset():
    rel = release(1)
    rel["date"] = "2026-03-10T10:00:00"
    assert [e["path"] for e in validate_release(rel)] == ["date"]


def test_validation_does_not_mutate_the_input():
    rel = release(1, submission=FINGERPRINT)
    before = copy.deepcopy(rel)
    validate_release(rel)
    assert rel == before


def test_identical_releases_are_one_error_at_releases():
    rel = release(1)
    errors = validate_package(package([rel, release(2), copy.deepcopy(rel)]))
    assert [e["path"] for e in errors] == ["releases"]
    assert "releases[2]" in errors[0]["message"]
    # the fast check agrees with jsonschema's own uniqueItems
    assert not ocds_schema.package_validator().is_valid(package([rel, copy.deepcopy(rel)]))


def test_fast_validator_agrees_with_plain_jsonschema():
    rel = release(1, submission=FINGERPRINT)
    rel["tender"]["value"]["currency"] = "RMB"
    rel["bids"]["details"][1]["status"] = "secret"
    rel["tag"] = ["award", "nope"]
    pkg = package([rel, release(2)])
    plain = ocds_schema.collect_errors(ocds_schema.package_validator(), pkg)
    assert validate_package(pkg) == plain
    assert len(plain) == 3
    for profile in Profile:
        assert ocds_schema.package_validator(profile).is_valid(package([release(3)]))
        assert validate_package(package([release(3)]), profile=profile) == []
