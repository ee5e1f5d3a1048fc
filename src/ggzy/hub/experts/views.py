"""HTML pages for the pool and draws. Views parse the form, call one service or selector, render.
Refusals (GgzyError) are shown by the one web layer (``ggzy.core.web``), never as a 500."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from ggzy.core.web import formset_for, run_form
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role, may_form_committee

from . import rules, selectors, services
from .forms import DrawForm, DrawLineFormSet, ProfileForm
from .models import Expert


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Self-service: register or update one's expert profile (phone-friendly)."""
    expert = selectors.my_expert(viewer=request.user)
    initial = {}
    if expert is not None:
        initial = {
            "phone": expert.phone,
            "region": expert.region,
            "title": expert.title,
            "specialties": list(expert.specialty_links.values_list("specialty_id", flat=True)),
        }
    form = ProfileForm(request.POST or None, initial=initial, registering=expert is None)

    def _save(data):
        codes = [s.code for s in data["specialties"]]
        if expert is None:
            return services.expert_register(
                actor=request.user,
                name=data["name"],
                id_number=data["id_number"],
                phone=data["phone"],
                region=data["region"],
                title=data["title"],
                specialties=codes,
                employments=form.employments(),
                relatives=form.relatives(),
            )
        return services.expert_update_profile(
            actor=request.user,
            expert=expert,
            phone=data["phone"],
            region=data["region"],
            title=data["title"],
            specialties=codes,
            employments=form.employments(),
            relatives=form.relatives(),
        )

    return run_form(
        request,
        form,
        _save,
        template="experts/profile.html",
        context={"expert": expert},
        success_url=reverse("experts:profile"),
        success_message="专家信息已提交，请等待交易中心审核。" if expert is None else "专家信息已更新。",
    )


@login_required
def invitations(request):
    return render(
        request,
        "experts/invitations.html",
        {"invitations": selectors.my_invitations(viewer=request.user)[:50]},
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
    return redirect(
        f"{reverse('experts:operator_experts')}?{urlencode({'status': request.POST.get('back', '')})}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def draws(request):
    """Agency/buyer/operator/regulator: draws they may see; the agency requests a new one here."""
    form = DrawForm(request.POST or None)
    lines = formset_for(DrawLineFormSet, request, prefix="lines")

    def _request(data):
        return services.draw_request(
            actor=request.user,
            section_ref=data["section_ref"],
            buyer_uscc=data["buyer_uscc"],
            agency_uscc=request.user.entity.uscc if request.user.entity_id else "",
            bidder_usccs=data["bidder_usccs"],
            regulator_usccs=data["regulator_usccs"],
            evaluation_at=data["evaluation_at"],
            lines=[{"specialty": row["specialty"].code, "count": row["count"]} for row in data["lines"]],
        )

    return run_form(
        request,
        form,
        _request,
        formsets={"lines": lines},
        template="experts/draws.html",
        context={
            "draws": selectors.draws_for_viewer(viewer=request.user)[:100],
            "can_request": request.user.role == Role.AGENCY,
        },
        success_url=lambda draw: reverse("experts:draw", kwargs={"draw_id": draw.draw_id}),
        success_message=lambda draw: f"已申请抽取 {draw.draw_id}，承诺值已公布。",
    )


@login_required
def draw(request, draw_id: str):
    progress = selectors.draw_progress(viewer=request.user, draw_id=draw_id)
    # The evaluation committee is seated from this draw when the service would accept it.
    can_seat = rules.draw_seats_committee(progress["status"]) and may_form_committee(request.user)
    return render(request, "experts/draw.html", {"p": progress, "can_seat_committee": can_seat})


def draw_public(request, draw_id: str):
    """Public page: commitment before the draw, the whole verifiable record after publication."""
    doc = selectors.draw_public(draw_id=draw_id)
    return render(request, "experts/draw_public.html", {"doc": doc, "published": "secret" in doc})


def draws_published(request):
    rows = selectors.published_draws().order_by("-published_at")[:100]
    return render(request, "experts/draws_published.html", {"draws": rows})
