"""HTML forms of the expert pages, mirroring the API input schemas (``api.py``); rules stay in services."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory

from ggzy.core.web import LocalDateTimeField, RowsFormSet

from .models import Specialty


def _drawable_specialties():
    return Specialty.objects.filter(level__gte=2)


class SpecialtyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Specialty) -> str:
        return f"{obj.code} {obj.name}"


class DrawForm(forms.Form):
    """``DrawIn`` as the agency's page asks it (the agency is the user's own entity); ``lines`` are
    ``DrawLineFormSet``."""

    error_fields = {"sectionId": "section_ref", "buyerUscc": "buyer_uscc", "evaluationAt": "evaluation_at"}
    section_ref = forms.CharField(
        label="标段编号", max_length=64, error_messages={"required": "请填写标段编号"}
    )
    buyer_uscc = forms.CharField(label="招标人/采购人统一社会信用代码", max_length=18)
    bidder_usccs = forms.CharField(
        label="投标人统一社会信用代码（空格或换行分隔；平台内标段自动读取）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    regulator_usccs = forms.CharField(
        label="监管部门统一社会信用代码（可空）", required=False, widget=forms.Textarea(attrs={"rows": 1})
    )
    evaluation_at = LocalDateTimeField(
        label="评标时间（北京时间）",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"required": "请填写评标时间"},
    )

    def clean_bidder_usccs(self) -> list[str]:
        return self.cleaned_data["bidder_usccs"].split()

    def clean_regulator_usccs(self) -> list[str]:
        return self.cleaned_data["regulator_usccs"].split()


class DrawLineForm(forms.Form):
    """``LineIn``: a specialty from the specialty table and how many experts of it."""

    specialty = SpecialtyChoiceField(
        label="评标专业",
        queryset=_drawable_specialties(),
        to_field_name="code",
        empty_label="请选择",
        error_messages={"required": "请选择评标专业", "invalid_choice": "评标专业代码不存在"},
    )
    count = forms.IntegerField(
        label="人数",
        min_value=1,
        max_value=99,
        error_messages={"required": "请填写人数", "invalid": "人数应为正整数", "min_value": "人数应为正整数"},
    )


class DrawLineRows(RowsFormSet):
    row_detail = "line"  # the service counts lines from 0 (``{"line": 0}``)


DrawLineFormSet = formset_factory(
    DrawLineForm, formset=DrawLineRows, extra=0, min_num=1, validate_min=True, can_delete=True, max_num=20
)


class ProfileForm(forms.Form):
    """``ExpertIn`` (registering) / ``ExpertPatch`` (updating: no name or ID number): the current employer,
    one former employer and one relative's company as the page's fixed rows of ``employments``/``relatives``."""

    error_fields = {"idNumber": "id_number", "employments": "employer_uscc"}
    name = forms.CharField(label="姓名", max_length=100)
    id_number = forms.CharField(
        label="身份证号", max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    phone = forms.CharField(
        label="手机号", max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    region = forms.CharField(label="所在地区", max_length=40)
    title = forms.CharField(label="职称", max_length=60, required=False)
    specialties = forms.ModelMultipleChoiceField(
        label="评标专业（评标专家专业分类标准）",
        queryset=_drawable_specialties(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "至少选择一个评标专业", "invalid_choice": "评标专业代码不存在"},
    )
    employer_uscc = forms.CharField(label="统一社会信用代码", max_length=18)
    employer_name = forms.CharField(label="单位名称", max_length=200)
    employer_since = forms.DateField(label="入职日期", widget=forms.DateInput(attrs={"type": "date"}))
    former_uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    former_name = forms.CharField(label="单位名称", max_length=200, required=False)
    former_since = forms.DateField(
        label="入职日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    former_until = forms.DateField(
        label="离职日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    relative_uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    relative_name = forms.CharField(label="单位名称", max_length=200, required=False)
    relative_relation = forms.CharField(label="亲属关系", max_length=40, required=False)

    def __init__(self, *args, registering: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not registering:
            del self.fields["name"], self.fields["id_number"]

    def employments(self) -> list[dict]:
        data = self.cleaned_data
        rows = [
            {
                "employerUscc": data["employer_uscc"],
                "employerName": data["employer_name"],
                "startedOn": data["employer_since"].isoformat(),
            }
        ]
        if data["former_uscc"]:
            rows.append(
                {
                    "employerUscc": data["former_uscc"],
                    "employerName": data["former_name"],
                    "startedOn": _iso(data["former_since"]),
                    "endedOn": _iso(data["former_until"]),
                }
            )
        return rows

    def relatives(self) -> list[dict]:
        data = self.cleaned_data
        if not data["relative_uscc"]:
            return []
        return [
            {
                "companyUscc": data["relative_uscc"],
                "companyName": data["relative_name"],
                "relation": data["relative_relation"],
            }
        ]


def _iso(value) -> str:
    return value.isoformat() if value else ""
