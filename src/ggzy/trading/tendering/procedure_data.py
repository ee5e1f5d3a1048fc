"""The shipped procedure types (domain-rules §3 engineering, §4 government procurement).

Every legal number comes from the registry (:mod:`ggzy.core.legal_rules`) and ``legal_basis`` maps each
field to the rule id it applies (``{"min_bid_days": "法24", …}``); a field set by the platform rather
than by law carries a short explanation instead. Seeded by migration; operators may add rows (admin
or a data migration) — no code change needed.
"""

from __future__ import annotations

from ggzy.core.legal_rules import rule

_WORKS_BASIS = {
    "min_bid_days": "法24",
    "sale_days": "条例16",
    "clarification_lead_days": "条例21",
    "objection_lead_days": "条例22",
    "min_bidders": "条例44",
    "deposit_cap_percent": "条例26",
    "max_candidates": "条例53",
    "publicity_days": "条例54",
    "award_rank": "条例55",
    "contract_days": "法46",
    "evaluation_methods": "评标规定29",
    "counting": "87号令85",
}

_GP_BASIS = {
    "min_bid_days": "采购法35",
    "sale_days": "87号令18",
    "clarification_lead_days": "87号令27",
    # GP has no pre-deadline objection to the documents (suppliers challenge, 质疑, instead): platform setting.
    "objection_lead_days": "平台设定：政府采购对采购文件的异议提前期参照工程建设项目设为10日",
    "min_bidders": "87号令41",
    "min_valid_bids": "87号令43",
    "deposit_cap_percent": "采购条例33",
    "max_candidates": "平台设定：评标报告推荐的中标候选人不超过3名（以采购文件为准）",
    # No candidate publicity before the award in GP: the result notice follows the award (87号令69).
    "result_notice_days": "87号令69",
    "contract_days": "87号令71",
    "evaluation_methods": "87号令53",
    "counting": "87号令85",
    "default_industry": "平台设定：政府采购项目默认行业门类 S（公共管理）",
}


def _works(**over) -> dict:
    return {
        "sector": "works",
        "default_industry": "E",
        "min_bid_days": rule("法24").value,
        "bid_days_working": rule("法24").working_days,
        "sale_days": rule("条例16").value,
        "sale_days_working": rule("条例16").working_days,
        "clarification_lead_days": rule("条例21").value,
        "objection_lead_days": rule("条例22").value,
        "min_bidders": rule("条例44").value,
        "deposit_cap_percent": f"{rule('条例26').value:.2f}",
        "prequalification": False,
        "evaluation_methods": ["lowest-evaluated-price", "comprehensive"],
        "max_candidates": rule("条例53").value,
        "publicity_days": rule("条例54").value,
        "publicity_working": rule("条例54").working_days,
        "contract_days": rule("法46").value,
        **over,
    }


PROCEDURE_TYPES = [
    {
        "code": "works-open",
        "name": "工程建设 公开招标",
        "invited": False,
        "notice_kind": "tender",
        "trading_method": "open-tender",
        **_works(),
        "legal_basis": _WORKS_BASIS,
        "sort_order": 10,
    },
    {
        "code": "works-invited",
        "name": "工程建设 邀请招标",
        "invited": True,
        "notice_kind": "invitation",
        "trading_method": "invited-tender",
        **_works(),
        "legal_basis": {**_WORKS_BASIS, "invited": "法17"},
        "sort_order": 20,
    },
    {
        "code": "gp-open",
        "name": "政府采购 公开招标",
        "sector": "gp",
        "invited": False,
        "notice_kind": "tender",
        "trading_method": "open-tender",
        "default_industry": "S",
        "min_bid_days": rule("采购法35").value,
        "bid_days_working": rule("采购法35").working_days,
        "sale_days": rule("87号令18").value,
        "sale_days_working": rule("87号令18").working_days,
        "clarification_lead_days": rule("87号令27").value,
        "objection_lead_days": 10,
        "min_bidders": rule("87号令41").value,
        "deposit_cap_percent": f"{rule('采购条例33').value:.2f}",
        "prequalification": False,
        "evaluation_methods": ["lowest-price", "comprehensive-scoring"],
        "max_candidates": 3,
        "publicity_days": 0,
        "publicity_working": False,
        "contract_days": rule("87号令71").value,
        "legal_basis": _GP_BASIS,
        "sort_order": 30,
    },
]

# Which row field each rule id in ``legal_basis`` fixes (the consistency test reads this).
RULE_FIELDS = (
    "min_bid_days",
    "sale_days",
    "clarification_lead_days",
    "objection_lead_days",
    "min_bidders",
    "max_candidates",
    "publicity_days",
    "contract_days",
)


def seed_procedure_types(model) -> None:
    for row in PROCEDURE_TYPES:
        model.objects.update_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"}
        )
