"""Cryptography for sealed bids (sealed-bids spec §1–§4): JOSE envelopes, manifests, receipts, keys.

- ``envelope``: platform side — checks a submission without being able to read it; opens it with the
  bidder's CEK at the opening.
- ``platform_keys``: the platform's own ES256 key (receipts, notices) and its public JWKS.
- ``bidder_side``: what the bidder's tools do (key generation, key file, sealing, CEK unwrapping); used by
  ``ggzy bidder`` and the tests. The browser twin is ``static/ggzy/bidder/bidder.js``.
See docs/sealed-bids-crypto.md.
"""
