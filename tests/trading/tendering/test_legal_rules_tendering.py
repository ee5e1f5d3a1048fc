"""Legal rules of the tendering flow through the registry: procedure rows carry rule ids and the
registry's numbers; GP has no candidate publicity but a result notice after the award (87号令69);
works notices cite 条例54; state-funded works tenders award rank 1 (条例55)."""

import datetime as dt

import pytest

from ggzy.core.exceptions import InvalidInput
from ggzy.core.legal_rules import RULES, cite, rule
from ggzy.core.models import AuditRecord
from ggzy.hub.publication.models import Notice
from ggzy.trading.tendering import deadlines
from ggzy.trading.tendering.models import ProcedureType
from ggzy.trading.tendering.procedure_data import RULE_FIELDS
from ggzy.trading.tendering.services.award import award_decide, evaluation_report_accept
from ggzy.trading.tendering.services.opening import bid_key_submit
from ggzy.trading.tendering.services.tenders import tender_create, tender_publish
from ggzy.trading.tendering.tasks import due_sections

from .conftest import DEADLINE, START, at, cek_for, tender_input
from .test_award import opened, report  # noqa: F401 — fixture
from .test_opening import submit_bids

pytestmark = pytest.mark.django_db


@pytest.mark.legal_rule(
    "法24",
    "条例16",
    "条例21",
    "条例22",
    "条例44",
    "条例53",
    "条例54",
    "法46",
    "采购法35",
    "87号令18",
    "87号令27",
    "87号令41",
    "87号令71",
    "条例26",
    "采购条例33",
)
def test_seeded_procedure_types_take_their_numbers_from_the_registry():
    """Every field whose ``legal_basis`` names a rule id holds that rule's number and day kind (the rows the
    migrations seeded in the database, not only the code)."""
    checked = 0
    for p in ProcedureType.objects.all():
        for field in RULE_FIELDS:
            r = p.rule_for(field)
            if r is None:
                continue
            assert getattr(p, field) == r.value, (p.code, field)
            working = {
                "min_bid_days": "bid_days_working",
                "sale_days": "sale_days_working",
                "publicity_days": "publicity_working",
            }.get(field)
            if working:
                assert getattr(p, working) == r.working_days, (p.code, field)
            checked += 1
        deposit = p.rule_for("deposit_cap_percent")
        assert p.deposit_cap_percent == deposit.value
        assert all(v in RULES or not v[:1].isdigit() for v in p.legal_basis.values())
    assert checked >= 20


@pytest.mark.legal_rule("法17", "87号令85", "评标规定29", "87号令53")
def test_procedure_types_api_cites_in_one_format_and_shows_no_verify_note(client):
    """The API's ``legalBasis`` cites each rule as the registry does (招标投标法第二十四条), never an unverified
    ``[verify]`` note; ``legalRuleIds`` gives the ids."""
    items = {p["code"]: p for p in client.get("/api/v1/procedure-types").json()["items"]}
    works, invited, gp = items["works-open"], items["works-invited"], items["gp-open"]
    assert works["legalBasis"]["min_bid_days"].startswith(cite("法24") + "：")
    assert invited["legalRuleIds"]["invited"] == "法17" and cite("法17") in invited["legalBasis"]["invited"]
    assert works["legalRuleIds"]["counting"] == "87号令85" and gp["legalRuleIds"]["counting"] == "87号令85"
    assert works["legalRuleIds"]["evaluation_methods"] == "评标规定29"
    assert gp["legalRuleIds"]["evaluation_methods"] == "87号令53"
    for p in items.values():
        assert "[verify" not in str(p["legalBasis"])
        assert "第24条" not in str(p["legalBasis"])  # the old Arabic-numeral format is gone


@pytest.mark.legal_rule("法24")
def test_too_early_deadline_refusal_cites_the_registry():
    """法24: a deadline under 20 days is refused with the registry's citation."""
    works = ProcedureType.objects.get(code="works-open")
    issued = at(2026, 3, 3, 9)  # + 20 days = Monday 03-23 (no holiday roll)
    earliest = deadlines.earliest_bid_deadline(works, issued)
    assert (earliest.date - issued.date()).days == rule("法24").value == 20
    with pytest.raises(InvalidInput) as exc:
        deadlines.check_publishable(works, issued_at=issued, deadline=issued + dt.timedelta(days=19))
    assert exc.value.code == "deadline_too_early" and cite("法24") in exc.value.message


@pytest.mark.legal_rule("条例54")
def test_works_candidate_publicity_cites_the_works_regulation(opened):  # noqa: F811
    """条例54 is the works rule: the candidates notice of a works section cites it in the registry format."""
    section, bids = opened
    evaluation_report_accept(actor=None, section=section, report=report(bids, "bidder2", "bidder1"))
    body = Notice.objects.get(kind="candidates").body
    assert f"（{cite('条例54')}）" in body


@pytest.fixture
def gp_opened(parties, clock_at):
    clock_at(START)
    tender = tender_create(
        actor=parties["buyer"], data=tender_input(parties["buyer"].entity.uscc, procedure="gp-open")
    )
    tender = tender_publish(actor=parties["buyer"], tender=tender)
    section = tender.sections.get()
    users = parties["bidders"][:3]
    bids = submit_bids(section, users, ["780000.00", "779000.00", "778000.00"])
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    due_sections()
    for user in users:
        bid, sealed = bids[user.username]
        bid_key_submit(actor=user, bid=bid, cek=cek_for(user, sealed["envelope"]))
    section.refresh_from_db()
    assert section.status == "opened"
    return section, {u.username: bids[u.username][0] for u in users}


@pytest.mark.legal_rule("87号令69")
def test_gp_has_no_candidate_publicity_and_a_result_notice_after_the_award(gp_opened, parties, clock_at):
    """87号令69 is a result notice after the award (within 2 working days, lasting 1 working day), not a
    pre-award candidate publicity: GP goes from the report straight to the award, and the result notice
    states its 1-working-day term and cites 87号令69 — never the works regulation 条例54."""
    section, bids = gp_opened
    clock_at(at(2026, 3, 27, 10))  # Friday
    evaluation_report_accept(actor=None, section=section, report=report(bids, "bidder3", "bidder2"))
    section.refresh_from_db()
    assert section.status == "award_pending" and section.publicity_end is None
    assert not Notice.objects.filter(kind="candidates").exists()
    award_decide(actor=parties["buyer"], section=section, bid=bids["bidder3"])
    body = Notice.objects.get(kind="award").body
    assert rule("87号令69").value == 1 and rule("87号令69").working_days
    assert f"至 2026-03-30 24:00（{cite('87号令69')}）" in body  # 1 working day after Friday = Monday
    assert cite("条例54") not in body and "条例" not in body


@pytest.mark.legal_rule("条例55")
def test_state_funded_works_tender_awards_rank_one_unless_a_legal_reason_is_recorded(
    opened, parties, clock_at
):  # noqa: F811
    """条例55: a state-funded works tender awards rank 1; rank 2 is refused (rank_one_required, nothing
    awarded) unless the legal reason is given, which is then audited and published."""
    section, bids = opened
    section.tender.state_funded = True
    section.tender.save(update_fields=["state_funded"])
    clock_at(at(2026, 3, 25, 10))
    evaluation_report_accept(actor=None, section=section, report=report(bids, "bidder2", "bidder1"))
    clock_at(at(2026, 3, 31, 0, 1))
    due_sections()
    section.refresh_from_db()
    assert section.status == "award_pending"
    with pytest.raises(InvalidInput) as exc:
        award_decide(actor=parties["buyer"], section=section, bid=bids["bidder1"])
    assert exc.value.code == "rank_one_required" and cite("条例55") in exc.value.message
    section.refresh_from_db()
    assert section.status == "award_pending" and not hasattr(section, "award")
    with pytest.raises(InvalidInput):
        award_decide(actor=parties["buyer"], section=section, bid=bids["bidder1"], reason="whim")
    award_decide(actor=parties["buyer"], section=section, bid=bids["bidder1"], reason="first_declined")
    audit = AuditRecord.objects.get(action="section.awarded")
    assert audit.payload["exception"] == "first_declined" and audit.payload["rank"] == 2
    assert "放弃中标" in Notice.objects.get(kind="award").body


@pytest.mark.legal_rule("条例55")
def test_rank_one_rule_does_not_bind_a_tender_that_is_not_state_funded(opened, parties, clock_at):  # noqa: F811
    """条例55 applies only to state-funded tenders: another tender may award rank 2 without a reason."""
    section, bids = opened
    clock_at(at(2026, 3, 25, 10))
    evaluation_report_accept(actor=None, section=section, report=report(bids, "bidder2", "bidder1"))
    clock_at(at(2026, 3, 31, 0, 1))
    due_sections()
    section.refresh_from_db()
    award_decide(actor=parties["buyer"], section=section, bid=bids["bidder1"])
    assert AuditRecord.objects.get(action="section.awarded").payload["rank"] == 2


@pytest.mark.legal_rule("条例55")
def test_state_funded_is_set_at_creation_and_the_award_reason_goes_through_the_api(
    opened,
    parties,
    clock_at,
    client_for,  # noqa: F811
):
    """条例55 through the API: ``stateFunded`` is part of the tender (shown back), and the award endpoint takes
    the legal ``reason`` for choosing a candidate other than rank 1 — refused without it, nothing awarded."""
    from ggzy.trading.tendering.api.post_award import AwardIn
    from ggzy.trading.tendering.services.award import RANK_ONE_EXCEPTIONS

    assert set(AwardIn.model_fields["reason"].annotation.__args__) == {"", *RANK_ONE_EXCEPTIONS}
    section, bids = opened
    section.tender.state_funded = True
    section.tender.save(update_fields=["state_funded"])
    buyer = client_for(parties["buyer"])
    assert buyer.get(f"/api/v1/tenders/{section.tender_id}").json()["stateFunded"] is True
    clock_at(at(2026, 3, 25, 10))
    evaluation_report_accept(actor=None, section=section, report=report(bids, "bidder2", "bidder1"))
    clock_at(at(2026, 3, 31, 0, 1))
    due_sections()
    url = f"/api/v1/sections/{section.pk}/award"
    refused = buyer.post(url, {"bidId": bids["bidder1"].pk}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["code"] == "rank_one_required"
    section.refresh_from_db()
    assert not hasattr(section, "award")
    done = buyer.post(
        url, {"bidId": bids["bidder1"].pk, "reason": "first_declined"}, content_type="application/json"
    )
    assert done.status_code in (200, 201), done.content
    assert AuditRecord.objects.get(action="section.awarded").payload["exception"] == "first_declined"


@pytest.mark.legal_rule("条例55")
def test_state_funded_flag_is_taken_from_the_create_input(parties, clock_at):
    """The create service stores the 条例55 flag given by the buyer or agency."""
    clock_at(START)
    data = tender_input(parties["buyer"].entity.uscc)
    data.state_funded = True
    assert tender_create(actor=parties["buyer"], data=data).state_funded is True
