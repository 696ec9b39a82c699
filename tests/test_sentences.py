from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zoo_desktop.summarize.sentences import Sentence, sentence_texts, split_sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        ("今天下雨了。我没带伞！怎么办？", ["今天下雨了。", "我没带伞！", "怎么办？"]),
        ("第一句；第二句", ["第一句；", "第二句"]),
        # closing quotes and brackets stay with the sentence they close
        ("他说：“今天下雨了。”然后走了。", ["他说：“今天下雨了。”", "然后走了。"]),
        ("「真的嗎？」她問。『是的！』", ["「真的嗎？」", "她問。", "『是的！』"]),
        ("（见图1。）后文", ["（见图1。）", "后文"]),
        ("他想了想……没说话。", ["他想了想……", "没说话。"]),
        ("真的吗？！我不信…你呢", ["真的吗？！", "我不信…", "你呢"]),
        ("Really!? Yes. No?!", ["Really!?", "Yes.", "No?!"]),
        ('He said "hi." Then left.', ['He said "hi."', "Then left."]),
        # an ASCII quote after a full stop opens the next sentence when nothing is open
        ('说完了。"你好"他又说。', ["说完了。", '"你好"他又说。']),
        # newlines end sentences; blank lines and surrounding spaces are not part of any
        ("第一行\n第二行\r\n\n  第三行  ", ["第一行", "第二行", "第三行"]),
        # half-width punctuation in Chinese text (CSL abstracts)
        ("结果表明,方法有效;并且可行.最后", ["结果表明,方法有效;", "并且可行.", "最后"]),
        # ... but not inside numbers or list markers
        ("差异有统计学意义(P<0.05).结论 有效.", ["差异有统计学意义(P<0.05).", "结论 有效."]),
        ("1. 引言\n增长了2.5倍。", ["1. 引言", "增长了2.5倍。"]),
        ("版本号v1.2.3很重要。", ["版本号v1.2.3很重要。"]),
        ("全角句号．下一句", ["全角句号．", "下一句"]),
        ("没有标点的一句话", ["没有标点的一句话"]),
        ("", []),
        ("  \n\n 。 ", ["。"]),
    ],
)
def test_split(text, expected):
    assert sentence_texts(text) == expected


def test_spans_point_into_the_source():
    text = "  标题\n\n他说：“好。”然后走了！  Next one. "
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["标题", "他说：“好。”", "然后走了！", "Next one."]
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert len(s) == len(s.text)
    assert sentences[0] == Sentence("标题", 2, 4)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="中文字句。！？；…!?.;”」）\"'()（“ \n0123abc", max_size=80))
def test_split_covers_every_character_once(text):
    sentences = split_sentences(text)
    pos = 0
    for s in sentences:
        assert s.text and not s.text[0].isspace() and not s.text[-1].isspace()
        assert text[s.start : s.end] == s.text
        assert s.start >= pos
        assert text[pos : s.start].strip() == ""  # only white space between sentences
        pos = s.end
    assert text[pos:].strip() == ""
