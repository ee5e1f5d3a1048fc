"""``POST /api/v1/exchange/releases`` — a registered sub-platform pushes an OCDS release package
(spec redflags.md §3). 201 when something new was stored, 200 when every release was already known
with the same content; 422 with ``details.errors`` (one per path); 409 on a changed release."""

from __future__ import annotations

import json

from django.http import HttpRequest
from ninja import Router, Status

from ggzy.core.exceptions import GgzyError, InvalidInput

from .auth import EXCHANGE_AUTH
from .services import releases_ingest

router = Router(tags=["exchange"])

MAX_PACKAGE_BYTES = 64 * 1024 * 1024


class PackageTooLarge(GgzyError):
    status = 413
    default_code = "package_too_large"
    default_message = "数据包过大，请分批报送"


def _read_json(request: HttpRequest):
    # Read the stream ourselves: packages of 1,000 releases exceed Django's form-data upload limit,
    # which is meant for form posts, not for this machine interface.
    raw = request.read(MAX_PACKAGE_BYTES + 1)
    if len(raw) > MAX_PACKAGE_BYTES:
        raise PackageTooLarge(details={"maxBytes": MAX_PACKAGE_BYTES})
    try:
        return json.loads(raw), len(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("请求体不是有效的 JSON", code="invalid_json",
                           details={"errors": [{"path": "", "message": str(exc)[:200]}]}) from exc


@router.post("/exchange/releases", auth=EXCHANGE_AUTH, response={200: dict, 201: dict})
def post_releases(request):
    package, size = _read_json(request)
    result = releases_ingest(source=request.auth, package=package, package_bytes=size)
    return Status(201 if result.created else 200, result.as_dict())
