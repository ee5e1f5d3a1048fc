from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ggzy.catalog.models import CatalogueEntry

from .districts import District
from .models import Notice


class NoticeFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("交易类别"), required=False)
    district = forms.ChoiceField(
        label=_("区域"), required=False, choices=[("", _("全部区域")), *District.choices]
    )
    kind = forms.ChoiceField(
        label=_("公告类型"), required=False, choices=[("", _("全部类型")), *Notice.Kind.choices]
    )
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    code = forms.CharField(label=_("项目编号"), required=False, max_length=20)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("全部类别"))]
        choices += [(value, f"【{label}】") for value, label in CatalogueEntry.Group.choices]
        choices += [(e.code, f"{e.code} {e.name}") for e in entries]
        self.fields["category"].choices = choices
