from __future__ import annotations

from conftest import SEED_FILE

from kg.clean import clean


def test_spaces_between_chinese_and_digits_go() -> None:
    assert clean("2021 年 1 月 28 日，生态环境部举行发布会。").text == "2021年1月28日，生态环境部举行发布会。"


def test_latin_words_keep_one_space() -> None:
    assert clean("采用 Baidu LAC 模型").text == "采用Baidu LAC模型"


def test_hard_wrapped_lines_join_and_paragraphs_stay() -> None:
    raw = ("由国网电动汽车公司投资、国网智慧能源交通技术创新\n\n中心负责研发的国内首艘纯电池动力集装箱船在江苏泰州开\n\n"
           "工建造。 \n\n实现“碳达峰”、“碳中和”目标，交通工具电动化是核心领域。")
    ct = clean(raw)
    assert "国网智慧能源交通技术创新中心负责研发" in ct.text
    assert ct.text.count("\n") == 1  # the paragraph break after 建造。 survives
    start = ct.text.index("国网智慧能源交通技术创新中心")
    s, e = ct.raw_span(start, start + len("国网智慧能源交通技术创新中心"))
    assert raw[s:e] == "国网智慧能源交通技术创新\n\n中心"


def test_page_numbers_headers_and_urls_are_dropped() -> None:
    header = "社会发展科技动态"
    lines = []
    for page in range(1, 4):
        lines += [header, f"第{page}段正文讲述了科技部支持的项目。", str(page)]
    raw = "\n".join(lines) + "\n详见 https://www.most.gov.cn/xxgk/index.html 。"
    text = clean(raw).text
    assert header not in text and "https" not in text and "most.gov.cn" not in text
    assert "\n1\n" not in text and "第3段正文" in text


def test_offsets_round_trip_on_the_seed() -> None:
    raw = SEED_FILE.read_text(encoding="utf-8")
    ct = clean(raw)
    assert len(ct.offsets) == len(ct.text)
    assert all(raw[o] == ch for o, ch in zip(ct.offsets, ct.text, strict=True) if not ch.isspace())
    assert ct.offsets == sorted(ct.offsets)
    assert "2021年全国自然资源工作会议以视频形式召开" in ct.text


def test_a_marked_byline_keeps_the_spaces_between_its_names_and_its_own_line() -> None:
    raw = "多位院士专家为此建言献策。\n■庞忠和 汪集暘 \n“十三五”期间，国家出台了首份规划。\n■ 刘中民\n煤化工 技术进入快速突破期。"
    text = clean(raw).text
    assert "\n■庞忠和 汪集暘\n" in text  # one space parts the two names; the line is not joined to the next
    assert "■刘中民\n煤化工技术" in text  # a space after the mark and in the body text still goes


def test_a_document_title_line_is_never_joined_to_the_next_line() -> None:
    raw = "工业和信息化部办公厅关于开展2021年工业互联网试点示范项目推荐工作的通知\n国务院办公厅指出，要加快转化，提高效率。"
    assert clean(raw).text.split("\n")[0].endswith("推荐工作的通知")
    wrapped = "长江口南槽航道治理一期工程整体通过交工验收，标志着长江口\n航道通航能力进一步提升。"
    assert "\n" not in clean(wrapped).text  # an ordinary wrapped line still joins


def test_a_numbered_item_starts_a_paragraph_and_a_tasks_units_end_one() -> None:
    raw = ("（一）建设太湖湾科技创新带。推动南京、苏州、无锡、常州等地协同建设太湖湾科技创新带，打造沿沪宁产业创新带。（责任单位：省科技厅）\n\n"
           "（二）实施“产业强链”三年行动计划。聚焦集成电路、生物医药等16个先进制造业集群，组织实施一批关键核心技术攻关\n\n"
           "项目。\n\n二、保障措施")
    lines = clean(raw).text.split("\n")
    assert lines[0].endswith("（责任单位：省科技厅）")
    assert lines[1].startswith("（二）") and lines[1].endswith("攻关项目。")  # the wrap inside the item still joins
    assert lines[2] == "二、保障措施"


def test_a_headline_shorter_than_the_one_line_below_it_is_no_wrap() -> None:
    raw = "国家第三代半导体技术创新中心落户苏州\n\n国家第三代半导体技术创新中心（苏州）近日在苏州工业园区揭牌。"
    assert clean(raw).text == "国家第三代半导体技术创新中心落户苏州\n国家第三代半导体技术创新中心（苏州）近日在苏州工业园区揭牌。"
    wrapped = "国家第三代半导体技术创新中心（苏州）近日在苏州\n\n工业园区揭牌。"
    assert clean(wrapped).text == "国家第三代半导体技术创新中心（苏州）近日在苏州工业园区揭牌。"  # two lines of one sentence join


def test_a_full_line_ending_in_a_digit_and_the_layers_space_is_wrapped() -> None:
    raw = ("国家能源局联合印发《氢能产业发展中长期规划（2021-2035 \n\n年）》，明确了氢能在我国能源转型中的定位、\n\n"
           "总体要求和发展目标。这是我国首个氢能产业的中长期规划。 \n\n第二段。")
    ct = clean(raw)
    assert "《氢能产业发展中长期规划（2021-2035年）》" in ct.text
    assert ct.text.endswith("中长期规划。\n第二段。")  # a short line ending in a space still ends its paragraph
