"""Writes of the exchange app: sub-platform registration, machine tokens, and release intake.

Intake (``releases_ingest``) is one transaction per package: either every new release, the
recompiled records and the scan requests are stored, or nothing is.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from ggzy.catalog.models import SubPlatform
from ggzy.catalog.selectors import current_entries
from ggzy.core import audit, clock
from ggzy.core.codes import clean_reference
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput, NotFound
from ggzy.parties.roles import Role

from . import intake_public, ocds_facts, quality
from .compile import compile_releases
from .models import ExchangeSource, ExchangeToken, IntakeRecord, IntakeRelease
from .ocds_export import ocid_prefix
from .ocds_schema import validate_package
from .signals import releases_ingested

TOKEN_PREFIX = "gx_"


def _require_manager(actor) -> None:
    """Registering a sub-platform's data connection is the 综合管理部门's job (or a superuser's)."""
    if actor is None or getattr(actor, "is_superuser", False) or getattr(actor, "role", None) == Role.ADMIN:
        return
    raise Forbidden("只有公共资源交易综合管理部门可以登记数据交换", code="exchange_forbidden")


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def exchange_source_register(*, actor, platform_code: str, ocid_prefix: str = "") -> ExchangeSource:
    """Register a catalogued sub-platform (``catalog.SubPlatform.code``) for OCDS intake."""
    _require_manager(actor)
    platform = SubPlatform.objects.filter(code=platform_code).first()
    if platform is None:
        raise NotFound(
            "交易分平台未在交易目录中登记", code="sub_platform_not_found", details={"code": platform_code}
        )
    with transaction.atomic():
        if ExchangeSource.objects.filter(platform_code=platform_code).exists():
            raise Conflict(
                "该分平台已登记数据交换", code="exchange_source_exists", details={"code": platform_code}
            )
        source = ExchangeSource.objects.create(
            platform_code=platform_code,
            name=platform.platform_name,
            ocid_prefix=ocid_prefix.strip(),
            created_at=clock.now(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit.record(
            actor=actor,
            action="exchange.source_registered",
            target=source,
            payload={"platform": platform_code, "ocidPrefix": source.ocid_prefix},
        )
    return source


def exchange_token_issue(*, actor, source: ExchangeSource, name: str = "") -> tuple[ExchangeToken, str]:
    """A new machine token for ``source``; the raw token is returned once and never stored."""
    _require_manager(actor)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ExchangeToken.objects.create(
            source=source, name=name[:100], prefix=raw[:12], key_hash=hash_token(raw), created_at=clock.now()
        )
        audit.record(
            actor=actor,
            action="exchange.token_issued",
            target=token,
            payload={"source": source.platform_code, "prefix": token.prefix},
        )
    return token, raw


def exchange_token_revoke(*, actor, token: ExchangeToken) -> ExchangeToken:
    _require_manager(actor)
    with transaction.atomic():
        updated = ExchangeToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=clock.now()
        )
        if updated:
            audit.record(
                actor=actor,
                action="exchange.token_revoked",
                target=token,
                payload={"source": token.source.platform_code, "prefix": token.prefix},
            )
    token.refresh_from_db()
    return token


@dataclass
class IngestResult:
    created: list[str] = field(default_factory=list)  # release ids stored now
    unchanged: list[str] = field(default_factory=list)  # same id, same content: no-op
    ocids: list[str] = field(default_factory=list)  # records recompiled

    def as_dict(self) -> dict[str, Any]:
        return {
            "received": len(self.created) + len(self.unchanged),
            "created": len(self.created),
            "unchanged": len(self.unchanged),
            "ocids": self.ocids,
        }


def _release_key(release: dict[str, Any]) -> tuple[str, str]:
    return str(release["ocid"]), str(release["id"])


def _check_package_identity(
    source: ExchangeSource, releases: list[dict[str, Any]]
) -> dict[tuple[str, str], str]:
    own_prefix = ocid_prefix() + "-"
    digests: dict[tuple[str, str], str] = {}
    for index, release in enumerate(releases):
        # Cleaned once, before every check: " ocds-x-1" must neither pass for another process nor slip past
        # the reserved and registered prefixes.
        for name in ("ocid", "id"):
            release[name] = clean_reference(release[name])
            if not release[name]:
                raise InvalidInput(
                    "数据包不符合 OCDS 1.1 模式",
                    code="invalid_package",
                    details={"errors": [{"path": f"releases.{index}.{name}", "message": "不能为空"}]},
                )
        key = _release_key(release)
        digest = audit.digest(release)
        if key in digests and digests[key] != digest:
            raise Conflict(
                "同一数据包中同一发布编号的内容不一致",
                code="release_conflict",
                details={"ocid": key[0], "id": key[1], "path": f"releases.{index}"},
            )
        digests[key] = digest
        if key[0].lower().startswith(own_prefix.lower()):
            raise InvalidInput(
                "ocid 前缀属于综合交易系统，分平台不能使用",
                code="ocid_reserved",
                details={
                    "errors": [
                        {"path": f"releases.{index}.ocid", "message": f"ocid 不能以 {own_prefix} 开头"}
                    ]
                },
            )
        if source.ocid_prefix and not key[0].startswith(source.ocid_prefix):
            raise InvalidInput(
                "ocid 前缀与登记的分平台不符",
                code="ocid_prefix_mismatch",
                details={
                    "errors": [
                        {"path": f"releases.{index}.ocid", "message": f"ocid 应以 {source.ocid_prefix} 开头"}
                    ]
                },
            )
    return digests


def releases_ingest(
    *, source: ExchangeSource, package: Any, package_bytes: int | None = None
) -> IngestResult:
    """Validate and store one OCDS release package pushed by ``source``.

    - invalid → ``InvalidInput(invalid_package)`` with ``details.errors`` = one error per path;
    - a release id already stored with other content → ``Conflict(release_conflict)``;
    - an ocid already reported by another sub-platform → ``Conflict(ocid_foreign)``;
    - otherwise new releases are stored, the record of each touched ocid recompiled and announced
      (``signals.releases_ingested``: redflags queues them for its scan); already-known identical
      releases are no-ops.
    """
    if not source.is_active:
        raise Forbidden("该分平台的数据交换已停用", code="exchange_source_inactive")
    errors = validate_package(package)
    if errors:
        raise InvalidInput("数据包不符合 OCDS 1.1 模式", code="invalid_package", details={"errors": errors})
    releases: list[dict[str, Any]] = package["releases"]
    digests = _check_package_identity(source, releases)
    now = clock.now()
    result = IngestResult()
    try:
        with transaction.atomic():
            ocids = sorted({ocid for ocid, _ in digests})
            records = {r.ocid: r for r in IntakeRecord.objects.select_for_update().filter(ocid__in=ocids)}
            foreign = sorted(o for o, r in records.items() if r.source_id != source.pk)
            if foreign:
                raise Conflict(
                    "该项目的数据由其他分平台报送", code="ocid_foreign", details={"ocids": foreign[:20]}
                )
            existing = {
                (row["ocid"], row["release_id"]): row["digest"]
                for row in IntakeRelease.objects.filter(ocid__in=ocids).values("ocid", "release_id", "digest")
            }
            new_rows: list[IntakeRelease] = []
            seen: set[tuple[str, str]] = set()
            for release in releases:
                key = _release_key(release)
                if key in seen:
                    continue
                seen.add(key)
                if key in existing:
                    if existing[key] != digests[key]:
                        raise Conflict(
                            "该发布编号已接收且内容不同；更正请使用新的发布编号",
                            code="release_conflict",
                            details={"ocid": key[0], "id": key[1]},
                        )
                    result.unchanged.append(key[1])
                    continue
                measured = quality.measure_release(release, received_at=now)
                new_rows.append(
                    IntakeRelease(
                        source=source,
                        ocid=key[0],
                        release_id=key[1],
                        date=ocds_facts.parse_datetime(release["date"]),
                        tags=release.get("tag") or [],
                        content=release,
                        digest=digests[key],
                        received_at=now,
                        package_uri=str(package.get("uri", ""))[:500],
                        completeness=measured.completeness,
                        missing_fields=measured.missing,
                        lag_seconds=measured.lag_seconds,
                        consistency_issues=measured.consistency_issues,
                        issue_count=len(measured.consistency_issues),
                    )
                )
                result.created.append(key[1])
            IntakeRelease.objects.bulk_create(new_rows, batch_size=500)
            touched = sorted({row.ocid for row in new_rows})
            catalogue_codes = _recompile(source=source, ocids=touched, records=records, now=now)
            notices = intake_public.notices_publish(
                source=source, rows=new_rows, catalogue_codes=catalogue_codes
            )
            releases_ingested.send(
                sender=ExchangeSource, ocids=touched, source=f"intake:{source.platform_code}"
            )
            result.ocids = touched
            audit.record(
                actor=None,
                action="exchange.package_received",
                target=source,
                payload={
                    "source": source.platform_code,
                    "packageUri": str(package.get("uri", ""))[:300],
                    "packageDigest": audit.digest(package)
                    if package_bytes is None or package_bytes < 2_000_000
                    else None,
                    "created": len(result.created),
                    "unchanged": len(result.unchanged),
                    "ocids": len(touched),
                    "notices": notices,
                },
            )
    except IntegrityError as exc:
        # Another request stored the same release or ocid between our read and our insert.
        raise Conflict("同一项目的数据正在被并发报送，请稍后重试", code="intake_concurrent") from exc
    return result


def _default_catalogue_code(source: ExchangeSource) -> str:
    """The catalogue code of a sub-platform that serves exactly one entry of the current catalogue."""
    codes = list(
        current_entries().filter(platform__code=source.platform_code).values_list("code", flat=True)[:2]
    )
    return codes[0] if len(codes) == 1 else ""


def _recompile(
    *, source: ExchangeSource, ocids: list[str], records: dict[str, IntakeRecord], now
) -> dict[str, str]:
    """Recompile the records of ``ocids``; returns the catalogue code of each."""
    if not ocids:
        return {}
    default_code = _default_catalogue_code(source)
    by_ocid: dict[str, list[dict[str, Any]]] = {o: [] for o in ocids}
    for ocid, content in IntakeRelease.objects.filter(ocid__in=ocids).values_list("ocid", "content"):
        by_ocid[ocid].append(content)
    to_create, to_update = [], []
    for ocid in ocids:
        compiled = compile_releases(by_ocid[ocid])
        fields = {
            "compiled": compiled,
            "release_count": len(by_ocid[ocid]),
            "last_release_date": ocds_facts.parse_datetime(compiled["date"]),
            "catalogue_code": ocds_facts.catalogue_code(compiled) or default_code,
            "district": ocds_facts.district(compiled),
            "updated_at": now,
        }
        record = records.get(ocid)
        if record is None:
            to_create.append(IntakeRecord(ocid=ocid, source=source, **fields))
        else:
            for name, value in fields.items():
                setattr(record, name, value)
            to_update.append(record)
    IntakeRecord.objects.bulk_create(to_create, batch_size=500)
    IntakeRecord.objects.bulk_update(
        to_update,
        ["compiled", "release_count", "last_release_date", "catalogue_code", "district", "updated_at"],
        batch_size=500,
    )
    return {record.ocid: record.catalogue_code for record in [*to_create, *to_update]}
