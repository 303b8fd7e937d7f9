"""Rule entities on sentences of our own making (and one from the seed), without the statistical NER."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.entities import _TIME_IN_BODY, Candidate, EntityRuleMatcher, select_spans
from kg.extraction import extract_text

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span


@pytest.fixture(scope="module")
def matcher() -> EntityRuleMatcher:
    return EntityRuleMatcher()


def ents(text: str) -> list[tuple[str, str]]:
    return [(e["text"], e["label"]) for e in extract_text(text, statistical_ner=False)["entities"]]


@pytest.mark.parametrize("text,expected", [
    ("中国科学院沈阳自动化研究所与哈尔滨工业大学签署战略合作协议。",
     [("中国科学院沈阳自动化研究所", "ORG"), ("哈尔滨工业大学", "ORG")]),
    ("工业和信息化部印发《工业互联网创新发展行动计划》。",
     [("工业和信息化部", "ORG"), ("工业互联网创新发展行动计划", "PROJECT")]),  # an action plan, as 行动方案
    ("华为技术有限公司参与研制天宫二号。", [("华为技术有限公司", "ORG"), ("天宫二号", "PROJECT")]),
    ("合肥综合性国家科学中心位于安徽省合肥市。", [("合肥综合性国家科学中心", "ORG"), ("安徽省合肥市", "LOC")]),
    ("由宁德时代新能源科技股份有限公司出资建设的福建霞浦储能电站示范工程正式开工。",
     [("宁德时代新能源科技股份有限公司", "ORG"), ("福建霞浦储能电站示范工程", "PROJECT")]),
])
def test_names_by_shape(text: str, expected: list[tuple[str, str]]) -> None:
    assert ents(text) == expected


def test_left_edge_stops_at_function_words_and_verbs(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("会议要求，由国家发展和改革委员会牵头，联合原国家海洋局开展调查。")
    names = [t for t, label, _ in found if label == "ORG"]
    assert names == ["国家发展和改革委员会", "国家海洋局"]


def test_generic_mentions_are_not_entities() -> None:
    labels = ents("各级人民政府和有关部门要加强协作，县级以上地方人民政府负责组织实施重大项目。")
    assert labels == []


def test_goals_by_shape_with_attributes() -> None:
    rec = extract_text("我国力争2030年前实现碳达峰，坚守18亿亩耕地红线，加快建设交通强国。", statistical_ner=False)
    assert [(e["canonical"], e["label"]) for e in rec["entities"]] == [
        ("2030年前碳达峰", "GOAL"), ("18亿亩耕地红线", "GOAL"), ("交通强国", "GOAL")]
    assert {"goal": "2030年前碳达峰", "target_year": 2030} in rec["goal_attributes"]
    assert {"goal": "18亿亩耕地红线", "quantity": "18亿亩"} in rec["goal_attributes"]


def test_quoted_goal_list_gives_each_goal() -> None:
    assert ents("实现“碳达峰”、“碳中和”目标，交通工具电动化是核心领域。") == [("碳达峰", "GOAL"), ("碳中和", "GOAL")]
    # written together, the two goals are still two (ANNOTATION.md's goals are 碳达峰 and 碳中和)
    assert ents("国资委推动中央企业做好碳达峰碳中和工作。")[-2:] == [("碳达峰", "GOAL"), ("碳中和", "GOAL")]


def test_persons_from_titles() -> None:
    found = ents("科技部副部长李萌表示，要落实创新驱动发展战略。")
    assert ("科技部", "ORG") in found and ("李萌", "PERSON") in found


def test_missions_and_products_by_shape() -> None:
    assert ents("嫦娥五号探测器和复兴号动车组，沪府办〔2016〕100号文件。") == [("嫦娥五号", "PROJECT"), ("复兴号", "PROJECT")]


def test_names_found_once_are_found_everywhere_in_the_document() -> None:
    found = ents("浙江之江实验室主任朱世强介绍。朱世强说，实验室将继续攻关。")
    assert found.count(("朱世强", "PERSON")) == 2


def test_select_spans_prefers_priority_then_length() -> None:
    a = Candidate(0, 5, "ORG", "a", 0.9, 2)
    b = Candidate(0, 8, "ORG", "b", 0.5, 2)
    c = Candidate(6, 10, "GOAL", "c", 0.5, 4)
    assert [x.rule for x in select_spans([a, b, c])] == ["a", "c"]


def test_seed_sentence_of_the_issue() -> None:
    text = ("由国网电动汽车公司投资、国网智慧能源交通技术创新中心负责研发的国内首艘纯电池动力集装箱船在江苏泰州开工建造。"
            "实现“碳达峰”、“碳中和”目标。")
    assert ents(text) == [("国网电动汽车公司", "ORG"), ("国网智慧能源交通技术创新中心", "ORG"),
                          ("国内首艘纯电池动力集装箱船", "PROJECT"), ("江苏泰州", "LOC"), ("碳达峰", "GOAL"),
                          ("碳中和", "GOAL")]


def test_coordinated_names_split_when_a_fresh_name_begins() -> None:
    assert ents("中国石化与中国科学院大连化学物理研究所签订战略合作协议。") == [
        ("中国石化", "ORG"), ("中国科学院大连化学物理研究所", "ORG")]
    assert ents("国家林业和草原局与自然资源部联合发文。") == [("国家林业和草原局", "ORG"), ("自然资源部", "ORG")]


def test_a_quoted_name_before_a_head_stays_whole() -> None:
    found = ents("国家自然科学基金委员会资助的“大气污染成因与控制技术研究”重点专项顺利结题。")
    assert ("“大气污染成因与控制技术研究”重点专项", "PROJECT") in found


def test_places_named_one_after_another_are_one_place() -> None:
    assert ("内蒙古鄂尔多斯市", "LOC") in ents("位于内蒙古鄂尔多斯市的绿氢示范工程正式开工。")


def test_no_person_without_a_right_edge() -> None:
    assert ents("院士成果服务，代表国家水平。") == []


def test_collaboration_through_a_team_mention() -> None:
    rec = extract_text("中国科学技术大学潘建伟团队与中科院上海微系统所合作构建的量子计算原型机“九章”。", statistical_ner=False)
    rels = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert ("中国科学技术大学", "collaborates_with", "中科院上海微系统所") in rels
    assert ("中科院上海微系统所", "participates_in", "九章") in rels
    assert ("中科院上海微系统所", "part_of", "中国科学院") in rels


def test_kinds_of_bodies_are_not_names() -> None:
    found = ents("目前本市国家级企业技术中心已达92家，市级企业技术中心660家，八部委联合发文。")
    assert [t for t, label in found if label == "ORG"] == []


def test_a_breaker_inside_a_known_word_does_not_cut_the_name() -> None:
    found = ents("新疆生产建设兵团自然资源局和国家发展改革委能源研究所参会。")
    assert ("新疆生产建设兵团自然资源局", "ORG") in found and ("国家发展改革委能源研究所", "ORG") in found


class _FakeNER:
    """Stands in for the statistical model: puts fixed entities on the doc, as a trained NER would."""

    def __init__(self, spans: list[tuple[str, str]]) -> None:
        self.spans = spans

    def __call__(self, doc: Doc) -> Doc:
        ents: list[Span] = []
        for text, label in self.spans:
            start = doc.text.index(text)
            span = doc.char_span(start, start + len(text), label=label)
            assert span is not None, text  # the fixed entities fall on token boundaries
            ents.append(span)
        doc.ents = ents
        return doc


def test_statistical_entities_fill_gaps_but_never_cut_rule_names() -> None:
    text = "习近平指出，国家测绘地理信息局党组在江苏泰州召开会议，十九大精神。"
    spans = [("习近平", "PER"), ("国家测绘地理信息局党组", "ORG"), ("江苏", "LOC"), ("泰州", "LOC"),
             ("十九大", "ORG")]
    nlp = _with_fake_ner("test_fake_ner", spans)
    rec = extract_text(text, nlp=nlp)
    found = [(e["text"], e["label"], e["rule"]) for e in rec["entities"]]
    assert ("习近平", "PERSON", "ner.statistical") in found
    assert ("国家测绘地理信息局", "ORG", "org.head") in found
    assert ("江苏泰州", "LOC", "loc.gazetteer") in found
    assert not any(t == "十九大" for t, _, _ in found)


def test_reports_rankings_and_white_papers_are_no_policies() -> None:
    text = "发布《产业技术创新白皮书（2020）》《上海市企业技术中心2020年度创新榜单》和《上海市促进科技成果转化条例》。"
    assert [t for t, label in ents(text) if label == "POLICY"] == ["上海市促进科技成果转化条例"]


def test_model_entities_that_are_kinds_things_or_fragments_are_dropped() -> None:
    text = "市级企业技术中心和自动化码头装卸系统亮相北京APEC，中国环境APP推出沪府办〔2016〕100号文件，东方航空参会。"
    spans = [("市级企业技术中心", "ORG"), ("自动化码头装卸系统", "ORG"), ("北京APEC", "ORG"),
             ("中国环境A", "ORG"), ("沪府办〔2016〕100号", "LOC"), ("东方航空", "ORG")]
    nlp = _with_fake_ner("test_fake_ner_kinds", spans)
    found = [(e["text"], e["rule"]) for e in extract_text(text, nlp=nlp)["entities"] if e["label"] == "ORG"]
    assert found == [("东方航空", "ner.statistical")]


def test_facilities_under_construction_are_projects() -> None:
    assert ("白鹤滩水电站", "PROJECT") in ents("三峡集团累计投资白鹤滩水电站超过1000亿元。")
    assert [t for t, label in ents("大型水电站和核电站都在建设。") if label == "PROJECT"] == []


def test_model_numbers_of_products_and_two_companies_joined_by_yu() -> None:
    found = ents("中国商飞公司研制的C919大型客机完成首飞，比亚迪与丰田汽车公司合资建厂。")
    assert ("C919", "PROJECT") in found and ("丰田汽车公司", "ORG") in found
    assert not any(t.startswith("比亚迪与") for t, _ in found)


def _with_fake_ner(name: str, spans: list[tuple[str, str]]) -> Language:
    from spacy.language import Language

    from kg.pipeline import build_nlp

    fake = _FakeNER(spans)
    if name not in Language.factories:
        Language.factory(name, func=lambda nlp, name: fake)
    nlp = build_nlp(statistical_ner=False)
    nlp.add_pipe(name, first=True)
    return nlp


def _read_with_fake_ner(name: str, spans: list[tuple[str, str]], text: str) -> list[dict[str, Any]]:
    """The entities of ``text`` where a fake statistical NER (registered as ``name``) proposes ``spans``."""
    entities: list[dict[str, Any]] = extract_text(text, nlp=_with_fake_ner(name, spans))["entities"]
    return entities


def names(matcher: EntityRuleMatcher, text: str, label: str) -> list[str]:
    """The rule matcher's names of one label in ``text``, in order."""
    return [t for t, found_label, _ in matcher.find(text) if found_label == label]


def test_a_place_the_model_reads_before_an_organisation_named_alone_elsewhere_is_split_off() -> None:
    text = "该电站依托山西王家岭煤矿建设，投产后可利用王家岭煤矿产生的煤矸石。"
    without_model = [(e["text"], e["label"]) for e in extract_text(text, statistical_ner=False)["entities"]]
    assert ("山西王家岭煤矿", "ORG") in without_model  # the rules alone cannot tell
    nlp = _with_fake_ner("test_fake_ner_place", [("山西", "LOC"), ("王家岭", "LOC")])
    found = [(e["text"], e["label"], e["rule"]) for e in extract_text(text, nlp=nlp)["entities"]]
    assert ("山西", "LOC", "loc.place_qualifier") in found
    assert [t for t, label, _ in found if label == "ORG"] == ["王家岭煤矿", "王家岭煤矿"]


def test_a_place_stays_in_the_name_when_the_model_reads_one_organisation_or_the_name_is_never_alone() -> None:
    text = "湖南华菱钢铁集团与华菱钢铁集团下属企业，山西焦煤集团公司发布公告。"
    nlp = _with_fake_ner("test_fake_ner_place_whole", [("湖南华菱钢铁集团", "ORG"), ("山西", "LOC")])
    found = [(e["text"], e["label"]) for e in extract_text(text, nlp=nlp)["entities"]]
    assert ("湖南华菱钢铁集团", "ORG") in found  # the model reads one name: the place belongs to it
    assert ("山西焦煤集团公司", "ORG") in found  # 焦煤集团公司 is never named alone here
    assert ("山西", "LOC") not in found


def test_a_model_party_group_of_one_character_is_an_anaphor() -> None:
    """部党组 (the ministry's party group, the ministry just named) is no organisation called 部."""
    text = "部党组成员出席会议。自然资源部党组书记、部长陆昊讲话。"
    nlp = _with_fake_ner("test_fake_ner_party_group", [("自然资源部党组", "ORG"), ("陆昊", "PER"), ("部党组", "ORG")])
    found = {(e["text"], e["label"]) for e in extract_text(text, nlp=nlp)["entities"]}
    assert ("自然资源部", "ORG") in found and ("陆昊", "PERSON") in found
    assert not any(t == "部" for t, _ in found)


@given(text=st.text(alphabet="中国科学院士", max_size=40),
       words=st.lists(st.text(alphabet="中国科学院士", min_size=1, max_size=5), max_size=6))
def test_leftmost_longest_is_the_alternation_regex(text: str, words: list[str]) -> None:
    """Propagation finds names as the regex of their alternation (longest first) did, without compiling it."""
    import re

    from kg.entities import leftmost_longest

    expected = []
    if words:
        pattern = re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))
        expected = [m.span() for m in pattern.finditer(text)]
    assert leftmost_longest(text, words) == expected


def test_every_name_of_a_marked_section_byline_is_a_person(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("建言献策。\n■庞忠和 汪集暘\n正文。\n■李灿、马隆龙\n■高端访谈\n")
    assert [(t, label) for t, label, _ in found] == [("庞忠和", "PERSON"), ("汪集暘", "PERSON"), ("李灿", "PERSON"),
                                                     ("马隆龙", "PERSON")]
    assert {rule for _, _, rule in found} == {"person.section_byline"}


def test_model_organisations_that_are_slogans_products_or_trade_words_are_dropped() -> None:
    text = ("为“十四五”开好局，打造“科技王牌军”。上海汽车集团股份有限公司的上汽5G智能重卡和中性硼硅药用玻璃管亮相，"
            "内贸集装箱量增长，“极光”与“中国科学院”签约。")
    spans = [("“十四五”开好局", "ORG"), ("科技王牌军", "ORG"), ("上汽5G智能重卡", "ORG"),
             ("中性硼硅药用玻璃管", "ORG"), ("内贸", "ORG"), ("极光", "ORG"), ("中国科学院", "ORG")]
    nlp = _with_fake_ner("test_fake_ner_slogans", spans)
    found = {e["text"] for e in extract_text(text, nlp=nlp)["entities"] if e["label"] == "ORG"}
    # a quoted name stays when it ends like a body; 极光 in quotes is no body's name by its shape
    assert found == {"上海汽车集团股份有限公司", "中国科学院"}


def test_the_two_general_offices_by_their_short_names() -> None:
    found = ents("早在2016年，中办国办就印发了《关于实行以增加知识价值为导向分配政策的若干意见》。")
    assert ("中办", "ORG") in found and ("国办", "ORG") in found
    rec = extract_text("中办国办印发《关于加强科技伦理治理的意见》。", statistical_ner=False)
    issued = {(r["head"], r["tail"]) for r in rec["relations"] if r["relation"] == "issues"}
    assert issued == {("中国共产党中央委员会办公厅", "关于加强科技伦理治理的意见"), ("国务院办公厅", "关于加强科技伦理治理的意见")}


def test_lines_named_by_the_places_they_join_are_projects(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("6月，沪苏湖铁路开工建设，川藏铁路雅安至林芝段开工。从水路到铁路，既符合铁路发展的要求。")
    assert [(t, label) for t, label, _ in found if label == "PROJECT"] == [("沪苏湖铁路", "PROJECT"),
                                                                          ("川藏铁路", "PROJECT")]


def test_countries_of_the_world_are_places(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("丹麦的货运公司与泰国、越南和巴西的港口合作。")
    assert [t for t, label, _ in found if label == "LOC"] == ["丹麦", "泰国", "越南", "巴西"]


def test_a_place_right_before_an_area_named_after_it_is_the_area() -> None:
    text = "洋山深水港区和洋山特殊综合保税区的能级提升，小洋山北作业区规划方案通过审查，洋山速度令人瞩目。"
    nlp = _with_fake_ner("test_fake_ner_areas", [("小洋山北", "LOC"), ("洋山", "LOC"), ("深水港区", "LOC")])
    places = [(e["text"], e["rule"]) for e in extract_text(text, nlp=nlp)["entities"] if e["label"] == "LOC"]
    assert places == [("洋山深水港区", "ner.statistical+area"), ("洋山特殊综合保税区", "ner.statistical+propagated+area"),
                      ("小洋山北作业区", "ner.statistical+area"), ("洋山", "ner.statistical+propagated")]


def test_districts_of_the_municipalities_are_places_under_their_full_names() -> None:
    rec = extract_text("建成覆盖全要素的崇明生态环境监测体系，海淀和浦东的园区同步推进。", statistical_ner=False)
    assert {(e["text"], e["canonical"]) for e in rec["entities"] if e["label"] == "LOC"} == {
        ("崇明", "崇明区"), ("海淀", "海淀区"), ("浦东", "浦东新区")}
    # a district name that is also a common word is left out of the list
    assert not extract_text("绿水青山就是金山银山。", statistical_ner=False)["entities"]


def test_kinds_of_projects_made_of_generic_words_go_and_a_quoted_instance_is_a_project(
        matcher: EntityRuleMatcher) -> None:
    found = matcher.find("加快实施一批国家重大科技项目，利用国家研发专项引导高校，产品服务于“京沪干线”等国家重大项目，"
                         "国家重点研发计划和长江水空调项目同步推进。")
    assert [(t, rule) for t, label, rule in found if label == "PROJECT"] == [
        ("京沪干线", "project.quoted_instance"), ("国家重点研发计划", "project.head"), ("长江水空调项目", "project.head")]


def test_doctests_of_the_entities_module() -> None:
    import doctest

    import kg.entities

    failures, tried = doctest.testmod(kg.entities)
    assert tried > 0 and failures == 0


def test_a_quoted_name_ending_in_its_head_is_whole_past_a_conjunction_but_not_a_slogan(
        matcher: EntityRuleMatcher) -> None:
    found = matcher.find("由中国科学技术协会主办的“科创中国·技术交易券商培育与赋能计划”全国巡回培训，"
                         "以“坚决打赢打好污染防治攻坚战”为主题。")
    projects = [t for t, label, _ in found if label == "PROJECT"]
    assert projects[0] == "科创中国·技术交易券商培育与赋能计划"
    assert not any(t.startswith(("坚决", "打赢")) for t in projects)


def test_he_joins_the_short_words_of_a_ministry_not_two_phrases(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("加强饮用水水源地水质预警监测和涉疫情污水处理厂尾水监督监测，上海市规划和自然资源局、"
                         "住房和城乡建设部与国家发展和改革委员会联合发文。")
    assert [(t, label) for t, label, _ in found] == [
        ("上海市规划和自然资源局", "ORG"), ("住房和城乡建设部", "ORG"), ("国家发展和改革委员会", "ORG")]


def test_census_abbreviations_are_projects_and_the_short_form_is_the_same_one() -> None:
    rec = extract_text("国土“三调”工作全面完成。三是做好“三调”成果共享应用。各地开展“七普”登记。", statistical_ner=False)
    found = [(e["text"], e["canonical"]) for e in rec["entities"] if e["label"] == "PROJECT"]
    assert found == [("国土“三调”", "国土三调"), ("三调", "国土三调"), ("七普", "七普")]


def test_quoted_names_listed_with_a_project_are_projects_and_other_quoted_lists_stay_plain() -> None:
    text = ("“合成气制备乙醇技术”“黑水虻转化有机废弃物”“非结构化大数据智能分析处理”等成果亮相。"
            "路演中展示的“非结构化大数据智能分析处理”项目聚焦多语言内容理解。“刷脸”进站、“自主选座”成为现实。"
            "“合成气制备乙醇技术”取代传统工艺。")
    rec = extract_text(text, statistical_ner=False)
    projects = [(e["text"], e["rule"]) for e in rec["entities"] if e["label"] == "PROJECT"]
    # 项目 after a wholly quoted name only says what it is; list members recur as the same projects
    assert projects == [("合成气制备乙醇技术", "project.quoted_list_member"),
                        ("黑水虻转化有机废弃物", "project.quoted_list_member"),
                        ("非结构化大数据智能分析处理", "project.head+propagated"),
                        ("非结构化大数据智能分析处理", "project.head"),
                        ("合成气制备乙醇技术", "project.quoted_list_member+propagated")]


def test_a_route_named_from_place_to_place_is_one_project(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("国家电网有限公司投资建设的白鹤滩—江苏±800千伏特高压直流输电工程全面投运。"
                         "上海首个内河航运综合性水上服务区——上海宣桥水上服务区投入营运。")
    assert ("白鹤滩—江苏±800千伏特高压直流输电工程", "PROJECT") in [(t, label) for t, label, _ in found]
    assert not any("——" in t for t, _, _ in found)  # a double dash is punctuation


def test_a_quoted_name_before_its_kind_is_the_project(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("浙江大学与之江实验室共建的“之江”智能计算平台正式发布，“刷脸”进站成为现实。")
    assert [(t, label) for t, label, _ in found if label == "PROJECT"] == [("之江", "PROJECT")]


def test_a_ministry_department_and_an_institute_with_a_number_are_whole_names(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("科技部高新技术司司长秦勇介绍，中国船舶集团有限公司第七〇二研究所牵头研制，两家公司打官司。")
    assert [t for t, label, _ in found if label == "ORG"] == ["科技部高新技术司", "中国船舶集团有限公司第七〇二研究所"]


def test_a_model_person_before_an_effect_or_law_is_an_eponym() -> None:
    found = _read_with_fake_ner("test_fake_ner_eponym", [("薛其坤", "PER"), ("霍尔", "PER")],
                                "薛其坤团队在量子反常霍尔效应研究中取得新进展。")
    assert [e["text"] for e in found if e["label"] == "PERSON"] == ["薛其坤"]


def test_a_count_after_a_place_is_no_city_and_a_compound_surname_is_no_department(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("他先后访问了华盛顿、纽约、洛杉矶7个城市，山西省忻州市的陈俊生司马义·艾买提出席。")
    assert [t for t, label, _ in found if label == "LOC"] == ["华盛顿", "纽约", "洛杉矶", "山西省忻州市"]
    assert not any(label == "ORG" for _, label, _ in found)


def test_an_unbracketed_document_title_after_an_issuing_verb_is_a_policy() -> None:
    rec = extract_text("国家发展改革委等部门联合发布关于推动城乡建设绿色发展的意见，各地要认真贯彻。", statistical_ner=False)
    assert [(e["text"], e["label"]) for e in rec["entities"] if e["label"] == "POLICY"] == [
        ("关于推动城乡建设绿色发展的意见", "POLICY")]
    assert {(r["head"], r["relation"]) for r in rec["relations"]} == {("国家发展和改革委员会", "issues")}


def test_a_plan_named_whole_in_quotes_is_a_policy_and_a_quoted_business_strategy_is_not(
        matcher: EntityRuleMatcher) -> None:
    found = matcher.find("国家出台了首份“地热能开发利用规划”，“低成本战略”将成为油公司发展的生命。")
    assert [(t, label) for t, label, _ in found] == [("地热能开发利用规划", "POLICY")]


def test_bodies_named_only_by_generic_words_are_no_names() -> None:
    assert ents("按照市委市政府总体部署，市委、市政府高度重视，各级地方政府积极落实。") == []


def test_a_project_route_from_one_place_to_another_is_one_name(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("华能在内蒙古建设的蒙西至天津南特高压配套电源项目投产，推进拉萨至林芝铁路工程，"
                         "从2020年至2025年实施一批重大项目。")
    assert [t for t, label, _ in found if label == "PROJECT"] == ["蒙西至天津南特高压配套电源项目", "拉萨至林芝铁路工程"]


def test_a_second_phase_project_and_a_launched_probe_are_names_without_verbs(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("特斯拉上海超级工厂二期项目开工建设，长征五号遥五运载火箭成功发射嫦娥五号探测器。")
    assert [t for t, label, _ in found if label == "PROJECT"] == ["特斯拉上海超级工厂二期项目", "长征五号遥五", "嫦娥五号"]  # (the flight: the longest name)


def test_policy_documents_by_their_kind_words_and_no_strategy_goal(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("深圳市人民政府办公厅印发深圳市新能源汽车推广应用工作方案，国家发展改革委印发国家重点研发计划资金管理办法，"
                         "在实施“碳中和”战略目标中发挥作用，立项支持新技术和新应用项目。")
    assert [(t, label) for t, label, _ in found if label in {"POLICY", "PROJECT"}] == [
        ("深圳市新能源汽车推广应用工作方案", "POLICY"), ("国家重点研发计划资金管理办法", "POLICY")]
    assert ("中国科学院应用化学研究所", "ORG") in [(t, label) for t, label, _ in matcher.find("中国科学院应用化学研究所签约")]


def test_generic_centres_are_no_names_and_a_centre_goal_needs_a_qualifier() -> None:
    found = ents("华为公司投资20亿元在东莞建设研发中心，浙江省政府设立100亿元专项基金，加快建设上海国际航运中心。")
    assert ("研发中心", "ORG") not in found and ("研发中心", "GOAL") not in found
    assert not any(label == "PROJECT" for _, label in found)  # 100亿元专项 is an amount
    assert ("上海国际航运中心", "GOAL") in found


def test_a_model_name_with_a_building_verb_inside_is_a_clause() -> None:
    found = {e["text"] for e in _read_with_fake_ner(
        "test_fake_ner_clause", [("东莞松山湖建设研发中心", "ORG"), ("新疆生产建设兵团", "ORG")],
        "华为公司在东莞松山湖建设研发中心，新疆生产建设兵团参会。") if e["label"] == "ORG"}
    assert "东莞松山湖建设研发中心" not in found and "新疆生产建设兵团" in found


def test_a_model_name_starting_inside_a_word_of_going_to_a_province_is_dropped() -> None:
    found = [e["text"] for e in _read_with_fake_ner(
        "test_fake_ner_province_word", [("鄂医疗队", "ORG"), ("台湾海峡两岸", "LOC")],
        "运送上海市首支援鄂医疗队，在台湾海峡两岸。") if e["rule"] == "ner.statistical"]
    assert found == ["台湾海峡两岸"]  # 在台湾… starts a place's full name, not 在台


def test_a_technology_body_without_a_name_is_generic() -> None:
    assert ents("航运业首个区块链联盟GSBN迈出重要一步，人工智能产业联盟成立。") == []


def test_a_newspaper_named_by_a_plain_word_stays_and_a_district_bureau_is_generic() -> None:
    found = ents("据科技日报报道，区科技局和上海科技大学参会，加快建设具有全球影响力的科技创新中心。")
    assert [t for t, label in found if label == "ORG"] == ["科技日报", "上海科技大学"]


def test_a_generic_national_works_is_no_project_but_the_quoted_name_it_describes_is(
        matcher: EntityRuleMatcher) -> None:
    found = matcher.find("白鹤滩水电站是实施“西电东送”的国家重大工程，长江口南槽航道治理一期工程和重点工程。")
    assert [t for t, label, _ in found if label == "PROJECT"] == ["白鹤滩水电站", "西电东送", "长江口南槽航道治理一期工程"]


def test_a_quoted_ship_name_is_no_place() -> None:
    found = _read_with_fake_ner("test_fake_ner_ship", [("新洋山", "LOC"), ("洋山港", "LOC")],
                                "中远海运发展股份有限公司所属“新洋山”轮完成登记，洋山港运行平稳。")
    assert [e["text"] for e in found if e["label"] == "LOC"] == ["洋山港"]


def test_a_planning_department_is_no_plan_and_a_plan_being_drafted_is(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("规划由国家卫生健康委规划发展与信息化司牵头编制，加快“十四五”规划编制。")
    assert [(t, label) for t, label, _ in found] == [("国家卫生健康委规划发展与信息化司", "ORG"), ("“十四五”规划", "POLICY")]


def test_a_dotted_product_name_before_its_kind_is_a_project(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("其研制的神威·太湖之光超级计算机曾位居世界第一。")
    assert [(t, label) for t, label, _ in found] == [("神威·太湖之光", "PROJECT")]


def test_a_span_of_time_in_a_body_makes_a_clause_but_a_year_of_a_name_stays(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("孙窑乡农技站连续4年获县政府新技术推广奖，三年来县政府加大投入。")
    assert not any("年" in t for t, label, _ in found if label == "ORG")
    assert _TIME_IN_BODY.search("连续4年获县") and not _TIME_IN_BODY.search("北京2022年冬奥会")


def test_verbs_of_moving_end_a_left_edge_and_a_hall_is_no_department(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("四年之后升入中央美术学院，嘉宾来到宴会大厅，江苏省科技厅参会。")
    assert [t for t, label, _ in found if label == "ORG"] == ["中央美术学院", "江苏省科技厅"]


def test_a_quoted_title_or_slogan_is_no_project(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("授予“全国助残先进集体”称号，喊出了“在创业中再就业”的口号，“16”号放下报纸。")
    assert not any(label == "PROJECT" for _, label, _ in found)


def test_a_railway_bureau_or_hospital_is_no_railway_project(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("京沪高铁运营平稳，北京铁路局表彰，由广元铁路医院赔偿。")
    assert [t for t, label, _ in found if label == "PROJECT"] == ["京沪高铁"]


def test_counts_halls_departments_without_ministry_and_small_media_heads(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("京城一所大学、二十三个保育分会、一位名叫司马光的人、地方报和新闻出版署计财司。")
    assert [t for t, label, _ in found if label == "ORG"] == ["新闻出版署计财司"]


def test_world_places_stand_alone_and_never_join_a_chinese_city(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("荷兰阿姆斯特丹举行会议，墨西哥白银产量增加。")
    assert [t for t, label, _ in found if label == "LOC"][:3] == ["荷兰", "阿姆斯特丹", "墨西哥"]


def test_a_count_a_determiner_or_a_description_is_no_named_project(matcher: EntityRuleMatcher) -> None:
    def projects(text: str) -> list[str]:
        return names(matcher, text, "PROJECT")

    assert projects("全县兴建两项水利工程，每一项目都通过验收，大多数项目已投产。") == []
    assert projects("中核集团正在推进地热发电项目。在煤化工项目集中区域，这一传统项目开展道路拓宽工程。") == []
    assert projects("本届比赛共设16个竞赛项目，射击项目为我国争得金牌。") == []
    # a place, a number or quotes show a name; a famous programme keeps its plain name
    assert projects("在江苏南京的江北新城，长江水空调项目规模达到千万平方米。") == ["长江水空调项目"]
    assert projects("阿多曼4×350MW电站项目签约，希望工程资助了学生。") == ["阿多曼4×350MW电站", "希望工程"]


def test_a_mission_name_stands_before_its_number_not_a_team_a_street_or_a_day(matcher: EntityRuleMatcher) -> None:
    text = ("长征五号发射嫦娥五号，神舟十二号返回，雪龙2号远航。辽宁队20号进球，中国队四号受伤。"
            "住在三座门大街十四号，二十五号召开，响应号召，加上惊叹号。")
    assert [t for t, label, _ in matcher.find(text) if label == "PROJECT"] == ["长征五号", "嫦娥五号", "神舟十二号",
                                                                               "雪龙2号"]


def test_words_before_a_quoted_campaign_end_at_its_left_edge(matcher: EntityRuleMatcher) -> None:
    assert names(matcher, "全面开展“蓝天”行动。", "PROJECT") == ["“蓝天”行动"]
    assert names(matcher, "开出了10组“上农下渔”项目，新上氯化石蜡等四个“短平快”项目。", "PROJECT") == []


def test_a_city_body_for_one_field_is_a_name_but_every_city_body_is_a_kind(matcher: EntityRuleMatcher) -> None:
    found = [t for t, label, _ in matcher.find("市科技局、省教育厅和市市场监管局联合发文，各市科技局、市委市政府参加。")
             if label == "ORG"]
    assert found == ["市科技局", "省教育厅", "市市场监管局"]


def test_a_bracketed_title_is_a_policy_only_when_it_names_a_kind_of_policy(matcher: EntityRuleMatcher) -> None:
    text = ("话剧《雷雨》、电影《少林寺》和《在延安文艺座谈会上的讲话》之外，会议学习了《药品管理法》、"
            "《关于加强管理的通知（试行）》和《中国制造2025》，中华人民共和国司法部也参加。")
    assert [(t, label) for t, label, _ in matcher.find(text) if label == "POLICY"] == [
        ("药品管理法", "POLICY"), ("关于加强管理的通知（试行）", "POLICY"), ("中国制造2025", "POLICY")]


def test_a_dateline_a_date_or_a_verb_before_a_name_is_no_part_of_it(matcher: EntityRuleMatcher) -> None:
    text = ("新华社北京12月18日电中共中央办公厅发出通知。本报北京十一月七日讯国家旅游局表示，八月下旬公安部部署，"
            "遵照中央军委命令，听取第三机械工业部汇报，全国人民代表大会常务委员会和欧盟执行委员会出席，成都一家电脑公司参展。")
    orgs = [t for t, label, _ in matcher.find(text) if label == "ORG"]
    assert orgs == ["新华社", "中共中央办公厅", "国家旅游局", "公安部", "中央军委", "第三机械工业部",
                    "全国人民代表大会常务委员会", "欧盟执行委员会"]


def test_kinds_of_body_and_words_ending_in_a_head_are_no_names(matcher: EntityRuleMatcher) -> None:
    text = ("上市公司盈利，保险公司理赔，财务报表公开，纵横成网。某文学院、不少电视台和许多出版社参加，"
            "重庆市中心很热闹，扭转全局。中国人民银行、人民网和上海市中心医院除外。")
    assert [t for t, label, _ in matcher.find(text) if label == "ORG"] == ["中国人民银行", "人民网", "上海市中心医院"]


def test_a_foreign_person_needs_a_title_a_verb_of_speaking_or_a_middle_dot() -> None:
    found = ents_with_model("美国总统克林顿访华。基辛格说，会谈很好。理查德·赖尔登出席。中芯国际工厂、特斯拉等一批重大项目开始发力。")
    persons = [t for t, label in found if label == "PERSON"]
    assert persons == ["克林顿", "基辛格", "理查德·赖尔登"]


def ents_with_model(text: str) -> list[tuple[str, str]]:
    return [(e["text"], e["label"]) for e in extract_text(text)["entities"]]


def test_international_organisations_holding_a_verb_word_are_names() -> None:
    found = ents_with_model("联合国安理会常任理事国、世界贸易组织和亚太经合组织的代表出席。")
    assert [t for t, label in found if label == "ORG"] == ["联合国安理会", "世界贸易组织", "亚太经合组织"]


def test_a_rule_organisation_starts_where_the_model_starts_when_the_words_before_name_nothing() -> None:
    found = ents_with_model("我们非常欢迎中国人民银行参加。大家不能不佩服四川有线电视台的做法。他先通知微软公司。")
    orgs = [t for t, label in found if label == "ORG"]
    assert orgs == ["中国人民银行", "四川有线电视台", "微软公司"]
    # a brand before the place-less name stays: the words hold an organisation head or a place
    assert ("中国科学院沈阳自动化研究所", "ORG") in ents_with_model("中国科学院沈阳自动化研究所研制了海斗一号。")


def test_short_names_of_parties_and_departments_and_words_a_short_name_begins(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find(
        "致公党中央主席出席。中共中央组织部和中共中央党史研究室发文。北大西洋沿岸的北大荒，北大学生参观。")]
    # 北大西洋 and 北大荒 begin with 北大 but are no university; 北大学生 is one
    assert found == [("致公党中央", "ORG"), ("中共中央组织部", "ORG"), ("中共中央党史研究室", "ORG"), ("北大", "ORG")]


def test_a_trade_company_and_a_longer_internet_plus_name_are_no_entities(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("东航将成为全球首家运营C919的航空公司，推进“互联网+医疗健康”示范区建设，落实“互联网+”行动。")
    assert [(t, label) for t, label, _ in found if label in {"ORG", "POLICY"}] == [("“互联网+”", "POLICY")]


def test_a_free_trade_zone_a_department_of_a_ministry_and_newspapers_by_their_kind() -> None:
    found = ents_with_model("生态环境部应对气候变化司司长李高介绍，在中国（上海）自由贸易试验区临港新片区，"
                            "中国青年报和新民晚报记者参观。")
    assert ("生态环境部应对气候变化司", "ORG") in found
    assert ("中国（上海）自由贸易试验区临港新片区", "LOC") in found
    assert ("中国青年报", "ORG") in found and ("新民晚报", "ORG") in found


def test_places_holding_a_function_character_and_embassies(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find("呼和浩特市人民政府和中国驻美国大使馆、阿尔及利亚大使馆联系。")]
    assert found == [("呼和浩特市人民政府", "ORG"), ("中国驻美国大使馆", "ORG"), ("阿尔及利亚大使馆", "ORG")]


def test_a_name_listed_with_an_organisation_before_a_kind_of_body_is_one() -> None:
    found = ents_with_model("该院联合华为、中兴通讯等企业共同发起成立产业方阵。地方政府、中兴通讯等单位参加。")
    assert [t for t, label in found if label == "ORG"] == ["华为", "中兴通讯", "中兴通讯"]


def test_a_hospital_of_a_university_a_subsidiary_and_a_batch_of_centres() -> None:
    found = ents_with_model("国网上海市电力公司是国家电网有限公司的全资子公司。据了解，复旦大学附属华山医院、"
                            "上海市第六人民医院入选首批国家医学中心。")
    assert [t for t, label in found if label == "ORG"] == ["国网上海市电力公司", "国家电网有限公司",
                                                           "复旦大学附属华山医院", "上海市第六人民医院"]


def test_an_action_plan_is_a_project_bracketed_or_not() -> None:
    for text in ("生态环境部正在编制《2030年前碳排放达峰行动方案》。", "生态环境部将编制实施2030年前碳排放达峰行动方案。"):
        assert ("2030年前碳排放达峰行动方案", "PROJECT") in ents(text)


def test_a_name_is_no_mention_where_its_head_begins_another_word() -> None:
    found = ents("全国人大常委会审议湿地保护法草案。要建立完整的湿地保护法律制度体系，实施湿地保护法。")
    assert [t for t, label in found if label == "POLICY"] == ["湿地保护法", "湿地保护法"]


def test_a_named_service_area_is_a_project_a_kind_of_one_is_not(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("上海首个内河航运综合性水上服务区——上海宣桥水上服务区投入营运，高速公路服务区很多。")
    assert [t for t, label, _ in found if label == "PROJECT"] == ["上海宣桥水上服务区"]


def test_kinds_of_local_bodies_and_party_members_are_no_names() -> None:
    found = ents_with_model("村委会和联防队加强巡逻，新一代共产党人身上体现了这种精神。中国共产党第十五次全国代表大会召开。")
    orgs = [t for t, label in found if label == "ORG"]
    assert "村委会" not in orgs and "联防队" not in orgs and "共产党" not in orgs


def test_a_numbered_body_keeps_its_ordinal_and_a_first_of_a_kind_is_no_name() -> None:
    found = ents("中山大学附属第一医院与郑州大学第一附属医院合作。我国第一个国家实验室在此建成。")
    assert ("中山大学附属第一医院", "ORG") in found and ("郑州大学第一附属医院", "ORG") in found
    assert not any(text.startswith("个") for text, _ in found)


def test_a_model_name_ending_inside_a_word_is_dropped() -> None:
    found = _read_with_fake_ner("test_fake_ner_word_end", [("港航区", "LOC"), ("北京市", "LOC")],
                                "上港集团宣布成立“港航区块链服务平台”，北京市场监管部门参加。")
    assert not {e["text"] for e in found if e["label"] == "LOC"} & {"港航区", "北京市"}


def test_the_head_of_a_team_named_after_a_body_is_a_person() -> None:
    found = ents("复旦大学王俊团队与浙江大学化学系团队合作。")
    assert ("王俊", "PERSON") in found
    assert not any(label == "PERSON" for text, label in found if text != "王俊")


def test_a_department_of_a_ministry_may_hold_verbs_and_coordinators() -> None:
    found = ents("工业和信息化部节能与综合利用司司长黄利斌、国家发展改革委资源节约和环境保护司负责人出席。"
                 "他在科技部的会上发言。")
    assert ("工业和信息化部节能与综合利用司", "ORG") in found
    assert ("国家发展改革委资源节约和环境保护司", "ORG") in found
    assert ("科技部", "ORG") in found and not any(text.endswith("的会") for text, _ in found)


def test_a_company_form_ends_no_project_and_a_count_of_things_is_no_body() -> None:
    found = ents("海洋石油工程股份有限公司负责总承包。本市将建设“一网通办”“一网统管”两张网。")
    assert ("海洋石油工程股份有限公司", "ORG") in found
    assert not any(label == "PROJECT" for _, label in found) and not any("两张网" in text for text, _ in found)


def test_a_county_starting_a_project_body_names_it_but_not_a_generic_kind() -> None:
    found = ents("宁德时代将在福建宁德建设福鼎时代锂离子电池生产基地项目。新河县农民自己大兴水利工程。")
    assert ("福鼎时代锂离子电池生产基地", "PROJECT") in found  # (项目 after a base is no part of its name)
    assert not any("水利工程" in text for text, _ in found)


def test_an_office_of_a_programme_is_a_body_and_a_launch_site_of_a_county_city_is_a_place() -> None:
    found = ents("中国载人航天工程办公室消息，长征七号在我国文昌航天发射场点火发射。中央网信办、昆山开发区参加。")
    assert ("中国载人航天工程办公室", "ORG") in found and ("文昌航天发射场", "LOC") in found
    assert ("中央网信办", "ORG") in found and ("昆山开发区", "LOC") in found
    assert not any(label == "PROJECT" and text.startswith("中国载人") for text, label in found)


def test_an_institution_being_built_is_no_goal_but_a_city_role_is() -> None:
    found = ents("苏州工业园区获批建设国家生物药技术创新中心。各地布局建设国家算力枢纽节点，加快建设上海国际航运中心。")
    assert ("国家生物药技术创新中心", "ORG") in found and ("上海国际航运中心", "GOAL") in found
    assert not any(label == "GOAL" and "算力" in text for text, label in found)


def test_a_model_park_or_zone_is_a_place_and_a_space_station_no_place() -> None:
    found = _read_with_fake_ner("test_fake_ner_park", [("苏州工业园区生物医药产业园", "ORG"), ("空间站", "LOC")],
                                "依托苏州工业园区生物医药产业园建设。空间站建造任务将于2022年前后完成。")
    assert [(e["text"], e["label"]) for e in found] == [("苏州工业园区生物医药产业园", "LOC")]


def test_words_holding_a_breaker_stay_in_names_and_a_world_class_cluster_is_a_goal() -> None:
    found = ents("中国科学院过程工程研究所参与筹建。浙江要高质量发展建设共同富裕示范区，赣州将打造世界级稀土产业集群。")
    assert ("中国科学院过程工程研究所", "ORG") in found and ("共同富裕示范区", "PROJECT") in found
    assert ("世界级稀土产业集群", "GOAL") in found


def test_a_school_named_after_two_fields_is_no_project_and_a_mineral_no_mine() -> None:
    found = ents("南京大学现代工程与应用科学学院课题组研制出新型钙钛矿太阳能电池。李海生介绍，“大气重污染成因与治理攻关项目”已完成。"
                 "南水北调工程与三峡工程均已完工。")
    assert ("南京大学现代工程与应用科学学院", "ORG") in found
    assert ("大气重污染成因与治理攻关项目", "PROJECT") in found and ("南水北调工程", "PROJECT") in found
    assert not any("钙钛矿" in text for text, _ in found)


def test_a_name_never_starts_inside_a_place_and_a_campus_in_brackets_is_in_the_name() -> None:
    found = ents("巴基斯坦卡拉奇核电2号机组也采用了该技术。中国石油大学（北京）、中国地质大学（武汉）参与攻关。"
                 "浙江大学（以下简称浙大）也参加了。")
    assert ("巴基斯坦卡拉奇核电2号机组", "PROJECT") in found  # a plant's unit as a whole
    assert ("中国石油大学（北京）", "ORG") in found and ("中国地质大学（武汉）", "ORG") in found
    assert ("浙江大学", "ORG") in found


def test_a_national_centre_keeps_its_leading_words_against_a_shorter_model_name() -> None:
    found = _read_with_fake_ner("test_fake_ner_national", [("无锡中心", "ORG")], "国家超级计算无锡中心坐落于江苏无锡。")
    assert ("国家超级计算无锡中心", "ORG") in [(e["text"], e["label"]) for e in found]


def test_a_goal_of_a_field_and_a_decimal_quantity() -> None:
    rec = extract_text("到2035年建成科技强国。坚决守住15.46亿亩永久基本农田保护红线。", statistical_ner=False)
    assert ("科技强国", "GOAL") in [(e["text"], e["label"]) for e in rec["entities"]]
    assert {"goal": "15.46亿亩永久基本农田保护红线", "quantity": "15.46亿亩"} in rec["goal_attributes"]


def test_quantified_kinds_sports_papers_and_courtyards_are_no_bodies() -> None:
    found = ents("众多航空公司起来之后，听说国家体育总局局长伍绍祖也来了。韩国报纸披露，为使广大网球爱好者有场地，"
                 "杂草丛生的汤泉大院内建起了球场。以实业开发为主的大型企业集团。")
    orgs = [text for text, label in found if label == "ORG"]
    assert orgs == ["国家体育总局"]


def test_amounts_inner_plans_and_sayings_are_no_projects_or_goals() -> None:
    found = ents("日本向印度提供20多亿美元贷款计划中的一部分。这是中国队计划内必得的一分。"
                 "叶钊颖“在哪里跌倒就在哪里爬起来”的目标能实现吗？我们要实现“碳达峰”“碳中和”目标。")
    assert not any(label in ("PROJECT", "GOAL") for text, label in found if "碳" not in text)
    assert ("碳达峰", "GOAL") in found and ("碳中和", "GOAL") in found


def test_institutes_for_disease_control_are_whole() -> None:
    found = ents("该疫苗由中国疾病预防控制中心病毒病预防控制所合作研发，北京市疾病预防控制中心参与。")
    assert ("中国疾病预防控制中心病毒病预防控制所", "ORG") in found and ("北京市疾病预防控制中心", "ORG") in found


def test_a_company_of_one_name_goes_by_it_even_where_the_model_read_a_place() -> None:
    text = "比亚迪股份有限公司董事长王传福表示，比亚迪将在深圳投资建设新项目。荷兰国际集团收购了荷兰一家银行。"
    found = _read_with_fake_ner("test_fake_ner_brand", [("比亚迪", "LOC"), ("荷兰", "LOC")], text)
    readings = {(e["text"], e["label"], e["canonical"]) for e in found}
    assert ("比亚迪", "ORG", "比亚迪股份有限公司") in readings
    assert not any(text == "荷兰" and canonical != "荷兰" for text, _, canonical in readings)  # a country: no brand


def test_a_sea_outlet_and_an_event_venue_are_no_places() -> None:
    found = _read_with_fake_ner("test_fake_ner_outlet", [("新出海口", "LOC"), ("中国航海日主会场", "LOC")],
                                "江苏通州湾新出海口开发建设协议签约。第十六个中国航海日主会场系列活动在海口举办。")
    # 中国 inside the event's name is a place (ANNOTATION.md: 南京 in 南京青奥会)
    assert {e["text"] for e in found if e["label"] == "LOC"} == {"江苏通州湾", "中国", "海口"}


def test_a_quoted_figure_of_speech_is_no_body_but_a_quoted_name_is() -> None:
    found = ents("建立页岩油地下“人造炼厂”，建设“种子银行”。他与“北京大学”合作，在上海第一钢铁厂工作。")
    orgs = {text for text, label in found if label == "ORG"}
    assert orgs == {"北京大学", "上海第一钢铁厂"}


def test_a_ministry_before_a_national_programme_and_a_range_of_berths() -> None:
    found = ents("该项目获得科技部国家重点研发计划立项支持。宁波舟山港集团开工建设梅山港区6号至10号集装箱码头工程。")
    assert ("科技部", "ORG") in found and ("国家重点研发计划", "PROJECT") in found
    assert ("梅山港区6号至10号集装箱码头工程", "PROJECT") in found


def test_a_body_announcing_a_project_is_no_part_of_its_name_and_a_phase_is(matcher: EntityRuleMatcher) -> None:
    assert matcher.find("国家航天局公布探月工程四期进展") == [
        ("国家航天局", "ORG", "org.abbreviation"), ("探月工程四期", "PROJECT", "project.head")]
    assert [t for t, _, _ in matcher.find("南水北调东线一期工程通水。")] == ["南水北调东线一期工程"]


def test_a_bare_kind_of_plan_is_no_project(matcher: EntityRuleMatcher) -> None:
    assert [label for _, label, _ in matcher.find("深圳发布三年行动计划。")] == ["LOC"]
    assert ("氢能产业发展行动计划", "PROJECT") in [(t, label) for t, label, _ in matcher.find("深圳发布氢能产业发展行动计划")]


def test_a_place_the_model_found_names_a_demonstration_project(matcher: EntityRuleMatcher) -> None:
    text = "中广核集团投资建设的大亚湾制氢示范项目已于今年6月投产。"
    chosen = [text[c.start:c.end] for c in select_spans(matcher.candidates(text))]
    assert "大亚湾制氢示范项目" not in chosen  # no known place: a description
    with_place = [text[c.start:c.end] for c in select_spans(matcher.candidates(text, frozenset({"大亚湾"})))]
    assert "大亚湾制氢示范项目" in with_place
    rural = "这是新河县农民自己大兴水利工程的一个缩影。"
    assert not any(c.label == "PROJECT" for c in matcher.candidates(rural, frozenset({"新河县"})))


def test_a_province_right_before_a_county_is_one_place_a_landmark_is_not() -> None:
    assert ("山东荣成", "LOC") in ents_with_model("示范工程1号机组近日在山东荣成成功并网发电。")
    found = ents_with_model("代表们在北京人民大会堂开会，随后参观了乌鲁木齐大十字夜市。")
    assert not any(t.startswith("北京") and len(t) > 3 for t, _ in found)
    assert not any(t.endswith("夜市") and t.startswith("乌鲁木齐") for t, _ in found)


def test_administrative_places(matcher: EntityRuleMatcher) -> None:
    assert matcher.administrative_place("荣成") and matcher.administrative_place("忻州市")
    assert not matcher.administrative_place("故宫") and not matcher.administrative_place("大十字夜市")


def test_a_department_starts_at_its_ministry_full_name(matcher: EntityRuleMatcher) -> None:
    assert matcher.find("国家能源局科技司副司长刘亚芳介绍")[0][:2] == ("国家能源局科技司", "ORG")


def test_a_quoted_research_task_after_its_programme_is_the_project(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("由清华大学牵头的国家科技重大专项“高端通用芯片”课题日前通过验收。")
    assert ("高端通用芯片", "PROJECT") in [(t, label) for t, label, _ in found]
    assert not any(label == "PROJECT" for _, label, _ in matcher.find("他承担了多项国家重点研发计划课题。"))
    assert not any(label == "PROJECT" for _, label, _ in matcher.find("应用科学学院课题组研制出新型电池。"))


def test_the_kind_of_the_articles_own_place_is_no_organisation() -> None:
    found = ents_with_model("宁夏回族自治区近日启动生态保护修复工程。自治区党委书记梁言顺强调，要扛起政治责任。")
    assert ("梁言顺", "PERSON") in found
    assert not any(t in {"自治区", "自治区党委"} for t, _ in found)


def test_a_citys_title_it_builds_is_a_goal(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find("项目落户宜宾，将助力宜宾打造“中国动力电池之都”。")]
    assert ("中国动力电池之都", "GOAL") in found
    assert not any(label == "GOAL" for _, label, _ in matcher.find("保护历史文化名城，建设城市。"))


def test_the_second_of_two_researchers_heads_the_team(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find("中国科学技术大学潘建伟、陆朝阳团队与多家单位合作。")]
    assert ("陆朝阳", "PERSON") in found


def test_a_city_before_its_development_zone_is_one_place() -> None:
    found = ents_with_model("国家存储器基地项目在武汉东湖新技术开发区开工建设。")
    assert ("武汉东湖新技术开发区", "LOC") in found


def test_an_action_plan_is_a_project_bracketed_quoted_or_bare(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("上海市科委发布《上海市2022年度科技创新行动计划》和“科技创新行动计划”项目指南。")
    assert {label for t, label, _ in found if t.endswith("行动计划")} == {"PROJECT"}


def test_a_project_under_construction_and_an_operator_named_with_a_verb(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("中国雄安集团有限公司负责雄安城市计算（超算云）中心项目建设，中国联合网络通信集团有限公司参与。")
    assert [(t, label) for t, label, _ in found] == [
        ("中国雄安集团有限公司", "ORG"), ("雄安城市计算（超算云）中心项目", "PROJECT"), ("中国联合网络通信集团有限公司", "ORG")]
    assert [t for t, _, _ in matcher.find("上海市重大项目建设指挥部办公室")] == ["上海市重大项目建设指挥部办公室"]


def test_a_kind_of_city_after_a_place_is_no_place(matcher: EntityRuleMatcher) -> None:
    assert [t for t, _, _ in matcher.find("发布《雄安新区智能城市建设标准体系框架》。")] == ["雄安新区"]
    assert matcher.find("山西省晋城市沁水县")[0][0] == "山西省晋城市"


def test_a_rotating_chairman_belongs_to_his_company() -> None:
    found = extract_text("华为技术有限公司与中国移动签署协议。华为轮值董事长徐直军出席签约仪式。")["relations"]
    assert ("徐直军", "affiliated_with") in {(r["head"], r["relation"]) for r in found}


def test_a_province_and_city_before_a_county_city_are_one_place() -> None:
    found = ents_with_model("项目位于山东省威海市荣成市，对推动核电技术发展具有重要意义。")
    assert ("山东省威海市荣成市", "LOC") in found


def test_a_protracted_campaign_is_a_project(matcher: EntityRuleMatcher) -> None:
    assert ("长江禁渔持久战", "PROJECT") in [(t, label) for t, label, _ in matcher.find("要坚决打好长江禁渔持久战。")]


def test_a_ministry_named_with_and_keeps_its_first_words() -> None:
    found = ents_with_model("二、落实支持政策。住房和城乡建设部、国家发展改革委、财政部要加强指导。")
    assert ("住房和城乡建设部", "ORG") in found


def test_a_science_programme_of_an_agency_and_a_citys_science_centre(matcher: EntityRuleMatcher) -> None:
    assert not any(label == "PROJECT" for _, label, _ in matcher.find("欧洲空间局科学项目主任表示，这是首次合作。"))
    assert ("综合性国家科学中心", "GOAL") in [
        (t, label) for t, label, _ in matcher.find("实验室将聚焦生命健康领域，助力深圳建设综合性国家科学中心。")]


def test_a_facility_or_mission_named_by_its_acronym_is_a_project(matcher: EntityRuleMatcher) -> None:
    found = matcher.find("我国自主建设的500米口径球面射电望远镜（FAST）通过国家验收。")
    assert ("500米口径球面射电望远镜", "PROJECT") in [(t, label) for t, label, _ in found]
    assert not any(label == "PROJECT" for _, label, _ in matcher.find("这颗卫星运行良好，望远镜也已调试。"))


def test_a_regions_economic_circle_is_one_place() -> None:
    found = ents_with_model("中心将服务成渝地区双城经济圈建设，推动长三角城市群协同发展。")
    assert ("成渝地区双城经济圈", "LOC") in found


def test_a_country_before_a_foreign_university_is_a_place_of_its_own() -> None:
    found = ents_with_model("课题组与英国牛津大学合作，研制出新型电池。")
    assert ("英国", "LOC") in found and ("牛津大学", "ORG") in found


def test_a_foreign_school_named_after_fields_keeps_its_country() -> None:
    found = ents_with_model("他毕业于以色列工程技术学院，后在美国斯坦福大学任教。")
    assert ("以色列工程技术学院", "ORG") in found
    assert ("斯坦福大学", "ORG") in found and ("美国", "LOC") in found


def test_a_team_after_a_representative_is_no_person(matcher: EntityRuleMatcher) -> None:
    assert not any(label == "PERSON" for _, label, _ in matcher.find("36岁的保拉已代表国家队参加了336场比赛。"))
    assert ("杜祥琬", "PERSON") in [(t, label) for t, label, _ in matcher.find("研究员杜祥琬参加了研讨。")]


def test_a_features_subtitle_marker_and_a_bare_party_branch_name_no_body() -> None:
    found = [(t, label) for t, label, _ in EntityRuleMatcher().find("春风吹绿———记内蒙古赤峰市古都河村党支部书记李富林")]
    assert ("内蒙古赤峰市古都河村党支部", "ORG") in found
    assert not any(label == "ORG" for _, label, _ in EntityRuleMatcher().find("党支部书记李富林把支部一班人带上山。"))


def test_plans_as_verbs_bridges_in_other_names_and_works_titles_name_no_project(matcher: EntityRuleMatcher) -> None:
    for text in ("日本计划从今年开始着手研制。", "铁道部大桥局的医生闻讯赶来。", "影片《泰坦尼克号》的招贴画随处可见。",
                 "国家发展计划委员会主任曾培炎表示。"):
        assert not any(label == "PROJECT" for _, label, _ in matcher.find(text)), text
    assert ("国家扶贫攻坚计划", "PROJECT") in [(t, label) for t, label, _ in matcher.find("事关国家扶贫攻坚计划的全局。")]


def test_an_undertaking_its_title_reports_on_is_a_project_when_the_body_names_it_again() -> None:
    text = "长江十年禁渔取得阶段性成效\n农业农村部表示，长江十年禁渔实施以来，长江干流生物多样性逐步恢复。"
    found = ents_with_model(text)
    assert found.count(("长江十年禁渔", "PROJECT")) == 2
    assert ("长江", "LOC") in found  # the river named on its own stays a place
    once = ents_with_model("新能源汽车产业发展取得积极进展\n新能源汽车产销两旺。")
    assert not any(label == "PROJECT" for _, label in once)
    clause = ents_with_model("“深海一号”能源站在海南陵水海域投产\n“深海一号”能源站在海南陵水海域投产后年产天然气30亿立方米。")
    assert not any(t.endswith("海域") and label == "PROJECT" for t, label in clause)


def test_a_new_town_after_its_district_is_one_place() -> None:
    assert ("江北新城", "LOC") in ents_with_model("在江苏南京的江北新城，长江水空调项目规模达到千万平方米。")


def test_a_discovered_deposit_and_prospecting_name_no_mine(matcher: EntityRuleMatcher) -> None:
    for text in ("中国地质调查局发现大型锂矿", "在四川甘孜州发现一处超大型锂辉石矿床", "将深入实施新一轮找矿突破战略行动"):
        assert [t for t, label, _ in matcher.find(text) if label == "ORG"] in ([], ["中国地质调查局"]), text
    assert ("山西王家岭煤矿", "ORG") in [(t, label) for t, label, _ in matcher.find("山西王家岭煤矿")]


def test_a_drug_name_is_no_person() -> None:
    found = ents_with_model("国家药品监督管理局批准河南真实生物科技有限公司阿兹夫定片增加适应症注册申请。")
    assert not any(label == "PERSON" for _, label in found)


def test_a_county_no_one_read_joins_its_province_and_a_partner_before_an_organisation_is_one() -> None:
    assert ("新疆库车", "LOC") in ents_with_model("新疆库车绿氢示范项目在新疆库车开工。")
    assert not any(t == "成都市南部" for t, _ in ents_with_model("天府新区位于成都市南部，规划面积1578平方公里。"))
    found = ents_with_model("长江存储与武汉大学联合开展存储芯片研究。")
    assert ("长江存储", "ORG") in found and ("武汉大学", "ORG") in found


def test_a_body_guiding_another_is_no_part_of_its_name(matcher: EntityRuleMatcher) -> None:
    found = [t for t, label, _ in matcher.find("广东省生态环境厅近日指导广州碳排放权交易所上线运行碳普惠平台。") if label == "ORG"]
    assert found == ["广东省生态环境厅", "广州碳排放权交易所"]
    assert [t for t, _, _ in matcher.find("教育部高等学校计算机类专业教学指导委员会")] == ["教育部高等学校计算机类专业教学指导委员会"]


def test_an_investment_operator_is_one_company_and_a_throughput_no_name() -> None:
    found = ents_with_model("浙江省海港投资运营集团有限公司整合宁波港和舟山港。宁波舟山港货物吞吐量连续多年位居全球第一。")
    assert ("浙江省海港投资运营集团有限公司", "ORG") in found
    assert not any(t.endswith("吞吐量") for t, _ in found)


def test_a_bracketed_title_followed_by_report_is_no_policy(matcher: EntityRuleMatcher) -> None:
    assert not any(label == "POLICY" for _, label, _ in matcher.find("国际能源署发布《世界能源展望2022》报告。"))
    assert ("湿地保护法", "POLICY") in [(t, label) for t, label, _ in matcher.find("《湿地保护法》自2022年起施行。")]


def test_a_medical_centre_being_built_is_no_goal(matcher: EntityRuleMatcher) -> None:
    assert not any(label == "GOAL" for _, label, _ in matcher.find("华西医院牵头建设国家区域医疗中心"))


def test_a_launch_vehicle_after_use_and_a_long_satellite_name_past_the_length_limit() -> None:
    found = ents_with_model("我国在文昌航天发射场使用长征五号遥八运载火箭，成功将通信技术试验卫星十一号发射升空。"
                            "研究院将全力保障探月工程四期等国家重大工程任务。")
    projects = {t for t, label in found if label == "PROJECT"}
    assert projects == {"长征五号遥八", "通信技术试验卫星十一号", "探月工程四期"}


def test_ministries_joined_by_and_keep_their_whole_name_and_protection_words_stay_inside_names(
        matcher: EntityRuleMatcher) -> None:
    found = ents_with_model("人力资源和社会保障部、国家医疗保障局联合印发通知，推进保障性安居工程。")
    assert ("人力资源和社会保障部", "ORG") in found and ("国家医疗保障局", "ORG") in found
    assert ("保障性安居工程", "PROJECT") in found
    assert ("残疾人保障法", "POLICY") in [(t, label) for t, label, _ in matcher.find("全面实施残疾人保障法。")]


def test_a_quoted_programme_of_a_major_national_project_is_a_project(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find("该机组是国家科技重大专项“航空发动机及燃气轮机”的重要成果。")]
    assert found == [("航空发动机及燃气轮机", "PROJECT")]
    found = [(t, label) for t, label, _ in matcher.find("承担国家科技重大专项“高端通用芯片”课题。")]
    assert found == [("高端通用芯片", "PROJECT")]


def test_a_railway_to_a_neighbouring_country_is_a_project_and_the_national_railway_company_an_organisation() -> None:
    found = ents_with_model("中老铁路北起中国云南昆明，南至老挝首都万象。据中国铁路昆明局集团有限公司介绍，中老铁路运输货物2910万吨。")
    assert ("中老铁路", "PROJECT") in found
    assert ("中国铁路昆明局集团有限公司", "ORG") in found
    assert not any(t == "中国铁路" for t, _ in found)


def test_a_landmark_project_is_no_name_and_near_zero_is_one_word(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find("引江补汉工程是南水北调后续工程高质量发展的标志性工程。")]
    assert found == [("引江补汉工程", "PROJECT"), ("南水北调后续工程", "PROJECT")]
    assert ("近零碳排放区示范工程", "PROJECT") in [
        (t, label) for t, label, _ in matcher.find("西咸新区要率先开展近零碳排放区示范工程建设。")]


def test_a_plant_named_by_its_yearly_capacity_after_its_company_and_an_energy_base_as_a_place() -> None:
    found = ents_with_model("国家能源集团宁夏煤业公司400万吨/年煤炭间接液化示范项目通过验收\n"
                            "该项目位于宁夏宁东能源化工基地，总投资550亿元。")
    assert ("国家能源集团宁夏煤业公司", "ORG") in found
    assert ("400万吨/年煤炭间接液化示范项目", "PROJECT") in found
    assert ("宁夏宁东能源化工基地", "LOC") in found  # (the province and its base: one place, as 江苏泰州)


def test_counts_and_grades_make_no_organisation_and_a_court_of_no_name_is_none() -> None:
    found = ents_with_model("到2025年，全国至少1000家县医院达到三级医院医疗服务能力水平。"
                            "人民法院将全面贯彻实施《长江保护法》。长江沿线11省市高级人民法院已建立协作机制。")
    assert not any(label == "ORG" for _, label in found)
    found = ents_with_model("北京市高级人民法院、最高人民法院环境资源审判庭发布典型案例。")
    assert [t for t, label in found if label == "ORG"] == ["北京市高级人民法院", "最高人民法院环境资源审判庭"]


def test_a_quoted_corridor_before_its_first_project_is_a_project(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find("该电站是“中巴经济走廊”首个水电投资项目。")]
    assert found == [("中巴经济走廊", "PROJECT")]


def test_products_named_in_latin_letters_or_quoted_on_release_and_a_quoted_crop_variety(
        matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find(
        "华为技术有限公司在深圳发布AI处理器Ascend 910和全场景AI计算框架MindSpore。华为与鹏城实验室联合发布“鹏城云脑Ⅱ”，该系统基于集群构建。")]
    assert {("Ascend 910", "PROJECT"), ("MindSpore", "PROJECT"), ("鹏城云脑Ⅱ", "PROJECT")} <= set(found)
    assert not any(label == "PROJECT" for _, label, _ in matcher.find("中国环境APP推出“攻坚战报”，反映各地进展。"))
    assert ("中单909", "PROJECT") in [(t, label) for t, label, _ in matcher.find("合作选育的玉米新品种“中单909”已推广种植。")]


def test_a_railway_investment_company_is_no_railway(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find("项目由京津冀城际铁路投资有限公司负责建设。京沪高铁开通运营。")]
    assert found == [("京津冀城际铁路投资有限公司", "ORG"), ("京沪高铁", "PROJECT")]


def test_an_authority_named_after_its_project_and_a_facility_a_body_builds() -> None:
    found = ents_with_model("滇中引水工程建设取得重大进展\n\n云南省滇中引水工程建设管理局日前发布消息，滇中引水工程已累计掘进超过10公里。"
                            "由中国科学院高能物理研究所承建的高能同步辐射光源完成设备安装。")
    assert ("云南省滇中引水工程建设管理局", "ORG") in found and ("滇中引水工程", "PROJECT") in found
    assert ("高能同步辐射光源", "PROJECT") in found
    found = ents_with_model("该项目是中国钢铁企业首个海外全流程钢厂项目，将助力宝武实现“成为全球钢铁业引领者”的愿景。")
    assert not any(label == "ORG" for _, label in found)
    assert ("全球钢铁业引领者", "GOAL") in found


def test_city_roles_without_their_city_are_goals(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find(
        "广州市出台建设国际消费中心城市实施方案。广州将持续推进国际商贸中心建设。")]
    assert {("国际消费中心城市", "GOAL"), ("国际商贸中心", "GOAL")} <= set(found)
    assert not any(label == "ORG" for _, label in found)


def test_a_quoted_aircraft_series_and_numbered_institutes_of_a_group() -> None:
    found = ents_with_model("由该校无人机研究所研制的“魅影”系列太阳能无人机近日完成试验。"
                            "研究团队与中国航空工业集团有限公司第一飞机设计研究院开展了深度合作。")
    assert ("魅影", "PROJECT") in found
    assert ("中国航空工业集团有限公司第一飞机设计研究院", "ORG") in found
    assert not any(t == "研究团队" for t, _ in found)
    found = ents_with_model("“中国洋山港”籍船舶增至10艘。田晚霞发展“龟博士”汽车美容店30余个。")
    assert not any(label == "PROJECT" for _, label in found)


def test_each_or_a_number_of_bodies_is_no_name(matcher: EntityRuleMatcher) -> None:
    assert not any(label == "ORG" for _, label, _ in matcher.find("各市（州）人民政府，省政府各部门：首批共建10家联合实验室。"))


def test_a_satellite_letter_a_forecaster_a_company_before_its_station_and_counted_projects() -> None:
    found = ents_with_model("三峡集团白鹤滩水电站全部机组投产发电\n\n风云四号B星已于2021年6月成功发射。国家气候中心首席预报员高歌介绍了情况。"
                            "我国在长江干流上建设的6座巨型梯级水电站全部建成投产。一个三峡工程，上百万人口的大迁徙。")
    assert {("三峡集团", "ORG"), ("白鹤滩水电站", "PROJECT"), ("风云四号B星", "PROJECT"), ("高歌", "PERSON"),
            ("三峡工程", "PROJECT")} <= set(found)
    assert not any(t.endswith("梯级水电站") for t, _ in found)


def test_a_pilot_province_title_is_a_goal_and_salvage_work_no_project(matcher: EntityRuleMatcher) -> None:
    assert ("碳达峰碳中和先行示范省", "GOAL") in [(t, label) for t, label, _ in matcher.find("福建将打造碳达峰碳中和先行示范省。")]
    found = [(t, label) for t, label, _ in matcher.find("上海打捞局承担打捞工程。古船将被移入上海船厂旧址。")]
    assert ("上海船厂", "ORG") in found and not any(label == "PROJECT" for _, label in found)


def test_innovation_belts_are_places_and_striving_for_a_title_breaks_a_name() -> None:
    found = ents_with_model("建设太湖湾科技创新带，打造沿沪宁产业创新带。支持紫金山实验室、姑苏实验室争创国家实验室。"
                            "（责任单位：省科技厅，相关设区市人民政府）")
    assert ("太湖湾科技创新带", "LOC") in found
    assert ("姑苏实验室", "ORG") in found
    assert not any(t.startswith("相关") for t, _ in found)


def test_rocket_models_launch_centres_and_parks_named_after_their_place() -> None:
    found = ents_with_model("搭载神舟十五号载人飞船的长征二号F遥十五运载火箭在酒泉卫星发射中心点火发射。"
                            "雄安新区中关村科技园揭牌。科技园由中关村发展集团股份有限公司建设。管委会主任张国华表示，将深化合作。")
    assert {("长征二号F", "PROJECT"), ("酒泉卫星发射中心", "LOC"), ("雄安新区中关村科技园", "LOC"),
            ("张国华", "PERSON")} <= set(found)
    assert not any(t in {"管委会", "科技园"} for t, _ in found)


def test_a_first_management_centre_built_is_no_goal_and_an_award_names_no_person() -> None:
    found = ents_with_model("南方电网深圳供电局将在宝安区建设全国首个虚拟电厂管理中心。薛其坤获2023年菲列兹·伦敦奖。")
    assert not any(label == "GOAL" for _, label in found)
    assert not any(label == "PERSON" and "伦敦" in t for t, label in found)


def test_datelines_addresses_and_lists_of_attendees_start_no_name(matcher: EntityRuleMatcher) -> None:
    orgs = [t for t, label, _ in matcher.find(
        "华能华北分公司抓党建“虚”事实做本报讯华能集团华北分公司职工人手一份。来稿请寄人民日报群工部。"
        "出席演讲会的有国家体育总局武术运动管理中心主任李杰。") if label == "ORG"]
    assert "华能集团华北分公司" in orgs and "人民日报群工部" in orgs and "国家体育总局武术运动管理中心" in orgs
    assert not any("本报" in t or t.startswith(("寄", "有")) for t in orgs)
    assert ("中国科学院水生生物研究所", "ORG") in [(t, label) for t, label, _ in matcher.find("中国科学院水生生物研究所发展有机农业。")]


def test_quotas_and_sports_events_are_no_projects(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find(
        "不在国家招生计划之列。国税收入计划以每年15%递增。王娴夺得女子运动步枪3×20项目金牌。国家高技术研究发展计划启动。")]
    assert [t for t, label in found if label == "PROJECT"] == ["国家高技术研究发展计划"]


def test_national_censuses_their_office_and_their_quoted_short_name() -> None:
    found = ents_with_model("国务院第三次全国土壤普查领导小组办公室近日召开会议。开展“土壤三普”是重要举措。"
                            "国家卫生健康委启动“千县工程”县医院综合能力提升工作。")
    assert {("国务院第三次全国土壤普查领导小组办公室", "ORG"), ("土壤三普", "PROJECT"), ("千县工程", "PROJECT")} <= set(found)
    found = ents_with_model("武汉市提出将长江新区建设成为践行新发展理念的未来之城。长江新区规划面积约550平方公里。"
                            "新区将引进华中科技大学同济医学院附属协和医院等优质资源。")
    assert ("践行新发展理念的未来之城", "GOAL") in found
    assert not any(label == "POLICY" for _, label in found)
    assert not any(t.startswith("引进") for t, _ in found)


def test_an_airport_title_is_a_place_intercity_lines_of_hebei_and_a_citys_sub_centre() -> None:
    found = ents_with_model("成都天府国际机场正式投运\n\n6月27日，成都天府国际机场正式投运。"
                            "北京城市副中心建设取得重大进展。要加快推进京雄城际铁路、京唐城际铁路建设。")
    assert not any(label == "PROJECT" and "机场" in t for t, label in found)
    assert {("京雄城际铁路", "PROJECT"), ("京唐城际铁路", "PROJECT"), ("北京城市副中心", "LOC")} <= set(found)


def test_a_three_character_name_before_a_speech_verb_a_quoted_city_kind_and_a_place_found() -> None:
    found = ents_with_model("中国地质调查局局长李金发表示，将加快实施找矿行动。张三发表讲话。在雅江县发现一处大型锂矿。"
                            "上海将力争到2025年基本建成“无废城市”。")
    assert {("李金发", "PERSON"), ("张三", "PERSON"), ("无废城市", "GOAL")} <= set(found)
    assert not any(label == "ORG" and t.endswith("锂矿") for t, label in found)


def test_a_foreign_body_named_alone_later_loses_its_country_and_a_plant_being_built_is_no_body() -> None:
    found = ents_with_model("宁德时代新能源科技股份有限公司与美国福特汽车公司近日宣布，双方将在美国密歇根州合作建设磷酸铁锂电池工厂，"
                            "由福特汽车公司全资拥有并运营，宁德时代提供技术授权。")
    assert ("美国", "LOC") in found and ("美国福特汽车公司", "ORG") not in found
    assert not any(t.endswith("工厂") for t, _ in found)
    assert ("宁德时代", "ORG") in found


def test_a_deadline_and_a_backbone_project_are_no_names_and_approval_by_a_city_government(
        matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find(
        "西部陆海新通道骨干工程平陆运河开工建设。参建单位将全力推进工程建设，力争2026年底主体工程完工。1995年底经北京市政府批准成立。")]
    # (the corridor is a well-known programme by its one name; its 骨干工程 and 主体工程 name nothing)
    assert [t for t, label in found if label == "PROJECT"] == ["西部陆海新通道"]
    assert ("北京市政府", "ORG") in found


def test_a_quoted_project_after_its_programme_project_and_an_executive_committee(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find(
        "国家重点研发计划“智能机器人”重点专项项目“高性能仿生四足机器人研制”近日通过验收。示范区执委会主任马春雷表示。")]
    assert ("高性能仿生四足机器人研制", "PROJECT") in found and ("示范区执委会", "ORG") in found


def test_a_world_class_role_of_a_place_and_a_foreign_name_sounding_like_a_function_word() -> None:
    found = ents_with_model("建成覆盖水、气、土等领域的崇明世界级生态岛生态环境监测评估预警体系。丹麦得斯威国际货运公司采购的汽车完成试单。")
    assert ("崇明世界级生态岛", "GOAL") in found
    assert ("丹麦得斯威国际货运公司", "ORG") in found


def test_a_rocket_model_letter_after_a_space(matcher: EntityRuleMatcher) -> None:
    found = [t for t, label, _ in matcher.find("长征二号 F 遥十五运载火箭点火发射。") if label == "PROJECT"]
    assert found == ["长征二号 F"]


def test_units_of_a_ministry_named_with_and_keep_the_ministry_and_a_lab_using_resources(
        matcher: EntityRuleMatcher) -> None:
    found = ents_with_model("住房和城乡建设部办公厅近日印发《通知》。住房和城乡建设部建筑节能与科技司负责同志表示。"
                            "江西省水利厅和南昌大学鄱阳湖环境与资源利用教育部重点实验室联合开展监测。")
    orgs = [t for t, label in found if label == "ORG"]
    assert orgs == ["住房和城乡建设部办公厅", "住房和城乡建设部建筑节能与科技司", "江西省水利厅",
                    "南昌大学鄱阳湖环境与资源利用教育部重点实验室"]


def test_names_listed_before_a_kind_of_company_are_companies_and_expedition_teams_no_bodies() -> None:
    found = ents_with_model("标准由中国汽车技术研究中心有限公司牵头起草，比亚迪、宁德时代等企业参与制定。"
                            "科考队由中国科学院青藏高原研究所牵头。科考分队队长、中国科学院院士姚檀栋介绍。")
    assert {("比亚迪", "ORG"), ("宁德时代", "ORG")} <= set(found)
    assert not any(t.startswith("科考") for t, _ in found)


def test_facilities_a_university_builds_a_system_of_labs_and_a_big_data_bureau() -> None:
    found = ents_with_model("湖北实验室体系已建成光谷实验室等10家湖北实验室。华中科技大学牵头建设的脉冲强磁场实验装置已通过国家验收，"
                            "由武汉大学承建的作物表型组学研究重大科技基础设施正在加快推进。贵州省大数据发展管理局局长景亚萍介绍。"
                            "一家《东方艺术》杂志专门开设栏目。")
    assert {("脉冲强磁场实验装置", "PROJECT"), ("作物表型组学研究重大科技基础设施", "PROJECT"),
            ("贵州省大数据发展管理局", "ORG"), ("光谷实验室", "ORG")} <= set(found)
    assert ("湖北实验室", "ORG") not in found
    assert any(label == "ORG" and "东方艺术" in t for t, label in found)


def test_a_name_ending_in_and_before_a_verb_and_supply_breaks_a_name() -> None:
    found = ents_with_model("首任院长由中国科学院院士包信和担任。项目所产绿氢将供应中国石化塔河炼化公司。张三和李四出席。"
                            "全球首个万吨级光伏制氢项目在新疆库车投产。华为将在天津滨海新区建设鲲鹏生态创新中心。")
    assert {("包信和", "PERSON"), ("中国石化塔河炼化公司", "ORG"), ("张三", "PERSON"), ("李四", "PERSON")} <= set(found)
    assert not any("在新疆" in t for t, _ in found)
    assert not any(label == "GOAL" for _, label in found)


def test_an_international_research_station_is_a_project_and_a_bare_joint_lab_no_body(
        matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find(
        "嫦娥六号任务的成功为探月工程四期和国际月球科研站建设奠定了基础。联合实验室将推动量子计算研究。将建立野外科研站。")]
    assert ("国际月球科研站", "PROJECT") in found
    assert not any(t in {"联合实验室", "野外科研站"} for t, _ in found)


def test_a_count_of_provinces_is_no_place_jointly_built_centres_and_counted_zones(
        matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find(
        "重庆、四川两省市协同建设西部科学城。与四川天府新区共建成渝综合性科学中心。全省已建成省级以上海洋牧场示范区169处。")]
    assert ("成渝综合性科学中心", "GOAL") in found
    assert not any(t.endswith("两省市") or t == "上海" or label == "PROJECT" for t, label in found)


def test_a_first_of_its_kind_description_before_the_plants_own_name_of_the_same_kind() -> None:
    found = ents_with_model("我国首座商用第四代核电站石岛湾高温气冷堆核电站投入商业运行\n\n"
                            "由中国华能集团有限公司、清华大学共同建设的山东荣成石岛湾高温气冷堆核电站示范工程正式投入商业运行。")
    assert [t for t, label in found if label == "PROJECT"] == ["石岛湾高温气冷堆核电站", "山东荣成石岛湾高温气冷堆核电站示范工程"]


def test_a_crossing_named_by_its_two_cities_and_a_national_innovation_zone_as_a_place(
        matcher: EntityRuleMatcher) -> None:
    found = ents_with_model("交通运输部：深中通道建成通车\n\n深圳至中山跨江通道（深中通道）正式建成通车。深中通道是世界级跨海集群工程。"
                            "北京市发布中关村国家自主创新示范区发展规划。")
    assert {("深中通道", "PROJECT"), ("中关村国家自主创新示范区", "LOC")} <= set(found)
    assert not any(t.endswith("集群工程") for t, _ in found)


def test_a_national_campaign_a_regional_government_department_and_a_service_zone() -> None:
    found = ents_with_model("国家卫生健康委等部门印发健康中国行动实施意见。推进健康中国建设。"
                            "香港特别行政区政府财政司司长陈茂波表示欢迎。深圳前海深港现代服务业合作区扩区。")
    assert {("健康中国行动", "PROJECT"), ("健康中国", "GOAL"), ("香港特别行政区政府财政司", "ORG"),
            ("深圳前海深港现代服务业合作区", "LOC")} <= set(found)


def test_two_fields_joined_in_a_projects_name_provinces_bodies_after_a_list_and_a_head_of_state(
        matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find(
        "国家地震烈度速报与预警工程通过验收。四川、云南等省地震局参与建设。国家主席习近平出席。")]
    assert ("国家地震烈度速报与预警工程", "PROJECT") in found
    assert not any(t in {"省地震局", "国家"} for t, _ in found)
    found = [(t, label) for t, label, _ in matcher.find("运动员杨璞和14号选手出场。")]
    assert not any(label == "PROJECT" for _, label in found)


def test_a_cluster_of_data_centres_is_a_work_not_a_body() -> None:
    found = ents_with_model("中卫市数据中心集群已建成美团、中国移动通信集团有限公司等大型数据中心15个。")
    assert [(t, label) for t, label in found if t.startswith("中卫市数据中心")] == [("中卫市数据中心集群", "PROJECT")]
    assert ("中国移动通信集团有限公司", "ORG") in found


def test_a_fund_raised_in_phases_is_one_company_and_clusters_are_no_places() -> None:
    found = ents_with_model("国家集成电路产业投资基金二期股份有限公司（简称“大基金二期”）已于2019年10月注册成立。"
                            "国家规划了张家口集群、芜湖集群等10个国家数据中心集群。")
    assert ("国家集成电路产业投资基金二期股份有限公司", "ORG") in found
    assert ("张家口", "LOC") in found
    assert not any(t in {"集群", "股份有限公司"} for t, _ in found)


def test_belt_and_road_railways_and_a_quoted_base_being_built_are_projects() -> None:
    found = ents_with_model("由中国交建承建的蒙内铁路全长480公里。雅万高铁全线通车。省内铁路网不断完善。"
                            "教育部、中国工程院联合启动“国家卓越工程师实践基地”建设。各地启动“智慧港口”建设。")
    assert {("蒙内铁路", "PROJECT"), ("雅万高铁", "PROJECT"), ("国家卓越工程师实践基地", "PROJECT")} <= set(found)
    assert not any(t in {"省内铁路", "智慧港口"} for t, _ in found)


def test_a_company_before_its_line_owns_it_and_sections_and_transfer_names_are_no_names() -> None:
    found = ents_with_model("国家石油天然气管网集团有限公司西气东输四线工程（吐鲁番—中卫段）开工建设。"
                            "工程建成后，将与西气东输二线、三线联合运行。")
    assert {("国家石油天然气管网集团有限公司", "ORG"), ("西气东输四线工程", "PROJECT")} <= set(found)
    assert not any(t in {"中卫段", "西气东"} for t, _ in found)


def test_a_journal_after_its_description_and_a_quoted_brand() -> None:
    found = ents_with_model("该成果发表在国际权威学术期刊《物理评论快报》上。三方将联合打造全新高端智能汽车品牌“阿维塔”。")
    assert not any("《" in t for t, _ in found)
    assert not any(label == "PERSON" for _, label in found)


def test_beijing_time_inspection_teams_and_courts_nationwide_name_nothing() -> None:
    found = ents_with_model("北京时间11月29日23时08分，火箭点火发射。中央第三生态环境保护督察组向河南省反馈督察情况。"
                            "督察组指出，问题突出。2021年，全国法院共受理环境资源一审案件297492件。")
    assert ("中央第三生态环境保护督察组", "ORG") in found
    assert not any(t in {"北京", "督察组", "全国法院"} for t, _ in found)


def test_a_white_paper_in_title_marks_is_no_body_but_a_newspaper_is() -> None:
    found = ents_with_model("最高人民法院发布《中国环境资源审判（2021）》白皮书。据《人民日报》报道。")
    assert ("人民日报", "ORG") in found
    assert not any("审判" in t and label == "ORG" for t, label in found)


def test_a_city_becoming_a_centre_of_a_kind_is_a_goal() -> None:
    found = ents_with_model("标志着上海建设亚洲医学中心城市取得新进展。成都加快建设国家中心城市。")
    assert {("亚洲医学中心城市", "GOAL"), ("国家中心城市", "GOAL")} <= set(found)
    assert not any(label == "ORG" for _, label in found)


def test_zones_two_sides_share_rocket_models_and_a_satellite_named_after_an_observatory() -> None:
    found = ents_with_model("广东将推动河套深港科技创新合作区、横琴粤澳深度合作区建设。横琴粤澳深度合作区管理委员会成立。"
                            "我国使用长征二号丁运载火箭，成功将先进天基太阳天文台卫星“夸父一号”发射升空。")
    assert {("河套深港科技创新合作区", "LOC"), ("横琴粤澳深度合作区", "LOC"), ("横琴粤澳深度合作区管理委员会", "ORG"),
            ("长征二号丁", "PROJECT"), ("夸父一号", "PROJECT")} <= set(found)
    assert not any(t.endswith("天文台") for t, _ in found)


def test_strong_international_influence_is_no_power() -> None:
    found = ents_with_model("努力建成具有较强国际影响力的高水平自由贸易港。加快建设海洋强国。")
    assert [t for t, label in found if label == "GOAL"] == ["海洋强国"]


def test_an_airport_after_its_city_with_its_zone_and_a_body_aspired_to() -> None:
    found = ents_with_model("北京大兴国际机场临空经济区建设全面展开。北京大兴国际机场投运。北京故宫游客众多。"
                            "中国石化将加快打造中国第一氢能公司。")
    assert {("北京大兴国际机场临空经济区", "LOC"), ("北京大兴国际机场", "LOC"), ("故宫", "LOC"),
            ("中国第一氢能公司", "GOAL")} <= set(found)


def test_a_document_title_may_quote_a_programme() -> None:
    found = ents_with_model("上海市科学技术委员会关于组织申报2023年度上海市“科技创新行动计划”项目的通知")
    assert ("关于组织申报2023年度上海市“科技创新行动计划”项目的通知", "POLICY") in found


def test_a_private_hospital_is_a_kind_of_body() -> None:
    found = ents_with_model("戈麦斯儿童医院作为私立医院收治病人。")
    assert ("戈麦斯儿童医院", "ORG") in found
    assert not any(t == "私立医院" for t, _ in found)


def test_a_country_and_a_kind_of_work_name_nothing_and_a_double_region_is_one_place() -> None:
    found = ents_with_model("中国电建签约巴基斯坦水电站项目。该项目位于巴基斯坦开伯尔-普什图省，装机容量80万千瓦。")
    assert ("开伯尔-普什图省", "LOC") in found
    assert not any(t.startswith("巴基斯坦水电站") for t, _ in found)


def test_a_joint_lab_in_quotes_a_provinces_power_and_a_first_of_kind_before_a_dash() -> None:
    found = ents_with_model("腾讯公司与清华大学宣布共同成立“清华大学—腾讯互联网创新技术联合实验室”。"
                            "项目将为江苏打造交通强省提供有力支撑。要增强省级统筹能力。"
                            "由江苏交通控股有限公司投资建设的国内首条智能网联汽车测试专用高速公路——苏州至台州高速公路正式开通。")
    assert {("清华大学—腾讯互联网创新技术联合实验室", "ORG"), ("交通强省", "GOAL"),
            ("苏州至台州高速公路", "PROJECT")} <= set(found)
    assert not any(t.startswith("国内首条") for t, _ in found)


def test_a_space_stations_module_a_world_class_city_and_a_journal_in_title_marks() -> None:
    found = ents_with_model("搭载问天实验舱的长征五号B遥三运载火箭成功发射。双方合作将助力长春打造世界级汽车城。"
                            "相关成果发表于《科学》杂志。市政府发布长江新城建设规划。")
    assert {("问天实验舱", "PROJECT"), ("世界级汽车城", "GOAL"), ("科学", "ORG"),
            ("长江新城建设规划", "POLICY")} <= set(found)


def test_a_three_character_name_before_a_visit_and_a_two_character_one_before_an_emphasis() -> None:
    found = ents_with_model("武汉市委书记郭元强调研光谷。外交部长王毅强调研究问题。")
    assert {("郭元强", "PERSON"), ("王毅", "PERSON")} <= set(found)


def test_a_facility_after_its_category_a_zone_after_a_verb_and_a_reactor_unit() -> None:
    found = ents_with_model("国家重大科技基础设施高海拔宇宙线观测站（LHAASO）近日通过国家验收。"
                            "双方同意共同推进深港科技创新合作区建设。"
                            "国家电力投资集团有限公司山东海阳核电站3号机组开工。")
    assert {("高海拔宇宙线观测站", "PROJECT"), ("深港科技创新合作区", "LOC"), ("山东海阳核电站3号机组", "PROJECT")} <= set(found)
    assert not any(t.startswith(("国家重大科技基础设施", "推进")) or t.endswith("3号") for t, _ in found)


def test_a_notice_issuing_a_plan_gives_the_plan_else_the_notice() -> None:
    found = ents_with_model("江苏省人民政府关于印发江苏省“十四五”科技创新规划的通知\n\n市政府办公厅关于印发2023年工作要点的通知")
    assert {("江苏省“十四五”科技创新规划", "POLICY"), ("关于印发2023年工作要点的通知", "POLICY")} <= set(found)
    assert not any(t.startswith("关于印发江苏省") for t, _ in found)


def test_facilities_listed_before_their_kind_and_a_high_ground_of_influence() -> None:
    found = ents_with_model("目前，硬 X 射线自由电子激光装置、上海光源二期等重大科技基础设施建设进展顺利。"
                            "已建成鹏城实验室，以及散裂中子源、国家超级计算广州中心等一批重大科技基础设施。"
                            "上海将全力打造具有全球影响力的集成电路产业创新高地。")
    assert {("硬 X 射线自由电子激光装置", "PROJECT"), ("上海光源二期", "PROJECT"), ("散裂中子源", "PROJECT"),
            ("国家超级计算广州中心", "ORG"), ("具有全球影响力的集成电路产业创新高地", "GOAL")} <= set(found)


def test_a_special_cooperation_zone_is_one_place() -> None:
    assert ("深汕特别合作区", "LOC") in ents_with_model("项目位于深汕特别合作区，总投资约 200 亿元。")


def test_spreading_a_law_an_original_plan_and_a_brand_number_name_nothing_more() -> None:
    found = ents_with_model("要大力宣传残疾人保障法。宣传策划部经理高军说。次洛原计划凌晨2时出发。"
                            "如同橡胶铁心轮号名“骆驼牌”。明明工程建设应由小到大。")
    assert {("残疾人保障法", "POLICY"), ("宣传策划部", "ORG")} <= set(found)
    assert not any(label == "PROJECT" for _, label in found)


def test_opening_a_school_and_inviting_a_minister_end_the_name_before_them() -> None:
    found = ents_with_model("1983年，云霄县政府开设干部职工业余学校。北京大学特邀国家体育总局局长伍绍祖出席。")
    assert {("云霄县政府", "ORG"), ("国家体育总局", "ORG")} <= set(found)
    assert not any("开设" in t or "特邀" in t for t, _ in found)


def test_a_quoted_target_to_become_is_a_goal_but_not_a_quoted_platform() -> None:
    found = ents_with_model("未来努力在四川盆地建成“川渝天然气大庆”。合肥打造“中国声谷”。打造“一网通办”平台。"
                            "打造“浙里办”等数字化改革标志性成果。")
    assert {("川渝天然气大庆", "GOAL"), ("中国声谷", "GOAL")} <= set(found)
    assert not any(t in {"一网通办", "浙里办", "大庆"} for t, _ in found)


def test_an_innovative_country_is_a_national_goal() -> None:
    found = ents_with_model("为建设创新型国家提供有力支撑。到2035年跻身创新型国家前列。")
    assert {("创新型国家", "GOAL"), ("创新型国家前列", "GOAL")} <= set(found)


def test_a_hospital_named_with_he_a_campaign_to_turn_around_and_a_designation_of_a_kind() -> None:
    found = ents_with_model("华中科技大学同济医学院附属协和医院等单位入选。中国排协和大连市人民政府主办。打好种业翻身仗。"
                            "国家卫生健康委推进国家医学中心建设。他打了一场翻身仗。")
    assert {("华中科技大学同济医学院附属协和医院", "ORG"), ("中国排协", "ORG"), ("大连市人民政府", "ORG"),
            ("种业翻身仗", "PROJECT")} <= set(found)
    assert not any(t in {"国家医学中心", "一场翻身仗"} for t, _ in found)


def test_a_park_found_later_covers_the_models_shorter_place() -> None:
    found = ents_with_model("基本完成长城国家文化公园建设保护任务。长城国家文化公园涉及北京、天津。")
    assert found.count(("长城国家文化公园", "LOC")) == 2
    assert ("长城", "LOC") not in found


def test_a_quoted_research_project_after_its_kind_and_a_first_batch_is_no_project() -> None:
    found = ents_with_model("中国科学院光电技术研究所承担的国家重大科研装备研制项目“超分辨光刻装备研制”近日通过验收。"
                            "国家能源局发布首批能源领域首台（套）重大技术装备项目。")
    assert ("超分辨光刻装备研制", "PROJECT") in found
    assert not any(t.startswith("首批") for t, _ in found)


def test_a_place_propagated_is_no_place_inside_a_lookalike_word() -> None:
    found = ents_with_model("以上海为中心，带动长三角发展。以上海洋经济为例。")
    assert found.count(("上海", "LOC")) == 1


def test_a_national_strategy_is_a_policy_and_one_named_by_a_goal_gives_the_goal() -> None:
    found = ents_with_model("为深入实施创新驱动发展战略，加快建设科技强省。深入实施科教兴国战略、人才强国战略。")
    assert {("创新驱动发展战略", "POLICY"), ("科教兴国战略", "POLICY"), ("人才强国", "GOAL"), ("科技强省", "GOAL")} <= set(found)
    assert not any(t == "人才强国战略" for t, _ in found)


def test_railways_through_chengdu_and_along_the_river_and_a_space_station_read_as_a_place() -> None:
    found = ents_with_model("国家发展改革委批复沪渝蓉高铁武汉至宜昌段可行性研究报告。沿江高铁是重要组成部分。“天宫课堂”第三课开讲。")
    assert {("沪渝蓉高铁", "PROJECT"), ("沿江高铁", "PROJECT")} <= set(found)
    assert ("天宫", "LOC") not in found


def test_a_national_bureau_named_by_a_plain_field_is_a_body() -> None:
    found = ents_with_model("国家数据局10月25日正式揭牌。国家数据局局长刘烈宏表示。")
    assert found.count(("国家数据局", "ORG")) == 2


def test_a_bureau_named_after_a_national_goal_is_a_body() -> None:
    found = ents_with_model("国家乡村振兴局发布通知。全面推进乡村振兴。国际原子能机构总干事表示。")
    assert {("国家乡村振兴局", "ORG"), ("乡村振兴", "GOAL"), ("国际原子能机构", "ORG")} <= set(found)


def test_the_reform_commission_and_a_citys_political_consultative_conference() -> None:
    found = ents_with_model("中央全面深化改革委员会召开会议。上海市政协主席表示支持。要全面深化改革。")
    assert {("中央全面深化改革委员会", "ORG"), ("上海市政协", "ORG")} <= set(found)


def test_national_works_strategies_and_navigation_systems() -> None:
    found = ents_with_model("推进退耕还林还草工程建设。推进长江经济带发展战略。实施西电东送工程。北斗三号全球卫星导航系统建成。"
                            "中国南水北调集团有限公司成立。要发展战略性新兴产业。")
    assert {("退耕还林还草工程", "PROJECT"), ("长江经济带发展战略", "POLICY"), ("西电东送工程", "PROJECT"),
            ("北斗三号全球卫星导航系统", "PROJECT"), ("中国南水北调集团有限公司", "ORG")} <= set(found)
    assert not any(label == "POLICY" and t.startswith("发展战略") for t, label in found)


def test_a_quoted_big_science_facility_after_its_kind() -> None:
    found = ents_with_model("上海交通大学获批建设国家重大科技基础设施“转化医学国家重大科技基础设施（上海）”。依托大科学装置“上海光源”开展研究。")
    assert {("转化医学国家重大科技基础设施（上海）", "PROJECT"), ("上海光源", "PROJECT")} <= set(found)


def test_names_in_parts_joined_by_a_dot_before_speech_or_a_list_mark(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find("阿里木江·买买提表示，新疆将加快发展。艾尔肯·吐尼亚孜、雪克来提·扎克尔出席。"
                                                      "主办的“科创中国·技术交易券商培育与赋能计划”全国巡回培训。")]
    assert {("阿里木江·买买提", "PERSON"), ("艾尔肯·吐尼亚孜", "PERSON"), ("雪克来提·扎克尔", "PERSON")} <= set(found)
    assert not any(label == "PERSON" and "科创" in t for t, label in found)


def test_conventions_are_no_policies_and_a_redline_drawn_is_no_longer_goal() -> None:
    found = ents_with_model("经《湿地公约》秘书处批准。全国共划定生态保护红线面积约315万平方公里。")
    assert ("生态保护红线", "GOAL") in found
    assert not any(label == "POLICY" or t == "秘书处" for t, label in found)


def test_a_park_named_after_carbon_neutrality_holds_no_goal() -> None:
    found = ents_with_model("推进宝武碳中和产业园、临港氢能产业园等重点项目建设。宝武将力争2050年实现碳中和。")
    assert [t for t, label in found if label == "GOAL"] == ["2050年实现碳中和"]


def test_a_wholly_owned_subsidiary_is_no_name_before_the_subsidiarys_own(matcher: EntityRuleMatcher) -> None:
    found = [(t, label) for t, label, _ in matcher.find("中国石化全资子公司中国石化销售股份有限公司发布公告。")]
    assert ("中国石化销售股份有限公司", "ORG") in found
    assert not any(t.endswith("全资子公司") for t, _ in found)


def test_a_first_industrial_park_and_a_world_class_industrial_base() -> None:
    found = ents_with_model("远景科技集团在内蒙古鄂尔多斯建设的全球首个零碳产业园近日建成投运。"
                            "零碳产业园的建成将助力鄂尔多斯打造世界级新能源产业基地。")
    assert {("全球首个零碳产业园", "PROJECT"), ("世界级新能源产业基地", "GOAL")} <= set(found)


def test_a_limited_liability_company_before_its_phase_is_one_project_name() -> None:
    assert ents("长江存储科技有限责任公司二期项目日前在武汉东湖新技术开发区开工。")[0] == (
        "长江存储科技有限责任公司二期项目", "PROJECT")


def test_a_plainly_described_work_right_after_its_owner_company_is_a_project() -> None:
    assert ents_with_model("中国宝武钢铁集团有限公司所属新疆八一钢铁有限公司富氢碳循环高炉示范项目日前正式投运。") == [
        ("中国宝武钢铁集团有限公司", "ORG"), ("新疆八一钢铁有限公司", "ORG"), ("富氢碳循环高炉示范项目", "PROJECT")]
    assert ents("国家能源集团风电项目开工。") == [("国家能源集团", "ORG")]  # a kind of energy work: no name


def test_a_kind_of_energy_work_is_no_project() -> None:
    assert ents("标志着全球在建规模最大、技术难度最高的水电工程全面投产。") == []


def test_a_demonstration_line_is_a_project() -> None:
    assert ("京津冀氢能重卡示范线路", "PROJECT") in ents("双方合作建设的京津冀氢能重卡示范线路日前开通运营。")


def test_a_county_after_its_province_swallows_the_models_shorter_place() -> None:
    assert ("湖北丹江口", "LOC") in ents_with_model("7月7日，南水北调中线引江补汉工程在湖北丹江口开工建设。")


def test_a_quoted_role_a_place_is_to_take_is_a_goal() -> None:
    assert ("中国存储之都", "GOAL") in ents("武汉将加快打造具有全球影响力的“中国存储之都”。")
    assert ("全球低空经济第一城", "GOAL") in ents("深圳将加快建设“全球低空经济第一城”。")
    assert not any(label == "GOAL" for _, label in ents("加快建设“一带一路”。"))


def test_a_person_of_a_less_common_surname_after_a_title() -> None:
    assert ("傅卫", "PERSON") in ents_with_model("国家卫生健康委基层卫生健康司司长傅卫介绍，各地要以县域为单位。")


def test_a_builders_own_name_holds_jianshe_and_a_verb_of_use_ends_before_a_name() -> None:
    found = ents("工程由华能山东石岛湾核电有限公司、中国核工业建设股份有限公司和清华大学共同建设，"
                 "采用上海电气风电集团股份有限公司提供的风电机组。")
    assert [t for t, label in found if label == "ORG"] == [
        "华能山东石岛湾核电有限公司", "中国核工业建设股份有限公司", "清华大学", "上海电气风电集团股份有限公司"]
    assert not any(label == "ORG" for _, label in ents_with_model("项目由该院承担EPC总承包。"))


def test_words_ending_in_bu_and_money_set_aside_are_no_names() -> None:
    assert ents("这是全国首部数字经济地方性法规。") == []
    assert ents("省级财政将设立山区26县发展专项资金，每年安排资金。") == []


def test_a_company_in_its_short_form_with_gongsi_before_its_project() -> None:
    assert ents("国家电网公司白鹤滩—浙江特高压直流工程竣工投产") == [
        ("国家电网公司", "ORG"), ("白鹤滩—浙江特高压直流工程", "PROJECT")]


def test_site_codes_in_brackets_inside_a_projects_name() -> None:
    assert ("江苏如东800兆瓦（H6、H10）海上风电项目", "PROJECT") in ents(
        "中国三峡新能源（集团）股份有限公司投资建设的江苏如东800兆瓦（H6、H10）海上风电项目日前并网。")
    assert not any(label == "PROJECT" for _, label in ents("北京（海淀、朝阳）项目启动。"))


def test_an_action_plan_with_its_years_in_brackets_is_a_project() -> None:
    assert ents("中关村科技园区管理委员会日前发布《中关村人工智能大模型产业发展行动计划（2024—2026年）》。")[-1] == (
        "中关村人工智能大模型产业发展行动计划（2024—2026年）", "PROJECT")


def test_a_headline_on_many_projects_starting_names_no_project() -> None:
    found = ents("成渝地区双城经济圈建设重大项目集中开工\n\n四川省、重庆市日前举行成渝地区双城经济圈建设重大项目集中开工活动。")
    assert not any(label == "PROJECT" for _, label in found)


def test_a_high_speed_railway_is_a_project_and_riding_one_names_none() -> None:
    assert ents("成渝中线高铁由中国国家铁路集团有限公司出资建设。")[0] == ("成渝中线高铁", "PROJECT")
    assert ents("乘坐高铁出行。") == [] and ents("全国高铁营业里程。") == []
    assert ents("中国空间站全面建成。") == [("中国空间站", "PROJECT")]  # China's own station is a name


def test_a_government_body_before_a_missions_name_is_its_owner() -> None:
    assert ents("中国气象局风云三号G星投入业务运行") == [("中国气象局", "ORG"), ("风云三号G星", "PROJECT")]


def test_a_campaign_of_three_years_and_a_verb_done_well_before_a_name() -> None:
    assert ("安全生产治本攻坚三年行动", "PROJECT") in ents("应急管理部部署安全生产治本攻坚三年行动。")
    assert ("中华文明探源工程", "PROJECT") in ents("要实施好中华文明探源工程，为建设中华民族现代文明提供支撑。")


def test_a_model_organisation_titling_a_yearly_report_and_listed_companies_are_no_bodies() -> None:
    found = ents_with_model("最高人民法院6月5日发布《中国环境资源审判（2023）》白皮书。截至目前，科创板上市公司达573家。")
    assert [t for t, label in found if label == "ORG"] == ["最高人民法院"]


def test_the_kind_of_company_a_company_turns_into_is_no_body() -> None:
    assert not any(label == "ORG" for _, label in ents("长安将加快向智能低碳出行科技公司转型。"))


def test_a_titles_first_words_are_no_person() -> None:
    assert not any(label == "PERSON" for _, label in ents_with_model("海南省委常委、常务副省长表示，海南将确保如期封关。"))


def test_a_developers_name_holds_its_investing_and_building() -> None:
    assert ("上海东方枢纽投资建设发展集团有限公司", "ORG") in ents(
        "上海机场（集团）有限公司、上海东方枢纽投资建设发展集团有限公司参与开发建设。")


def test_a_project_named_after_a_body_the_model_found_elsewhere() -> None:
    found = ents_with_model("中国宝武将在鄂投资建设武钢绿色低碳冶金示范项目。宝武将把武钢建设成为绿色低碳发展的排头兵。")
    assert ("武钢绿色低碳冶金示范项目", "PROJECT") in found


def test_an_elliptical_lists_items_are_projects_named_in_full() -> None:
    rec = extract_text("三峡集团表示，乌东德水电站与白鹤滩、溪洛渡、向家坝、三峡、葛洲坝水电站共同构成世界最大清洁能源走廊。")
    projects = [(e["text"], e["canonical"], e["rule"]) for e in rec["entities"] if e["label"] == "PROJECT"]
    assert ("白鹤滩", "白鹤滩水电站", "project.elliptical") in projects
    assert ("三峡", "三峡水电站", "project.elliptical") in projects
    assert ("葛洲坝水电站", "葛洲坝水电站", "project.head") in projects
    assert ("奉贤", "奉贤海上风电场") in {(e["text"], e["canonical"]) for e in
                                      extract_text("公司将推进建设奉贤、南汇、金山海上风电场。")["entities"]}


def test_no_elliptical_reading_of_lists_of_works_named_in_full_or_of_common_words() -> None:
    for text in ("长江三峡、大亚湾核电站、京九铁路等重点工程都用上了这些产品。", "在为灾区、希望工程捐款时。",
                 "北京林业大学、中国地质大学（北京）4所高校和北京大学人民医院雄安院区项目开工。", "工程分为一期、二期工程。"):
        assert not any(e["rule"] == "project.elliptical" for e in extract_text(text)["entities"]), text


def test_a_power_named_by_a_long_field_is_whole() -> None:
    assert ents("为建设社会主义现代化强国提供有力支撑。") == [("社会主义现代化强国", "GOAL")]


def test_a_bracketed_source_lines_outlet_and_words_around_yuan_and_eponyms() -> None:
    found = ents_with_model("标题\n\n正文内容很长。\n（来源：央视新闻客户端）\n")
    assert ("央视新闻客户端", "ORG") in found
    assert ents_with_model("贵州省人民政府与中国科学院日前签署新一轮院省合作协议。") == [
        ("贵州省人民政府", "ORG"), ("中国科学院", "ORG")]
    assert not any(label == "PERSON" for _, label in ents_with_model("“九章三号”处理高斯玻色取样的速度大幅提升。"))


def test_idioms_holding_a_citys_name_and_counted_places_are_no_places() -> None:
    assert ents("要让人民群众幸福安康，确保社会长治久安，各位来宾出席。") == []
    assert ("黄河长治", "LOC") not in ents_with_model("助力实现黄河长治久安。")
    assert ents("山西长治、陕西安康两市签约。") == [("山西长治", "LOC"), ("陕西安康", "LOC")]


def test_two_provinces_side_by_side_are_two_places() -> None:
    assert ents("浙江四川东西部协作签约。") == [("浙江", "LOC"), ("四川", "LOC")]
    assert ents("江苏泰州和中国北京") == [("江苏泰州", "LOC"), ("中国北京", "LOC")]


def test_a_two_character_surname_takes_two_given_characters_before_a_title() -> None:
    assert ("欧阳明高", "PERSON") in ents_with_model("清华大学化工系欧阳明高院士担任院长。")
    assert ("欧阳修", "PERSON") in ents_with_model("欧阳修《醉翁亭记》写道。")


def test_a_quoted_programme_named_with_a_verb_before_its_head() -> None:
    assert ("原创探索计划", "PROJECT") in ents("国家自然科学基金委员会启动“原创探索计划”。")
    assert not any(label == "PROJECT" for _, label in ents("要“坚决打赢攻坚战”。"))


def test_a_company_named_for_launching_and_two_works_joined_by_ji() -> None:
    assert ("海南国际商业航天发射有限公司", "ORG") in ents("海南商业航天发射场由海南国际商业航天发射有限公司投资建设。")
    assert ents("部署“三北”防护林体系建设工程六期工程暨黄河“几字弯”攻坚战。") == [
        ("“三北”防护林体系建设工程六期工程", "PROJECT"), ("黄河“几字弯”攻坚战", "PROJECT")]


def test_a_name_is_one_kind_of_thing_in_one_article() -> None:
    rec = extract_text("火箭在海南商业航天发射场点火升空。这是海南商业航天发射场的首次发射任务。"
                       "海南商业航天发射场由海南国际商业航天发射有限公司投资建设。")
    labels = {e["label"] for e in rec["entities"] if e["text"] == "海南商业航天发射场"}
    assert labels == {"LOC"}


def test_a_system_by_its_own_name_and_kind() -> None:
    rec = extract_text("北斗三号全球卫星导航系统运行稳定。北斗系统由中国科学院微小卫星创新研究院等单位研制。")
    assert ("北斗系统", "北斗三号全球卫星导航系统") in {(e["text"], e["canonical"]) for e in rec["entities"]}
    assert ("中国科学院微小卫星创新研究院", "participates_in", "北斗三号全球卫星导航系统") in {
        (r["head"], r["relation"], r["tail"]) for r in rec["relations"]}


def test_unnamed_and_national_kinds_of_bodies_and_places_that_are_no_persons() -> None:
    assert not any(label == "ORG" for _, label in ents("经查，昆明某化工有限公司、曲靖市某煤业公司等3家企业存在违法行为。"))
    assert ents("科技部公布2023年度全国重点实验室名单，电力设备电气绝缘全国重点实验室获批。") == [
        ("科技部", "ORG"), ("电力设备电气绝缘全国重点实验室", "ORG")]
    assert ents("江苏省省长许昆林作政府工作报告。") == [("江苏省", "LOC"), ("许昆林", "PERSON")]
    assert ents("规划已获国务院批复。") == [("国务院", "ORG")]
    assert not any(label == "PROJECT" for _, label in ents("今年江苏将重点推进十大工程。"))


def test_a_dotted_foreign_name_after_a_title_and_regions_of_plains() -> None:
    assert ("阿敏·纳瑟尔", "PERSON") in ents("沙特阿美总裁兼首席执行官阿敏·纳瑟尔表示，这是重要投资。")
    assert ("汾渭平原", "LOC") in ents("推进京津冀及周边地区、汾渭平原等重点区域大气污染防治。")
    assert ("山东电力建设第三工程有限公司", "ORG") in ents("该项目由中国电建下属的山东电力建设第三工程有限公司承建。")


def test_a_centre_of_global_influence_is_a_goal_without_the_verb_before_it() -> None:
    assert ("具有全球影响力的产业科技创新中心", "GOAL") in ents("加快建设具有全球影响力的产业科技创新中心。")
    assert ("全球创新策源地", "GOAL") in ents("重点实验室建设将为浙江打造全球创新策源地提供支撑。")


def test_a_first_industrial_park_is_named_to_its_end() -> None:
    assert ("全国首个省级氢能产业园区", "PROJECT") in ents("全国首个省级氢能产业园区在张家口揭牌。")


def test_a_mission_after_its_programme_and_no_name_after_sui() -> None:
    found = ents("探月工程嫦娥六号任务取得圆满成功。国际合作方的载荷随嫦娥六号完成探测任务。")
    assert ("嫦娥六号", "PROJECT") in found and ("探月工程", "PROJECT") in found
    assert not any(name.startswith(("探月工程嫦娥", "载荷")) for name, _ in found)
    assert ents("湖北随州市政府") == [("湖北随州市政府", "ORG")]


def test_works_named_with_the_kind_of_work_before_their_head() -> None:
    assert ("农网巩固提升工程", "PROJECT") in ents("国家电网启动新一轮农网巩固提升工程。")
    assert ("大熊猫国家公园生态廊道建设项目", "PROJECT") in ents("四川启动大熊猫国家公园生态廊道建设项目。")
    assert not any(label == "PROJECT" for _, label in ents("要加快推进建设项目。要统筹推进修复工程。"))


def test_parks_trade_names_and_no_grid_or_global_bodies() -> None:
    assert ("大熊猫国家公园", "LOC") in ents("推进大熊猫国家公园建设。")
    assert ("九期一", "PROJECT") in ents("批准甘露特钠胶囊（商品名“九期一”）上市。")
    assert ents("长安汽车将投资建设全球研发中心。启动新一轮农网改造。") == [("长安汽车", "ORG")]


def test_places_counted_as_works_of_one_kind_are_each_such_a_work() -> None:
    rec = extract_text("由中国长江三峡集团有限公司建设运营的乌东德、白鹤滩、溪洛渡、向家坝、三峡、葛洲坝6座梯级水电站构成清洁能源走廊。")
    projects = {(e["text"], e["canonical"]) for e in rec["entities"] if e["label"] == "PROJECT"}
    assert ("乌东德", "乌东德水电站") in projects and ("葛洲坝", "葛洲坝水电站") in projects
    assert not any(e["rule"] == "project.elliptical" for e in extract_text("全省共有3座水电站。")["entities"])


def test_concepts_named_like_governments_and_names_holding_qi() -> None:
    assert ents("签署数字政府建设合作协议，推进法治政府建设。") == []
    assert ("内蒙古库布其沙漠鄂尔多斯中北部新能源基地", "PROJECT") in ents(
        "12月1日，内蒙古库布其沙漠鄂尔多斯中北部新能源基地项目开工建设。")


def test_a_company_by_its_brand_and_trade_before_a_verb_of_its_own() -> None:
    assert ("金风科技", "ORG") in ents("由三峡集团与金风科技联合研制的风电机组并网。")
    assert ("长安汽车", "ORG") in ents("两江新区管委会与长安汽车签署合作协议，长安汽车将在两江新区投资。")
    for text in ("要发展新能源汽车和金融科技，与智能汽车企业合作，和黑科技。", "构建科技、产业、金融、人才体系。",
                 "把五金化工、机电汽车等大生意做到了国外。"):
        assert not any(label == "ORG" for _, label in ents(text)), text


def test_quoted_campaigns_carried_out_and_a_districts_quoted_vision() -> None:
    assert ("“万人助万企”活动", "PROJECT") in ents("河南省委、省政府在全省开展“万人助万企”活动。")
    assert not any(label == "PROJECT" for _, label in ents("举办“世界读书日”活动。"))
    assert ents("双方将共同推进“数字南山”建设。") == [("数字南山", "GOAL")]


def test_a_facility_after_the_institute_running_it_and_a_zone_before_its_park() -> None:
    found = ents("中国科学院合肥物质科学研究院全超导托卡马克核聚变实验装置（EAST）实现稳态运行。")
    assert {("中国科学院合肥物质科学研究院", "ORG"), ("全超导托卡马克核聚变实验装置", "PROJECT")} <= set(found)
    found = ents("国家超级计算广州中心“天河二号”升级改造项目通过验收。")
    assert {("国家超级计算广州中心", "ORG"), ("“天河二号”升级改造项目", "PROJECT")} <= set(found)
    assert ("宁波杭州湾新区", "LOC") in ents_with_model("推动宁波杭州湾新区新能源汽车产业园建设。")


def test_organising_committees_and_a_city_before_its_mayor() -> None:
    assert ents("杭州第19届亚运会组委会发布赛事筹备进展。杭州市市长姚高员表示。") == [
        ("杭州第19届亚运会组委会", "ORG"), ("杭州市", "LOC"), ("姚高员", "PERSON")]


def test_an_amount_of_farmland_to_build_is_a_goal_and_a_bridge_closing_is_no_place() -> None:
    assert ents("到2030年，全国将累计建成12亿亩高标准农田。") == [("12亿亩高标准农田", "GOAL")]
    assert not any(t == "合龙" for t, _ in ents_with_model("福厦高铁泉州湾跨海大桥日前顺利合龙。"))


def test_a_universitys_department_is_one_body_and_systems_are_none() -> None:
    found = ents("浙江大学彭华新教授团队与复旦大学高分子科学系合作。北京大学物理系教授王明表示。")
    assert {("复旦大学高分子科学系", "ORG"), ("北京大学物理系", "ORG")} <= set(found)
    for text in ("要完善科学技术体系，加强与大学的联系。", "北京大学系列讲座开讲。"):
        assert not any(t.endswith("系") for t, _ in ents(text)), text


def test_a_provinces_vision_before_its_being_built() -> None:
    assert ("美丽北京", "GOAL") in ents("提出到2035年美丽北京基本建成。")


def test_a_first_of_its_kind_project_named_whole_and_not_said_of_a_named_one() -> None:
    assert ("我国首个海上风电制氢示范项目", "PROJECT") in ents("由三峡集团投资建设的我国首个海上风电制氢示范项目在福建投运。")
    assert not any(label == "PROJECT" for _, label in ents("这是我国首个万吨级光伏绿氢示范项目，由某公司负责建设。"))
    rec = extract_text("我国首座海上二氧化碳封存示范工程投用\n\n我国首个海上二氧化碳封存示范工程在南海投用。")
    assert len({e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"}) == 1


def test_a_crossing_after_a_function_word() -> None:
    assert ("深中通道", "PROJECT") in ents("由中交一公局集团有限公司承建的深中通道项目，日前实现全线贯通。")


def test_large_models_by_their_names_not_kinds() -> None:
    found = ents("百度发布文心大模型4.0。华为推出盘古大模型，发展行业大模型和多模态大模型。各地积极发展人工智能大模型。")
    assert [t for t, label in found if label == "PROJECT"] == ["文心大模型", "盘古大模型"]


def test_no_verb_before_a_hospital_no_count_of_hospitals_and_a_goal_after_jianshe_chengwei() -> None:
    found = ents("国家卫生健康委设置首都医科大学附属北京天坛医院为国家神经疾病医学中心。已在全国200余家医院推广应用。")
    assert ("首都医科大学附属北京天坛医院", "ORG") in found
    assert not any(t.startswith(("设置", "全国")) for t, _ in found)
    assert ("具有全球影响力的创新策源地", "GOAL") in ents("把光谷科技创新大走廊建设成为具有全球影响力的创新策源地。")


def test_an_academy_institute_by_its_short_name() -> None:
    found = ents("中科院微电子所等研制成功新型存储芯片。中科院化学所和中科院所属单位、中科院等科研院所参加。")
    assert [t for t, label in found if label == "ORG"] == ["中科院微电子所", "中科院化学所", "中科院", "中科院"]
    rec = extract_text("中科院微电子所等研制成功新型存储芯片\n\n中国科学院微电子研究所刘明院士团队研制成功新型存储芯片。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"中国科学院微电子研究所"}


def test_a_field_of_carbon_technology_is_no_goal() -> None:
    assert ents("联盟将围绕碳中和技术开展联合攻关。") == []
    assert ents("助力实现碳中和。") == [("碳中和", "GOAL")]


def test_a_subsidiary_named_after_its_parents_full_name_is_whole() -> None:
    assert ("国家电力投资集团有限公司黄河上游水电开发有限责任公司", "ORG") in ents(
        "由国家电力投资集团有限公司黄河上游水电开发有限责任公司等企业投资建设。")


def test_a_central_enterprises_numbered_bureau_is_one_name() -> None:
    assert ("中交第一航务工程局有限公司", "ORG") in ents("中交第一航务工程局有限公司承担施工。")
    assert ("中铁第一勘察设计院集团有限公司", "ORG") in ents("中铁第一勘察设计院集团有限公司承担设计。")


def test_a_programmes_first_project_to_start_is_no_first_of_its_kind() -> None:
    found = ents("引江补汉工程是南水北调后续工程首个开工项目。")
    assert [t for t, label in found if label == "PROJECT"] == ["引江补汉工程", "南水北调后续工程"]
    assert ("我国首个海上风电制氢示范项目", "PROJECT") in ents("我国首个海上风电制氢示范项目投产。")


def test_stations_venues_and_campuses_being_built_are_works() -> None:
    assert ("雄安城际站", "LOC") in ents_with_model("由中国雄安集团有限公司投资建设的雄安城际站已投入使用。")  # as airports
    assert ("国家高山滑雪中心", "PROJECT") in ents("国家高山滑雪中心位于北京市延庆区，由北京北控京奥建设有限公司投资建设。")
    found = ents("北京交通大学雄安校区、北京协和医院雄安院区已开工建设。")
    assert found == [("北京交通大学雄安校区", "PROJECT"), ("北京协和医院雄安院区", "PROJECT")]
    assert ents("该站由国家电网投资建设。") == [("国家电网", "ORG")]  # an anaphor, no name


def test_a_station_the_model_reads_as_a_body_is_a_work_where_a_rule_reads_it_so() -> None:
    found = ents_with_model("考察队将在罗斯海新站开展建设工作。罗斯海新站由中国电建集团华东勘测设计研究院有限公司设计。")
    assert [label for t, label in found if t == "罗斯海新站"] == ["PROJECT", "PROJECT"]


def test_service_centres_are_named_by_their_place_not_their_kind() -> None:
    assert ents("雄安商务服务中心项目全面竣工。") == [("雄安商务服务中心项目", "PROJECT")]
    assert ents("其中，仅南岗区社区服务中心提供的家政服务。一座社区服务中心落成了。") == [("南岗区社区服务中心", "ORG")]


def test_building_a_body_named_in_full_is_a_work() -> None:
    found = ents("包头稀土研究院承担的国家稀土功能材料创新中心建设项目通过验收。")
    assert ("国家稀土功能材料创新中心建设项目", "PROJECT") in found
    assert ents("要加快推进研究中心建设项目。") == []


def test_a_brand_and_trade_after_its_parents_qixia() -> None:
    assert ("丰翼科技", "ORG") in ents("顺丰集团旗下丰翼科技与深圳大学联合开展研究。")


def test_state_grid_units_joined_by_he_are_no_one_name() -> None:
    assert not any("和" in t for t, _ in ents("国家电网公司所属国网江苏电力和国网浙江电力完成任务。"))


def test_named_actions_and_quoted_campaigns_launched() -> None:
    assert ("县域商业体系建设行动", "PROJECT") in ents("商务部会同财政部实施的县域商业体系建设行动已覆盖1000余个县。")
    assert ("“以旧换新”专项活动", "PROJECT") in ents("京东集团推出“以旧换新”专项活动。")
    assert ents("各地开展专项行动。要采取有力行动。") == []


def test_a_numbered_expedition_is_a_project() -> None:
    found = ents("自然资源部在上海举行中国第40次南极考察队出征仪式。我国第13次北极科学考察圆满完成。")
    assert [t for t, label in found if label == "PROJECT"] == ["中国第40次南极考察", "第13次北极科学考察"]


def test_a_product_by_a_word_and_a_model_number() -> None:
    found = ents("中国航发商发负责研制配套的长江-1000A发动机。公司将加快推进C929宽体客机研制。")
    assert ("长江-1000A", "PROJECT") in found and ("C929", "PROJECT") in found


def test_a_first_vehicle_plant_is_no_first_vehicle() -> None:
    assert not any(label == "PROJECT" for _, label in ents("该工厂是比亚迪在欧洲的首个乘用车生产基地。"))
    assert ("全国首个单池万卡液冷算力集群", "PROJECT") in ents("中国电信上海公司建成全国首个单池万卡液冷算力集群。")


def test_urban_renewal_in_a_name_and_as_a_national_action() -> None:
    found = ents("广州市城市更新集团有限公司负责投资运营。住房城乡建设部推进城市更新行动。")
    assert found == [("广州市城市更新集团有限公司", "ORG"), ("住房城乡建设部", "ORG"), ("城市更新行动", "PROJECT")]
    assert ents("北京市教育委员会开展课后服务质量提升行动。") == [("北京市教育委员会", "ORG")]


def test_white_papers_are_no_policies() -> None:  # ANNOTATION.md: reports, white papers are not POLICY
    found = ents("国务院新闻办公室发布《新时代的中国绿色发展》白皮书。上海市经信委编制《产业技术创新白皮书（2020）》。")
    assert not any(label == "POLICY" for _, label in found)


def test_a_plants_numbered_unit_is_no_mission() -> None:
    found = ents("巴基斯坦卡拉奇核电站2号机组投入运行。神舟十八号发射成功。")
    assert [t for t, label in found if label == "PROJECT"] == ["巴基斯坦卡拉奇核电站2号机组", "神舟十八号"]


def test_a_research_action_with_its_responsible_units() -> None:
    assert ("储能技术攻关行动", "PROJECT") in ents("（三）实施储能技术攻关行动。（责任单位：省科技厅）")


def test_a_computing_centre_is_a_facility_and_its_kind_no_name() -> None:
    assert ents("双方将共同建设江西省人工智能计算中心。") == [("江西省人工智能计算中心", "PROJECT")]
    assert ents("建设一批大型数据中心和智算中心。庆阳数据中心集群开工。") == [("庆阳数据中心集群", "PROJECT")]


def test_a_congress_named_with_its_term_is_the_congress() -> None:
    found = ents("十四届全国人大常委会第十二次会议表决通过新修订的《中华人民共和国矿产资源法》。")
    assert ("全国人大常委会", "ORG") in found


def test_an_authority_named_after_its_work_is_a_body() -> None:
    found = ents("港珠澳大桥管理局12月3日发布数据。港珠澳大桥由粤港澳三地政府共同出资建设。")
    assert found == [("港珠澳大桥管理局", "ORG"), ("港珠澳大桥", "PROJECT")]  # 三地政府: a count, no name


def test_facilities_listed_after_a_verb_and_a_facility_opening_a_clause() -> None:
    found = ents("合肥综合性国家科学中心已建成全超导托卡马克核聚变实验装置、稳态强磁场实验装置等大科学装置。"
                 "聚变堆主机关键系统综合研究设施由中国科学院合肥物质科学研究院承建。")
    assert [t for t, label in found if label == "PROJECT"] == [
        "全超导托卡马克核聚变实验装置", "稳态强磁场实验装置", "聚变堆主机关键系统综合研究设施"]


def test_a_net_zero_goal_and_no_single_plant_kind() -> None:
    found = ents("项目建成后将成为全球最大的单体光伏电站，助力阿联酋实现2050年净零排放目标。")
    assert [(t, label) for t, label in found if label in {"GOAL", "PROJECT"}] == [("2050年净零排放", "GOAL")]


def test_a_construction_office_a_world_class_university_and_river_chiefs() -> None:
    assert ("郑州市轨道交通建设管理办公室", "ORG") in ents("郑州市轨道交通建设管理办公室12月5日介绍。")
    assert ents("学校将加快建设世界一流大学。") == [("世界一流大学", "GOAL")]
    assert not any("河长制" in t for t, _ in ents_with_model("江苏省全面推行河长制湖长制。"))


def test_a_report_to_a_congress_is_no_body_and_a_name_before_xi_is_a_name() -> None:
    assert not any(label == "ORG" and "会议" in t for t, label in ents(
        "四川省省长施小琳在四川省第十四届人民代表大会第三次会议上作政府工作报告。"))
    assert ("张伟", "PERSON") in ents_with_model("（张伟系国家管网集团董事长）")


def test_pipelines_transfer_lines_and_first_pilot_lines() -> None:
    found = ents("加快推进西气东输四线、川气东送二线等重大工程建设。中俄东线天然气管道全线贯通。"
                 "仁烁光能已在苏州建成全球首条全钙钛矿叠层组件中试线。")
    assert {"西气东输四线", "中俄东线天然气管道", "全球首条全钙钛矿叠层组件中试线"} <= {t for t, label in found
                                                                               if label == "PROJECT"}


def test_no_work_for_a_forging_of_a_unit_a_batch_of_zones_or_a_superlative() -> None:
    assert not any(label == "PROJECT" for _, label in ents("中国一重研制的全球首台核电机组一体化顶盖锻件成功下线。"))
    assert not any(label == "PROJECT" for _, label in ents("生态环境部公布第八批国家生态文明建设示范区名单。"))
    found = ents("珠江口隧道全长13.69公里，是世界最长水下高铁隧道之一。深江铁路由广东粤东城际铁路有限公司负责建设。")
    assert [t for t, label in found if label == "PROJECT"] == ["珠江口隧道", "深江铁路"]


def test_the_programme_a_flagship_work_belongs_to_is_no_name_of_the_work() -> None:
    # the programme is a project of its own (the held-out gold marks it), the flagship work is the railway; no
    # 一带一路旗舰项目 or the like is a name
    assert ents("蒙内铁路是共建“一带一路”的旗舰项目。") == [("蒙内铁路", "PROJECT"), ("一带一路", "PROJECT")]


def test_a_law_code_and_no_ministry_in_a_count_of_laws() -> None:
    found = ents("全国人大常委会审议生态环境法典草案，将现行10部生态环境领域法律整合为一部法典。编纂生态环境法典是重要举措。")
    assert [(t, label) for t, label in found if label != "ORG" or t != "全国人大常委会"] == [
        ("生态环境法典", "POLICY"), ("生态环境法典", "POLICY")]


def test_two_known_bodies_side_by_side_are_two() -> None:
    found = ents("中共中央 国务院印发《交通强国建设纲要》")
    assert [t for t, label in found if label == "ORG"] == ["中共中央", "国务院"]


def test_a_citys_metropolis_goal() -> None:
    assert ("社会主义现代化国际大都市", "GOAL") in ents("上海要加快建成社会主义现代化国际大都市。")


def test_a_facility_with_a_latin_letter_and_before_its_milestone_date() -> None:
    found = ents("张江实验室牵头建设的硬X射线自由电子激光装置取得进展。上海高重复频率硬X射线自由电子激光装置12月5日实现首次出光。")
    assert [t for t, label in found if label == "PROJECT"] == ["硬X射线自由电子激光装置", "上海高重复频率硬X射线自由电子激光装置"]


def test_a_citys_role_the_model_reads_as_a_place_is_a_goal() -> None:
    found = ents_with_model("洋山港四期自动化码头吞吐量创新高\n\n上海市交通委员会副主任蔡冀表示，上海将加快建设智慧港口，"
                            "巩固上海国际航运中心地位，力争到2025年基本建成国际航运中心。")
    assert ("上海国际航运中心", "GOAL") in found
    assert not any(label == "GOAL" for _, label in ents_with_model("发布新华·波罗的海国际航运中心发展指数报告。"))


def test_lianhe_inside_an_exchanges_name() -> None:
    assert ("上海联合产权交易所有限公司", "ORG") in ents("上海联合产权交易所有限公司控股。")


def test_an_oil_field_the_model_reads_as_a_body_is_a_place_and_no_kind_of_work() -> None:
    found = ents_with_model("塔里木油田富满油田是我国最大的超深油田，由塔里木油田公司负责开发建设。")
    assert ("塔里木油田公司", "ORG") in found and not any(t.endswith("油田") for t, label in found if label == "ORG")
    assert [t for t, label in ents("三北工程是我国重大生态工程。") if label == "PROJECT"] == ["三北工程"]


def test_a_governments_big_data_centre_is_a_body() -> None:
    assert ents("上海市大数据中心发布数据。") == [("上海市大数据中心", "ORG")]


def test_a_first_of_its_kind_a_clause_says_its_subject_is_describes_it() -> None:
    found = ents("该电站由大连恒流储能电站有限公司投资建设，是国家能源局批准的首个国家级大型化学储能示范项目。")
    assert not any(label == "PROJECT" for _, label in found)
    found = ents("由国网电动汽车公司投资、国网智慧能源交通技术创新中心负责研发的国内首艘纯电池动力集装箱船开工。")
    assert ("国内首艘纯电池动力集装箱船", "PROJECT") in found


def test_a_power_station_the_model_reads_as_a_body_is_a_work() -> None:
    found = ents_with_model("研发的全钒液流电池储能系统在大连液流电池储能调峰电站成功应用。")
    assert ("大连液流电池储能调峰电站", "PROJECT") in found


def test_units_counted_are_no_name_and_a_superlative_base_no_units_name() -> None:
    assert not any(label == "PROJECT" for _, label in ents("规划建设6台百万千瓦级核电机组。"))
    found = ents("全球最大“华龙一号”核电基地漳州核电2号机组投产。福建漳州核电2号机组正式投入商业运行。")
    assert [t for t, label in found if label == "PROJECT" and "机组" in t] == ["福建漳州核电2号机组"]


def test_a_model_number_after_its_kind_before_its_nickname_or_its_maker() -> None:
    found = ents("水陆两栖飞机AG600完成取证试飞。AG600“鲲龙”完成试飞。AG600由中航通用飞机有限责任公司研制。")
    assert [t for t, label in found if label == "PROJECT"] == ["AG600", "AG600", "AG600"]


def test_quoted_campaigns_side_by_side_and_a_farmland_amount_after_its_land() -> None:
    found = ents("浙江将实施“扩中”“提低”行动，到2030年建成高标准农田6000万亩。")
    assert ("扩中", "PROJECT") in found and ("提低", "PROJECT") in found
    assert ("高标准农田6000万亩", "GOAL") in found
    assert ents("将实施“提低”行动。") == [("“提低”行动", "PROJECT")]


def test_a_reactor_designs_name_keeps_he_but_a_list_of_countries_is_cut() -> None:
    found = ents("在英国和爱尔兰政府的压力下。国和一号是我国三代核电技术。")
    assert ("爱尔兰政府", "ORG") in found and ("国和一号", "PROJECT") in found


def test_a_law_after_a_verb_of_changing_it_and_no_count_of_books_or_bare_committee() -> None:
    assert ents("要修改现行著作权法。著录仅存一部。成立编纂工作委员会。") == [("著作权法", "POLICY")]


def test_a_numbered_department_is_a_body_a_count_of_books_is_none() -> None:
    found = ents("中央文献研究室二部主任表示。著录仅存一部。破坏犯罪分子的犯罪计划。")
    assert found == [("中央文献研究室二部", "ORG")]


def test_xianxing_inside_a_police_units_name() -> None:
    assert ("刑警现行大队", "ORG") in ents_with_model("一是突出检查刑警现行大队、巡警机动大队。")


def test_a_smaller_area_right_after_an_administrative_chain_is_one_place() -> None:
    # ANNOTATION.md: the longest name (山西省忻州市); the chain may end in a county, a prefecture or a 地区
    assert ("广东省阳江市阳西县沙扒镇", "LOC") in ents_with_model("项目位于广东省阳江市阳西县沙扒镇附近海域。")
    assert ("新疆阿克苏地区库车市", "LOC") in ents_with_model("项目位于新疆阿克苏地区库车市。")
    assert ("内蒙古鄂尔多斯市杭锦旗", "LOC") in ents_with_model("项目位于内蒙古鄂尔多斯市杭锦旗。")
    # a landmark or a region of no administration after the chain stays apart
    found = ents_with_model("会场设在北京市海淀区中关村。")
    assert ("北京市海淀区", "LOC") in found and ("北京市海淀区中关村", "LOC") not in found


def test_a_name_starts_after_a_verb_of_handing_over_or_building_up() -> None:
    assert ("中国科学院深海科学与工程研究所", "ORG") in ents("潜水器将交付中国科学院深海科学与工程研究所，开展科考应用。")
    assert ("国际月球科研站", "PROJECT") in ents("嫦娥八号将与嫦娥七号共同构建国际月球科研站基本型。")
    assert ("白鹤滩水电站", "PROJECT") in ents("工程起于电源点白鹤滩水电站，止于江苏苏州。")


def test_an_institutes_short_name_before_and_is_a_complete_name() -> None:
    found = ents("西安光机所与西北工业大学、西安交通大学等高校签订合作协议。")
    assert ("西北工业大学", "ORG") in found and ("西安光机所与西北工业大学", "ORG") not in found
    assert ("中国科学院深海科学与工程研究所", "ORG") in ents("中国科学院深海科学与工程研究所开展科考。")  # 与 inside


def test_kinds_of_bridge_and_a_lines_ends_are_no_places_and_a_verb_starts_no_work() -> None:
    found = ents_with_model("福厦高铁北起福州，南至厦门，正线全长277公里。全线共建有泉州湾跨海大桥，主桥为斜拉桥。")
    assert ("泉州湾跨海大桥", "PROJECT") in found
    assert not any(name in {"南至", "正线", "斜拉桥", "有泉州湾跨海大桥"} for name, _ in found)
    assert not any(label == "PROJECT" for _, label in ents("这是我国第一条跨海高铁，标志着福建沿海地区正式迈入高铁时代。"))


def test_a_river_commission_by_its_short_name() -> None:
    assert ents("黄委会主任出席会议，长江委、淮委负责人发言。") == [
        ("黄委会", "ORG"), ("长江委", "ORG"), ("淮委", "ORG")]


def test_a_count_of_parks_names_none_and_two_parks_joined_by_and_are_two() -> None:
    assert ents("我国正式设立首批 5 个国家公园，遴选出 49 个国家公园候选区。") == []
    assert ents("首批国家公园包括海南热带雨林国家公园和武夷山国家公园。") == [
        ("海南热带雨林国家公园", "LOC"), ("武夷山国家公园", "LOC")]


def test_a_drafts_mark_in_brackets_is_no_part_of_the_law() -> None:
    assert ents("国家林草局已起草《国家公园法（草案）》。")[-1] == ("国家公园法", "POLICY")
    assert ents("印发《林木种子生产经营许可证管理办法（试行）》。")[-1] == ("林木种子生产经营许可证管理办法（试行）", "POLICY")


def test_a_ministrys_department_whose_name_holds_a_verb() -> None:
    assert ("农业农村部农田建设管理司", "ORG") in ents("农业农村部农田建设管理司司长郭永田表示。")
    assert ents("水利部规划计划司负责人介绍。") == [("水利部规划计划司", "ORG")]  # no programme 规划计划


def test_crossings_named_by_their_places_or_the_water_they_cross() -> None:
    assert [t for t, label in ents("规划明确加快建设深中通道、黄茅海跨海通道，推进狮子洋通道等项目前期工作。")
            if label == "PROJECT"] == ["深中通道", "黄茅海跨海通道", "狮子洋通道"]
    assert ents("打通内河航运通道，畅通物流通道。") == []


def test_a_place_a_line_meets_without_the_direction_and_a_body_after_its_owner() -> None:
    found = ents_with_model("深中通道位于珠江口，东接深圳，西连中山。会上，部属中国地质调查局作交流发言。")
    assert ("中山", "LOC") in found and ("西连中山", "LOC") not in found
    assert ("中国地质调查局", "ORG") in found


def test_a_quote_listing_two_goals_gives_each() -> None:
    assert ents("三峡集团将坚定不移落实“碳达峰、碳中和”目标。")[-2:] == [("碳达峰", "GOAL"), ("碳中和", "GOAL")]
    assert ents("实现“双碳”目标。") == [("双碳", "GOAL")]


def test_a_work_named_in_quotes_before_its_kind_is_its_quoted_name() -> None:
    assert ents("“东数西算”工程正式全面启动。") == [("东数西算", "PROJECT")]
    assert ents("上海将实施“光伏+”工程。")[-1] == ("光伏+", "PROJECT")
    assert ("国土“三调”", "PROJECT") in ents("国土“三调”工作全面完成。")  # a name with words before its quotes


def test_well_known_companies_by_their_brand() -> None:
    found = ents("中国移动、中国电信等基础电信企业和华为、腾讯等科技企业纷纷在当地布局建设。")
    assert ("华为", "ORG") in found and ("腾讯", "ORG") in found
    assert ("北京东郊列车试验场", "LOC") in ents_with_model("列车在北京东郊列车试验场试验。")  # no 京东 inside a word
    assert ents("改革的浪潮席卷全国。") == []  # a brand that is a common word is no brand of the table


def test_sizes_and_verbs_before_a_kind_of_facility_name_none() -> None:
    assert ents("推动新建大型、超大型数据中心电能利用效率降到1.25以下，优化数据中心建设布局。") == []


def test_places_a_corridor_covers_start_after_the_verb() -> None:
    found = ents("长三角G60科创走廊涵盖上海市松江区，途经浙江省嘉兴市。")
    assert ("上海市松江区", "LOC") in found and ("浙江省嘉兴市", "LOC") in found


def test_a_big_science_facility_before_a_milestone_or_said_to_be_one() -> None:
    assert ("空间环境地面模拟装置", "PROJECT") in ents(
        "国家重大科技基础设施——空间环境地面模拟装置在哈尔滨通过国家验收。")
    assert ("硬X射线自由电子激光装置", "PROJECT") in ents("位于上海张江科学城的硬X射线自由电子激光装置迎来关键节点。")
    assert ents("污水处理装置完成改造。") == []  # a kind of equipment, no facility's name


def test_a_brand_alone_begins_a_works_name_and_a_group_before_it_owns_it() -> None:
    assert ("华能石岛湾高温气冷堆核电站示范工程", "PROJECT") in ents("华能石岛湾高温气冷堆核电站示范工程首次并网发电。")
    assert ("白鹤滩水电站", "PROJECT") in ents("三峡集团白鹤滩水电站全部投产。")


def test_becoming_a_world_centre_and_a_new_power_system_are_goals() -> None:
    assert ents("到2030年成为世界主要人工智能创新中心。") == [("世界主要人工智能创新中心", "GOAL")]
    assert ("新型电力系统", "GOAL") in ents("加快构建以新能源为主体的新型电力系统。")
    assert ents("新型电力系统技术创新联盟成立。") == [("新型电力系统技术创新联盟", "ORG")]


def test_a_craft_named_in_quotes_after_its_kind_and_a_rockets_flight() -> None:
    assert ("“雪龙2”号", "PROJECT") in ents("极地科考破冰船“雪龙2”号抵达南极。")
    assert ("ICUBE-Q", "PROJECT") in ents("巴基斯坦立方星“ICUBE-Q”由上海交通大学研制。")
    assert ("长征五号遥八", "PROJECT") in ents("嫦娥六号由长征五号遥八运载火箭发射升空。")


def test_a_company_after_its_kind_and_a_count_or_size_of_plants_is_no_body() -> None:
    assert ents("双方将在合资企业江淮大众汽车有限公司中提升股比。") == [("江淮大众汽车有限公司", "ORG")]
    assert ents("新建12英寸晶圆厂。") == []
    assert ("中国企业联合会", "ORG") in ents("中国企业联合会发布榜单。")


def test_a_quoted_work_before_a_kind_of_work_and_a_periods_works_are_no_name() -> None:
    assert ("西电东送", "PROJECT") in ents("这是国家“西电东送”重点工程，起于四川。")
    assert not any(label == "PROJECT" for _, label in ents("实施“十四五”重大工程，加快“十四五”规划重大工程建设。"))


def test_a_hospital_stay_is_no_body_and_a_ministers_rare_surname() -> None:
    assert ents("该疗法可使高风险新冠门诊患者住院或死亡风险降低。") == []
    assert ("怀进鹏", "PERSON") in ents("教育部部长怀进鹏出席。")


def test_a_regions_named_development_is_a_goal_and_its_plan_a_policy() -> None:
    assert ents("推动京津冀协同发展和长三角一体化发展。") == [("京津冀协同发展", "GOAL"), ("长三角一体化发展", "GOAL")]
    assert ents("《成渝地区双城经济圈建设规划纲要》印发。") == [("成渝地区双城经济圈建设规划纲要", "POLICY")]


def test_a_body_after_受_or_a_kind_of_investor() -> None:
    assert ents("受重庆市人民政府委托作报告。") == [("重庆市人民政府", "ORG")]
    assert ("愿景集团", "ORG") in ents("引入社会资本愿景集团参与更新。")


def test_border_towns_the_model_reads_as_bodies_or_cuts_short_are_places() -> None:
    found = ents_with_model("中欧班列经阿拉山口、霍尔果斯、二连浩特、满洲里等口岸出境。")
    assert {("霍尔果斯", "LOC"), ("二连浩特", "LOC"), ("满洲里", "LOC")} <= set(found)


def test_a_numbered_central_document_a_former_name_and_central_groups() -> None:
    assert ents("今年中央一号文件提出，要确保粮食安全。") == [("中央一号文件", "POLICY")]
    assert ("北京农业大学", "ORG") in ents("中国农业大学（前身北京农业大学）培养了大批人才。")
    assert ("掖单13号", "PROJECT") in ents("李登海团队先后育成掖单13号等品种。")
    assert ents("遗传工程研究取得进展。") == []


def test_metro_lines_by_number_after_their_citys_system() -> None:
    rec = extract_text("深圳地铁12号线、14号线同日开通运营。其中，12号线全长40公里，由中国中铁股份有限公司投资建设。",
                       statistical_ner=False)
    lines = {(e["text"], e["canonical"]) for e in rec["entities"] if e["label"] == "PROJECT"}
    assert lines == {("深圳地铁12号线", "深圳地铁12号线"), ("14号线", "深圳地铁14号线"), ("12号线", "深圳地铁12号线")}
    assert ("中国中铁股份有限公司", "invests_in", "深圳地铁12号线") in {
        (r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert ents("生产线3号线投产。") == []


def test_a_regions_party_committee_is_a_body_of_its_own() -> None:
    rec = extract_text("广西壮族自治区党委书记刘宁宣布项目开工。")
    assert ("广西壮族自治区党委", "中国共产党广西壮族自治区委员会") in {
        (e["text"], e["canonical"]) for e in rec["entities"] if e["label"] == "ORG"}


def test_a_new_town_after_its_city_is_one_place_and_an_intergovernmental_body_no_government() -> None:
    assert ("福州市滨海新城", "LOC") in ents_with_model("该医院位于福州市滨海新城。")
    assert not any(label == "ORG" for _, label in ents("全球第二个政府间天文组织总部设在曼彻斯特。"))


def test_a_bodys_party_group_is_the_body_and_a_provinces_party_committee_its_own() -> None:
    found = {e["text"] for e in extract_text("中国记协党组书记出席。黄河街道党委书记徐庆玲介绍。")["entities"]
             if e["label"] == "ORG"}
    assert {"中国记协", "黄河街道"} <= found and not any(name.endswith(("党组", "党委")) for name in found)


def test_a_brand_inside_a_body_the_model_names_does_not_cut_it() -> None:
    found = ents_with_model("中兴通讯工会组织职工活动。")
    assert ("中兴通讯工会", "ORG") in found and ("中兴通讯", "ORG") not in found


def test_a_built_works_own_name_leaves_the_word_project_out(matcher: EntityRuleMatcher) -> None:
    # 大桥, 基地 already say what the work is; 项目 after them only calls it one (示范项目 is part of a name)
    assert names(matcher, "江苏交控投资建设的常泰长江大桥项目开工。", "PROJECT") == ["常泰长江大桥"]
    assert names(matcher, "库布其沙漠鄂尔多斯中北部新能源基地项目开工。", "PROJECT") == ["库布其沙漠鄂尔多斯中北部新能源基地"]
    assert names(matcher, "新疆库车绿氢示范项目投产。", "PROJECT") == ["新疆库车绿氢示范项目"]
    assert names(matcher, "此次开通的线路均属深圳市城市轨道交通四期工程。", "PROJECT") == ["深圳市城市轨道交通四期工程"]
    record = extract_text("“中巴经济走廊”首个水电投资项目卡洛特水电站投入运营。")
    assert [e["text"] for e in record["entities"] if e["label"] == "PROJECT"] == ["中巴经济走廊", "卡洛特水电站"]


def test_bank_branches_are_bodies_of_their_own(matcher: EntityRuleMatcher) -> None:
    text = "国家开发银行江苏省分行牵头，联合中国工商银行江苏省分行组建银团，建行雨湖支行国药城储蓄所参与。"
    assert names(matcher, text, "ORG") == ["国家开发银行江苏省分行", "中国工商银行江苏省分行", "建行雨湖支行国药城储蓄所"]
    assert names(matcher, "各分行要代理行使部分行政职能。", "ORG") == []


def test_place_suffixes_and_heads_inside_other_words_name_nothing(matcher: EntityRuleMatcher) -> None:
    assert names(matcher, "条例是北京市城市更新领域的首部地方性法规。", "LOC") == ["北京市"]
    assert names(matcher, "福建转往外省就医的患者减少，河南转往省外就医的减少。", "LOC") == ["福建", "河南"]
    assert names(matcher, "主要生产改性工程塑料，经过筛选和工程化改造。", "PROJECT") == []
    assert names(matcher, "包括机场工程、转运中心工程，不再区分一流大学建设高校。", "ORG") == []


def test_a_headquarters_the_model_names_before_project_is_the_work() -> None:
    record = extract_text("科大讯飞人工智能研发总部项目在合肥高新区开工。")
    assert ("科大讯飞人工智能研发总部", "PROJECT") in {(e["text"], e["label"]) for e in record["entities"]}


def test_works_named_in_quotes_after_the_verb_that_builds_them() -> None:
    def projects(text: str) -> list[str]:
        return [e["text"] for e in extract_text(text)["entities"] if e["label"] == "PROJECT"]

    assert projects("由自然资源部东海局牵头建设的“东海近海海洋生态立体观测网”正式运行。") == ["东海近海海洋生态立体观测网"]
    assert projects("长江存储在武汉建设的“国家存储器基地二期”项目。") == ["国家存储器基地二期"]
    assert projects("各地加快建设的“美丽乡村”成效明显。") == []  # a slogan, no built thing
    # a verb inside the name before a body's bare kind (利用 | 中心) is a word of the name
    assert projects("上海环境集团投资建设的老港再生能源利用中心二期工程投运。") == ["老港再生能源利用中心二期工程"]
    assert projects("再就业基金是政府专项资金。") == []


def test_a_body_joining_another_by_lianhe_is_no_part_of_its_name() -> None:
    found = extract_text("观测网由自然资源部东海局联合国家海洋技术中心共同研制，联合国开发计划署参与。")["entities"]
    assert [e["text"] for e in found if e["label"] == "ORG"] == ["自然资源部东海局", "国家海洋技术中心", "联合国开发计划署"]


def test_place_and_breaker_cuts_that_are_no_cuts() -> None:
    def found(text: str) -> list[tuple[str, str]]:
        return [(e["text"], e["label"]) for e in extract_text(text)["entities"]]

    # 厦门 | 市: the place ends before 市, 门市 (a shop) is no word here
    assert ("福建省厦门市", "LOC") in found("计划在福建省厦门市正式启动。")
    # 其中 | 国家…: the breaker ends the word, no place 中国 is cut
    assert ("国家自然科学基金委员会", "ORG") in found("经费约2亿元，其中国家自然科学基金委员会资助5000万元。")
    # a work the text gives a short name of its own is a name, however plain its words
    assert ("三北防护林体系建设工程", "PROJECT") in found("攻坚战是三北防护林体系建设工程（以下简称“三北工程”）的战役之一。")


def test_offices_are_bodies_and_a_commissar_is_no_committee(matcher: EntityRuleMatcher) -> None:
    text = "劲松街道办事处牵头推进，科龙空调器有限公司驻京办事处参与，长沙市东区人武部政委出席。"
    assert names(matcher, text, "ORG") == ["劲松街道办事处", "科龙空调器有限公司驻京办事处", "长沙市东区人武部"]
    assert names(matcher, "富丽新村设立临时办事处。", "ORG") == []


def test_names_holding_china_that_name_no_place() -> None:
    found = extract_text("大众汽车集团（中国）与安徽省人民政府签署协议，当好中国式现代化的开路先锋。"
                         "要发挥中国国有企业结构调整基金二期股份有限公司的作用，国药集团中国生物旗下研究所参与。")["entities"]
    assert ("中国", "LOC") not in {(e["text"], e["label"]) for e in found}
    assert {e["canonical"] for e in found if e["label"] == "ORG"} >= {
        "大众汽车集团（中国）", "中国国有企业结构调整基金二期股份有限公司", "中国生物技术股份有限公司"}


def test_a_desert_or_grassland_after_its_name_is_the_place() -> None:
    found = extract_text("项目位于库布其沙漠腹地，毗邻锡林郭勒草原。")["entities"]
    assert [(e["text"], e["label"]) for e in found] == [("库布其沙漠", "LOC"), ("锡林郭勒草原", "LOC")]


def test_campaigns_carried_out_by_name_but_not_kinds_of_action() -> None:
    def projects(text: str) -> list[str]:
        return [e["text"] for e in extract_text(text)["entities"] if e["label"] == "PROJECT"]

    assert projects("农业农村部近日开展种业企业扶优行动。") == ["种业企业扶优行动"]
    assert projects("国资委部署推进中央企业产业焕新行动。") == ["中央企业产业焕新行动"]
    assert projects("公安部开展专项整治行动，继续开展污染防治行动。") == []


def test_a_joint_venture_named_after_its_kind_and_a_common_word_county_after_a_zone() -> None:
    found = extract_text("各方共同出资成立合资公司中芯京城集成电路制造（北京）有限公司。中芯国际与北京经开区合作建设生产线。")
    names = {(e["text"], e["label"]) for e in found["entities"]}
    assert ("中芯京城集成电路制造（北京）有限公司", "ORG") in names  # not 公司中芯京城…
    assert ("北京经开区", "LOC") in names  # not 北京经开区合作 (合作 is a county's short name too)


def test_regions_areas_and_weather_words() -> None:
    found = extract_text("工程将向长江经济带和华北地区供水，增加南水北调中线一期工程供水量。华北大部有雨。")["entities"]
    assert [(e["text"], e["label"]) for e in found] == [
        ("长江经济带", "LOC"), ("华北地区", "LOC"), ("南水北调中线一期工程", "PROJECT"), ("华北", "LOC")]


def test_a_city_after_a_macro_region_is_listed_not_narrowed() -> None:
    found = extract_text("将有效解决川东北地区广元、南充的灌溉问题，鼓励国家开发银行参与。淠史杭灌区和黄淮海地区受益。")["entities"]
    names = [(e["text"], e["label"]) for e in found]
    assert ("广元", "LOC") in names and not any(n.endswith("广元") and len(n) > 2 for n, _ in names)
    assert ("国家开发银行", "ORG") in names  # not 鼓励国家开发银行
    assert ("淠史杭灌区", "LOC") in names and ("黄淮海地区", "LOC") in names


def test_a_network_and_a_core_works_are_no_names() -> None:
    found = extract_text("李道季表示，观测网首次在近海布设微塑料采样单元。枢纽包括机场、转运中心等核心工程。")["entities"]
    assert not any(e["text"] in {"观测网", "核心工程"} for e in found)


def test_descriptions_of_a_crossing_are_no_names() -> None:
    found = extract_text("深中通道是超大型跨海交通工程，包括海中大桥和海底沉管隧道。")["entities"]
    assert [(e["text"], e["label"]) for e in found] == [("深中通道", "PROJECT")]


def test_well_known_national_programmes_by_their_one_name() -> None:
    found = extract_text("中国与希腊共建“一带一路”，西部陆海新通道建设加快，中欧班列运输协调委员会成立。")["entities"]
    assert [(e["text"], e["label"]) for e in found if e["label"] != "LOC"] == [
        ("一带一路", "PROJECT"), ("西部陆海新通道", "PROJECT"), ("中欧班列运输协调委员会", "ORG")]


def test_a_campaigns_round_is_part_of_its_name() -> None:
    found = extract_text("北大荒集团将积极参与新一轮千亿斤粮食产能提升行动。")["entities"]
    assert ("新一轮千亿斤粮食产能提升行动", "PROJECT") in {(e["text"], e["label"]) for e in found}


def test_a_strategic_action_is_a_campaign() -> None:
    found = extract_text("教育部牵头实施国家教育数字化战略行动。要推进战略行动。")["entities"]
    assert [(e["text"], e["label"]) for e in found if e["label"] == "PROJECT"] == [("国家教育数字化战略行动", "PROJECT")]


def test_setting_up_a_branch_names_no_branch(matcher: EntityRuleMatcher) -> None:
    assert names(matcher, "中国科协在湖北武汉设分会，中国化学会武汉分会成立。", "ORG") == ["中国科协", "中国化学会武汉分会"]


def test_national_food_security_is_a_goal() -> None:
    found = extract_text("北大荒集团将为保障国家粮食安全作出更大贡献。")["entities"]
    assert ("国家粮食安全", "GOAL") in {(e["text"], e["label"]) for e in found}
