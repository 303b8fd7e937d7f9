"""kg.lexicon: reading the rule data, and the trie-shaped word alternation the rules compile to."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.lexicon
from kg.lexicon import literal_alternation, word_list, word_map

WORDS = st.lists(st.text(alphabet="北京市海上天津", min_size=1, max_size=4), max_size=12)
TEXT = st.text(alphabet="北京市海上天津x", max_size=40)


def flat(words: list[str]) -> str:
    """The alternation the rules used before: every word, longest first."""
    return "(?:" + "|".join(map(re.escape, sorted(set(words), key=len, reverse=True))) + ")" if words else "(?!)"


@settings(max_examples=400, deadline=None)
@given(WORDS, TEXT)
def test_trie_alternation_matches_what_the_longest_first_alternation_matches(words: list[str], text: str) -> None:
    # Alone, repeated (merge_adjacent), before a negative lookahead (not_before) and before more pattern that
    # makes the engine backtrack into shorter words: same spans every time.
    for shape in ("{}", "{}+", "{}(?!市)", "(?P<w>{})海", "{}{{2}}x", "x{}?海"):
        want = [m.span() for m in re.finditer(shape.format(flat(words)), text)]
        got = [m.span() for m in re.finditer(shape.format(literal_alternation(words)), text)]
        assert got == want, (shape, words, text)


def test_trie_alternation_of_the_place_gazetteer_finds_the_same_places() -> None:
    places = list(word_map("places"))
    text = "江苏泰州和北京市、上海浦东新区以及中国香港特别行政区、内蒙古自治区呼和浩特市的合作"
    want = [m.span() for m in re.finditer(flat(places) + "+", text)]
    got = [m.span() for m in re.finditer(literal_alternation(places) + "+", text)]
    assert got == want and len(got) >= 3


def test_word_lists_load() -> None:
    assert "委员会" in word_list("org_suffixes")


def test_doctests() -> None:
    failures, tried = doctest.testmod(kg.lexicon)
    assert failures == 0 and tried > 0


def test_a_character_table_key_on_two_lines_keeps_the_characters_of_both(tmp_path: Path) -> None:
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "heads.txt").write_text("# comment\n厂\t长家\n计划\t生\n厂\t用房\n", encoding="utf-8")
    assert kg.lexicon.char_table("heads", tmp_path) == {"厂": "长家用房", "计划": "生"}


def test_a_fragment_is_named_once_and_expanded_wherever_a_pattern_names_it() -> None:
    shared = kg.lexicon.fragments([{"id": "fragment.a", "fragment": "a", "pattern": "(?<!采用)"},
                                   {"id": "rel.x", "relation": "leads", "pattern": "{@a}x{@a}"}])
    assert shared == {"a": "(?<!采用)"}
    assert kg.lexicon.expand_fragments("{@a}x{@a}", shared) == "(?<!采用)x(?<!采用)"
    with pytest.raises(re.error, match="no fragment named 'b'"):
        kg.lexicon.expand_fragments("{@b}", shared)


def test_the_shipped_entity_rules_use_their_fragments_in_exclusions() -> None:
    from kg.entities import EntityRuleMatcher

    matcher = EntityRuleMatcher()
    compiled = {rule["id"]: rule for rule in matcher._compiled}
    assert "fragment.not_a_named_work" not in compiled  # a fragment is no rule
    for rule_id in ("project.built_work", "project.work_subject"):
        assert compiled[rule_id]["exclude_regex"] == "{@not_a_named_work}"
        assert compiled[rule_id]["exclude"].match("加氢站")  # a kind of station, no name
        assert not compiled[rule_id]["exclude"].match("罗斯海新站")
