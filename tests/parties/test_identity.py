"""CRD-1 / SEC-5: check characters of resident IDs (GB 11643) and credit codes (GB 32100)."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.identity import (USCC_CHARSET, is_valid_resident_id, is_valid_uscc, mask_id_number,
                               mask_phone, resident_id_check_char, uscc_check_char)

VALID_IDS = ["110101199003074477", "11010519491231002X", "11010519491231002x"]
VALID_USCC = ["91350100M000100Y43", "91120000MA0000013X"[:17] + uscc_check_char("91120000MA0000013")]


@pytest.mark.parametrize("value", VALID_IDS)
def test_valid_resident_ids(value):
    assert is_valid_resident_id(value)


@pytest.mark.parametrize("value", [
    "110101199003074478",  # wrong check digit
    "110105194912310021",  # wrong check digit (should be X)
    "110101199002304471",  # 30 February
    "11010119900307447",  # 17 characters
    "1101011990030744771",  # 19 characters
    "11010119900307447Y",  # bad last character
    "1101011990O3074477",  # letter O inside
    "110101209901014476",  # born in the future (2099)
    "",
    None,
])
def test_invalid_resident_ids(value):
    assert not is_valid_resident_id(value)


@pytest.mark.parametrize("value", VALID_USCC)
def test_valid_credit_codes(value):
    assert is_valid_uscc(value)


@pytest.mark.parametrize("value", [
    "91350100M000100Y44",  # wrong check character
    "91350100M000I00Y43",  # I is not in the character set
    "91350100M000O00Y43",  # nor O
    "9135O100M000100Y4S",  # nor S
    "91350100M000100Y4",   # 17 characters
    "",
])
def test_invalid_credit_codes(value):
    assert not is_valid_uscc(value)


def test_masking():
    assert mask_id_number("110101199003074477") == "110101********4477"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("") == "" and mask_phone("") == ""


birth_dates = st.dates(date(1900, 1, 1), date(2020, 12, 31))


@given(st.sampled_from(["110101", "120101", "320102"]), birth_dates, st.integers(0, 999))
def test_every_generated_id_is_valid_and_one_changed_digit_is_caught(region, born, seq):
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    value = first17 + resident_id_check_char(first17)
    assert is_valid_resident_id(value)
    assert is_valid_resident_id(value.lower())
    for position in range(17):
        digit = int(value[position])
        changed = value[:position] + str((digit + 1) % 10) + value[position + 1:]
        # The weights are all non-zero mod 11, so any single changed digit changes the check.
        assert resident_id_check_char(changed[:17]) != value[17]
    assert mask_id_number(value) == value[:6] + "********" + value[-4:]


@given(st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17), st.data())
def test_generated_credit_codes_and_single_substitutions(first17, data):
    value = first17 + uscc_check_char(first17)
    assert is_valid_uscc(value)
    position = data.draw(st.integers(0, 16))
    replacement = data.draw(st.sampled_from([c for c in USCC_CHARSET if c != value[position]]))
    # Weights 3^i mod 31 are non-zero, so one substituted character is always caught.
    assert not is_valid_uscc(value[:position] + replacement + value[position + 1:])


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_phone_mask_keeps_only_first_three_and_last_four(phone):
    masked = mask_phone(phone)
    assert masked[:3] == phone[:3] and masked[-4:] == phone[-4:] and masked[3:7] == "****"


def test_birth_date_today_is_fine_tomorrow_is_not(frozen_clock):
    today = frozen_clock.today()
    for day, ok in ((today, True), (today + timedelta(days=1), False)):
        first17 = f"120101{day:%Y%m%d}001"
        assert is_valid_resident_id(first17 + resident_id_check_char(first17)) is ok
