"""Forms of the venues pages; the services decide what is acceptable."""

from __future__ import annotations

from django import forms

from ggzy.core.web import LocalDateTimeField

from .models import Booking, WitnessEntry
from .selectors import rooms

_LOCAL = {"type": "datetime-local"}


class BookingForm(forms.Form):
    room = forms.ChoiceField(label="场所")
    purpose = forms.ChoiceField(label="用途", choices=Booking.Purpose.choices)
    reference = forms.CharField(label="标段/挂牌编号", max_length=40)
    starts_at = LocalDateTimeField(label="开始时间", widget=forms.DateTimeInput(attrs=_LOCAL))
    ends_at = LocalDateTimeField(label="结束时间", widget=forms.DateTimeInput(attrs=_LOCAL))
    main_booking_id = forms.IntegerField(
        label="主会场预约编号（仅远程异地评标）", required=False, min_value=1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = [
            (r.code, f"{r.get_centre_display()} · {r.name}（{r.get_kind_display()}，{r.capacity}人）")
            for r in rooms()
        ]


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=200, required=False)


class ConfirmForm(forms.Form):
    pass


class AttendanceForm(forms.Form):
    person = forms.CharField(label="人员账号", max_length=150)


class WitnessForm(forms.Form):
    step = forms.ChoiceField(label="见证环节", choices=WitnessEntry.Step.choices)
    reference = forms.CharField(
        label="标段/挂牌编号", max_length=40, required=False, help_text="选择场次时可不填"
    )
    booking_id = forms.IntegerField(label="场次（预约编号）", required=False, min_value=1)
    observation = forms.CharField(label="见证情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    anomalies = forms.CharField(
        label="异常情况（无则不填）",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
    )
    media_name = forms.CharField(label="音视频资料名称", max_length=200, required=False)
    media_sha256 = forms.CharField(label="音视频资料 SHA-256", max_length=64, required=False)

    def media_items(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        if not (data.get("media_name") or data.get("media_sha256")):
            return []
        return [{"name": data.get("media_name", ""), "sha256": data.get("media_sha256", "")}]
