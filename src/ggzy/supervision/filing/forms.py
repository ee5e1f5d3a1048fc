from __future__ import annotations

from django import forms
from django.forms import formset_factory

from ggzy.catalog.models import SubPlatform
from ggzy.core.web import RowsFormSet

from .models import FilingSystem


class FilingForm(forms.Form):
    """An upgrade plan filed on a sub-platform's behalf; documents come as ``documents`` (checked by the service)."""

    platform = forms.ChoiceField(label="交易分平台", error_messages={"required": "请选择交易分平台"})
    title = forms.CharField(label="备案事项", max_length=200, error_messages={"required": "请填写备案事项"})
    scope = forms.CharField(
        label="升级改造范围",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写升级改造范围"},
    )
    planned_start = forms.DateField(
        label="计划开始日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写计划开始日期", "invalid": "日期格式不正确"},
    )
    planned_end = forms.DateField(
        label="计划完成日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写计划完成日期", "invalid": "日期格式不正确"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = [("", "请选择")] + list(
            SubPlatform.objects.order_by("id").values_list("code", "platform_name")
        )


class SystemForm(forms.Form):
    name = forms.CharField(label="系统名称", max_length=120, error_messages={"required": "请填写系统名称"})
    change = forms.ChoiceField(label="变更类型", choices=FilingSystem.Change.choices)
    description = forms.CharField(label="说明", max_length=300, required=False)


class SystemRows(RowsFormSet):
    row_base = 0


SystemFormSet = formset_factory(
    SystemForm, formset=SystemRows, extra=0, min_num=1, validate_min=True, can_delete=True, max_num=20
)


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label="审核意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
