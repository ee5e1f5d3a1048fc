"""The legal rules registry: every legal number the platform applies, as one named rule.

A rule's id is its short citation (``法24``, ``条例54``, ``87号令69`` …; abbreviations as in
domain-rules: 法 = 招标投标法, 条例 = 招标投标法实施条例, 采购法 = 政府采购法, 采购条例 = 政府采购法实施条例,
87号令 = 政府采购货物和服务招标投标管理办法, 20号令 = 电子招标投标办法). Code refers to rules by id:
procedure types keep rule ids in ``legal_basis``, services read numbers with :func:`rule` and every
user-facing citation is made by :func:`cite` — one format, ``招标投标法第二十四条``.

``docs/legal-rules.md`` is generated from this module (``ggzy legal-rules docs``), listing where each
rule is used and which test checks it (see :mod:`ggzy.core.legal_rules_docs`). Rules recalled but not
checked against the official text are not registered; their notes live in docs/legal-rules.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

DayKind = Literal["calendar", "working"]

# Short law names used by cite() (the registry's one citation format) and the full titles of the articles.
LAWS: dict[str, tuple[str, str]] = {
    "法": ("招标投标法", "《中华人民共和国招标投标法》"),
    "条例": ("招标投标法实施条例", "《中华人民共和国招标投标法实施条例》"),
    "采购法": ("政府采购法", "《中华人民共和国政府采购法》"),
    "采购条例": ("政府采购法实施条例", "《中华人民共和国政府采购法实施条例》"),
    "87号令": (
        "政府采购货物和服务招标投标管理办法",
        "《政府采购货物和服务招标投标管理办法》（财政部令第87号）",
    ),
    "20号令": ("电子招标投标办法", "《电子招标投标办法》（国家发展改革委等八部委令第20号）"),
    "评标规定": (
        "评标委员会和评标方法暂行规定",
        "《评标委员会和评标方法暂行规定》（国家计委等七部委令第12号）",
    ),
}

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 24 → 二十四, 105 → 一百零五 (article numbers, 1–999)."""
    if not 0 < n < 1000:
        raise ValueError("article number out of range")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += _DIGITS[ones]
    return out


@dataclass(frozen=True)
class LegalRule:
    """One legal rule. ``value`` is the number the platform applies (None for a rule without a number);
    ``extra`` holds further numbers of the same article by name (e.g. 87号令69's deadline of 2 working days)."""

    id: str
    title: str
    value: int | Decimal | None
    unit: str | None
    day_kind: DayKind | None
    article: str
    source_abbrev: str
    extra: tuple[tuple[str, int | Decimal], ...] = ()

    @property
    def article_number(self) -> int:
        return int(self.id[len(self.source_abbrev) :])

    @property
    def working_days(self) -> bool:
        return self.day_kind == "working"

    def part(self, name: str) -> int | Decimal:
        return dict(self.extra)[name]

    def describe_value(self) -> str:
        if self.value is None:
            return "—"
        unit = {"working": "个工作日", "calendar": "日（日历日）"}.get(self.day_kind or "", self.unit or "")
        more = "；".join(f"{name} {value}" for name, value in self.extra)
        return f"{self.value} {unit}".strip() + (f"；{more}" if more else "")


def _r(
    id_: str,
    title: str,
    value=None,
    unit: str | None = None,
    day_kind: DayKind | None = None,
    extra: tuple = (),
) -> LegalRule:
    abbrev = next(
        a for a in sorted(LAWS, key=len, reverse=True) if id_.startswith(a) and id_[len(a) :].isdigit()
    )
    number = int(id_[len(abbrev) :])
    return LegalRule(
        id=id_,
        title=title,
        value=value,
        unit=unit,
        day_kind=day_kind,
        article=f"{LAWS[abbrev][1]}第{chinese_number(number)}条",
        source_abbrev=abbrev,
        extra=extra,
    )


RULES: dict[str, LegalRule] = {
    r.id: r
    for r in [
        # Engineering construction tenders (domain-rules §3)
        _r("法17", "邀请招标应向不少于该数目的特定法人或其他组织发出投标邀请书", 3, "个"),
        _r("法24", "自招标文件开始发出之日起至投标截止之日止，最短不得少于该天数", 20, "日", "calendar"),
        _r(
            "法37",
            "评标委员会成员人数为5人以上单数，技术、经济等方面的专家不得少于成员总数的三分之二",
            5,
            "人",
        ),
        _r("法46", "自中标通知书发出之日起该天数内订立书面合同", 30, "日", "calendar"),
        _r("条例16", "资格预审文件或者招标文件的发售期不得少于该天数", 5, "日", "calendar"),
        _r(
            "条例21",
            "澄清或者修改可能影响投标文件编制的，应在投标截止时间至少该天数前发出，不足的顺延截止时间",
            15,
            "日",
            "calendar",
        ),
        _r("条例22", "对招标文件有异议的，应当在投标截止时间该天数前提出", 10, "日", "calendar"),
        _r("条例26", "投标保证金不得超过招标项目估算价的该百分比", 2, "%"),
        _r("条例44", "投标人少于该数目的，不得开标，招标人应当重新招标", 3, "个"),
        _r(
            "条例46",
            "评标专家从评标专家库内相关专业的专家名单中以随机抽取方式确定，任何单位和个人不得以明示、暗示等任何方式"
            "指定或者变相指定参加评标委员会的专家成员",
        ),
        _r("条例53", "评标委员会推荐的中标候选人应当不超过该数目，并标明排序", 3, "个"),
        _r(
            "条例54",
            "招标人应当自收到评标报告之日起3日内公示中标候选人，公示期不得少于该天数",
            3,
            "日",
            "calendar",
            extra=(("收到评标报告后开始公示的最长天数", 3),),
        ),
        _r(
            "条例55",
            "国有资金占控股或者主导地位的依法必须进行招标的项目，招标人应当确定排名第一的中标候选人为中标人；"
            "排名第一的中标候选人放弃中标、因不可抗力不能履行合同、不按照招标文件要求提交履约保证金，或者被查实存在影响中标结果的"
            "违法行为等情形，不符合中标条件的，招标人可以按照评标委员会提出的中标候选人名单排序依次确定其他中标候选人为中标人，"
            "也可以重新招标",
            1,
            "名",
        ),
        _r("评标规定29", "评标方法包括经评审的最低投标价法、综合评估法或者法律、行政法规允许的其他评标方法"),
        # Government procurement (domain-rules §4)
        _r(
            "采购法35",
            "自招标文件开始发出之日起至投标人提交投标文件截止之日止，不得少于该天数",
            20,
            "日",
            "calendar",
        ),
        _r("采购条例33", "投标保证金不得超过采购项目预算金额的该百分比", 2, "%"),
        _r(
            "采购法42",
            "采购文件的保存期限为从采购结束之日起至少该年数（平台对每一交易的电子档案同样适用）",
            15,
            "年",
        ),
        _r("87号令18", "招标文件的提供期限自开始之日起不得少于该数目的工作日", 5, "日", "working"),
        _r(
            "87号令27",
            "澄清或者修改可能影响投标文件编制的，应在投标截止时间至少该天数前发出，不足的顺延",
            15,
            "日",
            "calendar",
        ),
        _r("87号令41", "投标人不足该数目的，不得开标", 3, "家"),
        _r("87号令43", "合格投标人不足该数目的，不得评标（否决投标后有效投标不足的，评标终止）", 3, "家"),
        _r(
            "87号令47",
            "评标委员会成员为5人以上单数；采购预算金额在1000万元以上的，成员为该人数以上单数",
            7,
            "人",
            extra=(("预算金额下限（元）", Decimal("10000000")),),
        ),
        _r("87号令53", "评标方法分为最低评标价法和综合评分法"),
        _r(
            "87号令55",
            "综合评分法中价格分值占总分值的比重：货物项目不得低于30%，服务项目不得低于10%",
            Decimal("0.30"),
            "（货物项目价格分最低比重）",
            extra=(("服务项目", Decimal("0.10")),),
        ),
        _r(
            "87号令69",
            "采购人确定中标人后2个工作日内在省级以上财政部门指定媒体上公告中标结果，公告期限为该数目的工作日",
            1,
            "日",
            "working",
            extra=(("确定中标人后发布公告的最长工作日", 2),),
        ),
        _r("87号令71", "自中标通知书发出之日起该天数内签订政府采购合同", 30, "日", "calendar"),
        _r(
            "87号令85",
            "期间开始的当天不计入，从次日开始计算；期限的最后一日是国家法定节假日的，顺延到节假日后的次日为期限的"
            "最后一日",
        ),
        # Electronic tendering
        _r("20号令26", "投标人未按规定加密的投标文件，电子招标投标交易平台应当拒收并提示"),
    ]
}


def rule(rule_id: str) -> LegalRule:
    """The registered rule ``rule_id``; KeyError names an unregistered id (a typo, or a rule to add here)."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"legal rule {rule_id!r} is not registered in ggzy.core.legal_rules") from None


def cite(rule_id: str) -> str:
    """The one user-facing citation of a rule: ``招标投标法实施条例第五十四条``."""
    r = rule(rule_id)
    return f"{LAWS[r.source_abbrev][0]}第{chinese_number(r.article_number)}条"


def cite_with_title(rule_id: str) -> str:
    """Citation and the rule's content, for reference listings (procedure types' ``legalBasis``)."""
    return f"{cite(rule_id)}：{rule(rule_id).title}"


def days(rule_id: str) -> int:
    """The period of a day-counting rule (its unit is days or working days)."""
    r = rule(rule_id)
    if r.day_kind is None or not isinstance(r.value, int):
        raise ValueError(f"legal rule {rule_id} is not a period")
    return r.value
