"""HTML forms of the tendering pages, mirroring the API input schemas (``api/``); rules stay in services."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory

from ggzy.core.web import LocalDateTimeField, MoneyField, RowsFormSet

from .models import ProcedureType
from .services.tenders import OPENING_WINDOW_MAX, OPENING_WINDOW_MIN


class ProcedureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProcedureType) -> str:
        unit = "个工作日" if obj.bid_days_working else "日"
        return f"{obj.name}（文件发出至截止 ≥ {obj.min_bid_days}{unit}）"


class TenderForm(forms.Form):
    """``TenderIn`` (its ``sections`` are ``SectionFormSet``); the page has no ``projectCode``/``industry``."""

    error_fields = {
        "procedureType": "procedure_type",
        "catalogueCode": "catalogue_code",
        "uscc": "invited_bidders",
    }
    procedure_type = ProcedureChoiceField(
        label="交易程序",
        queryset=ProcedureType.objects.filter(active=True),
        to_field_name="code",
        empty_label=None,
        error_messages={"required": "请选择交易程序", "invalid_choice": "未知的交易程序类型"},
    )
    catalogue_code = forms.CharField(label="交易目录编码", max_length=20, initial="GC01")
    title = forms.CharField(label="项目名称", max_length=300)
    buyer = forms.CharField(label="招标人统一社会信用代码", max_length=18)
    district = forms.CharField(label="区域（代码或名称）", max_length=40, initial="310000")
    tender_period_end = LocalDateTimeField(
        label="投标截止时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"})
    )
    opening_at = LocalDateTimeField(
        label="开标时间（默认同截止时间）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}),
    )
    opening_window_minutes = forms.IntegerField(
        label="解密时限（分钟）",
        initial=30,
        min_value=OPENING_WINDOW_MIN,
        max_value=OPENING_WINDOW_MAX,
        error_messages={"invalid": "请填写整数分钟数"},
    )
    state_funded = forms.BooleanField(
        label="国有资金占控股或者主导地位（定标须选排名第一的候选人）", required=False
    )
    invited_bidders = forms.CharField(
        label="受邀投标人（邀请招标，统一社会信用代码，空格分隔）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label="招标文件正文", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def clean_invited_bidders(self) -> list[str]:
        return self.cleaned_data["invited_bidders"].split()

    def clean(self):
        data = super().clean()
        if data.get("tender_period_end") and not data.get("opening_at"):
            data["opening_at"] = data["tender_period_end"]
        return data


class SectionForm(forms.Form):
    """``SectionIn``: one 标段 (amounts in 元)."""

    title = forms.CharField(label="标段名称", max_length=300, error_messages={"required": "请填写标段名称"})
    estimated_price = MoneyField(label="估算价（元）", error_messages={"required": "请填写估算价"})
    ceiling_price = MoneyField(label="最高投标限价（元）", required=False)


class SectionRows(RowsFormSet):
    row_base = 1  # the service counts sections from 1 (``sections.1.estimatedPrice``)
    row_detail = "section"


SectionFormSet = formset_factory(
    SectionForm, formset=SectionRows, extra=0, min_num=1, validate_min=True, can_delete=True, max_num=999
)


class ActionForm(forms.Form):
    """A button with no input (publish, register, withdraw, sign…)."""


class TerminateForm(forms.Form):
    """``TerminateIn``."""

    reason = forms.CharField(required=False, max_length=2000)


class ClarificationForm(forms.Form):
    """``ClarificationIn``."""

    error_fields = {"newDeadline": "new_deadline"}
    body = forms.CharField(required=False, max_length=20000)
    new_deadline = LocalDateTimeField(required=False)


class QuestionForm(forms.Form):
    """``QuestionIn``."""

    text = forms.CharField(required=False, max_length=2000)


class QuestionAnswerForm(forms.Form):
    """``QuestionAnswerIn``."""

    answer = forms.CharField(required=False, max_length=20000)
    new_deadline = LocalDateTimeField(required=False)


class ObjectionForm(forms.Form):
    """``OpeningObjectionIn`` / ``PublicityObjectionIn``."""

    text = forms.CharField(required=False, max_length=2000)


class ObjectionAnswerForm(forms.Form):
    """``OpeningObjectionAnswerIn`` / ``PublicityObjectionAnswerIn``."""

    answer = forms.CharField(required=False, max_length=2000)


class AwardForm(forms.Form):
    """``AwardIn``: the candidate's bid, among the section's bids."""

    bid_id = forms.ModelChoiceField(
        queryset=None, error_messages={"required": "请选择中标候选人", "invalid_choice": "该投标不属于本标段"}
    )

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid_id"].queryset = section.bids.all()
