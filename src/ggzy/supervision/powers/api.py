"""GET /api/v1/powers: the public 权责清单, the same departments and powers as the page ``/quanze/``."""

from __future__ import annotations

from ninja import Router, Schema

from ggzy.core.legal_rules import cite

from . import selectors

router = Router(tags=["powers"])


class PowerItemOut(Schema):
    code: str
    name: str
    kind: str
    legalBasis: str
    citations: list[str]
    workflowUrl: str | None


class PowerDepartmentOut(Schema):
    name: str
    kind: str
    sectors: list[str]
    powers: list[PowerItemOut]


class PowersListOut(Schema):
    departments: list[PowerDepartmentOut]


@router.get("/powers", response=PowersListOut, auth=None, summary="权责清单（按部门）")
def list_powers(request):
    """Each department's powers: code, name, kind, legal basis (with the registered rules' citations) and the
    path of the workflow that exercises it (``null``: not online yet, 即将上线)."""
    return {
        "departments": [
            {
                "name": d.name,
                "kind": d.kind_label,
                "sectors": d.sectors,
                "powers": [
                    {
                        "code": row.power.code,
                        "name": row.power.name,
                        "kind": row.power.kind,
                        "legalBasis": row.power.legal_basis,
                        "citations": [cite(rule_id) for rule_id in row.power.rules],
                        "workflowUrl": row.url,
                    }
                    for row in d.powers
                ],
            }
            for d in selectors.departments()
        ]
    }
