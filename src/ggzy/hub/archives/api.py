"""JSON API of the electronic archives: the same readers as the pages (others 404), the keepers' holds and the
two-person disposal through the same services. Only translates HTTP ↔ services/selectors."""

from __future__ import annotations

from ninja import Router, Schema, Status

from ggzy.parties.auth import API_AUTH
from ggzy.parties.permissions import require_role

from . import selectors, services
from .models import Archive
from .presenters import archive_detail_dict, archive_dict, disposal_dict, hold_dict

router = Router(tags=["archives"])

LIST_LIMIT = 200


class ArchiveReasonIn(Schema):
    reason: str


def _keeper_archive(request, archive_id: int) -> Archive:
    require_role(request.auth, *services.KEEPERS)
    return selectors.archive_for(viewer=request.auth, archive_id=archive_id)


@router.get("/archives", auth=API_AUTH)
def archives_list(request):
    """The archives the caller may read (operators and admins all; a regulator its categories'; the buyer and
    the agency their own trades), newest first, at most 200."""
    archives = selectors.archives_visible_to(request.auth).prefetch_related("holds")[:LIST_LIMIT]
    return {"items": [archive_dict(a) for a in archives]}


@router.get("/archives/{archive_id}", auth=API_AUTH)
def archive_get(request, archive_id: int):
    archive = selectors.archive_for(viewer=request.auth, archive_id=archive_id)
    return archive_detail_dict(archive)


@router.post("/archives/{archive_id}/holds", auth=API_AUTH, response={201: dict})
def archive_hold_place(request, archive_id: int, payload: ArchiveReasonIn):
    """Place a legal hold (operators and admins); disposal is refused while one is in force."""
    hold = services.hold_place(
        actor=request.auth, archive=_keeper_archive(request, archive_id), reason=payload.reason
    )
    return Status(201, hold_dict(hold))


@router.post("/archives/{archive_id}/holds/{hold_id}/lift", auth=API_AUTH)
def archive_hold_lift(request, archive_id: int, hold_id: int, payload: ArchiveReasonIn):
    hold = services.hold_lift(
        actor=request.auth,
        archive=_keeper_archive(request, archive_id),
        hold_id=hold_id,
        reason=payload.reason,
    )
    return hold_dict(hold)


@router.post("/archives/{archive_id}/disposal", auth=API_AUTH, response={201: dict})
def archive_disposal_request(request, archive_id: int, payload: ArchiveReasonIn):
    """Ask for disposal (an operator): refused before the retention date and under a legal hold."""
    disposal = services.disposal_request(
        actor=request.auth, archive=_keeper_archive(request, archive_id), reason=payload.reason
    )
    return Status(201, disposal_dict(disposal))


@router.post("/archives/{archive_id}/disposal/approve", auth=API_AUTH)
def archive_disposal_approve(request, archive_id: int):
    """Approve the pending disposal (another operator, or an admin): the bag is deleted, the record stays."""
    disposal = services.disposal_approve(actor=request.auth, archive=_keeper_archive(request, archive_id))
    return disposal_dict(disposal)


@router.post("/archives/{archive_id}/disposal/reject", auth=API_AUTH)
def archive_disposal_reject(request, archive_id: int):
    disposal = services.disposal_reject(actor=request.auth, archive=_keeper_archive(request, archive_id))
    return disposal_dict(disposal)
