"""The refusal of an unencrypted bid cites 20号令26 in the registry's one citation format."""

from __future__ import annotations

import pytest

from ggzy.core.exceptions import InvalidInput
from ggzy.core.legal_rules import cite

from .test_submission import verify


@pytest.mark.legal_rule("20号令26")
def test_unencrypted_bid_refusal_cites_the_registry(bidder_keys, sealed):
    """20号令26: an unencrypted bid file is refused; the message cites 电子招标投标办法第二十六条 (not 20号令第26条)."""
    with pytest.raises(InvalidInput) as caught:
        verify({**sealed, "envelope": "%PDF-1.7 ..."}, bidder_keys)
    assert caught.value.code == "envelope_not_encrypted"
    assert caught.value.message == f"投标文件未加密：只接受加密后的 JWE 信封（{cite('20号令26')}）"
    assert cite("20号令26") == "电子招标投标办法第二十六条"
