"""Cryptography for sealed bids (sealed-bids spec §1–§4): JOSE envelopes, manifests, receipts, keys.

- ``envelope``: platform side — checks a submission without being able to read it; opens it with the
  bidder's CEK at the opening.
- ``platform_keys``: the platform's own ES256 key (receipts, notices) and its public JWKS.
The bidder's own tools (key generation, key file, sealing, CEK unwrapping, ``ggzy bidder``) build on these
and live next to tendering: ``ggzy.trading.tendering.bidder_client``.
See docs/sealed-bids-crypto.md.
"""
