"""Sealed bids (sealed-bids spec §3–§4) and objections at the opening (条例44).

Before the opening the platform holds only ciphertext: the JWE envelope bytes as received, the signed
manifest (digests, no content), the supervision fingerprint and the receipt. The content key exists
on the platform only after the bidder sends it during the opening window (``BidContent``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..states import BidStatus
from .tender import MONEY

ACTIVE_BID_STATUSES = [BidStatus.SUBMITTED, BidStatus.DECRYPTED, BidStatus.REVOKED, BidStatus.WITHDRAWN]


class Bid(models.Model):
    section = models.ForeignKey("tendering.Section", on_delete=models.PROTECT, related_name="bids")
    bidder = models.ForeignKey("parties.Entity", on_delete=models.PROTECT, related_name="bids")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=BidStatus.choices, default=BidStatus.SUBMITTED)
    envelope_sha256 = models.CharField(max_length=64)
    envelope_size = models.PositiveBigIntegerField()
    manifest = models.TextField("签名清单（JWS）")
    manifest_payload = models.JSONField("清单内容（摘要）")
    enc_kid = models.CharField(max_length=128)
    sig_kid = models.CharField(max_length=128)
    fingerprint = models.JSONField("提交指纹（仅监管可见）", default=dict)
    receipt = models.TextField("回执（平台 JWS）")
    received_at = models.DateTimeField("接收时间（服务器）")
    retracted_at = models.DateTimeField(null=True, blank=True)
    # Once retracted, the envelope leaves the database for a file under MEDIA_ROOT (envelope_store.py); it is
    # deleted after the record-keeping period. ``envelope_sha256`` and the receipt stay in this row for good.
    envelope_file = models.CharField("已撤回信封文件（MEDIA_ROOT 内）", max_length=300, blank=True)
    envelope_purged_at = models.DateTimeField("已撤回信封删除时间", null=True, blank=True)
    key_received_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    failure_code = models.CharField(max_length=40, blank=True)
    price_amount = models.DecimalField("投标报价", null=True, blank=True, **MONEY)
    price_currency = models.CharField(max_length=3, blank=True)
    declared = models.JSONField("开标唱标内容", default=dict)
    files = models.JSONField("文件清单", default=list)

    class Meta:
        verbose_name = "投标文件"
        verbose_name_plural = "投标文件"
        constraints = [
            models.UniqueConstraint(
                fields=["section", "bidder"],
                condition=models.Q(status__in=ACTIVE_BID_STATUSES),
                name="one_active_bid_per_bidder",
            ),
        ]
        indexes = [models.Index(fields=["section", "status"])]


class BidEnvelope(models.Model):
    """The JWE envelope exactly as received (UTF-8 JSON text; ``Bid.envelope_sha256`` is over its bytes).

    A table of its own so that status updates of the bid never rewrite megabytes (SQLite rewrites a
    whole row on any UPDATE). Text rather than bytea: PostgreSQL then takes it without hex-escaping
    twice the size (measured: the insert was most of the upload time)."""

    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, primary_key=True, related_name="envelope_row")
    text = models.TextField("密文信封（JWE，原样）")


def envelope_text(bid: Bid) -> str:
    return BidEnvelope.objects.values_list("text", flat=True).get(bid_id=bid.pk)


class BidContent(models.Model):
    """Written at the opening once the bidder's key checked out: the content key (CEK) itself, now no
    longer secret, so the opened bid can be decrypted again from the stored envelope whenever the
    evaluation needs its files — without keeping a second, plaintext copy of megabytes.
    ``services.opening.bid_plaintext`` does it (and re-checks the signed plaintext digest)."""

    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="content")
    cek = models.BinaryField("内容密钥（开标后）", default=bytes)
    plaintext_sha256 = models.CharField(max_length=64)


class OpeningObjection(models.Model):
    """开标异议: raised at the opening and answered on the spot, both recorded (条例44)."""

    section = models.ForeignKey(
        "tendering.Section", on_delete=models.PROTECT, related_name="opening_objections"
    )
    entity = models.ForeignKey("parties.Entity", on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("异议内容")
    raised_at = models.DateTimeField()
    answer = models.TextField("答复", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "开标异议"
        verbose_name_plural = "开标异议"
        ordering = ["id"]
