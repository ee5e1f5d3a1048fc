from __future__ import annotations

import io
from typing import Any

import pydantic
from ninja import Schema, Status

from ggzy.core.exceptions import InvalidInput, NotFound
from ggzy.core.request_edge import loads_json
from ggzy.parties.auth import API_AUTH

from .. import presenters, selectors
from ..conf import bid_max_bytes
from ..envelope_store import stored_envelope_text
from ..models import OpeningObjection
from ..services import bids, opening, transitions
from ..services.bids import section_id_text
from ..uploads import spool_body, upload_slot
from . import router
from .common import OPTIONAL_AUTH, actor


class BidIn(Schema):
    envelope: str
    manifest: str
    fingerprint: dict[str, Any] | None = None


class BidKeyIn(Schema):
    cek: str


class OpeningObjectionIn(Schema):
    text: str


class OpeningObjectionAnswerIn(Schema):
    answer: str


# Bids are large (megabytes of base64): the body is read here with the tendering limit rather than
# Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), so a big bid is accepted and an oversize one gets
# ``envelope_too_large`` (422) instead of a generic error.
BODY_OVERHEAD_BYTES = 1024 * 1024  # manifest, fingerprint and JSON punctuation around the envelope


def _bid_body(request) -> BidIn:
    # Streamed to a temporary file in chunks (chunked transfer encoding included), then parsed; the raw
    # bytes are dropped as soon as the JSON is parsed, so only the parsed envelope stays (finding 10).
    with spool_body(request, limit=bid_max_bytes() + BODY_OVERHEAD_BYTES, max_bytes=bid_max_bytes()) as spool:
        try:
            text = io.TextIOWrapper(spool, encoding="utf-8").read()  # str directly, no bytes copy alongside
        except UnicodeDecodeError as exc:
            raise InvalidInput("请求数据格式不正确", code="invalid_input", details={"errors": []}) from exc
    try:
        document = loads_json(text)
        del text
        return BidIn.model_validate(document)
    except (ValueError, UnicodeDecodeError) as exc:
        errors = exc.errors() if isinstance(exc, pydantic.ValidationError) else []
        raise InvalidInput(
            "请求数据格式不正确",
            code="invalid_input",
            details={
                "errors": [
                    {"path": ".".join(str(p) for p in e.get("loc", [])), "message": e.get("msg", "")}
                    for e in errors
                ]
            },
        ) from exc


@router.post(
    "/sections/{section_id}/bids",
    auth=API_AUTH,
    response={201: dict},
    summary="递交密封投标文件",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": BidIn.model_json_schema()}},
        }
    },
)
def bid_submit(request, section_id: int):
    with upload_slot():  # per-process cap on uploads in flight (GGZY_MAX_CONCURRENT_UPLOADS)
        payload = _bid_body(request)
        section = selectors.section_visible(request.user, section_id)
        bid = bids.bid_submit(
            actor=request.user,
            section=section,
            envelope=payload.envelope,
            manifest=payload.manifest,
            fingerprint=payload.fingerprint,
        )
        del payload
    return Status(
        201,
        {
            "id": bid.pk,
            "receipt": bid.receipt,
            "receivedAt": bid.received_at.isoformat(),
            "envelopeSha256": bid.envelope_sha256,
            "sectionId": section_id_text(section),
        },
    )


@router.get("/sections/{section_id}/my-bids", auth=API_AUTH, summary="本单位在该标段的投标文件（回执）")
def my_bids(request, section_id: int):
    section = selectors.section_visible(request.user, section_id)
    return {"items": [presenters.own_bid_dict(b) for b in selectors.my_bids(request.user, section)]}


@router.get("/bids/{bid_id}", auth=API_AUTH, summary="本单位的投标文件（含密文信封，供开标时本地解密）")
def bid_get(request, bid_id: int):
    bid = selectors.own_bid(request.user, bid_id)
    # A retracted envelope is read back from its file; null once purged after the retention period.
    return {
        **presenters.own_bid_dict(bid),
        "envelope": stored_envelope_text(bid),
        "envelopePurgedAt": bid.envelope_purged_at.isoformat() if bid.envelope_purged_at else None,
        "manifest": bid.manifest,
    }


@router.delete("/bids/{bid_id}", auth=API_AUTH, summary="截止前撤回投标文件")
def bid_retract(request, bid_id: int):
    bid = selectors.own_bid(request.user, bid_id)
    return presenters.own_bid_dict(bids.bid_retract(actor=request.user, bid=bid))


@router.post("/bids/{bid_id}/key", auth=API_AUTH, summary="开标解密：提交内容密钥（CEK）")
def bid_key(request, bid_id: int, payload: BidKeyIn):
    bid = selectors.own_bid(request.user, bid_id)
    bid = opening.bid_key_submit(actor=request.user, bid=bid, cek=payload.cek)
    return {
        "id": bid.pk,
        "accepted": True,
        "decidedAt": bid.decided_at.isoformat() if bid.decided_at else None,
    }


@router.get("/sections/{section_id}/opening", auth=OPTIONAL_AUTH, summary="开标记录（揭示后对所有人公开）")
def section_opening(request, section_id: int):
    return presenters.opening_dict(selectors.section_visible(actor(request), section_id))


@router.post(
    "/sections/{section_id}/opening/objections", auth=API_AUTH, response={201: dict}, summary="开标异议"
)
def opening_objection(request, section_id: int, payload: OpeningObjectionIn):
    transitions.section_apply_due(section_id=section_id)  # the explicit step before a write
    section = selectors.section_visible(request.user, section_id)
    row = opening.opening_objection_raise(actor=request.user, section=section, text=payload.text)
    return Status(201, {"id": row.pk, "raisedAt": row.raised_at.isoformat()})


@router.post("/opening-objections/{objection_id}/answer", auth=API_AUTH, summary="答复开标异议")
def opening_objection_answer(request, objection_id: int, payload: OpeningObjectionAnswerIn):
    row = OpeningObjection.objects.filter(pk=objection_id).first()
    if row is None:
        raise NotFound()
    row = opening.opening_objection_answer(actor=request.user, objection=row, answer=payload.answer)
    return {"id": row.pk, "answer": row.answer, "answeredAt": row.answered_at.isoformat()}


@router.get("/sections/{section_id}/fingerprints", auth=API_AUTH, summary="提交指纹（仅监管部门）")
def section_fingerprints(request, section_id: int):
    section = selectors.section_visible(request.user, section_id)
    return {"items": selectors.bid_fingerprints(request.user, section)}
