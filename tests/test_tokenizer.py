"""kg's linear-time character tokenizer makes exactly spaCy's Chinese ``char`` tokens."""

from __future__ import annotations

import doctest
import random

import spacy

import kg.tokenizer
from kg.tokenizer import CharTokenizer, char_words_and_spaces


def test_doctests() -> None:
    failures, tried = doctest.testmod(kg.tokenizer)
    assert tried >= 2 and failures == 0


def test_same_tokens_as_spacys_char_segmenter() -> None:
    nlp = spacy.blank("zh")  # spaCy's own char segmenter, the reference
    ours = CharTokenizer(nlp.vocab)
    rng = random.Random(0)
    alphabet = [*"中国科学院 \n\t\u3000ab1", "\r\n", "  "]
    texts = ["", " ", "国网电动汽车公司投资建设", "2021 年  中国科学院\n\n 发布", " 开头", "结尾 ", "a  b\n\n"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 15))) for _ in range(500)]
    for text in texts:
        expected = [(t.text, t.whitespace_) for t in nlp(text)]
        doc = ours(text)
        assert [(t.text, t.whitespace_) for t in doc] == expected, repr(text)
        assert doc.text == text
        assert doc.user_data["kg_text"] == text  # kept for the components, which would otherwise re-join tokens


def test_a_long_line_is_one_token_per_character() -> None:
    text = "国家能源局发布了新的规划，" * 20_000  # 260,000 characters on one line
    words, spaces = char_words_and_spaces(text)
    assert words == list(text) and not any(spaces)


def test_characters_go_in_by_id_and_stay_valid_across_a_memory_zone() -> None:
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    reference = spacy.blank("zh")
    text = "国家能源局  发布了新的规划，\n科技部表示支持。"
    with nlp.memory_zone():
        first = [(t.text, t.whitespace_, t.is_punct) for t in nlp(text)]
    # the lexemes made inside the zone are gone; the characters' ids must still lead to their strings
    with nlp.memory_zone():
        again = [(t.text, t.whitespace_, t.is_punct) for t in nlp(text + "新词")]
    assert first == [(t.text, t.whitespace_, t.is_punct) for t in reference(text)]
    assert again == [(t.text, t.whitespace_, t.is_punct) for t in reference(text + "新词")]
    assert nlp.tokenizer._orth_of["国"] == nlp.vocab.strings["国"]
