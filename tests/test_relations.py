"""Every relation type on sentences of our own making, plus the issue's seed sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extraction import extract_text


def rels(text: str) -> set[tuple[str, str, str]]:
    return {(r["head"], r["relation"], r["tail"]) for r in extract_text(text, statistical_ner=False)["relations"]}


@pytest.mark.parametrize("text,expected", [
    ("由宁德时代新能源科技股份有限公司出资建设的福建霞浦储能电站示范工程正式开工。",
     ("宁德时代新能源科技股份有限公司", "invests_in", "福建霞浦储能电站示范工程")),
    ("清华大学牵头建设的雄安新区智慧能源示范工程已开工。", ("清华大学", "leads", "雄安新区智慧能源示范工程")),
    ("华为技术有限公司参与研制天宫二号。", ("华为技术有限公司", "participates_in", "天宫二号")),
    ("国家电网有限公司将全力推进碳达峰、碳中和目标。", ("国家电网有限公司", "pursues", "碳中和")),
    ("国务院印发《新一代人工智能发展规划》。", ("国务院", "issues", "新一代人工智能发展规划")),
    ("浙江大学与阿里巴巴集团签署战略合作协议。", ("浙江大学", "collaborates_with", "阿里巴巴集团")),
    ("中国科学院上海光学精密机械研究所与浙江大学开展合作。", ("中国科学院上海光学精密机械研究所", "part_of", "中国科学院")),
    ("工业和信息化部新闻发言人黄利斌介绍了有关情况。", ("黄利斌", "affiliated_with", "工业和信息化部")),
    ("合肥综合性国家科学中心位于安徽省合肥市。", ("合肥综合性国家科学中心", "located_in", "安徽省合肥市")),
])
def test_each_relation(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in rels(text)


def test_agent_construction_gives_each_actor_its_own_relation() -> None:
    found = rels("由国网电动汽车公司投资、国网智慧能源交通技术创新中心负责研发的国内首艘纯电池动力集装箱船在江苏泰州开工建造。")
    assert found == {
        ("国网电动汽车公司", "invests_in", "国内首艘纯电池动力集装箱船"),
        ("国网智慧能源交通技术创新中心", "leads", "国内首艘纯电池动力集装箱船"),
        ("国内首艘纯电池动力集装箱船", "located_in", "江苏泰州"),
    }


def test_title_chain_affiliates_with_each_organisation() -> None:
    found = rels("该船研发团队由中国工程院院士、武汉理工大学首席教授严新平领衔。")
    assert ("严新平", "affiliated_with", "中国工程院") in found
    assert ("严新平", "affiliated_with", "武汉理工大学") in found


def test_anaphora_links_the_project() -> None:
    text = "长江口南槽航道治理一期工程整体通过验收。该工程由上海航道局承建。"
    assert ("上海航道局", "leads", "长江口南槽航道治理一期工程") in rels(text)


def test_goal_without_actor_goes_to_the_article_project() -> None:
    text = "福建霞浦储能电站示范工程开工\n为实现“碳达峰”、“碳中和”目标，储能是重要领域。"
    found = rels(text)
    assert ("福建霞浦储能电站示范工程", "pursues", "碳达峰") in found


def test_relations_carry_rule_confidence_and_evidence() -> None:
    text = "开头一句。由国网电动汽车公司投资的国内首艘纯电池动力集装箱船开工。"
    rec = extract_text(text, statistical_ner=False)
    [rel] = [r for r in rec["relations"] if r["relation"] == "invests_in"]
    assert rel["rule"] == "rel.invests_in.agent" and 0 < rel["confidence"] <= 1
    ev = rel["evidence"]
    assert text[ev["start"]:ev["end"]] == ev["text"] == "由国网电动汽车公司投资的国内首艘纯电池动力集装箱船开工。"


def test_no_relation_without_a_cue() -> None:
    assert rels("清华大学和雄安新区智慧能源示范工程都在新闻里。") == set()


def test_byline_author_is_affiliated_with_the_organisation_named_at_the_end() -> None:
    text = "量子科技的机遇\n作者：王建宇\n量子通信正在走向应用。（作者系中国科学院上海技术物理研究所研究员）"
    assert ("王建宇", "affiliated_with", "中国科学院上海技术物理研究所") in rels(text)


def test_a_well_known_body_is_not_a_unit_of_a_similar_name() -> None:
    found = rels("中国石化与中国科学院大连化学物理研究所签订战略合作协议。")
    assert ("中国石油化工集团有限公司", "collaborates_with", "中国科学院大连化学物理研究所") in found
    assert not any(r == "part_of" and h == "中国石油化工集团有限公司" for h, r, _ in found)


def test_subsidiary_and_settling_in_a_place() -> None:
    found = rels("比亚迪股份有限公司旗下的弗迪电池有限公司在安徽合肥落户。")
    assert ("弗迪电池有限公司", "part_of", "比亚迪股份有限公司") in found
    assert ("弗迪电池有限公司", "located_in", "安徽合肥") in found


def test_a_policy_issued_without_a_named_actor_goes_to_the_article_organisation() -> None:
    text = "上海市经济和信息化委员会发布年度工作总结\n2月7日，紧急组织发布《关于开展征集防疫新技术新产品的通知》。"
    assert ("上海市经济和信息化委员会", "issues", "关于开展征集防疫新技术新产品的通知") in rels(text)


def test_the_builder_not_the_client_participates() -> None:
    found = rels("9月，沪东中华船厂为法国达飞海运集团建造的全球首艘23000标箱双燃料动力集装箱船命名交付。")
    assert ("沪东中华船厂", "participates_in", "全球首艘23000标箱双燃料动力集装箱船") in found
    assert not any(h == "法国达飞海运集团" and r == "participates_in" for h, r, _ in found)


def test_an_agency_on_the_source_line_is_the_article_actor_but_a_news_outlet_is_not() -> None:
    body = "2020年工作回顾\n二是与市教委签订《关于深化协同创新全面合作框架协议》。\n来源："
    assert ("上海市经济和信息化委员会", "collaborates_with", "市教委") in rels(body + "上海经信委\n")
    assert not any(r == "collaborates_with" for _, r, _ in rels(body + "新华网\n"))


def test_an_anaphor_names_the_nearest_entity_of_its_kind() -> None:
    found = rels("武汉大学与华中科技大学联合成立了长江流域生态保护研究中心，该中心落户于武汉东湖高新区。")
    assert ("长江流域生态保护研究中心", "located_in", "武汉东湖高新区") in found
    assert not any(r == "located_in" and h.endswith("大学") for h, r, _ in found)


def test_the_most_quoted_institute_is_no_main_actor_but_a_ministry_is() -> None:
    body = ("能源转型访谈\n中国科学院院士张三说，要加快研发。中国科学院研究员李四说，要集中力量。"
            "我们面对的是实现碳中和的新目标。")
    assert not any(r == "pursues" for _, r, _ in rels(body))
    ministry = ("全国自然资源工作会议召开\n会议指出，自然资源部党组深入学习。自然资源部部长讲话。"
                "要严防死守18亿亩耕地红线。")
    assert ("自然资源部", "pursues", "18亿亩耕地红线") in rels(ministry)


def test_the_main_actor_takes_part_in_what_it_carries_out_not_in_projects_that_achieve_things() -> None:
    body = ("科技工作访谈\n科技部表示，要加快攻关。科技部将部署创新链。"
            "一年来，嫦娥五号实现月球无人采样返回，“奋斗者”号成功完成万米海试。要扎实推进探月工程。")
    found = {(h, t) for h, r, t in rels(body) if r == "participates_in"}
    assert found == {("科学技术部", "探月工程")}


def test_a_place_before_the_name_in_an_attributive_clause() -> None:
    found = rels("位于合肥的中国科学技术大学国家同步辐射实验室正在建设新光源。")
    assert ("中国科学技术大学国家同步辐射实验室", "located_in", "合肥市") in found


def test_investment_words_inside_company_names_and_a_place_before_the_cue() -> None:
    found = rels("国家能源集团所属国华投资公司在内蒙古投资建设乌兰察布风电示范工程。")
    assert ("国华投资公司", "part_of", "国家能源投资集团有限责任公司") in found  # 国家能源集团, by its full name
    assert ("国华投资公司", "invests_in", "乌兰察布风电示范工程") in found


def test_the_one_who_heads_leads_and_the_partners_take_part() -> None:
    found = rels("由中国科学院牵头，联合清华大学、北京大学等单位共同承担的“量子通信网络”重大项目启动。")
    assert ("中国科学院", "leads", "量子通信网络") in found
    assert ("清华大学", "participates_in", "量子通信网络") in found
    assert ("清华大学", "leads", "量子通信网络") not in found


def test_the_sentence_component_marks_every_sentence_even_one_that_begins_with_spaces() -> None:
    from kg.pipeline import build_nlp
    from kg.split import split_sentences

    text = "生态环境部召开新闻发布会。  发言人刘友宾介绍了情况！\n科技部表示支持。"
    doc = build_nlp(statistical_ner=False)(text)
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    # spaCy keeps the first space after 。 on its token, so the second sentence starts one character later
    assert [s for s, _ in split_sentences(text)] == [0, 13, 28]
    assert sentences == [(0, 13), (14, 28), (28, len(text))]
    assert list(doc.sents)[1].text.strip().startswith("发言人")
    # the sentence boundaries leave the entities the components before them wrote
    assert {"生态环境部", "刘友宾", "科技部"} <= {e.text for e in doc.ents}


def test_a_rule_with_an_unknown_relation_is_refused_with_its_id(tmp_path: Path) -> None:
    import shutil

    from kg.lexicon import DATA_DIR
    from kg.relations import RelationRules

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "relation_rules.jsonl").open("a", encoding="utf-8") as rules:
        rules.write('{"id": "rel.funds.typo", "relation": "funds", "pattern": "{ORG}资助{PROJECT}", "confidence": 0.5}\n')
    with pytest.raises(ValueError, match=r"rel\.funds\.typo.*unknown relation 'funds'"):
        RelationRules(data)


def test_a_rule_with_a_bad_pattern_is_refused_in_one_line_with_its_id(tmp_path: Path) -> None:
    import shutil

    from kg.entities import EntityRuleMatcher
    from kg.lexicon import DATA_DIR
    from kg.relations import RelationRules

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "relation_rules.jsonl").open("a", encoding="utf-8") as rules:
        rules.write('{"id": "rel.leads.typo", "relation": "leads", "pattern": "{ORG}{G8}?负责{PROJECT}", '
                    '"confidence": 0.5}\n')
    with pytest.raises(ValueError, match=r"relation_rules\.jsonl: rule 'rel\.leads\.typo' has a bad pattern"):
        RelationRules(data)
    with (data / "entity_rules.jsonl").open("a", encoding="utf-8") as rules:
        rules.write('{"id": "org.typo", "kind": "regex", "label": "ORG", "pattern": "(?P<name>a**)", '
                    '"confidence": 0.5, "priority": 1}\n')
    with pytest.raises(ValueError, match=r"entity_rules\.jsonl: rule 'org\.typo' has a bad pattern"):
        EntityRuleMatcher(data)


def test_a_fragment_is_written_once_and_used_by_name_in_patterns(tmp_path: Path) -> None:
    import shutil

    from kg.lexicon import DATA_DIR
    from kg.relations import RelationRules

    shipped = RelationRules(DATA_DIR)
    passive = next(r for r in shipped.rules if r["id"] == "rel.invests_in.passive")
    assert "{@put_to_use_before}" in passive["pattern"]
    assert "(?<!采用)(?<!采用了)" in passive["regex"].pattern  # the fragment's guard is in the compiled regex
    assert not any(r["id"].startswith("fragment.") for r in shipped.rules)  # fragments give no facts

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "relation_rules.jsonl").open("a", encoding="utf-8") as rules:
        rules.write('{"id": "rel.leads.unknown_fragment", "relation": "leads", '
                    '"pattern": "{@no_such_guard}(?P<head>{ORG})负责(?P<tail>{PROJECT})", "confidence": 0.5}\n')
    with pytest.raises(ValueError, match=r"rule 'rel\.leads\.unknown_fragment' has a bad pattern: no fragment named "
                                         r"'no_such_guard'"):
        RelationRules(data)


def test_a_work_put_to_use_is_not_the_work_a_passive_clause_credits() -> None:
    facts = rels("福清核电站5号机组采用“华龙一号”，由中核集团负责建设。")
    assert ("中国核工业集团有限公司", "leads", "福清核电站5号机组") in facts
    assert ("中国核工业集团有限公司", "leads", "华龙一号") not in facts  # the design the unit uses


def test_each_section_note_goes_to_the_authors_of_its_own_byline() -> None:
    text = ("能源产业何处挖潜\n■庞忠和 汪集暘\n地热能产业发展迅速。\n（作者分别系中国科学院地质与地球物理研究所研究员、"
            "中国工程院院士）\n■刘中民\n煤化工技术进入快速突破期。\n（作者系中国科学院大连化学物理研究所所长，通讯员张明整理）")
    found = {(h, t) for h, r, t in rels(text) if r == "affiliated_with"}
    assert found == {("庞忠和", "中国科学院地质与地球物理研究所"), ("汪集暘", "中国工程院"),
                     ("刘中民", "中国科学院大连化学物理研究所")}


def test_a_person_with_two_titles_is_affiliated_with_the_body_before_them() -> None:
    found = rels("中国科学院副院长、党组成员张涛表示，希望更多社会资本关注科技成果转化。")
    assert ("张涛", "affiliated_with", "中国科学院") in found


def test_doctests_of_the_relations_module() -> None:
    import doctest

    import kg.relations

    failures, tried = doctest.testmod(kg.relations)
    assert tried > 0 and failures == 0


def test_persons_listed_after_a_titled_one_share_the_body_and_titles_stop_at_a_person() -> None:
    # the statistical NER finds the untitled names (钟志华, 何华武)
    text = "上海市市长龚正、中国工程院院长李晓红、工业和信息化部副部长辛国斌出席开幕式，中国工程院副院长陈左宁、钟志华、何华武出席。"
    affiliated = {(r["head"], r["tail"]) for r in extract_text(text)["relations"] if r["relation"] == "affiliated_with"}
    assert affiliated == {("李晓红", "中国工程院"), ("辛国斌", "工业和信息化部"), ("陈左宁", "中国工程院"),
                          ("钟志华", "中国工程院"), ("何华武", "中国工程院")}


def test_a_list_of_titled_roles_gives_each_body() -> None:
    text = ("在上海科学技术交流中心成果转化处处长、上海市技术转移协会常务副会长、中国技术市场协会技术经理人工作委员会副秘书长"
            "成晓建看来，上海技术交易所发起人、国家技术转移东部中心总裁谢吉华也这样说。")
    # the statistical NER finds 成晓建 (看来 is no right edge the rules know)
    affiliated = {(r["head"], r["tail"]) for r in extract_text(text)["relations"] if r["relation"] == "affiliated_with"}
    assert affiliated == {("成晓建", "上海科学技术交流中心"), ("成晓建", "上海市技术转移协会"),
                          ("成晓建", "中国技术市场协会技术经理人工作委员会"), ("谢吉华", "上海技术交易所"),
                          ("谢吉华", "国家技术转移东部中心")}


def test_a_role_with_a_long_description_ends_the_list() -> None:
    text = "中国科学院在本次活动中发挥了重要作用的有关部门负责人、科技部副部长张三出席。"
    affiliated = {(h, t) for h, r, t in rels(text) if r == "affiliated_with"}
    assert affiliated == {("张三", "科学技术部")}


def test_a_body_named_only_inside_a_units_name_is_its_parent() -> None:
    found = rels("依托上海市环境科学学会环境监测分会制定团体标准，上海市教育委员会科技发展中心主任陆震出席，"
                 "上海汽车集团股份有限公司和上海企业技术中心创新联盟参会。")
    part_of = {(h, t) for h, r, t in found if r == "part_of"}
    assert part_of == {("上海市环境科学学会环境监测分会", "上海市环境科学学会"),
                       ("上海市教育委员会科技发展中心", "上海市教育委员会")}


def test_under_the_leadership_of_a_body_is_no_leading_of_a_project() -> None:
    found = rels("在党中央坚强领导下，各地各部门围绕打好蓝天、碧水、净土保卫战，取得显著成效。")
    assert not any(r == "leads" for _, r, _ in found)


def test_an_issuing_verb_inside_a_noun_issues_nothing() -> None:
    found = rels("推动组建上海市增材制造标准化技术委员会，组织推荐30项标准制修订项目和8项长三角一体化示范项目。")
    assert not any(r == "issues" for _, r, _ in found)


def test_the_yard_a_project_is_built_at_takes_part_in_it() -> None:
    found = rels("2020年11月，中国首艘大型邮轮在上海外高桥造船有限公司迎来坞内连续搭载总装。")
    assert ("上海外高桥造船有限公司", "participates_in", "中国首艘大型邮轮") in found


def test_what_is_built_in_a_place_is_there_not_its_builder() -> None:
    found = rels("宁德时代新能源科技股份有限公司在福建宁德投资建设宁德锂电池生产基地项目。"
                 "比亚迪股份有限公司旗下的弗迪电池有限公司在安徽合肥落户。")
    located = {(h, t) for h, r, t in found if r == "located_in"}
    assert located == {("宁德锂电池生产基地", "福建宁德"), ("弗迪电池有限公司", "安徽合肥")}


def test_a_verb_of_building_is_no_part_of_the_name_after_it() -> None:
    rec = extract_text("双方将共建张江综合性国家科学中心。", statistical_ner=False)
    assert [e["text"] for e in rec["entities"]] == ["张江综合性国家科学中心"]


def test_a_party_committee_counts_as_its_body_and_a_goal_striven_for_is_pursued() -> None:
    found = rels("国务院国资委党委书记、主任郝鹏主持会议。中国宝武钢铁集团有限公司提出力争2023年实现碳达峰。")
    assert ("郝鹏", "affiliated_with", "国务院国有资产监督管理委员会") in found
    assert ("中国宝武钢铁集团有限公司", "pursues", "2023年碳达峰") in found


def test_a_project_built_in_two_places_named_together_is_in_both() -> None:
    found = rels("中芯国际集成电路制造有限公司在上海、北京建设12英寸晶圆代工生产线项目。")
    assert {t for h, r, t in found if r == "located_in" and h == "12英寸晶圆代工生产线项目"} == {"上海市", "北京市"}


def test_a_news_source_is_no_agent() -> None:
    found = rels("据新华社报道，我国自主研发的“海斗一号”全海深自主遥控潜水器完成万米深潜。")
    assert not any(h == "新华通讯社" for h, _, _ in found)


def test_a_speaker_is_no_agent_and_state_companies_go_by_their_short_names() -> None:
    text = "中国华能集团有限公司董事长舒印彪介绍，华能在内蒙古建设的鄂尔多斯配套电源项目已全面投产。三峡集团负责建设白鹤滩水电站。"
    found = rels(text)
    assert ("中国华能集团有限公司", "participates_in", "鄂尔多斯配套电源项目") in found
    assert not any(h == "舒印彪" and r != "affiliated_with" for h, r, _ in found)
    assert ("中国长江三峡集团有限公司", "leads", "白鹤滩水电站") in found


def test_a_body_pursues_each_goal_its_sentence_names_after_a_cue() -> None:
    found = rels("自然资源部将坚决守住18亿亩耕地红线，加快建设海洋强国。")
    assert {t for h, r, t in found if r == "pursues" and h == "自然资源部"} == {"18亿亩耕地红线", "海洋强国"}


def test_an_apposition_listing_roles_gives_each_body() -> None:
    # the statistical NER finds 李四 (no title before the name)
    found = extract_text("李四，现任浙江大学校长、中国科学院院士，出席了会议。")["relations"]
    assert {(r["head"], r["tail"]) for r in found if r["relation"] == "affiliated_with"} == {
        ("李四", "浙江大学"), ("李四", "中国科学院")}


def test_an_apposition_does_not_reach_past_a_bracket_into_the_next_person() -> None:
    found = rels("全国人大常委会副委员长王光英（左一）、铁道部部长傅志寰（右一）在北京观看。")
    assert ("王光英", "affiliated_with", "铁道部") not in found
    assert ("王光英", "affiliated_with", "全国人民代表大会常务委员会") in found


def test_a_parent_inside_a_name_must_read_as_a_name_alone() -> None:
    from kg.relations import RelationRules

    rules = RelationRules()
    containment = next(r for r in rules.rules if r.get("kind") == "name_containment")
    assert rules._parent_inside("国家体育总局游泳运动管理中心", containment) == "国家体育总局"
    assert rules._parent_inside("四年之后升入中央美术学院本部", containment) == "中央美术学院"


def test_a_project_in_two_places_is_in_each_and_a_body_doing_the_work_of_a_goal_pursues_it() -> None:
    found = rels("由中国长江三峡集团有限公司投资建设的白鹤滩水电站位于四川省宁南县和云南省巧家县境内。"
                 "国家能源局提出要扎实做好碳达峰、碳中和各项工作。")
    assert {t for h, r, t in found if r == "located_in" and h == "白鹤滩水电站"} == {"四川省宁南县", "云南省巧家县"}
    assert {t for h, r, t in found if r == "pursues" and h == "国家能源局"} == {"碳达峰", "碳中和"}


def test_words_holding_a_function_character_stay_in_names_and_a_body_set_up_somewhere_is_there() -> None:
    text = ("由张江实验室承建的硬X射线自由电子激光装置项目已进入设备安装阶段。该装置由上海科技大学、中国科学院上海高等研究院等单位联合建设。"
            "华为技术有限公司在青浦区建设华为研发中心。")
    found = rels(text)
    assert ("张江实验室", "leads", "硬X射线自由电子激光装置项目") in found
    assert ("中国科学院上海高等研究院", "participates_in", "硬X射线自由电子激光装置项目") in found
    assert ("华为研发中心", "located_in", "青浦区") in found


def test_bodies_joining_a_led_project_take_part_and_a_passive_agent_pursues_nothing() -> None:
    found = rels("国家自然科学基金委员会资助的“深海关键技术与装备”重点专项由中国船舶集团有限公司第七〇二研究所牵头，"
                 "哈尔滨工程大学、上海交通大学参与研发。由龙源电力集团股份有限公司承建的江苏如东海上风电制氢示范项目，"
                 "将为实现“双碳”目标作出贡献。浙江省人民政府与阿里巴巴集团签署合作备忘录，共同推进数字浙江建设。")
    project = "深海关键技术与装备重点专项"
    assert {h for h, r, t in found if r == "participates_in" and t == project} == {"哈尔滨工程大学", "上海交通大学"}
    assert ("龙源电力集团股份有限公司", "leads", "江苏如东海上风电制氢示范项目") in found
    assert ("江苏如东海上风电制氢示范项目", "pursues", "双碳") in found
    assert not any(h == "龙源电力集团股份有限公司" and r == "pursues" for h, r, _ in found)
    assert ("浙江省人民政府", "pursues", "数字浙江") in found


def test_a_team_or_government_named_after_a_country_is_no_unit_of_it() -> None:
    text = "中国3∶0胜日本。中国队主教练说，韩国政府和中国羽毛球队教练组都很重视。中国科学院沈阳自动化研究所参加。"
    rec = extract_text(text)
    assert not any(e["label"] == "ORG" and e["text"] in {"中国", "日本"} for e in rec["entities"])
    part_of = {(r["head"], r["tail"]) for r in rec["relations"] if r["relation"] == "part_of"}
    assert part_of == {("中国科学院沈阳自动化研究所", "中国科学院")}


def test_a_person_between_a_body_and_a_title_belongs_to_the_body() -> None:
    rec = extract_text("武汉理工大学严新平院士领衔的团队负责研发。潜水器在马里亚纳海沟成功坐底。")
    assert ("严新平", "affiliated_with", "武汉理工大学") in {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert ("马里亚纳海沟", "LOC") in [(e["text"], e["label"]) for e in rec["entities"]]


def test_a_team_of_named_persons_collaborates_for_its_body_and_a_standing_member_is_a_title() -> None:
    rec = extract_text("中国科学技术大学潘建伟、陆朝阳等组成的研究团队与中国科学院上海微系统与信息技术研究所合作。"
                       "“天宫二号”空间实验室由中国空间技术研究院抓总研制。记者见到了四川省委常委甘道明同志。")
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}  # the model finds the persons
    assert ("中国科学技术大学", "collaborates_with", "中国科学院上海微系统与信息技术研究所") in found
    assert ("中国空间技术研究院", "leads", "天宫二号") in found
    assert ("甘道明", "affiliated_with", "中国共产党四川省委员会") in found


def test_universities_by_short_names_and_a_building_located_where_its_investor_builds_it() -> None:
    found = rels("浦东新区人民政府与上海交大、复旦、同济签署合作协议。西岸智塔由上海西岸开发（集团）有限公司投资建设，位于徐汇滨江。")
    assert {t for h, r, t in found if h == "浦东新区人民政府" and r == "collaborates_with"} == {
        "上海交通大学", "复旦大学", "同济大学"}
    assert not any(h == "上海西岸开发（集团）有限公司" and r == "located_in" for h, r, _ in found)


def test_a_body_approving_by_way_of_is_no_issuer_and_a_legislature_passing_a_law_issues_it() -> None:
    found = rels("经国务院同意，国家发展改革委近日印发《关于完善能源绿色低碳转型体制机制和政策措施的意见》。"
                 "全国人大常委会表决通过《中华人民共和国湿地保护法》。")
    assert {(h, t) for h, r, t in found if r == "issues"} == {
        ("国家发展和改革委员会", "关于完善能源绿色低碳转型体制机制和政策措施的意见"),
        ("全国人民代表大会常务委员会", "中华人民共和国湿地保护法")}


def test_a_news_source_signs_nothing_and_the_person_in_charge_of_a_project_leads_it() -> None:
    found = rels("据新华社报道，中国商飞公司与中国东方航空集团有限公司签署购机合同。"
                 "国家重点研发计划“变革性技术关键科学问题”重点专项由北京大学承担，项目负责人为北京大学教授张锦。")
    assert not any(h == "新华通讯社" or t == "新华通讯社" for h, _, t in found)
    assert ("张锦", "leads", "国家重点研发计划变革性技术关键科学问题重点专项") in found


def test_a_body_working_with_partners_takes_part_and_a_person_heading_a_team_belongs_to_its_body() -> None:
    rec = extract_text("复旦大学王俊团队与中国科学院上海药物研究所合作，研制了新型抗病毒药物“复宁一号”。")
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}  # the model finds 王俊
    assert {h for h, r, t in found if r == "participates_in" and t == "复宁一号"} == {
        "复旦大学", "王俊", "中国科学院上海药物研究所"}
    assert ("王俊", "affiliated_with", "复旦大学") in found
    # the partners of a project merely used are no participants in it
    assert not any(r == "participates_in" for _, r, _ in rels("清华大学与北京大学合作，使用了“天河二号”超级计算机。"))


def test_a_host_leads_the_programme_it_hosts() -> None:
    found = rels("在由中国科学技术协会主办的“科创中国”行动中，多所高校参与技术交易。")
    assert ("中国科学技术协会", "leads", "科创中国行动") in found
    assert not any(r == "leads" for _, r, _ in rels("在中国科学技术协会主办的论坛上，“天问一号”团队作了报告。"))


def test_a_unit_named_by_its_company_is_part_of_it() -> None:
    found = rels("腾讯公司获批承建开放创新平台。腾讯医疗健康技术委员会主任钱天翼表示，平台已投入使用。"
                 "上海公司与上海技术研究院也参与了评审。")
    assert ("腾讯医疗健康技术委员会", "part_of", "腾讯公司") in found
    assert not any(t == "上海公司" for _, r, t in found if r == "part_of")  # a place and a company form: no brand


def test_partners_joining_a_passive_build_take_part_and_joint_ventures_collaborate() -> None:
    found = rels("“深海一号”能源站投产。该平台由中国海洋石油集团有限公司投资建设，海洋石油工程股份有限公司负责总承包，"
                 "大连船舶重工集团有限公司参与建造。比亚迪股份有限公司与丰田汽车公司成立合资公司。")
    assert ("海洋石油工程股份有限公司", "leads", "深海一号") in found
    assert ("大连船舶重工集团有限公司", "participates_in", "深海一号") in found
    assert ("比亚迪股份有限公司", "collaborates_with", "丰田汽车公司") in found


def test_an_anaphor_refers_back_never_forward() -> None:
    found = rels("该项目由华为技术有限公司负责建设。随后，“天宫二号”发射成功。")
    assert not any(t == "天宫二号" for _, r, t in found if r == "leads")


def test_bodies_joining_a_project_another_organises_take_part() -> None:
    found = rels("“氢能技术”重点专项由中国科学院大连化学物理研究所牵头组织实施，清华大学、上海交通大学等单位参与。")
    assert ("中国科学院大连化学物理研究所", "leads", "氢能技术重点专项") in found
    assert {h for h, r, t in found if r == "participates_in"} == {"清华大学", "上海交通大学"}


def test_chairing_a_meeting_leads_no_project_and_the_cyberspace_office_goes_by_its_full_name() -> None:
    rec = extract_text("国务院总理李克强主持召开国务院常务会议，部署实施“东数西算”工程。中央网信办要加强统筹协调。",
                       statistical_ner=False)
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert not any(r == "leads" for _, r, _ in found)
    assert "中央网络安全和信息化委员会办公室" in {e["canonical"] for e in rec["entities"]}


def test_a_company_form_of_a_body_is_no_unit_of_it_and_approving_ends_before_a_name() -> None:
    rec = extract_text("中国证券监督管理委员会同意北京证券交易所有限责任公司注册成立。北京证券交易所将服务中小企业。",
                       statistical_ner=False)
    assert ("北京证券交易所有限责任公司", "ORG") in [(e["text"], e["label"]) for e in rec["entities"]]
    assert not any(r["relation"] == "part_of" for r in rec["relations"])


def test_partners_listed_after_with_and_etc_do_not_collaborate_with_each_other() -> None:
    found = rels("华为技术有限公司已与美的集团、九阳股份有限公司等企业达成合作。"
                 "清华大学与中国科学院上海微系统与信息技术研究所、国家并行计算机工程技术研究中心合作。")
    assert ("华为技术有限公司", "collaborates_with", "美的集团") in found
    assert not {("美的集团", "collaborates_with", "九阳股份有限公司"), ("九阳股份有限公司", "collaborates_with", "美的集团")} & found
    assert ("中国科学院上海微系统与信息技术研究所", "collaborates_with", "国家并行计算机工程技术研究中心") in found


def test_a_body_moving_into_a_place_is_there_and_fighting_a_campaign_takes_part_in_it() -> None:
    found = rels("复旦大学已入驻苏州工业园区。生态环境部深入打好蓝天保卫战。")
    assert ("复旦大学", "located_in", "苏州工业园区") in found
    assert ("生态环境部", "participates_in", "蓝天保卫战") in found


def test_a_bid_winner_or_launcher_leads_and_a_lender_invests() -> None:
    found = rels("中国电建集团中标埃塞俄比亚复兴大坝水电站项目。国家开发银行为白鹤滩水电站提供贷款支持。"
                 "科技部启动“科技冬奥”重点专项。国家能源局启动乌东德水电站验收工作。")
    assert ("中国电建集团", "leads", "埃塞俄比亚复兴大坝水电站") in found
    assert ("国家开发银行", "invests_in", "白鹤滩水电站") in found
    assert ("科学技术部", "leads", "科技冬奥重点专项") in found
    assert not any(h == "国家能源局" for h, _, _ in found)  # starting an inspection of a station leads no station


def test_a_body_publishing_on_its_own_site_is_the_actor_of_its_unattributed_plans() -> None:
    text = ("2021年全国生态环境保护工作会议召开\n生态环境部党组书记孙金龙出席会议。"
            "会议强调，2021年要制定2030年前碳排放达峰行动方案，加快推进美丽中国建设。\n来源：生态环境部网站\n")
    found = rels(text)
    assert ("生态环境部", "issues", "2030年前碳排放达峰行动方案") in found
    assert ("生态环境部", "pursues", "美丽中国") in found
    assert not any(h == "生态环境部网站" for h, r, _ in found if r != "part_of")


def test_a_branch_named_by_its_company_short_name_is_part_of_it() -> None:
    found = rels("中国海油深圳分公司总经理徐长贵介绍了情况。国家电网公司表示支持。")
    assert ("中国海油深圳分公司", "part_of", "中国海洋石油集团有限公司") in found
    assert not any(h == "国家电网公司" for h, r, _ in found if r == "part_of")


def test_headquarters_set_somewhere_and_a_holding_subsidiary() -> None:
    found = rels("中国科学院深圳先进技术研究院总部设在深圳市南山区。"
                 "上海微电子装备（集团）股份有限公司是上海电气集团的控股子公司。天宫空间站由中国空间技术研究院研制。")
    assert ("中国科学院深圳先进技术研究院", "located_in", "深圳市南山区") in found
    assert ("上海微电子装备（集团）股份有限公司", "part_of", "上海电气集团") in found
    assert ("中国空间技术研究院", "participates_in", "天宫空间站") in found


def test_titles_before_the_next_person_are_not_the_previous_ones_and_bare_titles_share_the_body() -> None:
    found = rels("中国工程院院士、中国农业大学教授康绍忠，中国科学院院士、南京大学教授张荣出席论坛。"
                 "国家自然科学基金委员会主任李静海、副主任高瑞平出席会议。全国政协副主席万钢当选美国国家工程院外籍院士。")
    assert {t for h, r, t in found if h == "康绍忠"} == {"中国工程院", "中国农业大学"}
    assert ("高瑞平", "affiliated_with", "国家自然科学基金委员会") in found
    assert not any(t.startswith("中国人民政治协商会") and r == "part_of" for _, r, t in found)
    assert not any(t.startswith("选") for _, _, t in found)


def test_a_law_described_as_passed_earlier_has_no_issuer_from_the_topic() -> None:
    text = "清华大学开展消费维权讲座\n讲座介绍，1994年颁布实施的《消费者权益保护法》规定了经营者的义务。\n"
    assert not any(r == "issues" for _, r, _ in rels(text))
    text = "清华大学开展消费维权讲座\n讲座介绍，学校印发了《清华大学消费维权工作办法》。\n"
    assert ("清华大学", "issues", "清华大学消费维权工作办法") in rels(text)


def test_a_policy_document_is_issued_by_its_signatories() -> None:
    text = ("关于加快建立健全绿色低碳循环发展经济体系的指导意见\n\n国发〔2021〕4号\n\n"
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n现提出如下意见。国家发展改革委要会同有关部门强化统筹协调。\n\n"
            "国务院\n2021年2月2日\n")
    rec = extract_text(text, statistical_ner=False)
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert found >= {("国务院", "issues", "关于加快建立健全绿色低碳循环发展经济体系的指导意见")}
    assert not any(h == "国家发展和改革委员会" for h, r, _ in found if r == "issues")
    assert "直辖市人民政府" not in {e["text"] for e in rec["entities"]}


def test_a_quoted_facility_after_its_kind_is_a_project_led_by_the_observatory() -> None:
    found = rels("国家重大科技基础设施“中国天眼”通过国家验收。该工程由中国科学院国家天文台负责建设和运行。")
    assert ("中国科学院国家天文台", "leads", "中国天眼") in found
    assert ("中国科学院国家天文台", "part_of", "中国科学院") in found


def test_an_investment_bank_lends_and_a_director_general_belongs() -> None:
    found = rels("亚洲基础设施投资银行向孟加拉国电力项目提供2亿美元贷款。世界卫生组织总干事谭德塞表示支持。")
    assert ("亚洲基础设施投资银行", "invests_in", "孟加拉国电力项目") in found
    assert ("谭德塞", "affiliated_with", "世界卫生组织") in found


def test_a_quoted_platform_set_up_by_a_body_is_a_project_it_leads() -> None:
    rec = extract_text("9月，上港集团在沪宣布成立“长江港航区块链综合服务平台”。记者体验了“充满温情的服务平台”。",
                       statistical_ner=False)
    assert ("长江港航区块链综合服务平台", "PROJECT") in [(e["text"], e["label"]) for e in rec["entities"]]
    assert not any("温情" in e["text"] for e in rec["entities"])  # a description in quotes names nothing
    assert ("上港集团", "leads", "长江港航区块链综合服务平台") in {
        (r["head"], r["relation"], r["tail"]) for r in rec["relations"]}


def test_a_body_before_its_document_title_issues_it() -> None:
    found = rels("工业和信息化部办公厅关于开展2021年工业互联网试点示范项目推荐工作的通知")
    assert ("工业和信息化部办公厅", "issues", "关于开展2021年工业互联网试点示范项目推荐工作的通知") in found
    found = rels("国务院办公厅《关于加强科技成果转化的意见》指出，要加快转化。")
    assert ("国务院办公厅", "issues", "关于加强科技成果转化的意见") in found
    rec = extract_text("浙江大学杭州国际科创中心成立。", statistical_ner=False)
    assert not any(e["label"] == "GOAL" for e in rec["entities"])  # a university's institute, not a city's role


def test_a_total_investment_is_an_amount_not_an_investor() -> None:
    found = rels("引江补汉工程由中国南水北调集团有限公司负责建设，总投资约582亿元，工程位于湖北省十堰市境内。")
    assert ("中国南水北调集团有限公司", "leads", "引江补汉工程") in found
    assert ("中国南水北调集团有限公司", "invests_in", "引江补汉工程") not in found
    assert ("引江补汉工程", "located_in", "湖北省十堰市") in found


def test_a_team_joined_by_a_university_breeds_a_named_variety() -> None:
    found = rels("中国农业科学院作物科学研究所研究员万建民团队联合南京农业大学，培育出耐盐碱水稻新品种“中科发5号”。")
    assert ("万建民", "participates_in", "中科发5号") in found
    assert ("南京农业大学", "participates_in", "中科发5号") in found


def test_a_bare_project_or_laboratory_opening_a_clause_is_the_one_named_before() -> None:
    found = rels("国家电网推进特高压工程建设\n该工程由国家电网有限公司投资建设的白鹤滩—江苏±800千伏特高压直流输电工程"
                 "已开工。工程投运后每年可输送清洁电能超过300亿千瓦时，助力实现碳达峰碳中和目标。")
    project = "白鹤滩—江苏±800千伏特高压直流输电工程"
    assert (project, "pursues", "碳达峰") in found and (project, "pursues", "碳中和") in found
    assert ("国家电网有限公司", "pursues", "碳中和") not in found  # the clause's actor is the project
    found = rels("上海交通大学牵头国家重点实验室建设\n科技部批复组建海洋装备国家重点实验室。"
                 "实验室将围绕深海装备关键技术开展研究，服务海洋强国建设。")
    assert ("海洋装备国家重点实验室", "pursues", "海洋强国") in found
    assert ("上海交通大学", "pursues", "海洋强国") not in found


def test_a_bodys_website_on_the_source_line_is_no_unit_of_it() -> None:
    found = rels("国家能源局科技司副司长刘亚芳介绍，方案明确将开展新型储能试点示范。\n来源：国家能源局网站")
    assert ("国家能源局科技司", "part_of", "国家能源局") in found
    assert not any(h == "国家能源局网站" and r == "part_of" for h, r, _ in found)


def test_a_bare_programme_opening_a_clause_is_the_one_named_before() -> None:
    found = rels("科技部组织启动“深海关键技术与装备”重点专项。专项由中国大洋矿产资源研究开发协会牵头组织实施，"
                 "上海交通大学、哈尔滨工程大学等单位参与。")
    assert ("中国大洋矿产资源研究开发协会", "leads", "深海关键技术与装备重点专项") in found
    assert ("哈尔滨工程大学", "participates_in", "深海关键技术与装备重点专项") in found


def test_a_project_settling_in_a_city_is_located_there_and_pursues_its_title() -> None:
    found = rels("宁德时代四川宜宾基地项目开工\n该项目由中建三局承建。市委书记邓正华表示，项目落户宜宾，"
                 "将助力宜宾打造“中国动力电池之都”。")
    assert ("宁德时代四川宜宾基地", "located_in", "宜宾市") in found
    assert ("宁德时代四川宜宾基地", "pursues", "中国动力电池之都") in found


def test_a_long_list_of_co_issuers_issues_but_pairs_no_partnerships() -> None:
    found = rels("工业和信息化部、教育部、科学技术部、财政部近日联合印发《“十四五”智能制造发展规划》。")
    assert {h for h, r, _ in found if r == "issues"} == {"工业和信息化部", "教育部", "科学技术部", "财政部"}
    assert not any(r == "collaborates_with" for _, r, _ in found)
    found = rels("长江水利委员会、湖北省水利厅共同参与工程前期论证工作。")
    assert ("长江水利委员会", "collaborates_with", "湖北省水利厅") in found


def test_a_regulator_named_after_its_fields_is_no_unit_of_a_bank() -> None:
    found = rels("中国人民银行、中国银行保险监督管理委员会要支持银行业金融机构提供长期贷款。")
    assert not any(r == "part_of" for _, r, _ in found)


def test_a_satellite_built_jointly_and_its_platform_builder() -> None:
    found = rels("中国科学院国家空间科学中心与欧洲空间局联合研制的太阳风-磁层相互作用全景成像卫星（SMILE）完成初样研制。"
                 "该卫星计划于2025年发射，由中国科学院微小卫星创新研究院负责卫星平台研制。")
    satellite = "太阳风-磁层相互作用全景成像卫星"
    assert ("欧洲空间局", "participates_in", satellite) in found
    assert ("中国科学院微小卫星创新研究院", "leads", satellite) in found


def test_signers_listed_before_a_place_collaborate_and_a_foreign_partner_after_its_country() -> None:
    found = rels("重庆市人民政府、广西壮族自治区人民政府、贵州省人民政府等西部12省区市近日在重庆签署《合作共建西部陆海新通道框架协议》。")
    assert ("重庆市人民政府", "collaborates_with", "贵州省人民政府") in found
    found = {(r["head"], r["relation"], r["tail"]) for r in extract_text(
        "南京大学现代工程与应用科学学院谭海仁教授课题组与英国牛津大学合作，研制出新型电池。")["relations"]}
    assert ("南京大学现代工程与应用科学学院", "collaborates_with", "牛津大学") in found


def test_a_body_reporting_to_a_ministry_and_a_university_supporting_a_mission() -> None:
    found = rels("国家海洋技术中心隶属于自然资源部。北京理工大学为“嫦娥五号”任务提供了关键技术支持。")
    assert ("国家海洋技术中心", "part_of", "自然资源部") in found
    assert ("北京理工大学", "participates_in", "嫦娥五号") in found


def test_an_academician_of_an_institute_named_after_engineering_physics() -> None:
    found = rels("中国工程院院士、中国工程物理研究院研究员杜祥琬参加了研讨。")
    assert ("杜祥琬", "affiliated_with", "中国工程物理研究院") in found
    assert ("杜祥琬", "affiliated_with", "中国工程院") in found


def test_a_team_is_no_unit_of_its_country_and_a_group_no_unit_of_its_short_name() -> None:
    found = rels("代表卢森堡队的倪夏莲以3∶1战胜克罗地亚队。湖北多人多集团董事长凌然表示，湖北多人多将扩大投资。")
    assert not any(r == "part_of" for _, r, _ in found)
    assert ("凌然", "affiliated_with", "湖北多人多集团") in found


def test_a_passive_builder_builds_the_subject_not_the_programme_it_serves() -> None:
    found = rels("白鹤滩水电站是实施“西电东送”的国家重大工程，由中国长江三峡集团有限公司建设运营。")
    assert ("中国长江三峡集团有限公司", "participates_in", "白鹤滩水电站") in found
    assert ("中国长江三峡集团有限公司", "participates_in", "西电东送") not in found


def test_a_company_releasing_a_product_issues_nothing_and_an_experts_body_is_not_where_a_quake_is() -> None:
    rec = extract_text("百度发布文心一言大模型\n百度公司在北京发布知识增强大语言模型“文心一言”。")
    labels = {(e["text"], e["label"]) for e in rec["entities"]}
    assert ("百度", "ORG") in labels and ("文心一言", "PROJECT") in labels
    assert not any(r["relation"] == "issues" for r in rec["relations"])
    found = rels("中国地震局地球物理研究所专家介绍，此次地震位于鲜水河断裂带南段。")
    assert not any(r == "located_in" for _, r, _ in found)


def test_a_named_scientific_expedition_is_a_project_its_institute_leads() -> None:
    found = rels("由中国科学院青藏高原研究所牵头的第二次青藏高原综合科学考察研究近日发布年度成果。")
    assert ("中国科学院青藏高原研究所", "leads", "第二次青藏高原综合科学考察研究") in found


def test_a_company_clause_a_seat_named_later_and_a_cluster_built_together() -> None:
    rec = extract_text("宁德市人民政府与宁德时代新能源科技股份有限公司签署战略合作协议，共同推进世界级锂电新能源产业集群建设。"
                       "宁德时代董事长曾毓群表示，公司将在宁德投资建设车里湾锂电池生产基地项目。"
                       "长三角国家技术创新中心将由三省一市共同建设，总部设在上海。")
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert ("宁德市人民政府", "pursues", "世界级锂电新能源产业集群") in found
    assert ("宁德时代新能源科技股份有限公司", "invests_in", "车里湾锂电池生产基地") in found
    assert ("长三角国家技术创新中心", "located_in", "上海市") in found


def test_a_first_of_its_kind_description_before_a_quoted_name_is_that_project() -> None:
    rec = extract_text("“雪龙2”号交付\n由自然资源部投资、江南造船（集团）有限责任公司建造的我国首艘自主建造的极地科学考察破冰船"
                       "“雪龙2”号在上海交付使用。“雪龙2”号由芬兰阿克北极公司与中国船舶及海洋工程设计研究院联合设计，"
                       "将与“雪龙”号一起执行极地科考任务。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {"雪龙2号", "雪龙号"}
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert ("自然资源部", "invests_in", "雪龙2号") in found
    assert ("芬兰阿克北极公司", "participates_in", "雪龙2号") in found
    assert ("芬兰阿克北极公司", "participates_in", "雪龙号") not in found  # the other ship is only sailed with


def test_a_chief_designer_or_scientist_leads_the_mission() -> None:
    found = rels("“嫦娥五号”任务总设计师杨孟飞介绍了任务进展。港珠澳大桥总工程师林鸣说，大桥建设攻克了多项技术难题。"
                 "中国科学院院士潘建伟担任“墨子号”量子科学实验卫星首席科学家。")
    assert {("杨孟飞", "leads", "嫦娥五号"), ("林鸣", "leads", "港珠澳大桥"), ("潘建伟", "leads", "墨子号")} <= found


def test_a_partner_who_will_build_with_another_and_a_unit_put_into_operation_at_a_place() -> None:
    found = {(r["head"], r["relation"], r["tail"]) for r in extract_text(
        "中国科学院大连化学物理研究所将与宁夏宝丰能源集团股份有限公司共同建设太阳能电解水制氢综合示范项目。")["relations"]}
    project = "太阳能电解水制氢综合示范项目"
    assert {("中国科学院大连化学物理研究所", "participates_in", project),
            ("宁夏宝丰能源集团股份有限公司", "participates_in", project)} <= found
    found = rels("我国首台F级50兆瓦重型燃气轮机商业示范机组在广东清远正式投入商业运行。")
    assert ("我国首台F级50兆瓦重型燃气轮机商业示范机组", "located_in", "广东清远") in found


def test_a_general_office_is_a_unit_of_its_government_where_the_text_names_it() -> None:
    found = rels("中共中央办公厅、国务院办公厅印发《意见》。浙江省人民政府办公厅日前印发《实施意见》。")
    assert {("国务院办公厅", "part_of", "国务院"), ("中国共产党中央委员会办公厅", "part_of", "中国共产党中央委员会"),
            ("浙江省人民政府办公厅", "part_of", "浙江省人民政府")} <= found
    assert not any(r == "part_of" for _, r, _ in rels("中办国办印发了《意见》。"))


def test_a_governor_listed_after_the_party_secretary_is_no_member_of_the_party_committee() -> None:
    found = rels("浙江省委书记易炼红、省长王浩出席。生态环境部部长黄润秋、副部长赵英民出席。")
    assert ("易炼红", "affiliated_with", "中国共产党浙江省委员会") in found
    assert not any(h == "王浩" for h, _, _ in found)
    assert ("赵英民", "affiliated_with", "生态环境部") in found


def test_a_chamber_of_a_court_and_subsidiaries_named_after_their_group() -> None:
    found = rels("最高人民法院环境资源审判庭庭长刘竹梅介绍了情况。中国电建海外投资有限公司董事长表示，项目进展顺利。"
                 "国家能源集团宁夏煤业公司完成验收。")
    assert ("刘竹梅", "affiliated_with", "最高人民法院环境资源审判庭") in found
    assert ("最高人民法院环境资源审判庭", "part_of", "最高人民法院") in found
    assert ("中国电建海外投资有限公司", "part_of", "中国电力建设集团有限公司") in found
    assert ("国家能源集团宁夏煤业公司", "part_of", "国家能源投资集团有限责任公司") in found
    assert not any(r == "part_of" for _, r, _ in rels("国家电网公司与中国电信股份有限公司签署协议。"))


def test_scientists_named_after_their_institutions_and_partners_listed_with_their_scientists() -> None:
    found = {(r["head"], r["relation"], r["tail"]) for r in extract_text(  # the persons are the model's
        "中国科学技术大学潘建伟、张强等与清华大学王向斌、济南量子技术研究院等合作，实现了千公里级量子密钥分发。")["relations"]}
    assert {("潘建伟", "affiliated_with", "中国科学技术大学"), ("张强", "affiliated_with", "中国科学技术大学"),
            ("王向斌", "affiliated_with", "清华大学"), ("中国科学技术大学", "collaborates_with", "清华大学"),
            ("中国科学技术大学", "collaborates_with", "济南量子技术研究院")} <= found


def test_a_partner_with_its_short_name_in_brackets_stays_in_the_list_and_guidelines_issue_no_programme() -> None:
    found = {(r["head"], r["relation"], r["tail"]) for r in extract_text(
        "中国宝武钢铁集团有限公司与上海汽车集团股份有限公司（上汽集团）、沙特公共投资基金日前在利雅得签署合资协议。")["relations"]}
    assert ("中国宝武钢铁集团有限公司", "collaborates_with", "沙特公共投资基金") in found
    found = rels("科技部日前发布国家重点研发计划“绿色宜居村镇技术创新”重点专项2022年度项目申报指南。"
                 "生态环境部发布《排污许可管理条例》配套文件。")
    assert not any(r == "issues" for _, r, _ in found)


def test_a_body_supplying_a_projects_technology_takes_part() -> None:
    found = rels("我国首个海上二氧化碳封存示范工程投用\n\n中国海油深圳分公司总经理表示，该项目由中海油研究总院有限责任公司提供技术支持。")
    # (the headline's first of its kind is named with 我国首个, as ANNOTATION.md's 国内首艘纯电池动力集装箱船)
    assert ("中海油研究总院有限责任公司", "participates_in", "我国首个海上二氧化碳封存示范工程") in found


def test_both_sides_of_an_agreement_share_what_they_will_do() -> None:
    found = rels("国家电网有限公司与中国南方电网有限责任公司近日在北京签署战略合作框架协议。"
                 "根据协议，双方将共同推进闽粤联网工程建设，服务碳达峰、碳中和目标。")
    for side in ("国家电网有限公司", "中国南方电网有限责任公司"):
        assert (side, "participates_in", "闽粤联网工程") in found
        assert (side, "pursues", "碳中和") in found
    found = rels("根据协议，双方将共同推进闽粤联网工程建设。")  # no two sides named before: no fact
    assert not any(r == "participates_in" for _, r, _ in found)


def test_a_company_in_charge_of_the_work_leads_the_project_and_a_spokesman_does_not_pursue_its_goal() -> None:
    found = rels("张北柔性直流电网工程将张家口的风电输送至北京。国家电网有限公司冀北电力有限公司负责工程建设运营。")
    assert ("国家电网有限公司冀北电力有限公司", "leads", "张北柔性直流电网工程") in found
    found = rels("白鹤滩水电站全部建成\n\n国家能源局有关负责人表示，白鹤滩水电站对于实现碳达峰碳中和具有重要意义。")
    assert ("国家能源局", "pursues", "碳中和") not in found


def test_a_plans_task_is_led_by_the_units_in_brackets_ending_its_paragraph() -> None:
    text = ("江苏省人民政府关于印发江苏省“十四五”科技创新规划的通知\n（一）建设太湖湾科技创新带。推动南京、苏州协同建设。（责任单位：省科技厅、省发展改革委）\n"
            "（二）实施“产业强链”三年行动计划。聚焦集成电路等先进制造业集群。（责任单位：省工业和信息化厅、省科技厅）")
    found = rels(text)
    assert {(h, r, t) for h, r, t in found if r == "leads"} == {
        ("江苏省工业和信息化厅", "leads", "产业强链三年行动计划"), ("江苏省科学技术厅", "leads", "产业强链三年行动计划")}


def test_an_office_of_no_known_body_is_no_unit() -> None:
    assert not any(r == "part_of" for _, r, _ in rels("国家知识产权局局长申长雨在国务院新闻办公室举行的新闻发布会上介绍。"))


def test_a_clubs_team_is_no_unit_of_its_sponsor_and_a_bare_branch_is_no_body() -> None:
    found = rels("广东宏远队2∶0战胜厦门远华队。广东宏远俱乐部表示满意。")
    assert not any(r == "part_of" for _, r, _ in found)
    rec = extract_text("分局管内沿线各单位充分利用闲散土地。分局每年工资缺口达1.4亿元。")
    assert not any(e["text"] == "分局" for e in rec["entities"])


def test_bodies_taking_part_beside_the_leader_of_a_census() -> None:
    found = rels("第三次全国土壤普查由农业农村部牵头，自然资源部、生态环境部等部门共同参与，计划于2025年完成。")
    assert {("农业农村部", "leads", "第三次全国土壤普查"), ("自然资源部", "participates_in", "第三次全国土壤普查"),
            ("生态环境部", "participates_in", "第三次全国土壤普查")} <= found


def test_a_university_team_working_with_partners_takes_part_and_bodies_settled_in_a_new_area() -> None:
    found = {(r["head"], r["relation"], r["tail"]) for r in extract_text(
        "中国科学技术大学潘建伟、陆朝阳等组成的研究团队与中国科学院上海微系统与信息技术研究所合作，"
        "成功构建255个光子的量子计算原型机“九章三号”。")["relations"]}
    assert ("中国科学技术大学", "participates_in", "九章三号") in found
    found = rels("中国华能集团有限公司、中国矿产资源集团有限公司等央企总部已落户雄安新区。")
    assert {("中国华能集团有限公司", "located_in", "雄安新区"), ("中国矿产资源集团有限公司", "located_in", "雄安新区")} <= found


def test_a_partner_listed_after_with_is_not_where_the_subject_sets_up_branches() -> None:
    found = rels("国家技术转移东部中心与上海交通大学、复旦大学、同济大学共建高校技术转移联合体，并在长三角地区设立20个分中心。")
    assert not any(r == "located_in" for _, r, _ in found)


def test_a_bank_lending_to_a_project_invests_and_the_project_company_leads_it() -> None:
    found = rels("国家开发银行近日向引汉济渭二期工程发放贷款30亿元。引汉济渭二期工程由陕西省引汉济渭工程建设有限公司负责建设。")
    assert ("国家开发银行", "invests_in", "引汉济渭二期工程") in found
    assert ("陕西省引汉济渭工程建设有限公司", "leads", "引汉济渭二期工程") in found


def test_partners_in_the_project_research_take_part_and_a_numbered_furnace_is_named() -> None:
    found = rels("浙江大学牵头承担的国家重点研发计划“智能机器人”重点专项项目近日通过验收。"
                 "杭州宇树科技有限公司、之江实验室参与了项目研究。")
    assert ("之江实验室", "participates_in", "国家重点研发计划智能机器人重点专项项目") in found
    found = rels("中国宝武钢铁集团有限公司将在湛江钢铁基地投资约500亿元建设三号高炉系统项目。")
    assert ("中国宝武钢铁集团有限公司", "invests_in", "三号高炉系统项目") in found


def test_a_body_building_the_next_facility_named_does_not_lead_the_one_before() -> None:
    found = {(r["head"], r["relation"], r["tail"]) for r in extract_text(
        "华中科技大学牵头建设的脉冲强磁场实验装置已通过国家验收，由武汉大学承建的作物表型组学研究重大科技基础设施正在加快推进。")["relations"]}
    assert ("武汉大学", "leads", "作物表型组学研究重大科技基础设施") in found
    assert ("武汉大学", "leads", "脉冲强磁场实验装置") not in found


def test_an_institute_built_by_two_bodies_is_where_it_is_not_its_builders() -> None:
    found = rels("合肥综合性国家科学中心能源研究院日前揭牌成立。研究院由安徽省人民政府与中国科学院共同建设，位于合肥市高新区。")
    assert not any(h in {"中国科学院", "安徽省人民政府"} and r == "located_in" for h, r, _ in found)


def test_a_bare_demonstration_project_refers_back() -> None:
    found = rels("山东荣成石岛湾高温气冷堆核电站示范工程正式投入商业运行。示范工程由华能山东石岛湾核电有限公司负责建设运营。")
    assert ("华能山东石岛湾核电有限公司", "leads", "山东荣成石岛湾高温气冷堆核电站示范工程") in found


def test_the_opinions_on_a_campaign_are_issued_not_the_campaign() -> None:
    found = rels("国家卫生健康委员会等部门印发健康中国行动实施意见。")
    assert not any(r == "issues" for _, r, _ in found)


def test_two_officials_meeting_make_no_partnership_and_a_group_named_short_is_the_company() -> None:
    rec = extract_text("四川省人民政府与中国东方电气集团有限公司日前在成都签署战略合作协议。"
                       "四川省委副书记、省长黄强与东方电气集团董事长俞培根共同见证签约。")
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert ("四川省人民政府", "collaborates_with", "中国东方电气集团有限公司") in found
    assert ("俞培根", "affiliated_with", "中国东方电气集团有限公司") in found
    assert not any(h == "四川省委" and r == "collaborates_with" for h, r, _ in found)


def test_a_lender_invests_and_equipment_suppliers_take_part() -> None:
    rec = extract_text("由中国交建承建的蒙内铁路全长480公里。该项目由中国进出口银行提供融资。")
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert ("中国进出口银行", "invests_in", "蒙内铁路") in found
    assert ("中国交通建设股份有限公司", "leads", "蒙内铁路") in found
    found = rels("兴化湾海上风电场二期项目已投产。项目由三峡集团福建能源投资有限公司负责建设，金风科技、东方电气等企业提供风电机组。")
    assert {("金风科技", "participates_in", "兴化湾海上风电场二期项目"),
            ("东方电气", "participates_in", "兴化湾海上风电场二期项目")} <= found
    assert not any(h == "三峡集团福建能源投资有限公司" and r == "participates_in" for h, r, _ in found)


def test_a_company_named_right_before_its_project_takes_part_but_a_ministry_does_not() -> None:
    found = rels("国家石油天然气管网集团有限公司西气东输四线工程开工建设。科技部国家重点研发计划项目启动。")
    assert ("国家石油天然气管网集团有限公司", "participates_in", "西气东输四线工程") in found
    assert not any(h == "科学技术部" for h, _, _ in found)


def test_a_person_named_in_a_doctrine_does_nothing() -> None:
    rec = extract_text("督察组组长吴政隆指出，河南省要深入贯彻习近平生态文明思想，坚决打好污染防治攻坚战。")
    assert ("习近平", "PERSON") in {(e["text"], e["label"]) for e in rec["entities"]}
    assert not any(r["head"] == "习近平" for r in rec["relations"])


def test_a_project_named_bare_before_its_investment_refers_back() -> None:
    found = rels("容东片区市政道路PPP项目合同签署。项目总投资约56亿元，由中国建筑股份有限公司负责投资建设和运营维护。")
    assert {("中国建筑股份有限公司", "invests_in", "容东片区市政道路PPP项目"),
            ("中国建筑股份有限公司", "leads", "容东片区市政道路PPP项目")} <= found


def test_units_helping_to_build_a_project_in_the_clause_after_its_leader_take_part() -> None:
    found = rels("长江口深水航道治理三期工程通过竣工验收。该工程由交通运输部长江口航道管理局负责建设，上海航道局有限公司等单位参建。")
    assert ("上海航道局有限公司", "participates_in", "长江口深水航道治理三期工程") in found
    assert ("交通运输部长江口航道管理局", "leads", "长江口深水航道治理三期工程") in found


def test_a_leader_of_a_module_leads_no_station_the_module_belongs_to() -> None:
    found = rels("问天实验舱由中国航天科技集团有限公司第五研究院抓总研制，是中国空间站的第二个舱段。")
    assert ("中国航天科技集团有限公司第五研究院", "leads", "问天实验舱") in found
    assert not any(t == "中国空间站" and r == "leads" for _, r, t in found)


def test_the_facility_refers_back_to_its_project() -> None:
    found = rels("高海拔宇宙线观测站（LHAASO）通过国家验收。该设施位于四川省稻城县，由中国科学院高能物理研究所负责建设和运行。")
    assert ("中国科学院高能物理研究所", "leads", "高海拔宇宙线观测站") in found
    assert ("高海拔宇宙线观测站", "located_in", "四川省稻城县") in found


def test_a_bare_institute_opening_a_clause_is_the_articles_subject_not_the_last_one_listed() -> None:
    rec = extract_text("合肥综合性国家科学中心能源研究院揭牌\n\n合肥综合性国家科学中心能源研究院近日揭牌成立。"
                       "研究院依托中国科学技术大学、中国科学院合肥物质科学研究院等单位建设。"
                       "安徽省副省长王翠凤表示，研究院将助力安徽打造具有重要影响力的科技创新策源地。")
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"] if r["relation"] == "pursues"}
    assert found == {("合肥综合性国家科学中心能源研究院", "pursues", "具有重要影响力的科技创新策源地")}


def test_a_project_funded_by_a_bodys_budget_support() -> None:
    found = rels("宜宾动力电池项目开工。该项目获得了国家发展改革委2亿元中央预算内投资支持。")
    assert ("国家发展和改革委员会", "invests_in", "宜宾动力电池项目") in found


def test_a_place_acting_leaves_the_articles_main_body_out_of_its_goal() -> None:
    rec = extract_text("2021浦江创新论坛在沪开幕\n\n本届论坛由科学技术部、上海市人民政府共同主办。"
                       "龚正表示，上海将加快建设具有全球影响力的科技创新中心，努力打造全球科技创新策源地。")
    assert not any(r["relation"] == "pursues" for r in rec["relations"])


def test_a_body_setting_up_another_at_a_place_is_not_there_itself() -> None:
    found = rels("中国科学院将在香港科学园设立自动化研究所香港创新研究院。华为公司在南京落户。")
    assert ("自动化研究所香港创新研究院", "located_in", "香港特别行政区") in found
    assert not any(h == "中国科学院" and r == "located_in" for h, r, _ in found)


def test_both_sides_saying_they_will_serve_a_goal_pursue_it_each() -> None:
    rec = extract_text("上海交通大学与宝山钢铁股份有限公司日前签署协议。双方表示，将携手推动钢铁行业绿色低碳转型，服务制造强国建设。")
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"] if r["relation"] == "pursues"}
    assert found == {("上海交通大学", "pursues", "制造强国"), ("宝山钢铁股份有限公司", "pursues", "制造强国")}


def test_the_chip_refers_back_to_its_project() -> None:
    found = rels("南京大学研制成功“南大一号”量子计算芯片。该芯片由南京大学电子科学与工程学院研发团队设计。")
    assert ("南京大学电子科学与工程学院", "participates_in", "南大一号") in found


def test_the_seat_of_a_centre_built_by_bodies_is_not_theirs() -> None:
    found = rels("该中心由安徽省人民政府和科技部共同建设，总部设在上海。阿里巴巴集团成立于1999年，总部设在杭州。")
    assert ("阿里巴巴集团", "located_in", "杭州市") in found
    assert not any(h in {"科学技术部", "安徽省人民政府"} and r == "located_in" for h, r, _ in found)


def test_a_body_together_with_others_leads_the_list_of_actors() -> None:
    found = rels("农业农村部将会同公安部、交通运输部等部门，持续开展长江禁渔执法监管“亮剑”行动。")
    assert {("农业农村部", "participates_in", "长江禁渔执法监管亮剑行动"),
            ("公安部", "participates_in", "长江禁渔执法监管亮剑行动")} <= found


def test_the_place_a_project_is_launched_at_does_not_lead_it() -> None:
    found = rels("中国宝武钢铁集团有限公司近日在新疆八一钢铁有限公司启动全球首套富氢碳循环高炉示范项目。")
    assert not any(h == "新疆八一钢铁有限公司" and r == "leads" for h, r, _ in found)


def test_a_body_owns_the_quoted_project_after_its_possessive() -> None:
    assert ("中国科学院", "participates_in", "慧眼") in rels("中国科学院的“慧眼”卫星取得新发现。")


def test_a_company_controlled_by_a_group_is_part_of_it() -> None:
    found = rels("上汽集团控股的上汽通用汽车有限公司投产新车型。")
    assert any(h == "上汽通用汽车有限公司" and r == "part_of" for h, r, _ in found)


def model_rels(text: str) -> set[tuple[str, str, str]]:
    return {(r["head"], r["relation"], r["tail"]) for r in extract_text(text)["relations"]}


def test_a_clause_saying_what_the_project_is_then_who_leads_it() -> None:
    found = model_rels("中国石化库车绿氢示范项目全面建成投产\n\n中国石油化工集团有限公司新疆库车绿氢示范项目6月30日全面建成投产。"
                       "这是我国首个万吨级光伏绿氢示范项目，由中石化新星新疆绿氢新能源有限公司负责建设运营。"
                       "中国石化董事长马永生表示，项目为我国氢能产业规模化发展探索了路径，助力国家“双碳”目标实现。")
    assert ("中石化新星新疆绿氢新能源有限公司", "leads", "新疆库车绿氢示范项目") in found
    assert ("新疆库车绿氢示范项目", "pursues", "双碳") in found
    assert ("中国石油化工集团有限公司", "pursues", "双碳") not in found  # the project, not the speaker's company


def test_a_designer_in_the_clause_after_the_builder_takes_part() -> None:
    found = rels("南水北调中线引江补汉工程由中国南水北调集团有限公司负责建设运营，"
                 "长江勘测规划设计研究有限责任公司承担勘察设计，总投资582.35亿元。")
    assert ("中国南水北调集团有限公司", "leads", "南水北调中线引江补汉工程") in found
    assert ("长江勘测规划设计研究有限责任公司", "participates_in", "南水北调中线引江补汉工程") in found


def test_a_body_being_built_pursues_nothing() -> None:
    found = rels("安徽省科技厅厅长表示，安徽将加快建设量子信息科学国家实验室，打造具有国际影响力的“量子中心”。")
    assert not any(head == "量子信息科学国家实验室" for head, _, _ in found)


def test_a_campaign_organised_by_a_body_and_the_voyage_named_after() -> None:
    found = rels("由自然资源部组织的中国大洋83航次科学考察日前完成，“蛟龙”号载人潜水器完成多次下潜。"
                 "航次由国家深海基地管理中心负责实施。")
    assert {("自然资源部", "leads", "中国大洋83航次科学考察"),
            ("国家深海基地管理中心", "leads", "中国大洋83航次科学考察")} <= found
    assert ("国家深海基地管理中心", "leads", "蛟龙号") not in found


def test_investors_with_places_beside_them() -> None:
    assert ("中国国家铁路集团有限公司", "invests_in", "成渝中线高铁") in rels(
        "其中，成渝中线高铁由中国国家铁路集团有限公司和川渝两省市共同出资建设，设计时速350公里。")


def test_a_lenders_loans_that_went_to_projects() -> None:
    found = model_rels("国家开发银行日前发布消息，截至今年9月末，该行累计发放长江大保护相关贷款1200亿元，"
                       "支持了湖北武汉长江经济带城市污水处理提效项目、江西九江长江岸线生态修复工程等一批重点项目。")
    assert ("国家开发银行", "invests_in", "江西九江长江岸线生态修复工程") in found
    found = rels("中国银行将在未来五年内为中国商飞提供不超过1000亿元的意向性授信额度，支持C919大型客机研制。")
    assert ("中国银行", "invests_in", "C919") in found
    assert ("中国商用飞机有限责任公司", "invests_in", "C919") not in found  # the borrower


def test_a_designer_responsible_for_the_design_in_the_clause_after_takes_part() -> None:
    found = rels("卡拉奇核电站由中国中原对外工程有限公司总承包，中国核电工程有限公司负责设计。")
    assert ("中国核电工程有限公司", "participates_in", "卡拉奇核电站") in found


def test_a_project_described_first_then_who_leads_it() -> None:
    found = rels("深中通道是集“桥、岛、隧、水下互通”于一体的跨海集群工程，由广东省交通集团有限公司负责建设管理，"
                 "中交第二航务工程局有限公司等单位参与建设。")
    assert ("广东省交通集团有限公司", "leads", "深中通道") in found
    assert ("中交第二航务工程局有限公司", "participates_in", "深中通道") in found


def test_builders_are_not_partners_of_what_the_work_is_part_of() -> None:
    found = rels("中老铁路开通运营三周年。中老铁路由中国国家铁路集团有限公司与老挝国家铁路公司合资建设，"
                 "是共建“一带一路”的标志性工程。")
    assert ("老挝国家铁路公司", "invests_in", "中老铁路") in found  # 合资建设: a joint venture's investors
    assert not any(t == "一带一路" for _, _, t in found)


def test_a_body_whose_technology_a_named_project_rests_on() -> None:
    found = rels("由山东省海洋集团有限公司投资、中国海洋大学提供技术支撑的“国信1号”养殖工船在青岛交付运营。")
    assert ("中国海洋大学", "participates_in", "国信1号") in found
    assert ("山东省海洋集团有限公司", "invests_in", "国信1号") in found


def test_what_a_body_made_is_closed_by_a_comma_after_it() -> None:
    found = rels("由三峡集团与金风科技联合研制的全球单机容量最大的16兆瓦海上风电机组，在福建平潭外海海上风电场并网发电。")
    assert not any(t == "福建平潭外海海上风电场" for _, _, t in found)
    assert ("中国电力建设集团有限公司", "participates_in", "白鹤滩水电站") in rels("中国电建建设的白鹤滩水电站，是世界第二大水电站。")


def test_a_programme_organised_by_an_agency_is_led_by_it() -> None:
    found = rels("科技部发布国家重点研发计划“深海关键技术与装备”重点专项申报指南。该专项由科技部高技术研究发展中心组织实施。")
    assert ("科学技术部高技术研究发展中心", "leads", "国家重点研发计划深海关键技术与装备重点专项") in found


def test_a_plan_drafted_by_bodies_named_by_its_kind() -> None:
    found = rels("生态环境部副部长郭芳介绍《空气质量持续改善行动计划》有关情况。郭芳表示，行动计划由生态环境部会同"
                 "国家发展改革委等部门起草。")
    assert ("生态环境部", "issues", "空气质量持续改善行动计划") in found
    assert ("国家发展和改革委员会", "issues", "空气质量持续改善行动计划") in found


def test_a_unit_of_a_local_body_is_part_of_it_by_its_full_name() -> None:
    found = rels("省人大常委会审议通过《江苏省数字经济促进条例》。该条例由江苏省人大常委会法制工作委员会起草。")
    assert ("江苏省人大常委会法制工作委员会", "part_of", "江苏省人民代表大会常务委员会") in found
    assert ("江苏省人大常委会法制工作委员会", "issues", "江苏省数字经济促进条例") in found


def test_a_province_issuing_a_plan_leaves_no_plan_to_the_articles_body() -> None:
    found = model_rels("西安交通大学新增平台\n\n西安交通大学校长王树国表示，学校将服务国家战略。"
                       "此外，陕西省发布《陕西省秦创原创新驱动平台建设三年行动计划（2023—2025年）》。")
    assert not any(r == "issues" for _, r, _ in found)


def test_a_technical_supporter_after_the_leader_and_investors_listed_with_a_place() -> None:
    found = rels("我国首个海上二氧化碳封存示范工程在南海正式投用。该工程由中海石油（中国）有限公司深圳分公司负责建设运营，"
                 "中海油研究总院有限责任公司提供技术支撑。")
    assert any(h == "中海油研究总院有限责任公司" and r == "participates_in" and t.endswith("二氧化碳封存示范工程")
               for h, r, t in found)
    found = rels("由中国科学院高能物理研究所承担建设的高能同步辐射光源通过验收。该设施位于北京怀柔科学城，总投资约48亿元，"
                 "由国家发展改革委、北京市共同投资建设。")
    assert ("国家发展和改革委员会", "invests_in", "高能同步辐射光源") in found


def test_a_later_clause_of_a_passive_chain_naming_who_leads() -> None:
    found = rels("嫦娥六号任务由国家航天局组织实施，中国航天科技集团有限公司抓总研制。")
    assert ("中国航天科技集团有限公司", "leads", "嫦娥六号") in found
    found = rels("“玲龙一号”由中国核动力研究设计院设计，中国核工业二三建设有限公司承担安装工作，海南核电有限公司负责运营。")
    assert ("海南核电有限公司", "leads", "玲龙一号") in found
    assert ("中国核动力研究设计院", "participates_in", "玲龙一号") in found


def test_a_drug_developed_by_bodies_named_by_its_trade_name() -> None:
    found = rels("批准甘露特钠胶囊（商品名“九期一”）上市。该药由中国科学院上海药物研究所、中国海洋大学联合研发。")
    assert ("中国海洋大学", "participates_in", "九期一") in found


def test_a_unit_described_at_length_then_who_builds_and_runs_it() -> None:
    found = rels("山东海阳核电站3号机组正式开工建设。该机组采用国和一号（CAP1000）三代非能动核电技术，由国家电投所属"
                 "山东核电有限公司负责建设运营。")
    assert any(h == "山东核电有限公司" and r == "leads" for h, r, _ in found)


def test_a_teams_members_and_an_appointee_are_the_bodys() -> None:
    found = model_rels("记者从中国科学技术大学获悉，该校郭光灿院士团队李传锋、许金时等人与中国科学院物理研究所合作。")
    assert {("李传锋", "affiliated_with", "中国科学技术大学"), ("许金时", "affiliated_with", "中国科学技术大学")} <= found
    assert ("樊建平", "affiliated_with", "深圳理工大学") in rels("中国科学院院士樊建平任深圳理工大学（筹）校长。")


def test_a_company_set_up_to_build_a_work_is_no_unit_of_it() -> None:
    found = rels("杭州奥体中心由杭州奥体博览中心建设投资有限公司投资建设。杭州奥体博览中心表示。")
    assert not any(r == "part_of" for _, r, _ in found)
    assert ("中国科学院沈阳自动化研究所", "part_of", "中国科学院") in rels("中国科学院沈阳自动化研究所参与研制。")


def test_builders_and_designers_named_by_bare_verbs_of_construction() -> None:
    found = rels("泉州湾跨海大桥全长20.3公里，由中铁大桥局集团有限公司施工，中国铁路设计集团有限公司设计。")
    assert {("中铁大桥局集团有限公司", "participates_in", "泉州湾跨海大桥"),
            ("中国铁路设计集团有限公司", "participates_in", "泉州湾跨海大桥")} <= found


def test_the_school_of_a_department_is_what_gaixiao_refers_to() -> None:
    found = model_rels("湖北省农学院的专家参加。在西南师范大学历史系王孝洵教授提议下，该校率先在重庆市成立了研究室。")
    assert ("西南师范大学", "located_in", "重庆市") in found
    assert ("湖北省农学院", "located_in", "重庆市") not in found


@pytest.mark.parametrize("text,expected", [
    ("白鹤滩水电站的建设单位为中国长江三峡集团有限公司。", ("中国长江三峡集团有限公司", "leads", "白鹤滩水电站")),
    ("中国交建是港珠澳大桥岛隧工程的总承包方。", ("中国交通建设股份有限公司", "leads", "港珠澳大桥岛隧工程")),
    ("港珠澳大桥岛隧工程的设计单位为中交公路规划设计院有限公司。",
     ("中交公路规划设计院有限公司", "participates_in", "港珠澳大桥岛隧工程")),
    ("中交公路规划设计院有限公司是港珠澳大桥岛隧工程的设计单位。",
     ("中交公路规划设计院有限公司", "participates_in", "港珠澳大桥岛隧工程")),
])
def test_a_bodys_role_in_a_work(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in rels(text)


def test_a_body_funding_a_work_named_after_dui() -> None:
    assert ("科学技术部", "invests_in", "九章") in rels("科技部通过国家重点研发计划对“九章”项目给予立项支持。")


def test_a_purpose_before_the_actor_and_a_forwarded_opinion() -> None:
    assert ("中国华能集团有限公司", "pursues", "双碳") in rels("为实现“双碳”目标，中国华能加快发展新能源。")
    found = rels("国务院办公厅近日转发国家发展改革委《关于推动城市停车设施发展的意见》。")
    assert ("国家发展和改革委员会", "issues", "关于推动城市停车设施发展的意见") in found


def test_holders_of_stakes_in_a_work_invest_in_it() -> None:
    found = rels("浙江三澳核电项目由中国广核集团有限公司控股，吉利控股集团、浙江能源集团等企业参股。")
    assert {("中国广核集团有限公司", "invests_in", "浙江三澳核电项目"), ("吉利控股集团", "invests_in", "浙江三澳核电项目"),
            ("浙江能源集团", "invests_in", "浙江三澳核电项目")} <= found


def test_a_phase_named_again_by_its_phase_alone() -> None:
    found = rels("甘肃酒泉千万千瓦级风电基地二期工程近日全面建成。二期工程总装机容量500万千瓦，由国家电力投资集团有限公司、"
                 "中国大唐集团有限公司等企业投资建设。")
    assert ("中国大唐集团有限公司", "invests_in", "甘肃酒泉千万千瓦级风电基地二期工程") in found


def test_a_list_of_bodies_acting_together_somewhere_and_not_funders() -> None:
    found = rels("清华大学、北京大学、浙江大学等12所高校近日在北京联合发起成立“碳中和大学联盟”。")
    assert ("清华大学", "collaborates_with", "北京大学") in found
    found = rels("项目组获得了中国科学院、国家发展改革委、山东和安徽等地的共同支持。")
    assert not any(r == "collaborates_with" for _, r, _ in found)


def test_a_project_quoted_after_its_programme_is_what_is_led() -> None:
    found = rels("上海交通大学牵头承担的国家重点研发计划项目“海洋环境安全保障”通过验收。")
    assert ("上海交通大学", "leads", "海洋环境安全保障") in found
    assert ("上海交通大学", "leads", "国家重点研发计划") not in found


def test_the_ship_a_text_calls_by_its_noun_is_what_gaichuan_refers_to() -> None:
    found = model_rels("我国首艘万吨级海洋科考船“东方红3”号完成南海科考\n\n由中国海洋大学投资建设的我国首艘万吨级海洋科考船"
                       "“东方红3”号完成南海科学考察航次。该船由中国船舶集团有限公司第七〇八研究所设计，"
                       "江南造船（集团）有限责任公司建造。")
    ship = {t for h, r, t in found if h == "中国船舶集团有限公司第七〇八研究所" and r == "participates_in"}
    assert ship and ship <= {"东方红3号", "我国首艘万吨级海洋科考船"}  # the ship, not the voyage (南海科学考察)
    assert ("江南造船（集团）有限责任公司", "participates_in", ship.pop()) in found


def test_respectively_pairs_the_nth_actor_with_the_nth_work() -> None:
    found = rels("中国电建、中国能建分别承建白鹤滩水电站和乌东德水电站。")
    assert {(h, t) for h, r, t in found if r == "leads"} == {("中国电力建设集团有限公司", "白鹤滩水电站"),
                                                             ("中国能源建设集团有限公司", "乌东德水电站")}
    found = rels("国家电网分别投资建设了昆柳龙直流工程和白鹤滩—江苏特高压直流工程。")
    assert {t for _, r, t in found if r == "invests_in"} == {"昆柳龙直流工程", "白鹤滩—江苏特高压直流工程"}


def test_the_described_work_is_led_not_the_programme_it_belongs_to() -> None:
    found = rels("引江补汉工程是南水北调后续工程首个开工项目，由中国南水北调集团有限公司负责建设运营。")
    assert {(h, r, t) for h, r, t in found if h == "中国南水北调集团有限公司"} == {
        ("中国南水北调集团有限公司", "leads", "引江补汉工程")}


def test_a_demonstration_line_named_again_by_gai_and_its_technical_supporter() -> None:
    found = rels("济青高速氢能走廊示范线正式投入运营。该示范线由山东高速集团有限公司投资建设，"
                 "国家电力投资集团氢能科技发展有限公司提供燃料电池技术支持。")
    assert ("山东高速集团有限公司", "invests_in", "济青高速氢能走廊示范线") in found
    assert ("国家电力投资集团氢能科技发展有限公司", "participates_in", "济青高速氢能走廊示范线") in found


def test_a_designer_and_a_builder_of_a_station() -> None:
    found = rels("罗斯海新站由中国电建集团华东勘测设计研究院有限公司设计，中交第一航务工程局有限公司承担施工。")
    assert ("中国电建集团华东勘测设计研究院有限公司", "participates_in", "罗斯海新站") in found
    assert ("中交第一航务工程局有限公司", "leads", "罗斯海新站") in found


def test_an_institute_in_its_company_form_is_no_unit_of_itself() -> None:
    assert not any(r == "part_of" for _, r, _ in rels("中铁第一勘察设计院集团有限公司承担设计。"))


def test_no_actor_for_a_work_opening_the_next_clause() -> None:
    found = rels("梦天实验舱由中国航天科技集团有限公司五院抓总研制，长征五号B运载火箭由中国运载火箭技术研究院研制。")
    assert {(h, t) for h, r, t in found if r in {"leads", "participates_in"}} == {
        ("中国航天科技集团有限公司五院", "梦天实验舱"), ("中国运载火箭技术研究院", "长征五号B")}
    found = rels("本次考察由自然资源部极地考察办公室组织实施，中国极地研究中心具体实施，“雪龙2”号和“雪龙”号两船共同执行任务。")
    assert not any(t in {"雪龙2号", "雪龙号"} for _, r, t in found if r != "pursues")


def test_what_a_speaker_says_should_be_done_is_no_participation() -> None:
    found = rels("应急管理部副部长宋元明在调研时指出，要加快推进国家地震烈度速报与预警工程建设。")
    assert found == {("宋元明", "affiliated_with", "应急管理部")}


def test_the_seat_of_a_company_is_not_its_founders() -> None:
    found = rels("中国稀土集团由中国铝业集团有限公司、中国五矿集团有限公司等共同出资组建，总部位于江西省赣州市。")
    assert {h for h, r, _ in found if r == "located_in"} == {"中国稀土集团"}


def test_a_unit_after_qixia_and_not_its_partner() -> None:
    found = rels("顺丰集团旗下丰翼科技与深圳大学联合开展研究。")
    assert ("丰翼科技", "part_of", "顺丰集团") in found
    assert ("深圳大学", "part_of", "顺丰集团") not in found


def test_joining_others_after_an_announcement() -> None:
    found = rels("中国人民银行5月13日宣布，联合科技部等部门设立科技创新和技术改造再贷款。")
    assert ("中国人民银行", "collaborates_with", "科学技术部") in found


def test_publishing_a_programmes_progress_is_not_issuing_it() -> None:
    found = rels("国家知识产权局发布专利转化运用专项行动进展。")
    assert not any(r == "issues" for _, r, _ in found)


def test_investors_of_a_work_hosted_by_a_university() -> None:
    found = rels("华中科技大学建设的脉冲强磁场实验装置通过验收。该项目依托华中科技大学建设，总投资约2.5亿元，"
                 "由国家发展改革委、湖北省人民政府共同出资。")
    assert {h for h, r, _ in found if r == "invests_in"} == {"国家发展和改革委员会", "湖北省人民政府"}


def test_a_described_work_and_its_joint_venture_investors() -> None:
    found = rels("中老铁路是“一带一路”倡议与老挝战略对接的重要项目，由中国国家铁路集团有限公司与老挝国家铁路公司合资建设。")
    assert {h for h, r, t in found if r == "invests_in" and t == "中老铁路"} == {"中国国家铁路集团有限公司", "老挝国家铁路公司"}
    found = rels("引江补汉工程是南水北调后续工程，由中国南水北调集团有限公司负责建设运营，总投资约582亿元。")
    assert not any(r == "invests_in" for _, r, _ in found)  # 总投资 is the work's, not the body's act


def test_a_plant_named_bare_its_investor_designer_and_builders_in_later_clauses() -> None:
    found = rels("长江三峡集团乌东德水电站全面投产。电站由三峡集团投资建设，中国电建集团成都勘测设计研究院有限公司承担设计，"
                 "中国葛洲坝集团股份有限公司、中国水利水电第八工程局有限公司等单位参与施工。")
    assert ("中国长江三峡集团有限公司", "invests_in", "乌东德水电站") in found
    for builder in ("中国电建集团成都勘测设计研究院有限公司", "中国葛洲坝集团股份有限公司", "中国水利水电第八工程局有限公司"):
        assert (builder, "participates_in", "乌东德水电站") in found
    assert ("中国电建集团成都勘测设计研究院有限公司", "leads", "乌东德水电站") not in found


def test_a_unit_that_joins_another_to_build_takes_part_too() -> None:
    found = rels("由贵阳大数据交易所联合重庆数据交易所共同建设的贵安数据中心12月5日正式投运。")
    assert {h for h, r, _ in found if r == "participates_in"} == {"贵阳大数据交易所", "重庆数据交易所"}


def test_a_company_that_signs_with_a_government_then_invests() -> None:
    found = rels("中国石油化工集团有限公司与江苏省人民政府签署战略合作协议，将在连云港投资建设盛虹炼化二期项目。")
    assert {h for h, r, _ in found if r == "invests_in"} == {"中国石油化工集团有限公司"}


def test_a_team_named_by_its_members_works_with_a_partner_and_builds() -> None:
    found = model_rels("中国科学技术大学潘建伟、陆朝阳等组成的研究团队，与中国科学院上海技术物理研究所合作，"
                 "成功构建了量子计算原型机“祖冲之三号”。")
    assert ("中国科学技术大学", "collaborates_with", "中国科学院上海技术物理研究所") in found
    assert {h for h, r, t in found if r == "participates_in" and t == "祖冲之三号"} == {
        "中国科学技术大学", "中国科学院上海技术物理研究所"}


def test_appointed_to_and_removed_from_posts() -> None:
    found = model_rels("任命刘国洪为国家发展和改革委员会副主任；免去李红的国家医疗保障局副局长职务。")
    assert found == {("刘国洪", "affiliated_with", "国家发展和改革委员会"), ("李红", "affiliated_with", "国家医疗保障局")}


def test_a_bare_laboratory_before_its_directors_title() -> None:
    found = model_rels("浙江省委书记王浩到之江实验室调研。实验室主任王坚院士介绍了研发进展。")
    assert ("王坚", "affiliated_with", "之江实验室") in found


def test_a_place_describing_the_next_work_is_not_the_subjects() -> None:
    found = rels("德国巴斯夫集团12月5日宣布，位于广东湛江的巴斯夫（广东）一体化基地项目首批装置正式投产。")
    assert {(h, t) for h, r, t in found if r == "located_in"} == {("巴斯夫（广东）一体化基地", "广东湛江")}


def test_a_main_contractor_and_an_owner_of_the_work_named_before() -> None:
    found = rels("由中国核工业集团有限公司承建的卡拉奇核电站2号机组正式投运。中国核电工程有限公司负责工程总承包。"
                 "巴基斯坦原子能委员会是项目业主。")
    assert {h for h, r, t in found if r == "leads" and t == "卡拉奇核电站2号机组"} == {
        "中国核工业集团有限公司", "中国核电工程有限公司", "巴基斯坦原子能委员会"}


def test_a_leader_named_before_the_bodies_that_join_it() -> None:
    found = rels("由上海交通大学牵头，中国船舶集团有限公司第七〇二研究所、哈尔滨工程大学等12家单位共同承担的"
                 "国家重点研发计划项目“深海重载作业采矿车研制”近日在上海启动。")
    assert ("上海交通大学", "leads", "深海重载作业采矿车研制") in found
    assert ("哈尔滨工程大学", "participates_in", "深海重载作业采矿车研制") in found
    assert not any(t == "国家重点研发计划" for _, r, t in found if r == "leads")


def test_a_revised_law_is_not_issued_by_the_body_explaining_it() -> None:
    found = model_rels("全国人大常委会表决通过新修订的《中华人民共和国矿产资源法》。全国人大常委会法制工作委员会经济法室主任"
                       "王瑞贺介绍，修订后的矿产资源法旨在推动矿业绿色低碳转型。")
    assert {h for h, r, _ in found if r == "issues"} == {"全国人民代表大会常务委员会"}


def test_a_main_works_anaphor_and_the_authority_leading_it() -> None:
    found = rels("港珠澳大桥通车六周年。港珠澳大桥由广东省人民政府出资建设，主体工程由港珠澳大桥管理局负责建设、运营和管理。")
    assert ("港珠澳大桥管理局", "leads", "港珠澳大桥") in found


def test_the_controlling_party_of_a_work_invests_in_it() -> None:
    found = rels("石岛湾高温气冷堆核电站示范工程商业运行满一年。该工程由中国华能集团有限公司、清华大学共同建设，"
                 "其中华能集团为控股方。")
    assert ("中国华能集团有限公司", "invests_in", "石岛湾高温气冷堆核电站示范工程") in found


def test_a_contractor_signing_an_epc_contract_leads_the_work_its_client_does_not() -> None:
    found = rels("中国能源建设集团有限公司与阿联酋阿布扎比国家能源公司签署艾尔达芙拉2GW光伏电站项目EPC总承包合同。")
    assert {h for h, r, _ in found if r == "leads"} == {"中国能源建设集团有限公司"}


def test_the_second_of_two_people_after_their_body() -> None:
    found = model_rels("北京大学物理学院王恩哥院士、江颖教授团队与中国科学院物理研究所合作取得进展。")
    assert {("王恩哥", "北京大学物理学院"), ("江颖", "北京大学物理学院")} <= {
        (h, t) for h, r, t in found if r == "affiliated_with"}


def test_a_guide_for_applying_to_a_programme_is_not_issuing_the_programme() -> None:
    found = rels("科学技术部日前发布“十四五”国家重点研发计划“氢能技术”等18个重点专项2024年度项目申报指南。")
    assert not any(r == "issues" for _, r, _ in found)


def test_every_later_clause_of_a_passive_chain_names_a_leader() -> None:
    found = rels("嫦娥六号任务由国家航天局组织实施，中国航天科技集团有限公司抓总研制，中国科学院国家天文台负责地面应用系统建设。")
    assert {h for h, r, t in found if r == "leads" and t == "嫦娥六号"} == {
        "国家航天局", "中国航天科技集团有限公司", "中国科学院国家天文台"}
    found = rels("深圳市体育中心改造提升工程由深圳市建筑工务署负责建设，中建三局集团有限公司承建。")
    assert ("中建三局集团有限公司", "leads", "深圳市体育中心改造提升工程") in found


def test_a_company_merged_into_another_is_its_unit() -> None:
    found = rels("中钢集团整体划入中国宝武，成为其全资子公司。")
    assert ("中钢集团", "part_of", "中国宝武钢铁集团有限公司") in found


def test_a_partner_that_develops_a_product_with_a_body() -> None:
    found = rels("故宫博物院宣布，与腾讯公司联合开发的“数字故宫”小程序新版上线。")
    assert ("腾讯公司", "participates_in", "数字故宫") in found


def test_a_speaker_said_to_hold_a_post_and_not_taking_part_in_what_he_says() -> None:
    found = model_rels("张伟：我们将加快推进西气东输四线等重大工程建设。\n\n（张伟系国家管网集团董事长）")
    assert ("张伟", "affiliated_with", "国家石油天然气管网集团有限公司") in found
    assert not any(h == "张伟" and r == "participates_in" for h, r, _ in found)


def test_bodies_that_build_a_facility_together_after_its_leader() -> None:
    found = rels("上海高重复频率硬X射线自由电子激光装置12月5日实现首次出光。该装置由张江实验室牵头，上海科技大学、"
                 "中国科学院上海应用物理研究所共同建设。")
    assert ("张江实验室", "leads", "上海高重复频率硬X射线自由电子激光装置") in found
    assert {h for h, r, _ in found if r == "participates_in"} == {"上海科技大学", "中国科学院上海应用物理研究所"}


def test_a_company_held_by_another_and_no_outlet_as_a_parent() -> None:
    found = rels("上海技术交易所由上海市人民政府批准设立，上海联合产权交易所有限公司控股。")
    assert ("上海技术交易所", "part_of", "上海联合产权交易所有限公司") in found
    assert not any(r == "part_of" for _, r, _ in rels("上海科技大学牵头建设。\n\n来源：上海科技"))


def test_a_work_named_after_its_owner_company() -> None:
    found = rels("小米汽车工厂二期项目在北京亦庄开工\n\n小米集团12月4日宣布，小米汽车工厂二期项目在北京经济技术开发区正式开工。")
    assert ("小米集团", "participates_in", "小米汽车工厂二期项目") in found


def test_a_unit_after_its_parent_in_a_passive_and_no_technology_used_as_the_work() -> None:
    found = rels("国和一号是我国三代非能动核电技术，由国家电投所属上海核工程研究设计院股份有限公司研发。")
    assert ("上海核工程研究设计院股份有限公司", "participates_in", "国和一号") in found
    found = rels("7月5日，山东海阳核电站3号机组正式开工建设。该机组采用国和一号三代非能动核电技术，"
                 "由国家电投所属山东核电有限公司负责建设运营。")
    assert {t for h, r, t in found if h == "山东核电有限公司" and r == "leads"} == {"山东海阳核电站3号机组"}


def test_a_branch_is_a_unit_of_the_company_named_before_it() -> None:
    found = rels("中国石油天然气股份有限公司塔里木油田分公司12月5日宣布。")
    assert ("中国石油天然气股份有限公司塔里木油田分公司", "part_of", "中国石油天然气股份有限公司") in found


def test_where_a_product_is_put_to_use_is_no_work_its_makers_take_part_in() -> None:
    found = model_rels("中国科学院大连化学物理研究所李先锋研究员团队与大连融科储能技术发展有限公司合作，"
                       "研发的全钒液流电池储能系统在大连液流电池储能调峰电站成功应用。")
    assert not any(r == "participates_in" for _, r, _ in found)


def test_investors_of_a_plant_not_of_the_design_its_units_use() -> None:
    found = rels("漳州核电项目规划建设6台“华龙一号”百万千瓦级核电机组，由中核集团与中国国电集团有限公司共同投资建设，"
                 "中国核电工程有限公司承担工程总承包。")
    assert {(h, r, t) for h, r, t in found if r in {"invests_in", "leads"}} == {
        ("中国核工业集团有限公司", "invests_in", "漳州核电项目"), ("中国国电集团有限公司", "invests_in", "漳州核电项目"),
        ("中国核电工程有限公司", "leads", "漳州核电项目")}


def test_a_supplier_of_a_works_turbines() -> None:
    found = rels("由中国广核集团有限公司投资建设的阳江南鹏岛海上风电项目实现全容量并网。明阳智慧能源集团股份有限公司为项目提供风电机组。")
    assert ("明阳智慧能源集团股份有限公司", "participates_in", "阳江南鹏岛海上风电项目") in found


def test_goals_taken_as_aims_stated_or_aspired_to() -> None:
    found = rels("中国宝武钢铁集团有限公司以2050年实现碳中和为目标，加快推进低碳冶金技术研发。")
    assert ("中国宝武钢铁集团有限公司", "pursues", "2050年碳中和") in found
    found = rels("华能集团发布碳达峰行动方案，明确2025年实现碳达峰。")
    assert ("中国华能集团有限公司", "pursues", "2025年碳达峰") in found
    found = rels("三峡集团致力于建设世界一流清洁能源集团。")
    assert ("中国长江三峡集团有限公司", "pursues", "世界一流清洁能源集团") in found


def test_a_regulation_passed_by_a_congress_whatever_its_term() -> None:
    found = rels("《深圳经济特区数据条例》经深圳市第七届人民代表大会常务委员会第二次会议通过。")
    assert found == {("深圳市人民代表大会常务委员会", "issues", "深圳经济特区数据条例")}


def test_bodies_taking_part_after_the_body_in_overall_charge() -> None:
    found = rels("天问二号任务由中国航天科技集团有限公司五院抓总研制，中国科学院国家空间科学中心等单位参与科学载荷研制。")
    assert ("中国科学院国家空间科学中心", "participates_in", "天问二号") in found


def test_partners_of_a_joint_venture_after_an_announcement_and_no_hospital_agency_as_a_unit() -> None:
    found = rels("宁德时代新能源科技股份有限公司12月2日宣布，与福特汽车公司在美国密歇根州合资成立电池制造公司。")
    assert ("宁德时代新能源科技股份有限公司", "collaborates_with", "福特汽车公司") in found
    assert not any(r == "part_of" for _, r, _ in rels("上海申康医院发展中心负责投资建设管理。"))


def test_a_congress_offices_parents_by_both_short_names() -> None:
    found = rels("全国人大常委会和全国人大的代表参加。在全国人大常委会办公厅的大力协助下，专版终于与读者见面了。")
    assert {t for h, r, t in found if h == "全国人民代表大会常务委员会办公厅" and r == "part_of"} >= {"全国人民代表大会常务委员会"}


def test_a_bare_institute_before_a_title_names_no_other_body() -> None:
    found = model_rels("卡迪拉克公司推出新车。快煤发明人、研究所所长张太江告诉记者，快煤研制成功。")
    assert not any(h == "张太江" for h, _, _ in found)


def test_a_party_group_before_a_title_and_an_invited_official_are_no_persons() -> None:
    found = rels("国铁集团董事长、党组书记刘振芳作工作报告，国家铁路局有关负责同志应邀出席会议。")
    assert ("刘振芳", "affiliated_with", "中国国家铁路集团有限公司") in found
    assert not any(h in {"党组", "应邀"} for h, _, _ in found)


def test_a_plan_a_body_issued_on_a_date() -> None:
    found = rels("会议强调，要深入落实《新时代交通强国铁路先行规划纲要》。该纲要由国铁集团于2020年8月印发。")
    assert ("中国国家铁路集团有限公司", "issues", "新时代交通强国铁路先行规划纲要") in found


def test_a_bare_work_names_the_subject_of_the_last_clause_not_what_it_is_said_to_be() -> None:
    found = rels("其中，引江补汉工程是南水北调后续工程首个开工项目，由中国南水北调集团有限公司负责建设运营。工程全线位于湖北省境内。")
    assert ("引江补汉工程", "located_in", "湖北省") in found
    assert ("南水北调后续工程", "located_in", "湖北省") not in found


def test_a_unit_named_in_a_chain_of_bodies_is_part_of_the_nearest() -> None:
    found = rels("全国人大常委会办公厅发布通知。")
    assert ("全国人民代表大会常务委员会办公厅", "part_of", "全国人民代表大会常务委员会") in found
    assert ("全国人民代表大会常务委员会办公厅", "part_of", "全国人民代表大会") not in found


def test_a_passive_chain_credits_the_work_not_the_programme_it_is_said_to_belong_to() -> None:
    found = rels("“奋斗者”号是国家重点研发计划“深海关键技术与装备”重点专项的核心研制任务，由科技部立项支持，"
                 "中国船舶集团有限公司第七〇二研究所牵头总体设计与集成建造，中国科学院金属研究所、"
                 "中国科学院声学研究所等近百家科研院所、高校和企业共同参与研制。")
    assert ("科学技术部", "invests_in", "奋斗者号") in found
    assert ("中国船舶集团有限公司第七〇二研究所", "leads", "奋斗者号") in found
    assert ("中国科学院金属研究所", "participates_in", "奋斗者号") in found
    assert ("中国科学院声学研究所", "participates_in", "奋斗者号") in found
    assert not any(t == "国家重点研发计划深海关键技术与装备重点专项" for _, r, t in found if r != "part_of")


def test_bodies_a_lead_joins_take_part() -> None:
    found = rels("硬X射线自由电子激光装置迎来关键节点。该装置由上海科技大学牵头，联合中国科学院上海高等研究院、"
                 "中国科学院上海光学精密机械研究所共同建设。")
    assert ("上海科技大学", "leads", "硬X射线自由电子激光装置") in found
    assert ("中国科学院上海高等研究院", "participates_in", "硬X射线自由电子激光装置") in found
    assert ("中国科学院上海光学精密机械研究所", "participates_in", "硬X射线自由电子激光装置") in found


def test_a_person_said_to_hold_several_titles_is_affiliated_with_each_body() -> None:
    found = model_rels("薛其坤是中国科学院院士、南方科技大学校长、清华大学教授。")
    assert {t for h, r, t in found if h == "薛其坤" and r == "affiliated_with"} == {
        "中国科学院", "南方科技大学", "清华大学"}


def test_a_body_supporting_a_goal_with_its_year() -> None:
    found = rels("科技部部长阴和俊表示，科技部将深化科技奖励制度改革，为到2035年建成科技强国提供有力支撑。")
    assert ("科学技术部", "pursues", "科技强国") in found


def test_a_body_with_the_short_name_it_defines_in_brackets_still_acts() -> None:
    found = rels("大连液流电池储能调峰电站国家示范项目一期工程正式并网发电。该项目由中国科学院大连化学物理研究所"
                 "（以下简称大连化物所）提供技术支撑，大连融科储能技术发展有限公司（以下简称融科储能）负责建设。")
    project = "大连液流电池储能调峰电站国家示范项目一期工程"
    assert ("大连融科储能技术发展有限公司", "leads", project) in found
    assert ("中国科学院大连化学物理研究所", "participates_in", project) in found


def test_a_body_leading_the_building_of_the_project_of_the_text() -> None:
    found = rels("由中国长江三峡集团有限公司投资建设的三峡阳江沙扒海上风电项目实现全容量并网发电。"
                 "三峡集团所属三峡新能源阳江发电有限公司负责项目的建设运营。")
    assert ("三峡新能源阳江发电有限公司", "leads", "三峡阳江沙扒海上风电项目") in found


def test_a_body_building_up_a_goal_pursues_it() -> None:
    assert ("国家电网有限公司", "pursues", "新型电力系统") in rels("国家电网将加快构建以新能源为主体的新型电力系统。")


def test_a_bare_project_names_the_station_and_its_lenders_in_a_later_clause_invest() -> None:
    found = rels("卡洛特水电站位于巴基斯坦旁遮普省境内，是“中巴经济走廊”首个水电投资项目。项目由三峡集团所属"
                 "中国三峡南亚投资有限公司控股开发，中国水利水电第七工程局有限公司承担主体工程施工，"
                 "中国进出口银行、国家开发银行、丝路基金和国际金融公司联合提供融资。")
    assert ("中国水利水电第七工程局有限公司", "leads", "卡洛特水电站") in found
    assert ("中国三峡南亚投资有限公司", "invests_in", "卡洛特水电站") in found
    assert {h for h, r, t in found if r == "invests_in" and t == "卡洛特水电站"} >= {
        "中国进出口银行", "国家开发银行", "丝路基金有限责任公司", "国际金融公司"}
    assert not any(t == "中巴经济走廊" for _, r, t in found if r in {"leads", "invests_in"})


def test_a_person_speaking_for_a_body_and_no_university_in_a_brand_sharing_its_short_name() -> None:
    found = model_rels("省长王伟中代表广东省人民政府作政府工作报告。")
    assert ("王伟中", "affiliated_with", "广东省人民政府") in found
    assert not any(t == "广东省人民政府" and r == "part_of" for _, r, t in found)  # no 广东省人民政府作政府 unit
    found = rels("北大荒垦丰种业股份有限公司入选。北京大学发布报告。")
    assert not any(r == "part_of" for _, r, _ in found)


def test_three_signers_then_sanfang_each_take_part_and_a_funder_invests() -> None:
    found = rels("厦门大学与自然资源部第三海洋研究所、中国海洋石油集团有限公司（以下简称“中国海油”）签署合作协议，"
                 "三方将在福建省宁德市共建“三都澳海洋负排放示范工程”，中国海油将为示范工程建设投入首期资金1.5亿元。")
    takers = {h for h, r, t in found if r == "participates_in" and t == "三都澳海洋负排放示范工程"}
    # (the funder builds it too: 共建)
    assert takers == {"厦门大学", "自然资源部第三海洋研究所", "中国海洋石油集团有限公司"}
    assert ("中国海洋石油集团有限公司", "invests_in", "三都澳海洋负排放示范工程") in found


def test_programmes_named_in_quotes_after_their_verbs_get_their_actors() -> None:
    found = rels("由财政部、住建部、水利部联合组织实施的“系统化全域推进海绵城市建设示范”已开展三批。"
                 "由愿景明德（北京）控股集团有限公司投资、劲松街道办事处牵头推进的“劲松北社区综合整治”成为样板。")
    assert {h for h, r, t in found if r == "leads" and t == "系统化全域推进海绵城市建设示范"} == {
        "财政部", "住房和城乡建设部", "水利部"}
    assert ("愿景明德（北京）控股集团有限公司", "invests_in", "劲松北社区综合整治") in found
    assert ("劲松街道办事处", "leads", "劲松北社区综合整治") in found


def test_titles_before_the_next_person_are_not_the_first_persons() -> None:
    found = rels("内蒙古自治区人民政府主席王莉霞，华能集团董事长、党组书记温枢刚出席签约仪式。")
    assert {(h, t) for h, r, t in found if r == "affiliated_with"} == {
        ("王莉霞", "内蒙古自治区人民政府"), ("温枢刚", "中国华能集团有限公司")}


def test_a_body_set_up_somewhere_is_there_and_its_founder_pursues_the_goal() -> None:
    found = rels("中国人民银行将在上海设立数字人民币国际运营中心，支持上海国际金融中心建设。")
    assert ("数字人民币国际运营中心", "located_in", "上海市") in found
    assert ("中国人民银行", "located_in", "上海市") not in found
    assert {h for h, r, t in found if r == "pursues"} == {"中国人民银行"}


def test_a_network_named_again_by_its_kind_is_built_there_by_its_funders() -> None:
    found = rels("由自然资源部东海局牵头建设的“东海近海海洋生态立体观测网”正式运行。该观测网布设于长江口。"
                 "该观测网由自然资源部东海局联合国家海洋技术中心共同研制，由自然资源部和上海市人民政府共同出资建设。")
    work = "东海近海海洋生态立体观测网"
    assert (work, "located_in", "长江口") in found
    assert {h for h, r, t in found if r == "invests_in" and t == work} == {"自然资源部", "上海市人民政府"}
    assert ("国家海洋技术中心", "participates_in", work) in found


def test_a_crop_variety_bred_by_two_centres() -> None:
    found = rels("“叁优一号”由国家杂交水稻工程技术研究中心和湖南杂交水稻研究中心联合选育。")
    assert {h for h, r, t in found if r == "participates_in" and t == "叁优一号"} == {
        "国家杂交水稻工程技术研究中心", "湖南杂交水稻研究中心"}


def test_the_issuer_is_the_body_right_before_the_verb_not_one_speaking_of_it() -> None:
    found = rels("会上，国资委科技创新局负责同志解读了国资委此前印发的《关于推进中央企业高质量发展做好碳达峰碳中和工作的指导意见》。")
    assert {h for h, r, t in found if r == "issues"} == {"国务院国有资产监督管理委员会"}


def test_promulgated_regulations_subsidiaries_by_copula_and_quoted_processors() -> None:
    found = rels("国务院公布《生态保护补偿条例》。四川时代新能源科技有限公司是宁德时代新能源科技股份有限公司旗下全资子公司。"
                 "“香山”处理器项目于2019年启动，由中科院计算所牵头，鹏城实验室参与。")
    assert ("国务院", "issues", "生态保护补偿条例") in found
    assert ("四川时代新能源科技有限公司", "part_of", "宁德时代新能源科技股份有限公司") in found
    assert ("中科院计算所", "leads", "香山") in found
    assert ("鹏城实验室", "participates_in", "香山") in found


def test_units_and_officials_past_a_defined_short_name_and_two_full_companies_apart() -> None:
    found = rels("中国交通建设股份有限公司（以下简称“中国交建”）旗下中交第二航务工程局有限公司承建。"
                 "中国民用航空局（以下简称“民航局”）局长宋志勇出席。"
                 "中国中铁旗下中铁大桥局集团有限公司承建了泉州湾跨海大桥，中国铁建大桥工程局集团有限公司承建了湄洲湾跨海大桥。")
    assert ("中交第二航务工程局有限公司", "part_of", "中国交通建设股份有限公司") in found
    assert ("宋志勇", "affiliated_with", "中国民用航空局") in found
    assert ("中铁大桥局集团有限公司", "leads", "泉州湾跨海大桥") in found
    assert ("中铁大桥局集团有限公司", "part_of", "中国中铁股份有限公司") in found


def test_a_school_named_again_by_xuexiao_pursues_and_an_object_of_ba_does_not() -> None:
    found = rels("中国农业大学校长孙其信表示，学校将总结推广经验，把科技小院建到更多县域，以科技服务助力乡村振兴。")
    assert {h for h, r, t in found if r == "pursues"} == {"中国农业大学"}


def test_design_and_build_is_leading_and_a_quoted_campaign_has_its_leader() -> None:
    found = rels("“中国环流三号”由中核集团所属核工业西南物理研究院牵头设计建造。在各专项行动中，教育部牵头实施“中小学健康促进行动”。")
    assert ("核工业西南物理研究院", "leads", "中国环流三号") in found
    assert ("教育部", "leads", "中小学健康促进行动") in found


def test_a_third_party_is_none_of_the_signers() -> None:
    found = rels("厦门大学与自然资源部第三海洋研究所、中国海洋石油集团有限公司签署协议。第三方将共建“三都澳海洋负排放示范工程”。")
    assert not any(r == "participates_in" for _, r, _ in found)
