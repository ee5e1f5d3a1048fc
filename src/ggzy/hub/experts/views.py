"""HTML pages for the pool and draws. Views parse the form, call one service or selector, render.
Refusals (GgzyError) are shown by the one web layer (``ggzy.core.web``), never as a 500."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from ggzy.core import clock
from ggzy.core.exceptions import InvalidInput
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role

from . import selectors, services
from .models import Expert, Specialty


def _lines_from_post(post) -> list[str]:
    return [x.strip() for x in post.get("lines_text", "").replace("，", ",").splitlines() if x.strip()]


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Self-service: register or update one's expert profile (phone-friendly)."""
    expert = selectors.my_expert(viewer=request.user)
    if request.method == "POST":
        p = request.POST
        specialties = p.getlist("specialties")
        employments = [
            {
                "employerUscc": p.get("employer_uscc", ""),
                "employerName": p.get("employer_name", ""),
                "startedOn": p.get("employer_since", ""),
            }
        ]
        if p.get("former_uscc"):
            employments.append(
                {
                    "employerUscc": p["former_uscc"],
                    "employerName": p.get("former_name", ""),
                    "startedOn": p.get("former_since", ""),
                    "endedOn": p.get("former_until", ""),
                }
            )
        relatives = []
        if p.get("relative_uscc"):
            relatives.append(
                {
                    "companyUscc": p["relative_uscc"],
                    "companyName": p.get("relative_name", ""),
                    "relation": p.get("relative_relation", ""),
                }
            )
        try:
            if expert is None:
                services.expert_register(
                    actor=request.user,
                    name=p.get("name", ""),
                    id_number=p.get("id_number", ""),
                    phone=p.get("phone", ""),
                    region=p.get("region", ""),
                    title=p.get("title", ""),
                    specialties=specialties,
                    employments=employments,
                    relatives=relatives,
                )
                messages.success(request, "专家信息已提交，请等待交易中心审核。")
            else:
                services.expert_update_profile(
                    actor=request.user,
                    expert=expert,
                    phone=p.get("phone"),
                    region=p.get("region"),
                    title=p.get("title"),
                    specialties=specialties,
                    employments=employments,
                    relatives=relatives,
                )
                messages.success(request, "专家信息已更新。")
            return redirect("experts:profile")
        except InvalidInput as exc:
            messages.error(request, f"{exc.message}（{exc.code}）")
    return render(
        request,
        "experts/profile.html",
        {
            "expert": expert,
            "specialties": Specialty.objects.filter(level__gte=2),
            "mine": set(expert.specialty_links.values_list("specialty_id", flat=True)) if expert else set(),
        },
    )


@login_required
def invitations(request):
    return render(
        request,
        "experts/invitations.html",
        {"invitations": selectors.my_invitations(viewer=request.user)[:50], "now": clock.now()},
    )


@login_required
@require_POST
def invitation_answer(request, invitation_id: int):
    inv = selectors.my_invitation(viewer=request.user, invitation_id=invitation_id)
    decision = request.POST.get("decision")
    services.invitation_respond(
        actor=request.user,
        invitation=inv,
        accept=decision == "accept",
        conflict=decision == "conflict",
        note=request.POST.get("note", ""),
    )
    messages.success(
        request, {"accept": "已确认参加评标。", "conflict": "已登记回避。"}.get(decision, "已拒绝本次邀请。")
    )
    return redirect("experts:invitations")


@login_required
def operator_experts(request):
    require_role(request.user, Role.OPERATOR)
    status = request.GET.get("status") or Expert.Status.PENDING
    rows = selectors.experts_for_vetting(viewer=request.user, status=status).prefetch_related(
        "specialty_links__specialty", "employments", "relative_companies"
    )[:100]
    return render(
        request,
        "experts/operator_experts.html",
        {"experts": rows, "status": status, "statuses": Expert.Status.choices},
    )


@login_required
@require_POST
def operator_expert_action(request, code: str):
    expert = selectors.expert_for_vetting(viewer=request.user, expert_code=code)
    action, note = request.POST.get("action"), request.POST.get("note", "")
    if action in ("approve", "reject"):
        services.expert_vet(actor=request.user, expert=expert, approve=action == "approve", note=note)
    else:
        services.expert_set_status(actor=request.user, expert=expert, status=action, note=note)
    messages.success(request, f"专家 {expert.expert_code} 已处理。")
    return redirect(f"{reverse('experts:operator_experts')}?{urlencode({'status': request.POST.get('back', '')})}")


@login_required
@require_http_methods(["GET", "POST"])
def draws(request):
    """Agency/buyer/operator/regulator: draws they may see; the agency requests a new one here."""
    if request.method == "POST":
        p = request.POST
        lines = []
        for raw in _lines_from_post(p):
            code, _, count = raw.partition("*")
            lines.append({"specialty": code.strip(), "count": count.strip() or "0"})
        try:
            evaluation_at = dt.datetime.fromisoformat(p.get("evaluation_at", "")).replace(
                tzinfo=clock.SHANGHAI
            )
        except ValueError:
            messages.error(request, "评标时间格式不正确")
            return redirect("experts:draws")
        try:
            draw = services.draw_request(
                actor=request.user,
                section_ref=p.get("section_ref", ""),
                buyer_uscc=p.get("buyer_uscc", ""),
                agency_uscc=request.user.entity.uscc if request.user.entity_id else "",
                bidder_usccs=p.get("bidder_usccs", "").split(),
                regulator_usccs=p.get("regulator_usccs", "").split(),
                evaluation_at=evaluation_at,
                lines=lines,
            )
        except InvalidInput as exc:
            messages.error(request, f"{exc.message}（{exc.code}）")
            return redirect("experts:draws")
        messages.success(request, f"已申请抽取 {draw.draw_id}，承诺值已公布。")
        return redirect("experts:draw", draw_id=draw.draw_id)
    return render(
        request,
        "experts/draws.html",
        {
            "draws": selectors.draws_for_viewer(viewer=request.user)[:100],
            "can_request": request.user.role == Role.AGENCY,
            "specialties": Specialty.objects.filter(level__gte=2),
        },
    )


@login_required
def draw(request, draw_id: str):
    return render(
        request, "experts/draw.html", {"p": selectors.draw_progress(viewer=request.user, draw_id=draw_id)}
    )


def draw_public(request, draw_id: str):
    """Public page: commitment before the draw, the whole verifiable record after publication."""
    doc = selectors.draw_public(draw_id=draw_id)
    return render(request, "experts/draw_public.html", {"doc": doc, "published": "secret" in doc})


def draws_published(request):
    rows = selectors.published_draws().order_by("-published_at")[:100]
    return render(request, "experts/draws_published.html", {"draws": rows})
