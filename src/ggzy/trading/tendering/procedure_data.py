"""The shipped procedure types (domain-rules §3 engineering, §4 government procurement).

Seeded by migration; operators may add rows (admin or a data migration) — no code change needed.
"""

from __future__ import annotations

_WORKS_BASIS = {
    "min_bid_days": "招标投标法第24条：自招标文件开始发出之日起至投标截止之日止，最短不得少于20日",
    "sale_days": "招标投标法实施条例第16条：招标文件发售期不得少于5日",
    "clarification_lead_days": "招标投标法实施条例第21条：澄清或修改应在投标截止时间至少15日前发出，不足15日的顺延截止时间",
    "objection_lead_days": "招标投标法实施条例第22条：对招标文件有异议的，应在投标截止时间10日前提出",
    "min_bidders": "招标投标法实施条例第44条：投标人少于3个的，不得开标，应当重新招标",
    "deposit_cap_percent": "招标投标法实施条例第26条：投标保证金不得超过招标项目估算价的2%",
    "max_candidates": "招标投标法实施条例第53条：中标候选人应当不超过3个，并标明排序",
    "publicity_days": "招标投标法实施条例第54条：中标候选人公示期不得少于3日",
    "contract_days": "招标投标法第46条：自中标通知书发出之日起30日内订立书面合同",
    "evaluation_methods": "评标委员会和评标方法暂行规定第29条：经评审的最低投标价法、综合评估法",
    "counting": "期间计算：开始之日不计入，期满日为节假日的顺延至节假日后第一日（民法典第201、203条；参照财政部令第87号第85、86条）",
}

_GP_BASIS = {
    "min_bid_days": "政府采购法第35条：自招标文件开始发出之日起至投标人提交投标文件截止之日止，不得少于20日",
    "sale_days": "财政部令第87号第18条：招标文件提供期限自开始之日起不得少于5个工作日",
    "clarification_lead_days": "财政部令第87号第27条：澄清或修改在投标截止时间至少15日前发出，不足15日的顺延",
    "objection_lead_days": "政府采购质疑按94号令（质疑期7个工作日）[verify]；此处为对采购文件提出异议的提前天数",
    "min_bidders": "财政部令第87号第41条：投标人不足3家的，不得开标",
    "deposit_cap_percent": "政府采购法实施条例第33条：投标保证金不得超过采购项目预算金额的2%",
    "max_candidates": "财政部令第87号第64条：评标报告推荐中标候选供应商 [verify 人数]",
    "publicity_days": "财政部令第87号第69条：中标结果公告期限为1个工作日",
    "contract_days": "财政部令第87号第71条：自中标通知书发出之日起30日内签订合同",
    "evaluation_methods": "财政部令第87号第53条：最低评标价法、综合评分法",
    "counting": "财政部令第87号第85、86条：开始当天不计入，从次日开始计算；期限的最后一日是国家法定节假日的，顺延到节假日后的次日",
    "default_industry": "GB/T 4754 门类 S（公共管理）作为政府采购项目默认行业 [verify]",
}

PROCEDURE_TYPES = [
    {
        "code": "works-open", "name": "工程建设 公开招标", "sector": "works", "invited": False,
        "notice_kind": "tender", "trading_method": "open-tender", "default_industry": "E",
        "min_bid_days": 20, "bid_days_working": False, "sale_days": 5, "sale_days_working": False,
        "clarification_lead_days": 15, "objection_lead_days": 10, "min_bidders": 3, "deposit_cap_percent": "2.00",
        "prequalification": False, "evaluation_methods": ["lowest-evaluated-price", "comprehensive"],
        "max_candidates": 3, "publicity_days": 3, "publicity_working": False, "contract_days": 30,
        "legal_basis": _WORKS_BASIS, "sort_order": 10,
    },
    {
        "code": "works-invited", "name": "工程建设 邀请招标", "sector": "works", "invited": True,
        "notice_kind": "invitation", "trading_method": "invited-tender", "default_industry": "E",
        "min_bid_days": 20, "bid_days_working": False, "sale_days": 5, "sale_days_working": False,
        "clarification_lead_days": 15, "objection_lead_days": 10, "min_bidders": 3, "deposit_cap_percent": "2.00",
        "prequalification": False, "evaluation_methods": ["lowest-evaluated-price", "comprehensive"],
        "max_candidates": 3, "publicity_days": 3, "publicity_working": False, "contract_days": 30,
        "legal_basis": {**_WORKS_BASIS, "invited": "招标投标法第17条：邀请招标应向3个以上特定法人发出投标邀请书"},
        "sort_order": 20,
    },
    {
        "code": "gp-open", "name": "政府采购 公开招标", "sector": "gp", "invited": False,
        "notice_kind": "tender", "trading_method": "open-tender", "default_industry": "S",
        "min_bid_days": 20, "bid_days_working": False, "sale_days": 5, "sale_days_working": True,
        "clarification_lead_days": 15, "objection_lead_days": 10, "min_bidders": 3, "deposit_cap_percent": "2.00",
        "prequalification": False, "evaluation_methods": ["lowest-price", "comprehensive-scoring"],
        "max_candidates": 3, "publicity_days": 1, "publicity_working": True, "contract_days": 30,
        "legal_basis": _GP_BASIS, "sort_order": 30,
    },
]


def seed_procedure_types(model) -> None:
    for row in PROCEDURE_TYPES:
        model.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
