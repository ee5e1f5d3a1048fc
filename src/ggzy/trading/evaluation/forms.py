"""HTML forms of the evaluation pages, mirroring the API input schemas (``api.py``); rules stay in services."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory

from ggzy.core.web import LocalDateTimeField, MoneyField, RowsFormSet

from .models import Committee, ScoringItem


class CommitteeForm(forms.Form):
    """``CommitteeIn`` as the page asks it: the draw names the section, buyer and agency; its ``items`` and
    ``bids`` are ``ItemFormSet`` and ``CommitteeBidFormSet``."""

    error_fields = {"deviationBound": "budget"}
    draw_id = forms.CharField(label="抽取编号", max_length=64, error_messages={"required": "请填写抽取编号"})
    procurement = forms.ChoiceField(label="项目类型", choices=Committee.Procurement.choices)
    method = forms.ChoiceField(
        label="评标办法", choices=Committee.Method.choices, initial=Committee.Method.COMPREHENSIVE
    )
    budget = MoneyField(label="预算（元，未关联标段时填写）", required=False)
    starts_at = LocalDateTimeField(
        label="评标开始时间（默认抽取时的评标时间）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    buyer_reps = forms.CharField(label="招标人代表账号（空格分隔）", max_length=500, required=False)

    def clean_buyer_reps(self) -> list[str]:
        return self.cleaned_data["buyer_reps"].split()


class ItemForm(forms.Form):
    """``ItemIn``: one scoring item; its category from ``ScoringItem.Kind``."""

    code = forms.CharField(label="编号", max_length=20, error_messages={"required": "请填写评分项编号"})
    name = forms.CharField(label="名称", max_length=100, error_messages={"required": "请填写评分项名称"})
    kind = forms.ChoiceField(label="类别", choices=ScoringItem.Kind.choices)
    weight = forms.DecimalField(
        label="权重（0～1）",
        max_digits=5,
        decimal_places=4,
        error_messages={"required": "请填写权重", "invalid": "权重应为0～1之间的小数"},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    max_points = forms.DecimalField(
        label="满分",
        max_digits=7,
        decimal_places=2,
        initial=100,
        error_messages={"required": "请填写满分", "invalid": "满分应为数字"},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class ItemRows(RowsFormSet):
    row_detail = "item"  # the service counts items from 0 (``items.0.weight``, ``{"item": 0}``)


class CommitteeBidForm(forms.Form):
    """``CommitteeBidIn``: a bid typed in when the committee is not linked to one of the platform's sections."""

    bidder_uscc = forms.CharField(label="投标人统一社会信用代码", max_length=18)
    bidder_name = forms.CharField(label="投标人名称", max_length=200, required=False)
    price = MoneyField(label="投标报价（元）")


class CommitteeBidRows(RowsFormSet):
    row_detail = "bid"


ItemFormSet = formset_factory(ItemForm, formset=ItemRows, extra=0, can_delete=True, max_num=50)
CommitteeBidFormSet = formset_factory(
    CommitteeBidForm, formset=CommitteeBidRows, extra=1, can_delete=True, max_num=200
)
# The usual comprehensive-scoring template, offered as the first rows.
DEFAULT_ITEMS = [
    {"code": "P", "name": "价格", "kind": ScoringItem.Kind.PRICE, "weight": "0.30", "max_points": "100"},
    {
        "code": "T",
        "name": "技术方案",
        "kind": ScoringItem.Kind.TECHNICAL,
        "weight": "0.50",
        "max_points": "100",
    },
    {
        "code": "C",
        "name": "商务条款",
        "kind": ScoringItem.Kind.COMMERCIAL,
        "weight": "0.20",
        "max_points": "100",
    },
]


class EnterForm(forms.Form):
    """``EnterIn``: the conflict-of-interest statement (empty: no conflict)."""

    conflict = forms.CharField(max_length=300, required=False)


class VoteForm(forms.Form):
    """``VoteIn``: the member voted chair, among the committee's seated members."""

    candidate = forms.ModelChoiceField(
        queryset=None, error_messages={"required": "请选择候选人", "invalid_choice": "候选人不在本委员会"}
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates


class ReasonForm(forms.Form):
    """``ReasonIn``: a disqualification's reason (the service refuses an empty one)."""

    reason = forms.CharField(max_length=500, required=False)


class SignForm(forms.Form):
    """``SignIn``: signing the report, with an optional dissent."""

    dissent = forms.CharField(max_length=2000, required=False)


class ActionForm(forms.Form):
    """A button with no input (e.g. prepare the report)."""


class ScoresForm(forms.Form):
    """``ScoresIn``: one score (and optional comment) per bid and scoring item — fields ``s-<bid>-<item>`` and
    ``c-<bid>-<item>``, built from the committee's bids and items so nothing else is accepted."""

    def __init__(self, *args, bids, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = [(bid, item) for bid in bids for item in items]
        for bid, item in self.cells:
            self.fields[f"s-{bid.pk}-{item.code}"] = forms.CharField(max_length=20, required=False)
            self.fields[f"c-{bid.pk}-{item.code}"] = forms.CharField(max_length=500, required=False)

    def clean(self):
        """The cells become the service's ``scores`` and ``comments`` (``ScoresIn``)."""
        super().clean()
        if self.errors:
            return self.cleaned_data
        given, comments = self.scores()
        return {"scores": given, "comments": comments}

    def scores(self) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
        given: dict[str, dict[str, str]] = {}
        comments: dict[str, dict[str, str]] = {}
        for bid, item in self.cells:
            given.setdefault(str(bid.pk), {})[item.code] = self.cleaned_data[f"s-{bid.pk}-{item.code}"]
            comment = self.cleaned_data[f"c-{bid.pk}-{item.code}"]
            if comment:
                comments.setdefault(str(bid.pk), {})[item.code] = comment
        return given, comments
