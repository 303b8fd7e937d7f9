from __future__ import annotations

from kg.extraction import extract_text
from kg.normalise import canonical_name, goal_attributes


def test_canonical_names() -> None:
    assert canonical_name("《上海市环境保护条例》", "POLICY") == "上海市环境保护条例"
    assert canonical_name("“十四五”规划", "POLICY") == "十四五规划"
    assert canonical_name("湿地保护法草案", "POLICY") == "湿地保护法"
    assert canonical_name("国家公园法（草案）", "POLICY") == "国家公园法"
    assert canonical_name("中科院", "ORG") == "中国科学院"
    assert canonical_name("国家科技部", "ORG") == "科学技术部"
    assert canonical_name("山西", "LOC") == "山西省"
    assert canonical_name("合肥", "LOC") == "合肥市"  # a city by its official name, as a province is
    assert canonical_name("吉林", "LOC") == "吉林省"  # the province first, where a city shares its name
    assert canonical_name("江苏泰州", "LOC") == "江苏泰州"  # a province and city together stay as written
    assert canonical_name("长江", "LOC") == "长江"
    # a Party committee by its short name is the committee by its full official name (as 中共中央 is)
    assert canonical_name("安徽省委", "ORG") == canonical_name("中共安徽省委", "ORG") == "中国共产党安徽省委员会"
    assert canonical_name("上海市松江区委", "ORG") == "中国共产党上海市松江区委员会"
    assert canonical_name("省委", "ORG") == "省委"  # the article's own province's: no name
    assert canonical_name("安徽省农委", "ORG") == "安徽省农委"  # a commission of the government, not the Party's
    # a unit named after its parent's short name goes by the parent's full name, as 全国人大… does in the dev gold
    assert canonical_name("科技部办公厅", "ORG") == "科学技术部办公厅"
    assert canonical_name("国家发展改革委高技术司", "ORG") == "国家发展和改革委员会高技术司"
    assert canonical_name("中共中央政治局", "ORG") == "中国共产党中央委员会政治局"
    assert canonical_name("清华大学", "ORG") == "清华大学"  # a full name is no short name and a unit
    assert canonical_name("中国石化销售股份有限公司", "ORG") == "中国石化销售股份有限公司"  # a company of its own
    assert canonical_name("中科院上海微系统所", "ORG") == "中科院上海微系统所"  # the unit's own name is short too
    assert canonical_name("国网智慧能源交通技术创新\n\n中心", "ORG") == "国网智慧能源交通技术创新中心"


def test_goal_attributes() -> None:
    assert goal_attributes("2060年前碳中和") == {"target_year": 2060}
    assert goal_attributes("18亿亩耕地红线") == {"quantity": "18亿亩"}
    assert goal_attributes("海洋强国") == {}


def test_abbreviation_defined_in_the_text_links_later_mentions() -> None:
    rec = extract_text("华夏未来能源科技有限公司（以下简称“华夏能源”）发布新品。华夏能源表示将加大投入。", statistical_ner=False)
    later = [e for e in rec["entities"] if e["text"] == "华夏能源"]
    assert later and all(e["canonical"] == "华夏未来能源科技有限公司" and e["label"] == "ORG" for e in later)


def test_a_company_variant_of_a_well_known_body_takes_its_full_name() -> None:
    assert canonical_name("国家电网公司", "ORG") == "国家电网有限公司"
    assert canonical_name("中国电子科技集团公司", "ORG") == "中国电子科技集团有限公司"


def test_only_wrapping_brackets_go() -> None:
    assert canonical_name("《产业技术创新白皮书（2020）》", "POLICY") == "产业技术创新白皮书（2020）"
    assert canonical_name("（中国）有限公司", "ORG") == "（中国）有限公司"


def test_a_later_mention_as_a_demonstration_is_the_same_project() -> None:
    rec = extract_text("由宁德时代新能源科技股份有限公司投资的霞浦海上风电工程正式开工。"
                       "此次建设的福建沿海百万千瓦海上风电样板工程预计明年投运。", statistical_ner=False)
    projects = {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"}
    assert projects == {"霞浦海上风电工程"}
    # Two projects of one kind, neither named as a model: the rule leaves them apart.
    rec2 = extract_text("霞浦海上风电工程和漳州核电工程同时开工。", statistical_ner=False)
    assert {e["canonical"] for e in rec2["entities"] if e["label"] == "PROJECT"} == {"霞浦海上风电工程", "漳州核电工程"}


def test_a_body_named_relative_to_the_article_city_is_that_city_body() -> None:
    text = ("上海市产业创新回顾\n上海市经济信息化委会同市发展改革委、市教委制订方案。上海市生态环境局参加。"
            "市市场监管局也参与。")
    orgs = {e["canonical"] for e in extract_text(text, statistical_ner=False)["entities"] if e["label"] == "ORG"}
    assert {"上海市经济和信息化委员会", "上海市发展和改革委员会", "上海市教育委员会", "上海市市场监督管理局"} <= orgs
    assert not any(o.startswith("市") for o in orgs)


def test_with_no_single_home_city_a_relative_body_keeps_its_name() -> None:
    text = "北京市和天津市召开会议。北京市生态环境局、天津市生态环境局与市发展改革委参加。"
    orgs = {e["canonical"] for e in extract_text(text, statistical_ner=False)["entities"] if e["label"] == "ORG"}
    assert "市发展改革委" in orgs


def test_a_stretch_of_a_river_is_the_river() -> None:
    rec = extract_text("示范船的成功运营将在长江航道上发挥重要作用。", statistical_ner=False)
    assert [(e["text"], e["canonical"]) for e in rec["entities"] if e["label"] == "LOC"] == [("长江航道", "长江")]


def test_a_company_goes_by_its_brand_later_in_its_article() -> None:
    text = ("中国宝武钢铁集团有限公司董事长陈德荣表示，宝武将力争2023年实现碳达峰。"
            "上海市演出公司组织了演出，演出是一流的。")
    orgs = [(e["text"], e["canonical"], e["rule"]) for e in extract_text(text, statistical_ner=False)["entities"]
            if e["label"] == "ORG"]
    assert ("宝武", "中国宝武钢铁集团有限公司", "alias.company_brand") in orgs
    assert not any(t == "演出" for t, _, _ in orgs)  # 演出公司 is named by its trade: no brand


def test_a_company_named_after_its_home_town_goes_by_town_and_brand_even_before_a_title() -> None:
    text = ("杭州海康威视数字技术股份有限公司发布新品。宁德时代新能源科技股份有限公司与福建省人民政府签约，"
            "宁德时代董事长曾毓群出席。海康威视旗下的萤石网络参加了展会。时代在变。")
    orgs = {(e["text"], e["canonical"]) for e in extract_text(text, statistical_ner=False)["entities"]
            if e["label"] == "ORG"}
    assert ("宁德时代", "宁德时代新能源科技股份有限公司") in orgs  # 董事长 after the brand
    assert ("海康威视", "杭州海康威视数字技术股份有限公司") in orgs  # 旗下 after the brand
    assert not any(t == "时代" for t, _ in orgs)  # the brand alone is a common word: the text says 宁德时代


def test_a_document_kind_in_brackets_stands_for_the_policy_of_that_kind_named_before() -> None:
    text = ("广东省人民政府印发《广东省促进科技成果转化的若干措施》。《措施》明确，支持深圳。"
            "国家能源局印发《2021年能源工作指导意见》（以下简称《意见》）。《意见》提出，要出台意见。")
    policies = [(e["text"], e["canonical"]) for e in extract_text(text, statistical_ner=False)["entities"]
                if e["label"] == "POLICY"]
    assert ("措施", "广东省促进科技成果转化的若干措施") in policies  # (the brackets are no part of the name)
    assert not any(canonical in ("措施", "意见") for _, canonical in policies)  # a kind alone is no policy


def test_a_unit_named_in_full_once_is_the_same_unit_by_its_own_name_later() -> None:
    text = ("中国医学科学院阜外医院将牵头组建国家心血管病医学中心。阜外医院院长胡盛寿表示，中心已开始运行。"
            "上海证券交易所、深交所与北交所加强合作。中国证监会表示支持。")
    canonicals = {e["text"]: e["canonical"] for e in extract_text(text, statistical_ner=False)["entities"]}
    assert canonicals["阜外医院"] == "中国医学科学院阜外医院"
    assert canonicals["深交所"] == "深圳证券交易所" and canonicals["北交所"] == "北京证券交易所"
    assert canonicals["中国证监会"] == "中国证券监督管理委员会"



def test_an_acronym_in_brackets_after_a_name_is_its_alias() -> None:
    text = "欧洲核子研究中心（CERN）与中国科学院高能物理研究所开展合作。CERN表示欢迎。细颗粒物（PM2.5）浓度下降。"
    rec = extract_text(text)
    assert {e["canonical"] for e in rec["entities"] if e["text"] == "CERN"} == {"欧洲核子研究中心"}
    assert ("欧洲核子研究中心", "collaborates_with", "中国科学院高能物理研究所") in {
        (r["head"], r["relation"], r["tail"]) for r in rec["relations"]}


def test_a_relative_body_takes_the_city_its_bodies_are_named_after() -> None:
    text = "深圳市人民政府办公厅印发措施。市科技创新委员会主任钟海帆介绍情况。深圳市科技创新委员会与香港科技大学合作。"
    canonicals = {e["text"]: e["canonical"] for e in extract_text(text, statistical_ner=False)["entities"]}
    assert canonicals["市科技创新委员会"] == "深圳市科技创新委员会"


def test_a_zone_named_without_its_province_later_is_the_same_place() -> None:
    rec = extract_text("国家发展改革委批复设立四川天府新区。天府新区位于成都市南部。")
    zones = [e["canonical"] for e in rec["entities"] if e["label"] == "LOC" and e["text"].endswith("新区")]
    assert zones == ["四川天府新区", "四川天府新区"]


def test_a_law_named_without_the_state_is_the_law_of_its_full_name() -> None:
    rec = extract_text("《中华人民共和国黄河保护法》自2023年4月1日起施行。黄河保护法共11章。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "POLICY"} == {"中华人民共和国黄河保护法"}


def test_well_known_short_names_of_universities_and_oil_companies_are_their_full_names() -> None:
    rec = extract_text("哈工大、西工大、北航共同参与研制。中石油、中石化和中海油三大石油公司加大投入。")
    assert [e["canonical"] for e in rec["entities"]] == [
        "哈尔滨工业大学", "西北工业大学", "北京航空航天大学",
        "中国石油天然气集团有限公司", "中国石油化工集团有限公司", "中国海洋石油集团有限公司"]



def test_a_school_named_after_this_school_is_the_universitys_and_part_of_it() -> None:
    rec = extract_text("记者从浙江大学获悉，该校材料科学与工程学院陆俊教授团队联合宁德时代新能源科技股份有限公司，成功研发出一种新型材料。")
    school = "浙江大学材料科学与工程学院"
    assert ("材料科学与工程学院", school) in [(e["text"], e["canonical"]) for e in rec["entities"]]
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert {(school, "part_of", "浙江大学"), ("陆俊", "affiliated_with", school),
            (school, "collaborates_with", "宁德时代新能源科技股份有限公司")} <= found


def test_a_short_name_in_brackets_after_an_organisation_is_its_alias() -> None:
    rec = extract_text("上海汽车集团股份有限公司（上汽集团）与宁德时代新能源科技股份有限公司签署合作协议。上汽集团董事长陈虹表示，双方将共同研发电池。")
    assert {e["canonical"] for e in rec["entities"] if e["text"] == "上汽集团"} == {"上海汽车集团股份有限公司"}
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert ("陈虹", "affiliated_with", "上海汽车集团股份有限公司") in found


def test_a_known_group_without_its_company_form_is_the_company() -> None:
    from kg.normalise import canonical_name
    assert canonical_name("中国华能集团", "ORG") == "中国华能集团有限公司"
    assert canonical_name("宁夏煤业集团", "ORG") == "宁夏煤业集团"


def test_a_nickname_in_quotes_names_the_entity_after_it() -> None:
    rec = extract_text("国家重大科技基础设施“中国天眼”发现脉冲星数量突破740颗\n\n"
                       "中国科学院国家天文台近日宣布，被誉为“中国天眼”的500米口径球面射电望远镜（FAST）已发现脉冲星超过740颗。")
    assert {e["canonical"] for e in rec["entities"] if e["text"] == "中国天眼"} == {"500米口径球面射电望远镜"}
    rec = extract_text("号称“不会沉没”的泰坦尼克号沉没了。“不会沉没”的说法破灭。")
    assert not any(e["text"] == "不会沉没" for e in rec["entities"])


def test_a_group_is_no_shortened_name_of_its_subsidiary() -> None:
    rec = extract_text("由中国船舶集团有限公司所属中国船舶集团海装风电股份有限公司研制的风电装备并网发电。")
    canonicals = {e["text"]: e["canonical"] for e in rec["entities"] if e["label"] == "ORG"}
    assert canonicals["中国船舶集团有限公司"] == "中国船舶集团有限公司"
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert ("中国船舶集团海装风电股份有限公司", "part_of", "中国船舶集团有限公司") in found


def test_a_place_and_head_is_no_shortened_name_of_a_longer_school() -> None:
    rec = extract_text("内蒙古大学和内蒙古农业大学也将参与相关研究。中国科学技术大学与中国科技大学是同一所大学。")
    canonicals = {e["text"]: e["canonical"] for e in rec["entities"] if e["label"] == "ORG"}
    assert canonicals["内蒙古大学"] == "内蒙古大学"
    assert canonicals["中国科技大学"] == "中国科学技术大学"


def test_a_name_with_a_word_put_before_its_head_is_another_body() -> None:
    rec = extract_text("四川大学华西医院与成都市天府新区管委会签署合作协议，共建四川大学华西天府医院。华西医院负责运营。")
    canonicals = {e["text"]: e["canonical"] for e in rec["entities"] if e["label"] == "ORG"}
    assert canonicals["四川大学华西医院"] == "四川大学华西医院"
    assert canonicals["四川大学华西天府医院"] == "四川大学华西天府医院"
    rec = extract_text("国家电网公司发布报告。国家电网有限公司表示将加大投资。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"国家电网有限公司"}


def test_a_headline_names_its_project_without_places_and_the_word_project() -> None:
    rec = extract_text("兴化湾海上风电场二期全部并网\n\n由三峡集团投资建设的福建福清兴化湾海上风电场二期项目全部机组并网发电。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {"福建福清兴化湾海上风电场二期项目"}


def test_a_project_said_to_be_a_first_of_its_kind_is_the_project_before() -> None:
    rec = extract_text("中国华能集团有限公司牵头建设的山东石岛湾高温气冷堆核电站商业示范工程正式投入商业运行。"
                       "该工程是全球首个并网发电的第四代高温气冷堆核电项目。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {
        "山东石岛湾高温气冷堆核电站商业示范工程"}


def test_a_company_goes_by_its_brand_and_trade_and_a_regions_law_by_its_name_without_the_region() -> None:
    rec = extract_text("长安汽车与华为联合打造智能汽车品牌\n\n重庆长安汽车股份有限公司与华为技术有限公司签署战略合作协议。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"重庆长安汽车股份有限公司", "华为技术有限公司"}
    rec = extract_text("浙江省出台数字经济促进条例\n\n浙江省人大常委会审议通过《浙江省数字经济促进条例》。")
    policies = [(e["text"], e["canonical"]) for e in rec["entities"] if e["label"] == "POLICY"]
    assert ("数字经济促进条例", "浙江省数字经济促进条例") in policies


def test_the_largest_or_first_of_a_kind_after_a_copula_is_the_project_before() -> None:
    rec = extract_text("宁夏宁东能源化工基地太阳能电解水制氢综合示范项目开工建设。该项目是国内规模最大的太阳能电解水制氢项目。"
                       "白鹤滩—江苏±800千伏特高压直流输电工程全面投运。工程起于四川凉山，是我国首个混合级联特高压直流工程。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {
        "宁夏宁东能源化工基地太阳能电解水制氢综合示范项目", "白鹤滩—江苏±800千伏特高压直流输电工程"}


def test_a_headline_leaves_out_a_projects_figures() -> None:
    rec = extract_text("国家电网白鹤滩—江苏特高压工程全面投运\n\n国家电网有限公司白鹤滩—江苏±800千伏特高压直流输电工程全面投运。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {"白鹤滩—江苏±800千伏特高压直流输电工程"}


def test_a_company_short_name_leaves_out_its_limited_form() -> None:
    rec = extract_text("上海交通大学与宝钢股份共建联合实验室\n\n上海交通大学与宝山钢铁股份有限公司日前签署协议。宝钢股份总经理刘宝军出席。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"上海交通大学", "宝山钢铁股份有限公司"}


def test_a_short_name_with_a_company_form_is_the_company() -> None:
    assert canonical_name("中国商飞公司", "ORG") == "中国商用飞机有限责任公司"
    assert canonical_name("中科院公司", "ORG") == "中科院公司"
    assert canonical_name("中国建筑股份有限公司", "ORG") == "中国建筑股份有限公司"


def test_a_body_shortened_by_leaving_out_words_before_its_head_is_the_same() -> None:
    rec = extract_text("国家体育总局小球运动管理中心引入竞争机制。国家体育总局小球中心表示满意。")
    canonicals = {e["text"]: e["canonical"] for e in rec["entities"] if e["label"] == "ORG"}
    assert canonicals["国家体育总局小球中心"] == "国家体育总局小球运动管理中心"


def test_a_description_before_a_dash_names_the_project_after_it() -> None:
    rec = extract_text("国内首条智能网联汽车测试专用高速公路在江苏开通\n\n"
                       "由江苏交通控股有限公司投资建设的国内首条智能网联汽车测试专用高速公路——苏州至台州高速公路正式开通。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {"苏州至台州高速公路"}
    assert ("江苏交通控股有限公司", "invests_in", "苏州至台州高速公路") in {
        (r["head"], r["relation"], r["tail"]) for r in rec["relations"]}


def test_a_company_named_without_its_company_form_is_the_company() -> None:
    rec = extract_text("腾讯表示将加大投入。腾讯公司与清华大学日前宣布共同成立联合实验室。")
    assert {e["canonical"] for e in rec["entities"] if e["text"] == "腾讯"} == {"腾讯公司"}


def test_a_short_name_before_a_partner_is_the_company_named_in_full() -> None:
    rec = extract_text("华为与中国电信联合发布5G智慧工厂解决方案\n\n华为技术有限公司与中国电信集团有限公司近日联合发布解决方案。")
    assert {e["canonical"] for e in rec["entities"] if e["text"] == "华为"} == {"华为技术有限公司"}
    assert not any(r["relation"] == "part_of" for r in rec["relations"])


def test_a_brand_does_not_cut_a_longer_company_name() -> None:
    rec = extract_text("四川省人民政府与中国东方电气集团有限公司签署协议。东方电气将在四川投资。"
                       "东方电气（成都）氢燃料电池科技有限公司将参与项目建设。")
    names = {e["text"]: e["canonical"] for e in rec["entities"] if e["label"] == "ORG"}
    assert names["东方电气"] == "中国东方电气集团有限公司"
    assert "东方电气（成都）氢燃料电池科技有限公司" in names


def test_a_committees_short_form_and_a_zones_committee_named_relative_to_the_text() -> None:
    rec = extract_text("长三角生态绿色一体化发展示范区执委会发布项目清单\n\n"
                       "长三角生态绿色一体化发展示范区执行委员会近日发布项目清单。示范区执委会副主任张忠伟表示满意。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"长三角生态绿色一体化发展示范区执行委员会"}
    assert ("张忠伟", "affiliated_with", "长三角生态绿色一体化发展示范区执行委员会") in {
        (r["head"], r["relation"], r["tail"]) for r in rec["relations"]}


def test_a_centre_named_with_and_without_its_seat_in_brackets_is_one() -> None:
    rec = extract_text("国家第三代半导体技术创新中心近日揭牌。国家第三代半导体技术创新中心（苏州）位于苏州工业园区。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"国家第三代半导体技术创新中心（苏州）"}


def test_a_headline_names_a_plan_without_its_city_and_years() -> None:
    rec = extract_text("上海氢能产业发展中长期规划发布。上海市发展和改革委员会等部门近日联合印发"
                       "《上海市氢能产业发展中长期规划（2022—2035年）》。")
    policies = {(e["text"], e["canonical"]) for e in rec["entities"] if e["label"] == "POLICY"}
    assert ("氢能产业发展中长期规划", "上海市氢能产业发展中长期规划（2022—2035年）") in policies


def test_a_project_with_its_acronym_in_brackets_and_the_acronym_with_its_head_are_one() -> None:
    rec = extract_text("中国核工业集团有限公司深度参与国际热核聚变实验堆（ITER）计划。"
                       "ITER计划是全球规模最大的国际科研合作项目之一。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {"国际热核聚变实验堆计划"}


def test_a_headlines_first_of_its_kind_is_the_one_named_project_below() -> None:
    rec = extract_text("我国首座第四代核电站商运投产\n\n12月6日，由中国华能集团有限公司牵头建设的山东石岛湾高温气冷堆核电站商业示范工程"
                       "正式投入商业运行，设备国产化率达93.4%。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {"山东石岛湾高温气冷堆核电站商业示范工程"}


def test_a_group_named_without_its_company_form_or_with_it_in_brackets_is_one_company() -> None:
    rec = extract_text("隆平高科与中国种子集团签署战略合作协议\n\n袁隆平农业高科技股份有限公司与中国种子集团有限公司日前在长沙签署协议。")
    assert "中国种子集团" not in {e["canonical"] for e in rec["entities"]}
    rec = extract_text("上海微电子装备集团推出新一代光刻机\n\n上海微电子装备（集团）股份有限公司日前发布新一代光刻机。"
                       "该设备由上海微电子联合华中科技大学等单位共同研制。")
    orgs = {(e["text"], e["canonical"]) for e in rec["entities"] if e["label"] == "ORG"}
    assert ("上海微电子", "上海微电子装备（集团）股份有限公司") in orgs
    assert ("上海微电子装备集团", "上海微电子装备（集团）股份有限公司") in orgs
    assert not any(e["label"] == "LOC" for e in rec["entities"])  # 上海 of 上海微电子 is no place here


def test_a_brand_in_a_headline_before_what_the_company_got() -> None:
    rec = extract_text("亿航智能获颁全球首张生产许可证\n\n中国民用航空局中南地区管理局日前向广州亿航智能技术有限公司颁发生产许可证。")
    assert {(e["text"], e["canonical"]) for e in rec["entities"] if e["label"] == "ORG" and e["start"] == 0} == {
        ("亿航智能", "广州亿航智能技术有限公司")}


def test_a_company_named_in_its_projects_name_goes_by_its_brand() -> None:
    rec = extract_text("长江存储二期项目在武汉开工\n\n长江存储科技有限责任公司二期项目日前在武汉东湖新技术开发区开工。"
                       "项目由长江存储、湖北长晟发展有限公司共同出资建设。")
    projects = {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"}
    assert projects == {"长江存储科技有限责任公司二期项目"}
    assert ("长江存储科技有限责任公司", "invests_in", "长江存储科技有限责任公司二期项目") in {
        (r["head"], r["relation"], r["tail"]) for r in rec["relations"]}


def test_a_place_named_with_and_without_its_kind_is_one_place() -> None:
    rec = extract_text("大兴区副区长表示，大兴将以大兴国际氢能示范区为依托。深圳市副市长表示，深圳将加快发展。上海市区交通便利，上海市人口众多。")
    places = {(e["text"], e["canonical"]) for e in rec["entities"] if e["label"] == "LOC"}
    assert {("大兴", "大兴区"), ("深圳", "深圳市")} <= places
    assert ("上海市区", "上海市") not in places and ("上海市", "上海市区") not in places


def test_a_body_named_relative_to_the_autonomous_region_is_the_regions() -> None:
    rec = extract_text("内蒙古自治区人民政府日前印发《内蒙古自治区黄河“几字弯”攻坚战实施方案》。"
                       "自治区林业和草原局承担具体组织实施工作。")
    assert "内蒙古自治区林业和草原局" in {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"}


def test_a_headlines_first_of_its_kind_is_the_first_named_project_below_when_others_follow() -> None:
    rec = extract_text("我国首条商业运营氢能重卡示范线路开通\n\n国家电投集团氢能科技发展有限公司与北京市大兴区人民政府合作建设的"
                       "京津冀氢能重卡示范线路日前开通运营。大兴将以大兴国际氢能示范区为依托，打造氢能产业高地。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {
        "京津冀氢能重卡示范线路", "大兴国际氢能示范区"}


def test_a_models_propagated_organisation_gives_way_to_the_brand_and_so_does_its_short_form() -> None:
    rec = extract_text("比亚迪与长安汽车签署新能源汽车技术合作协议\n\n比亚迪股份有限公司与重庆长安汽车股份有限公司日前签署协议。"
                       "长安汽车董事长朱华荣表示，长安将加快转型。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {
        "比亚迪股份有限公司", "重庆长安汽车股份有限公司"}
    assert not any(e["label"] == "LOC" and e["text"] == "长安" for e in rec["entities"])


def test_a_group_named_without_its_home_province_is_the_company() -> None:
    rec = extract_text("吉利控股集团董事长李书福表示满意。浙江吉利控股集团有限公司旗下极氪智能科技有限公司日前投产。")
    assert ("吉利控股集团", "浙江吉利控股集团有限公司") in {(e["text"], e["canonical"]) for e in rec["entities"]}


def test_a_satellite_described_after_its_builders_is_the_satellite() -> None:
    rec = extract_text("中国气象局日前宣布，风云三号G星正式投入业务运行。该卫星由中国航天科技集团有限公司第八研究院抓总研制，"
                       "国家卫星气象中心负责地面应用系统建设，是我国首颗低倾角轨道降水测量卫星。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {"风云三号G星"}


def test_a_bank_of_a_place_and_its_company_form_and_a_yearly_plan_without_its_year() -> None:
    rec = extract_text("中国银行与中国商飞签署协议\n\n中国银行股份有限公司与中国商用飞机有限责任公司日前签署协议。")
    assert ("中国银行", "中国银行股份有限公司") in {(e["text"], e["canonical"]) for e in rec["entities"]}
    rec = extract_text("国家知识产权局发布《知识产权强国建设纲要和“十四五”规划实施年度推进计划》\n\n"
                       "国家知识产权局日前印发《2024年知识产权强国建设纲要和“十四五”规划实施年度推进计划》。")
    assert len({e["canonical"] for e in rec["entities"] if e["label"] == "POLICY"}) == 1


def test_inner_title_marks_leave_the_canonical_name() -> None:
    rec = extract_text("上海市科学技术委员会近日发布《〈上海市促进人工智能产业发展条例〉实施细则》。")
    assert "上海市促进人工智能产业发展条例实施细则" in {e["canonical"] for e in rec["entities"] if e["label"] == "POLICY"}


def test_a_joint_body_named_without_its_partners_and_a_brand_before_a_verb_of_building() -> None:
    rec = extract_text("清华大学与宁德时代共建电化学储能技术联合研究院\n\n清华大学与宁德时代新能源科技股份有限公司签署协议，"
                       "共建“清华大学—宁德时代电化学储能技术联合研究院”。")
    found = {(e["text"], e["label"], e["canonical"]) for e in rec["entities"]}
    assert ("电化学储能技术联合研究院", "ORG", "清华大学—宁德时代电化学储能技术联合研究院") in found
    assert ("宁德时代", "ORG", "宁德时代新能源科技股份有限公司") in found
    assert not any(label == "LOC" for _, label, _ in found)


def test_the_science_foundations_short_name() -> None:
    rec = extract_text("国家自然科学基金委员会主任窦贤康表示，基金委将持续深化改革。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"国家自然科学基金委员会"}


def test_no_brand_of_a_country_and_a_brand_before_an_ordinal() -> None:
    rec = extract_text("中国与沙特签署协议\n\n中国电力建设集团有限公司与沙特电力公司签署合同。")
    assert not any(e["text"] == "沙特" and e["label"] == "ORG" for e in rec["entities"])
    rec = extract_text("比亚迪第700万辆新能源汽车下线\n\n比亚迪第700万辆新能源汽车下线。比亚迪股份有限公司董事长王传福表示。")
    assert {(e["label"], e["canonical"]) for e in rec["entities"] if e["text"] == "比亚迪"} == {
        ("ORG", "比亚迪股份有限公司")}


def test_a_headline_plan_without_its_years_and_a_short_name_in_brackets() -> None:
    rec = extract_text("上海市印发《上海市加快推进绿色低碳转型行动方案》\n\n近日，上海市人民政府办公厅印发"
                       "《上海市加快推进绿色低碳转型行动方案（2024—2027年）》。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {
        "上海市加快推进绿色低碳转型行动方案（2024—2027年）"}
    rec = extract_text("国家开发银行支持雅万高铁建设\n\n国家开发银行为雅加达至万隆高速铁路（雅万高铁）项目发放贷款45亿美元。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {"雅加达至万隆高速铁路（雅万高铁）项目"}


def test_a_new_provinces_vision_is_a_goal() -> None:
    rec = extract_text("会议强调，要加快建设美丽新宁夏。")
    assert [(e["text"], e["label"]) for e in rec["entities"]] == [("美丽新宁夏", "GOAL")]


def test_a_known_short_name_is_the_company_the_article_writes_in_full() -> None:
    rec = extract_text("中国建筑承建的埃及新行政首都中央商务区项目竣工\n\n由中国建筑股份有限公司承建的埃及新行政首都中央商务区项目竣工。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"中国建筑股份有限公司"}
    rec = extract_text("中国建筑承建的项目竣工。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"中国建筑集团有限公司"}


def test_a_route_written_with_zhi_in_a_headline_is_the_line_below() -> None:
    rec = extract_text("青海至河南特高压直流输电工程投运\n\n由国家电网有限公司投资建设的青海—河南±800千伏特高压直流输电工程正式投运。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {"青海—河南±800千伏特高压直流输电工程"}


def test_a_company_by_its_brand_and_an_affiliated_hospital_by_its_own_name() -> None:
    rec = extract_text("深圳市南山区人民政府与腾讯公司签署合作协议\n\n深圳市南山区人民政府与深圳市腾讯计算机系统有限公司签署"
                       "战略合作协议。腾讯将依托云计算技术。")
    assert {e["canonical"] for e in rec["entities"] if e["text"] in {"腾讯公司", "腾讯"}} == {"深圳市腾讯计算机系统有限公司"}
    rec = extract_text("国家卫生健康委批复同意上海交通大学医学院附属瑞金医院建设国家医学中心。瑞金医院院长宁光院士表示。")
    assert ("宁光", "affiliated_with", "上海交通大学医学院附属瑞金医院") in {
        (r["head"], r["relation"], r["tail"]) for r in rec["relations"]}


def test_a_group_by_the_first_characters_of_its_words() -> None:
    rec = extract_text("上海汽车集团股份有限公司与清华大学签署协议，共建清华大学—上汽集团汽车产业与技术战略研究院。"
                       "上汽集团董事长王晓秋出席。")
    found = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert ("王晓秋", "affiliated_with", "上海汽车集团股份有限公司") in found
    assert ("上汽集团汽车产业与技术战略研究院", "part_of", "上海汽车集团股份有限公司") in found


def test_a_citys_government_is_no_short_form_of_its_districts_and_zones_named_again() -> None:
    rec = extract_text("香港特区政府与深圳市政府签署合作安排。深港科技创新合作区深圳园区由深圳市福田区人民政府负责建设管理。")
    found = {(e["text"], e["canonical"]) for e in rec["entities"]}
    assert ("深圳市政府", "深圳市福田区人民政府") not in found
    rec = extract_text("北京大兴国际机场临空经济区管理委员会介绍，北京大兴国际机场临空经济区发展提速。临空经济区已签约项目200余个。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "LOC" and e["text"] == "临空经济区"} <= {
        "北京大兴国际机场临空经济区"}
    rec = extract_text("香港特区行政长官李家超表示，香港将加快发展。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "LOC"} == {"香港特别行政区"}


def test_a_brand_the_model_read_as_a_place_is_the_company_wherever_it_stands() -> None:
    rec = extract_text("百度发布文心大模型4.0\n\n百度公司10月17日在北京举行百度世界大会。据悉，文心大模型由百度自主研发。")
    assert {(e["label"], e["canonical"]) for e in rec["entities"] if e["text"] == "百度"} == {("ORG", "百度公司")}


def test_an_affiliated_hospital_by_its_own_name_without_its_city() -> None:
    rec = extract_text("国家卫生健康委设置首都医科大学附属北京天坛医院为国家神经疾病医学中心。天坛医院院长王拥军表示。")
    assert {e["canonical"] for e in rec["entities"] if e["text"] == "天坛医院"} == {"首都医科大学附属北京天坛医院"}


def test_a_railway_group_named_without_its_national_prefix() -> None:
    rec = extract_text("中国铁路昆明局集团有限公司负责运营管理。昆明局集团董事长刘向东表示，开通三年来成效显著。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"中国铁路昆明局集团有限公司"}
    rec = extract_text("中国三峡集团与内蒙古能源集团有限公司共同投资建设。住房城乡建设部推进城市更新行动。")
    assert {"中国长江三峡集团有限公司", "住房和城乡建设部"} <= {e["canonical"] for e in rec["entities"]}


def test_a_long_name_written_again_in_another_order_is_one_project() -> None:
    rec = extract_text("青藏高原第二次综合科学考察研究取得新进展\n\n第二次青藏高原综合科学考察研究队在拉萨发布最新成果。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {"青藏高原第二次综合科学考察研究"}


def test_a_foreign_company_by_its_brand_after_its_country() -> None:
    rec = extract_text("德国巴斯夫集团宣布，巴斯夫（广东）一体化基地项目投产。湛江市人民政府与巴斯夫签署了合作备忘录。")
    brands = [e for e in rec["entities"] if e["text"] == "巴斯夫"]
    assert [(e["label"], e["canonical"]) for e in brands] == [("ORG", "德国巴斯夫集团")]
    assert "巴斯夫（广东）一体化基地" in {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"}


def test_a_groups_unit_by_the_groups_short_name() -> None:
    rec = extract_text("中国移动通信集团浙江有限公司12月3日宣布建成网络。中国移动浙江公司总经理郑杰表示将加快建设。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"中国移动通信集团浙江有限公司"}


def test_a_body_named_again_without_its_province() -> None:
    rec = extract_text("安徽合肥综合性国家科学中心建设取得新成效\n\n合肥综合性国家科学中心已建成一批大科学装置。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"安徽合肥综合性国家科学中心"}


def test_a_works_short_name_in_brackets_and_with_its_country() -> None:
    rec = extract_text("肯尼亚蒙内铁路运营七周年\n\n由中国路桥工程有限责任公司承建的肯尼亚蒙巴萨至内罗毕标准轨距铁路（蒙内铁路）"
                       "已安全运营。蒙内铁路由中国进出口银行提供融资支持。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "PROJECT"} == {"肯尼亚蒙巴萨至内罗毕标准轨距铁路"}
    assert ("中国进出口银行", "invests_in", "肯尼亚蒙巴萨至内罗毕标准轨距铁路") in {
        (r["head"], r["relation"], r["tail"]) for r in rec["relations"]}


def test_a_group_by_two_characters_of_its_name_and_a_zones_committee_by_its_short_form() -> None:
    rec = extract_text("上海国际港务（集团）股份有限公司12月3日发布消息。洋山四期由上港集团投资建设。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"上海国际港务（集团）股份有限公司"}
    rec = extract_text("中国（上海）自由贸易试验区临港新片区管理委员会介绍。临港新片区管委会常务副主任吴晓华表示。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {
        "中国（上海）自由贸易试验区临港新片区管理委员会"}


def test_an_institute_by_its_shortened_words() -> None:
    rec = extract_text("中国科学院大连化学物理研究所研发储能系统。中国科学院院士、大连化物所所长刘中民表示。")
    assert "大连化物所" not in {e["canonical"] for e in rec["entities"]}
    assert ("刘中民", "affiliated_with", "中国科学院大连化学物理研究所") in {
        (r["head"], r["relation"], r["tail"]) for r in rec["relations"]}


def test_an_affiliated_hospital_whose_own_name_starts_with_a_place() -> None:
    rec = extract_text("复旦大学附属中山医院12月4日宣布。中山医院院长樊嘉表示。")
    assert {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"} == {"复旦大学附属中山医院"}


def test_an_alias_defined_for_a_name_does_not_cut_it_and_its_brackets_are_no_part_of_it() -> None:
    rec = extract_text("由中国长江三峡集团有限公司（以下简称三峡集团）投资建设的项目并网。国家能源局印发《氢能产业发展中长期规划"
                       "（2021-2035年）》（以下简称《规划》）。《规划》提出，氢能是重要组成部分。", statistical_ner=False)
    found = [(e["text"], e["label"], e["canonical"]) for e in rec["entities"]]
    assert ("中国长江三峡集团有限公司", "ORG", "中国长江三峡集团有限公司") in found
    assert ("三峡集团", "ORG", "中国长江三峡集团有限公司") in found
    assert ("规划", "POLICY", "氢能产业发展中长期规划（2021-2035年）") in found
    assert not any(text.startswith("《") for text, _, _ in found)


def test_a_brand_of_the_table_goes_by_the_company_the_article_names_in_full() -> None:
    rec = extract_text("华为技术有限公司发布新品。华为将继续投入。", statistical_ner=False)
    assert {e["canonical"] for e in rec["entities"]} == {"华为技术有限公司"}


def test_the_central_bank_by_its_short_name_and_a_district_by_its_bare_name() -> None:
    rec = extract_text("人民银行发布通知。走廊涵盖上海市松江区。总部位于松江的上海超硅半导体股份有限公司建成生产线。")
    canonicals = {(e["text"], e["canonical"]) for e in rec["entities"]}
    assert ("人民银行", "中国人民银行") in canonicals
    assert ("松江", "上海市松江区") in canonicals  # the district the article names in full


def test_a_unit_named_after_a_short_name_the_text_defined_goes_by_the_full_name() -> None:
    rec = extract_text("该项目由中国科学院大连化学物理研究所（以下简称大连化物所）提供技术支撑。"
                       "大连化物所储能技术研究部部长李先锋介绍。", statistical_ner=False)
    found = {(e["text"], e["canonical"]) for e in rec["entities"] if e["label"] == "ORG"}
    assert ("大连化物所储能技术研究部", "中国科学院大连化学物理研究所储能技术研究部") in found
    facts = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert ("中国科学院大连化学物理研究所储能技术研究部", "part_of", "中国科学院大连化学物理研究所") in facts
    assert ("中国科学院大连化学物理研究所", "participates_in", "该项目") not in facts


def test_bodies_of_medicine_and_the_army_and_the_party_general_office_by_their_full_names() -> None:
    rec = extract_text("国药集团研发疫苗。军事科学院军事医学研究院陈薇院士团队。中办、国家中医药局印发意见。",
                       statistical_ner=False)
    canonicals = {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"}
    assert {"中国医药集团有限公司", "中国人民解放军军事科学院军事医学研究院", "中国共产党中央委员会办公厅",
            "国家中医药管理局"} <= canonicals


def test_a_party_committees_office_and_a_citys_housing_commission_by_their_full_names() -> None:
    rec = extract_text("中共北京市委办公厅印发意见。北京市住建委负责人介绍。", statistical_ner=False)
    canonicals = {e["canonical"] for e in rec["entities"] if e["label"] == "ORG"}
    assert {"中国共产党北京市委员会办公厅", "北京市住房和城乡建设委员会"} <= canonicals


def test_central_groups_by_their_short_names() -> None:
    rec = extract_text("国机集团、潍柴集团、中信集团参与。", statistical_ner=False)
    assert {e["canonical"] for e in rec["entities"]} == {"中国机械工业集团有限公司", "潍柴控股集团有限公司",
                                                        "中国中信集团有限公司"}


def test_a_company_named_after_a_universitys_short_name_is_no_unit_of_it() -> None:
    rec = extract_text("北大方正集团发布公告。", statistical_ner=False)
    assert {e["canonical"] for e in rec["entities"]} == {"北大方正集团"}


def test_national_academies_by_their_short_names() -> None:
    rec = extract_text("中国农科院、中国林科院荒漠化研究所和中规院水务与工程分院的专家参加。")
    assert [e["canonical"] for e in rec["entities"] if e["label"] == "ORG"] == [
        "中国农业科学院", "中国林业科学研究院荒漠化研究所", "中国城市规划设计研究院水务与工程分院"]


def test_sister_banks_and_publishers_are_not_one_name_shortened() -> None:
    rec = extract_text("中国农业银行内蒙古自治区分行、中国银行内蒙古自治区分行组成银团。开明音像出版社和开明出版社合作。")
    assert [e["canonical"] for e in rec["entities"] if e["label"] == "ORG"] == [
        "中国农业银行内蒙古自治区分行", "中国银行内蒙古自治区分行", "开明音像出版社", "开明出版社"]


def test_a_companys_lab_keeps_its_brand_and_a_military_university_its_full_name() -> None:
    rec = extract_text("宁德时代新能源科技股份有限公司（以下简称“宁德时代”）发布电池，由宁德时代21C创新实验室研发。"
                       "国防科技大学计算机学院参与。")
    orgs = [e["canonical"] for e in rec["entities"] if e["label"] == "ORG"]
    assert "宁德时代21C创新实验室" in orgs
    assert "中国人民解放军国防科技大学计算机学院" in orgs


def test_listed_builders_by_their_listed_companies() -> None:
    rec = extract_text("中国中铁、中国铁建和中铁大桥局参与建设。")
    assert [e["canonical"] for e in rec["entities"] if e["label"] == "ORG"] == [
        "中国中铁股份有限公司", "中国铁建股份有限公司", "中铁大桥局集团有限公司"]
