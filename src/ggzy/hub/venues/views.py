"""HTML pages: the public 交易日程, booking rooms (agency), confirming them and the entry/exit log (operator),
witness entries (operator). Views parse the form, call one service or selector, render."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ggzy.core import clock
from ggzy.core.exceptions import NotFound
from ggzy.core.web import Button, button_view, run_form
from ggzy.parties.permissions import roles_required
from ggzy.parties.roles import Role

from . import rules, selectors, services
from .forms import AttendanceForm, BookingForm, CancelForm, ConfirmForm, WitnessForm

LIST_LIMIT = 100


def schedule(request):
    """交易日程 (public): confirmed openings and live auctions of one day, by venue."""
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = clock.today()
    return render(
        request,
        "venues/schedule.html",
        {
            "day": day,
            "venues": selectors.schedule_for_day(day),
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def bookings(request):
    """An agency books rooms and sees its bookings; an operator sees every booking to confirm."""
    form = BookingForm(request.POST or None) if rules.may_book(request.user) else None
    context = {"bookings": selectors.bookings_visible_to(request.user)[:LIST_LIMIT]}
    if form is None:
        return render(request, "venues/bookings.html", {**context, "form": None})
    return run_form(
        request,
        form,
        lambda d: services.booking_create(
            actor=request.user,
            room_code=d["room"],
            purpose=d["purpose"],
            reference=d["reference"],
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            main_booking_id=d["main_booking_id"],
        ),
        template="venues/bookings.html",
        context=context,
        success_url=lambda b: reverse("venues:booking", args=[b.pk]),
        success_message="预约已提交，待交易中心确认。",
    )


@login_required
def booking(request, booking_id: int):
    item = selectors.booking_for(viewer=request.user, booking_id=booking_id)
    on_duty = rules.is_on_duty(request.user, item)
    return render(
        request,
        "venues/booking.html",
        {
            "booking": item,
            "may_confirm": rules.may_confirm(request.user, item),
            "may_cancel": rules.may_cancel(request.user, item),
            "on_duty": on_duty,
            "attendance": selectors.seated(viewer=request.user, booking_id=item.pk) if on_duty else [],
            "attendance_form": AttendanceForm() if on_duty else None,
            "witness_form": WitnessForm(initial={"booking_id": item.pk}) if on_duty else None,
            "confirm_form": ConfirmForm(),
            "cancel_form": CancelForm(),
        },
    )


def _load_booking(request, booking_id):
    return selectors.booking_for(viewer=request.user, booking_id=booking_id)


def _back(item, result) -> str:
    return reverse("venues:booking", args=[item.pk])


BOOKING_ACTIONS = {
    "confirm": Button(ConfirmForm, services.booking_confirm, "预约已确认，您为本场次值班工作人员。"),
    "cancel": Button(CancelForm, services.booking_cancel, "预约已取消。"),
    "enter": Button(AttendanceForm, services.attendance_enter, "已登记进入。"),
    "leave": Button(AttendanceForm, services.attendance_leave, "已登记离开。"),
}
booking_action = button_view(BOOKING_ACTIONS, _load_booking, target="booking_id", back=_back)


@login_required
@roles_required(Role.OPERATOR)
@require_http_methods(["GET", "POST"])
def witness(request):
    """The operator on duty records a witness entry (a booking's session, or a reference without a room)."""
    form = WitnessForm(request.POST or None, initial={"booking_id": request.GET.get("booking", "")})

    def _record(d):
        booking = None
        if d["booking_id"]:
            booking = selectors.bookings_visible_to(request.user).filter(pk=d["booking_id"]).first()
            if booking is None:
                raise NotFound("场次不存在", code="booking_not_found")
        return services.witness_record(
            actor=request.user,
            step=d["step"],
            reference=d["reference"],
            observation=d["observation"],
            anomalies=d["anomalies"],
            media=form.media_items(),
            booking=booking,
        )

    return run_form(
        request,
        form,
        _record,
        template="venues/witness.html",
        context={"entries": selectors.witness_entries(viewer=request.user)[:LIST_LIMIT]},
        success_url=reverse("venues:witness"),
        success_message=lambda e: f"见证记录已登记（摘要 {e.entry_hash[:16]}…）。",
    )
