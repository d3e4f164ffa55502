"""English for the Chinese words tanhe itself writes: ``english("天然气 低位发热量")`` -> "natural gas net
calorific value".

A factor's name, a process line's formula, a trace note and the value of a message are put together
by the calculation in Chinese (they are part of the result JSON, and the Chinese reports print
them). An English report or message passes them through :func:`english`, which knows the
vocabularies (fuels with the English names of the fuel sets, products, processes, parameters,
carbonates, energy types, provinces, method titles, read through the project's own readers;
limits' reasons) and the words of ``glossary.toml``.

A text is translated only when every run of Chinese characters in it is a known term or splits
exactly into known terms; anything else is a name somebody wrote (a source 造气炉, a product of
their own) or a Chinese sentence, and stays as written, whole: never half in English. Reading the vocabularies
costs a few milliseconds, once per process.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from accounting import schema

HERE = Path(__file__).parent
RUN = re.compile(r"[\u4e00-\u9fff]+")
PUNCTUATION = str.maketrans(
    {"（": " (", "）": ")", "、": ", ", "：": ": ", "，": ", ", "；": "; ", "「": "'", "」": "'", "？": "?", "。": ". "}
)
QUOTED = re.compile(r"「([^「」]*)」")
HELD = re.compile("\x00(\\d+)\x00")
LONGEST = 40  # characters of the longest term looked for in a run


def english(text: str) -> str:
    """``text`` with the Chinese words tanhe writes put into English (names left as written)."""
    if not text or text.isascii():
        return text
    original = text
    phrases, terms, _ = _glossary()
    if text in terms:  # a name of the vocabularies, whole (CO2回收利用, 蒸汽(低压) …)
        return terms[text]
    if " / " in text:  # a user's name joined to a vocabulary's (回转窑 / 烟煤): each part on its own
        return " / ".join(english(part) for part in text.split(" / "))
    for zh, en in phrases:
        if zh in text:
            text = text.replace(zh, en)
    for pattern, en in _patterns():
        text = pattern.sub(en, text)
    quoted: list[str] = []  # 「…」 holds a name: in English where it is one of the vocabularies', else as written

    def hold(match: re.Match[str]) -> str:
        inner = match.group(1)
        quoted.append(terms.get(inner) or inner)  # a name of the vocabularies, or as written (万千瓦时)
        return f" \x00{len(quoted) - 1}\x00 "

    text = QUOTED.sub(hold, text)
    translated = RUN.sub(lambda m: _padded(m, terms), text)
    if RUN.search(translated):  # a name, or a sentence: as written, whole (never half in English)
        return original
    translated = HELD.sub(lambda m: f"'{quoted[int(m.group(1))]}'", _tidy(translated.translate(PUNCTUATION)))
    # a leading space is kept where the text opens with a parenthesis (a message puts it after a word)
    return translated if original.startswith("（") else translated.lstrip()


def english_whole(text: str) -> str:
    """``text`` in English only if all of it is one known name or phrase (脱硫 -> desulphurisation); a
    user's cell quoted in a message is otherwise shown as typed."""
    _, terms, phrases = _glossary()
    return terms.get(text) or phrases.get(text) or text


def _padded(match: re.Match[str], terms: dict[str, str]) -> str:
    """The run's English, with a space where it meets a word or number of the text."""
    words = _words(match.group(), terms)
    if words is None:
        return match.group()
    text, start, end = match.string, match.start(), match.end()
    left = " " if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ")%") else ""
    right = " " if end < len(text) and (text[end].isalnum() or text[end] in "(\x00") else ""
    return left + words + right


def _words(run: str, terms: dict[str, str]) -> str | None:
    """The run in English, if it is a term or splits into known terms (fewest pieces); else None."""
    if run in terms:
        return terms[run]
    n = len(run)
    best: list[list[str] | None] = [[]] + [None] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - LONGEST), end):
            head, word = best[start], terms.get(run[start:end])
            if head is not None and word is not None:
                found = best[end]
                if found is None or len(head) + 1 < len(found):
                    best[end] = [*head, word]
    pieces = best[n]
    return None if pieces is None else " ".join(w for w in pieces if w)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)  # a leading space stays: it was a parenthesis that opens the text
    if "×" in text:
        text = re.sub(r" ?× ?", " × ", text)
    text = re.sub(r"\( ", "(", text)
    text = re.sub(r" ([),;:?])", r"\1", text)
    return text.replace("()", "").rstrip()


@cache
def _data() -> dict[str, dict[str, str]]:
    return tomllib.loads((HERE / "glossary.toml").read_text(encoding="utf-8"))


@cache
def _glossary() -> tuple[list[tuple[str, str]], dict[str, str], dict[str, str]]:
    """The phrases longest first, the terms, and the phrases again by their Chinese."""
    data = _data()
    terms: dict[str, str] = {}
    for zh, en in _vocabulary():
        terms.setdefault(zh, en)
    terms.update(data["terms"])
    pairs = dict(_titles()) | dict(_limits()) | dict(_sectors()) | data["phrases"]
    # vocabulary names with punctuation inside (硫（铁）铝酸盐水泥熟料) are phrases: runs would split them
    pairs |= {zh: en for zh, en in terms.items() if not RUN.fullmatch(zh) and RUN.search(zh) and not zh.isascii()}
    phrases = sorted(pairs.items(), key=lambda p: -len(p[0]))
    return phrases, terms, pairs


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(zh), en) for zh, en in _data().get("patterns", {}).items()]


def _vocabulary() -> list[tuple[str, str]]:
    """The vocabularies' names (and aliases) with their English: sector items, provinces, energy
    types, fuels."""
    from accounting.vocabulary import Item, provinces, sector_items

    def named(item: Item) -> list[tuple[str, str]]:
        return [(name, item.en) for name in (item.name, *item.aliases) if name] if item.en else []

    pairs: list[tuple[str, str]] = []
    for sector in schema.SECTORS.values():
        vocabulary = sector_items(sector)
        for product in vocabulary.products or ():
            pairs += named(product)
        for process in vocabulary.processes:
            pairs += [(process.name, process.en)] if process.en else []
            # the items the code derives (<name>含碳量) are worded by the glossary's terms instead
            pairs += [pair for item in process.parameters if not item.of for pair in named(item)]
    for p in provinces():
        pairs += [(p.name, p.en), (p.short, p.en)]
    english_types = {key: en for en, key in schema.ENERGY_TYPES_EN.items()}
    pairs += [(zh, english_types[key]) for zh, key in schema.ENERGY_TYPES.items()]
    pairs += _fuels()
    return pairs


def _fuels() -> list[tuple[str, str]]:
    """Fuel names and their English names, from every bundled factor table that has both."""
    from accounting.factors import bundled

    pairs = []
    for fs in bundled().sets.values():
        for table in fs.tables.values():
            if {"fuel", "fuel_en"} <= set(table.columns):
                named = table[["fuel", "fuel_en"]].dropna()
                pairs += [(f, e) for f, e in zip(named.fuel, named.fuel_en, strict=True) if f and e]
    return pairs


def _limits() -> list[tuple[str, str]]:
    """Why a value cannot be physically true, in both languages (limits.toml). Read here, not through
    accounting.calc.limits: that module's issues are worded by this one (an import cycle)."""
    limits = tomllib.loads((HERE / "limits.toml").read_text(encoding="utf-8"))["limits"]
    return [(v["why_zh"], v["why_en"]) for v in limits.values()]


def _sectors() -> list[tuple[str, str]]:
    """The sectors as a choice lists them ('水泥熟料 cement'): in English, the key alone."""
    return [(f"{zh} {en}", en) for zh, en in schema.SECTORS.items()]


def _titles() -> list[tuple[str, str]]:
    """Method titles, Chinese and English (factors/methods.toml)."""
    from accounting.factors import bundled

    return [(m.title, m.title_en) for m in bundled().methods.values() if m.title_en]
