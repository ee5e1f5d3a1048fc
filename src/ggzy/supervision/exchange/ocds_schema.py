"""OCDS 1.1.5 schemas as this platform uses them (spec redflags.md §1).

The schemas are built the OCDS way: the core release schema, then each extension's
``release-schema.json`` applied as a JSON Merge Patch (RFC 7386). Extensions:

- the bids extension 1.1.5 (``bids.statistics``/``bids.details``, ``awards.relatedBid``);
- ``ggzy_submission`` (``bids.details[].submission``): confidential submission fingerprints. It is
  *allowed* in intake (``Profile.INTAKE``) and *forbidden* in public exports (``Profile.PUBLIC``).

The zips are package data (``data/``), read once per process and cached; the shared specs folder is
never read at runtime. Validation is JSON Schema draft 4 with format checks for ``date-time`` and
``uri``, and reports one error per offending path (``{"path": "releases.0.date", "message": ...}``).
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import functools
import json
import zipfile
from importlib import resources
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

CORE_ZIP = "standard-1__1__5-schema-only.zip"
BIDS_ZIP = "ocds_bid_extension-1.1.5.zip"
CORE_PREFIX = "standard-1__1__5/schema/"
BIDS_PREFIX = "ocds_bid_extension-1.1.5/"
RELEASE_SCHEMA_ID = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
OCDS_VERSION = "1.1"
BIDS_EXTENSION_URL = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
)
SUBMISSION_EXTENSION_URL = "https://ggzy.sh.gov.cn/ocds/ggzy_submission/extension.json"
MAX_ERRORS = 200  # a hopeless package is not reported line by line beyond this

SUBMISSION_FIELDS = (
    "ipAddress",
    "macAddress",
    "hardwareId",
    "fileCreatorId",
    "depositAccount",
    "documentHash",
    "contactPhone",
)

# ggzy_submission (spec §1): every field optional; absent means unknown, never "different".
SUBMISSION_PATCH: dict[str, Any] = {
    "definitions": {
        "Bid": {
            "properties": {
                "submission": {
                    "title": "Submission fingerprint",
                    "description": "监管专用：投标文件上传与制作环境指纹（不对外公开）",
                    "type": "object",
                    "properties": {name: {"type": ["string", "null"]} for name in SUBMISSION_FIELDS},
                }
            }
        }
    }
}
# Public exports: a Bid must not carry ``submission`` at all (draft 4: ``{"not": {}}`` matches nothing).
PUBLIC_PATCH: dict[str, Any] = {"definitions": {"Bid": {"properties": {"submission": {"not": {}}}}}}


class Profile(enum.Enum):
    INTAKE = "intake"  # sub-platform pushes: submission fingerprints allowed
    PUBLIC = "public"  # our own publication: submission forbidden


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch (how OCDS applies an extension's release-schema.json)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _read_json(zip_name: str, member: str) -> Any:
    with resources.files("ggzy.supervision.exchange").joinpath("data", zip_name).open("rb") as fh:
        with zipfile.ZipFile(fh) as archive:
            return json.loads(archive.read(member))


@functools.cache
def core_schema(name: str) -> dict[str, Any]:
    """A file of the core schema, e.g. ``release-schema.json`` (cached, do not mutate)."""
    return _read_json(CORE_ZIP, CORE_PREFIX + name)


@functools.cache
def bids_extension_patch() -> dict[str, Any]:
    return _read_json(BIDS_ZIP, BIDS_PREFIX + "release-schema.json")


@functools.cache
def release_schema(profile: Profile = Profile.INTAKE) -> dict[str, Any]:
    """The merged release schema: core + bids extension + ggzy_submission (intake) or its ban (public)."""
    schema = merge_patch(core_schema("release-schema.json"), bids_extension_patch())
    schema = merge_patch(schema, SUBMISSION_PATCH if profile is Profile.INTAKE else PUBLIC_PATCH)
    return schema


def _dereference(node: Any, definitions: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """Inline ``#/definitions/X`` references (the OCDS release schema has no cycles; OCDS itself ships a
    dereferenced copy). In draft 4 a ``$ref``'s sibling keywords are ignored, so they are dropped."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            name = ref.rsplit("/", 1)[1]
            if name in seen:
                raise ValueError(f"recursive OCDS definition {name}")
            return _dereference(definitions[name], definitions, (*seen, name))
        return {k: _dereference(v, definitions, seen) for k, v in node.items() if k != "definitions"}
    if isinstance(node, list):
        return [_dereference(v, definitions, seen) for v in node]
    return node


@functools.cache
def dereferenced_release_schema(profile: Profile = Profile.INTAKE) -> dict[str, Any]:
    """The merged release schema with every reference inlined and without ``$schema``/``id`` (a nested
    ``$schema`` would make jsonschema switch back to its stock validator class)."""
    schema = release_schema(profile)
    inlined = _dereference(schema, schema["definitions"])
    return {k: v for k, v in inlined.items() if k not in ("$schema", "id")}


_ENUM_SETS: dict[int, tuple[list, frozenset]] = {}


def _fast_enum(validator, enums, instance, schema):
    """``enum`` by set membership for strings (jsonschema compares each of ~300 currency codes in Python)."""
    if isinstance(instance, str) or instance is None:
        cached = _ENUM_SETS.get(id(enums))
        if cached is None or cached[0] is not enums:
            cached = _ENUM_SETS[id(enums)] = (
                enums,
                frozenset(e for e in enums if isinstance(e, str) or e is None),
            )
        if instance in cached[1]:
            return
    yield from jsonschema._keywords.enum(validator, enums, instance, schema)


FastDraft4Validator = jsonschema.validators.extend(jsonschema.Draft4Validator, {"enum": _fast_enum})


def _registry(profile: Profile) -> Registry:
    resource = Resource.from_contents(release_schema(profile), default_specification=DRAFT4)
    return Registry().with_resource(RELEASE_SCHEMA_ID, resource)


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    text = value.strip()
    if len(text) < 20 or text[10] not in "Tt":  # RFC 3339 needs date, 'T', time and an offset
        return False
    try:
        parsed = dt.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return False
    return parsed.tzinfo is not None


def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    scheme, sep, rest = value.partition(":")
    return bool(sep and scheme and scheme[0].isalpha() and rest and " " not in value)


FORMAT_CHECKER = jsonschema.FormatChecker(formats=())
FORMAT_CHECKER.checks("date-time")(_is_datetime)
FORMAT_CHECKER.checks("uri")(_is_uri)


@functools.cache
def package_validator(profile: Profile = Profile.INTAKE) -> jsonschema.Draft4Validator:
    """Validator for a release package whose releases follow the merged release schema."""
    return jsonschema.Draft4Validator(
        core_schema("release-package-schema.json"), registry=_registry(profile), format_checker=FORMAT_CHECKER
    )


@functools.cache
def intake_package_validator(profile: Profile = Profile.INTAKE) -> jsonschema.Draft4Validator:
    """The same rules as ``package_validator``, faster: the release schema inlined (no reference
    lookups), ``enum`` by set membership, and without ``releases.uniqueItems`` — jsonschema checks that
    pairwise (O(n²), most of the time of a 1,000-release package); ``validate_package`` hashes instead."""
    schema = copy.deepcopy(core_schema("release-package-schema.json"))
    schema["properties"]["releases"].pop("uniqueItems", None)
    schema["properties"]["releases"]["items"] = dereferenced_release_schema(profile)
    return FastDraft4Validator(schema, format_checker=FORMAT_CHECKER)


def _duplicate_releases(package: Any) -> dict[str, str] | None:
    releases = package.get("releases") if isinstance(package, dict) else None
    if not isinstance(releases, list):
        return None
    seen: dict[str, int] = {}
    for index, item in enumerate(releases):
        key = json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        if key in seen:
            return {
                "path": "releases",
                "message": f"数组元素重复：releases[{index}] 与 releases[{seen[key]}] 完全相同",
            }
        seen[key] = index
    return None


@functools.cache
def record_package_validator(profile: Profile = Profile.PUBLIC) -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(
        core_schema("record-package-schema.json"), registry=_registry(profile), format_checker=FORMAT_CHECKER
    )


@functools.cache
def release_validator(profile: Profile = Profile.INTAKE) -> jsonschema.Draft4Validator:
    return FastDraft4Validator(dereferenced_release_schema(profile), format_checker=FORMAT_CHECKER)


def _path(error: jsonschema.ValidationError) -> str:
    return ".".join(str(part) for part in error.absolute_path)


def _message(error: jsonschema.ValidationError) -> str:
    """A short Chinese explanation, with jsonschema's English text kept for the technical detail."""
    labels = {
        "required": "缺少必填字段",
        "type": "类型不正确",
        "enum": "取值不在代码表内",
        "format": "格式不正确",
        "minItems": "数组元素过少",
        "minLength": "不能为空",
        "pattern": "格式不正确",
        "uniqueItems": "数组元素重复",
        "not": "不允许出现该字段",
        "oneOf": "不符合任何一种允许的结构",
        "anyOf": "不符合任何一种允许的结构",
    }
    return f"{labels.get(str(error.validator), '不符合 OCDS 模式')}：{error.message}"


def collect_errors(validator: jsonschema.Draft4Validator, instance: Any) -> list[dict[str, str]]:
    """One error per offending path (the most relevant one), in document order."""
    by_path: dict[str, jsonschema.ValidationError] = {}
    for error in validator.iter_errors(instance):
        path = _path(error)
        if error.validator == "required":
            # a missing field is an error *at* that field's path: report each one separately
            for name in error.validator_value:
                if isinstance(error.instance, dict) and name not in error.instance:
                    sub = f"{path}.{name}" if path else name
                    by_path.setdefault(sub, error)
            continue
        current = by_path.get(path)
        if current is None or jsonschema.exceptions.relevance(error) > jsonschema.exceptions.relevance(
            current
        ):
            by_path[path] = error
        if len(by_path) >= MAX_ERRORS:
            break
    result = []
    for path, error in by_path.items():
        if error.validator == "required":
            name = path.rsplit(".", 1)[-1]
            result.append({"path": path, "message": f"缺少必填字段：'{name}' is a required property"})
        else:
            result.append({"path": path, "message": _message(error)})
    return sorted(result, key=lambda item: _sort_key(item["path"]))


def _sort_key(path: str) -> list[tuple[int, Any]]:
    return [(0, int(p)) if p.isdigit() else (1, p) for p in path.split(".")] if path else []


def validate_package(package: Any, *, profile: Profile = Profile.INTAKE) -> list[dict[str, str]]:
    """Errors of a release package: ``[]`` when valid, else ``[{"path", "message"}, ...]``.

    Same result as ``collect_errors(package_validator(profile), package)``, faster on big packages.
    """
    errors = collect_errors(intake_package_validator(profile), package)
    duplicate = _duplicate_releases(package)
    if duplicate and all(e["path"] != "releases" for e in errors):
        errors = sorted([*errors, duplicate], key=lambda item: _sort_key(item["path"]))
    return errors


def validate_release(release: Any, *, profile: Profile = Profile.INTAKE) -> list[dict[str, str]]:
    return collect_errors(release_validator(profile), release)


def validate_record_package(package: Any, *, profile: Profile = Profile.PUBLIC) -> list[dict[str, str]]:
    return collect_errors(record_package_validator(profile), package)
