"""The one table of vocabulary words: every value of every labelled enum, in both languages."""

import enum
import re

import pytest

from llm_roadmap import vocabulary
from llm_roadmap.model import Emphasis, Kind, Lang, Role

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

MEMBERS = [member for enum_type in vocabulary.VOCABULARIES for member in enum_type]


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: f"{type(m).__name__}.{m.name}")
def test_every_value_has_a_chinese_and_an_english_label(member: enum.Enum) -> None:
    zh, en = vocabulary.label(member, Lang.ZH), vocabulary.label(member, "en")
    assert zh.strip() and en.strip()
    assert CJK.search(zh), zh
    assert not CJK.search(en), en


def test_labels_of_a_vocabulary_are_keyed_by_value() -> None:
    assert vocabulary.labels(Kind, "zh")["paper"] == "论文"
    assert set(vocabulary.labels(Role, Lang.EN)) == {r.value for r in Role}
    # The word the CLI once spelt 多选一 and the exports 任选其一: one word now.
    assert vocabulary.label(Role.ALTERNATIVE, "zh") == "任选其一"


def test_advice_is_a_sentence_for_every_emphasis_but_the_standard_one() -> None:
    for emphasis in Emphasis:
        zh, en = vocabulary.advice(emphasis, "zh"), vocabulary.advice(emphasis, "en")
        if emphasis is Emphasis.STANDARD:
            assert zh == en == ""
        else:
            assert CJK.search(zh) and not CJK.search(en)
            assert en.endswith(".")


def test_a_value_outside_the_vocabularies_is_a_key_error() -> None:
    class Colour(enum.Enum):
        RED = "red"

    with pytest.raises(KeyError):
        vocabulary.label(Colour.RED, "en")
