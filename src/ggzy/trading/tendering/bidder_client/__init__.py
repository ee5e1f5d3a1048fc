"""The bidder's own tools for sealed bids (sealed-bids spec §1–§5); they run on the bidder's machine.

- ``sealing``: key generation, the key file, sealing a bid, unwrapping the CEK at the opening.
- ``http_client``: the HTTP side of ``ggzy bidder`` (standard library only), receipts checked.

They sit next to tendering, not in core: core keeps the platform side of the envelope
(``ggzy.core.crypto``), which these build on. The browser twin is ``static/ggzy/bidder/``
(``crypto.js``, ``bidder.js``); it reads and writes the same key file. See docs/sealed-bids-crypto.md.
"""
