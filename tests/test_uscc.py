"""统一社会信用代码 check character (GB 32100-2015)."""

from accounting.uscc import check_character, is_valid


def test_published_example_is_valid() -> None:
    # 91350100M000100Y43: the example code widely quoted with GB 32100-2015
    assert is_valid("91350100M000100Y43")
    assert check_character("91350100M000100Y4") == "3"


def test_by_hand() -> None:
    # 17 zeros weigh nothing: Σ = 0, C18 = (31 − 0) mod 31 = 0
    assert check_character("0" * 17) == "0"
    # "1" then zeros: Σ = 1 × 1 = 1, C18 = 31 − 1 = 30 → CHARSET[30] = "Y"
    assert check_character("1" + "0" * 16) == "Y"


def test_invalid_codes() -> None:
    assert not is_valid("91350100M000100Y44")  # wrong check character
    assert not is_valid("91350100M000100Y4")  # 17 characters
    assert not is_valid("91350100I000100Y43")  # I is not in the charset


def test_agrees_with_python_stdnum_on_every_sample_and_ten_thousand_codes() -> None:
    """python-stdnum's cn.uscc, written independently, as the oracle: the same check character for the
    bundled samples' codes and for 10 000 seeded random bodies (digits first, as stdnum requires)."""
    import random

    from stdnum.cn import uscc as stdnum_uscc

    from accounting import SAMPLES
    from accounting.samples import SAMPLES as builders

    bodies = [builders[name]()["info"]["uscc"][:17] for name in SAMPLES]
    rng = random.Random(32100)
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    bodies += ["".join(rng.choice("0123456789") for _ in range(8)) + "".join(rng.choice(charset) for _ in range(9))
               for _ in range(10_000)]  # fmt: skip
    assert [check_character(b) for b in bodies] == [stdnum_uscc.calc_check_digit(b) for b in bodies]
