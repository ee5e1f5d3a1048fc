"""权责清单: the supervision powers and responsibilities of each department, one registry.

Each power has a stable code. The workflow that exercises a power names its code in the audit record of
each decision (``payload["power"]``), so every record can be traced back to the listed power and its legal
basis; the public page (``/quanze/``) lists the powers per department with a link to their workflow.
Kept in ``core`` because workflows of every layer (catalogue, supervision) cite it.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN = "admin"  # 综合管理部门 (市发展改革委)
REGULATOR = "regulator"  # 行业主管部门 (the regulators bound to catalogue entries)

DEPARTMENT_LABELS = {ADMIN: "公共资源交易综合管理部门", REGULATOR: "行业主管部门"}


@dataclass(frozen=True)
class Power:
    code: str
    name: str
    kind: str  # 行政检查 / 行政裁决 / 其他行政权力 …
    department: str  # ADMIN or REGULATOR
    legal_basis: str
    url_name: str | None  # the workflow's page (None: not online yet — shown as 即将上线)
    rules: tuple[str, ...] = ()  # ids in core.legal_rules where a registered number applies


CATALOGUE_PUBLISH = "QZ-ZH-01"
FILING_REVIEW = "QZ-ZH-02"
ALERT_HANDLING = "QZ-JG-01"
COMPLAINT_DECISION = "QZ-JG-02"
CREDIT_RECORD = "QZ-JG-03"

POWERS: tuple[Power, ...] = (
    Power(
        CATALOGUE_PUBLISH,
        "公共资源交易目录的制定、调整和发布",
        "其他行政权力",
        ADMIN,
        "《公共资源交易平台管理暂行办法》第八条；沪发改法〔2020〕14号 五.4",
        "catalog:index",
    ),
    Power(
        FILING_REVIEW,
        "交易分平台升级改造备案审核",
        "其他行政权力",
        ADMIN,
        "沪发改法〔2020〕14号 四.4、五.4（统一冠名、分平台升级改造）",
        "filing:list",
    ),
    Power(
        ALERT_HANDLING,
        "围标串标等违法违规线索的核查处理",
        "行政检查",
        REGULATOR,
        "《中华人民共和国招标投标法实施条例》第四条；《中华人民共和国政府采购法》第五十九条",
        "redflags:alerts",
    ),
    Power(
        COMPLAINT_DECISION,
        "招标投标、政府采购投诉的处理决定",
        "行政裁决",
        REGULATOR,
        "《中华人民共和国招标投标法实施条例》第六十条至第六十二条；财政部令第94号",
        None,
    ),
    Power(
        CREDIT_RECORD,
        "市场主体不良行为（信用）记录的认定和公开",
        "其他行政权力",
        REGULATOR,
        "《中华人民共和国招标投标法实施条例》第七十九条；《公共资源交易平台管理暂行办法》第三十二条",
        None,
    ),
)

BY_CODE = {p.code: p for p in POWERS}


def power(code: str) -> Power:
    return BY_CODE[code]
