"""GB 32100-2015 (USCC) and GB 11643 (citizen ID) check characters, against real published codes."""

import datetime as dt

import pytest

from ggzy.core.codes import (
    id_check_digit,
    is_valid_id_number,
    is_valid_uscc,
    make_uscc,
    uscc_check_char,
    validate_id_number,
    validate_uscc,
)
from ggzy.core.exceptions import InvalidInput

TODAY = dt.date(2026, 11, 28)

# Real, published 统一社会信用代码.
REAL_USCCS = [
    "91350100M000100Y43",  # the example code printed in GB 32100-2015 explanations
    "9144030071526726XG",  # 腾讯科技（深圳）有限公司
    "914403001922038216",  # 华为技术有限公司
    "91330100799655058B",  # 阿里巴巴（中国）有限公司
]


def test_uscc_check_char_by_hand():
    # 9 1 3 5 0 1 0 0 M(21) 0 0 0 1 0 0 Y(30) 4, weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
    # 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31-28 = 3 -> "3".
    assert uscc_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize("code", REAL_USCCS)
def test_real_usccs_are_valid(code):
    assert validate_uscc(code) == code
    assert validate_uscc(" " + code.lower() + " ") == code
    assert make_uscc(code[:17]) == code
    assert is_valid_uscc(code)


@pytest.mark.parametrize(
    "bad",
    [
        "91350100M000100Y44",  # wrong check char
        "91350100M000100Y4",  # 17 chars
        "91350100M000100Y433",  # 19 chars
        "91350100I000100Y43",  # I is not in the alphabet
        "9135010OM000100Y43",  # O is not in the alphabet
        "",
        None,
        1234,
    ],
)
def test_invalid_usccs(bad):
    with pytest.raises(InvalidInput) as exc:
        validate_uscc(bad)
    assert exc.value.code == "invalid_uscc"
    assert exc.value.status == 422
    assert "统一社会信用代码" in exc.value.message
    assert not is_valid_uscc(bad)


def test_uscc_single_char_changes_are_caught():
    code = REAL_USCCS[0]
    for i in range(17):
        for ch in "0A":
            if code[i] == ch:
                continue
            mutated = code[:i] + ch + code[i + 1 :]
            assert not is_valid_uscc(mutated), mutated


def test_id_check_digit_by_hand():
    # 11010519491231002X (GB 11643 example): digits 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2,
    # weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
    # 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2; "10X98765432"[2] = "X".
    assert id_check_digit("11010519491231002") == "X"
    assert id_check_digit("44052418800101001") == "4"


@pytest.mark.parametrize("code", ["11010519491231002X", "440524188001010014", "110101199003074477"])
def test_real_id_numbers_are_valid(code):
    assert validate_id_number(code, today=TODAY) == code


def test_id_lowercase_x_normalised():
    assert validate_id_number("11010519491231002x", today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize(
    "bad",
    [
        "110105194912310021",  # wrong check digit
        "11010519491231002",  # 17 chars
        "1101051949123100XX",  # X not only last
        "110105194913310025",  # month 13
        "110105194902300029",  # 30 February
        "110105203001010010",  # born in the future
        "110105179912310012",  # before 1800
        "010105194912310020",  # address code starts with 0
        None,
    ],
)
def test_invalid_id_numbers(bad):
    with pytest.raises(InvalidInput) as exc:
        validate_id_number(bad, today=TODAY)
    assert exc.value.code == "invalid_id_number"
    assert "身份证" in exc.value.message


@pytest.mark.django_db
def test_id_number_default_today_uses_platform_clock():
    assert is_valid_id_number("11010519491231002X")
    assert not is_valid_id_number("110105194912310021")
