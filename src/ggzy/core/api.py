"""Public JSON of the audit seal chain: anyone may fetch and keep the roots to compare later."""

from __future__ import annotations

from ninja import Router, Schema

from .audit_seal import latest_seal
from .audit_selectors import seal_dict, seal_page
from .exceptions import NotFound

router = Router(tags=["core"])


class SealOut(Schema):
    seq: int
    sealedAt: str
    merkleRoot: str
    sealHash: str
    prevHash: str
    fromId: int
    toId: int
    missing: list[list[int]]
    lateIds: list[int]
    recordCount: int


class SealPageOut(Schema):
    items: list[SealOut]
    nextCursor: str | None


@router.get("/audit/seals/latest", response=SealOut, auth=None, summary="最新审计封存（默克尔根）")
def seals_latest(request):
    seal = latest_seal()
    if seal is None:
        raise NotFound("尚无审计封存", code="no_audit_seal")
    return seal_dict(seal)


@router.get("/audit/seals", response=SealPageOut, auth=None, summary="审计封存链（按序号升序，游标分页）")
def seals_list(request, cursor: str | None = None, limit: int = 50):
    seals, next_cursor = seal_page(cursor=cursor, limit=limit)
    return {"items": [seal_dict(s) for s in seals], "nextCursor": next_cursor}
