"""Rule-based entities: organisation / place name shapes, projects, goals, policies and titled persons.

The ``kg_entity_rules`` component reads ``kg/data/entity_rules.jsonl`` (each rule with an id) and the word
lists under ``kg/data/lexicons/``. It proposes candidate spans, merges them with the statistical NER's
entities already on the doc (precedence: rule priority, then length, then confidence — see
:func:`select_spans`), propagates names found once to their other mentions in the same document, and writes
``doc.ents``. Every span keeps the id of the rule that produced it in ``span._.rule``.

>>> import spacy
>>> nlp = spacy.blank("zh")
>>> _ = nlp.add_pipe("kg_entity_rules")
>>> doc = nlp("由国网电动汽车公司投资的国内首艘纯电池动力集装箱船开工，助力实现碳达峰目标。")
>>> [(e.text, e.label_) for e in doc.ents]
[('国网电动汽车公司', 'ORG'), ('国内首艘纯电池动力集装箱船', 'PROJECT'), ('碳达峰', 'GOAL')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.lexicon import (
    DATA_DIR,
    abbreviations,
    char_table,
    expand_fragments,
    fragments,
    literal_alternation,
    rules,
    word_list,
    word_map,
)

LABELS = ("ORG", "PERSON", "LOC", "PROJECT", "GOAL", "POLICY")

for _attr, _default in (("rule", None), ("confidence", None), ("canonical", None)):
    if not Span.has_extension(_attr):
        Span.set_extension(_attr, default=_default)
if not Doc.has_extension("kg_ents"):
    Doc.set_extension("kg_ents", default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: the property joins every token on each read, and a doc's text never changes."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return str(text)


def entity_spans(doc: Doc) -> list[Span]:
    """The document's entities. ``doc.ents`` walks every token on each read, so the kg components keep the
    list they wrote in ``doc._.kg_ents`` and read that instead."""
    cached = doc._.kg_ents
    return list(cached) if cached is not None else list(doc.ents)


def set_entity_spans(doc: Doc, spans: list[Span]) -> None:
    """Write ``doc.ents`` and the cached list together (see :func:`entity_spans`)."""
    doc.ents = spans
    doc._.kg_ents = list(spans)

CJK = "\u4e00-\u9fff"
MACROS = {
    "{CJK}": f"[{CJK}]",
    "{QTY}": r"\d+(?:\.\d+)?(?:万|亿)?(?:亩|吨|千瓦|万千瓦|公顷|平方公里|公里|立方米|元|人)",
}
# Characters a name may contain when its left edge is searched (quotes stay inside names: 国土“三调”).
_NAME_CHAR = re.compile(rf"[{CJK}〇A-Za-z0-9×±·\-“”（）()]")
_CJK_CHAR = re.compile(rf"[{CJK}]")
_PROGRAMME_WORDS = ("工程", "计划", "任务")
_FACILITY_OWNER_HEADS = ("研究院", "研究所", "大学", "科学院")
_COUNTED_WORKS = re.compile(rf"[0-9一二三四五六七八九十两]+座[{CJK}]{{0,4}}?(?P<head>水电站|核电站|风电场|光伏电站)")
# A system or work named by a word, its generation and a description (北斗三号全球卫星导航系统)
GENERATION_NAME = re.compile(rf"(?P<name>[{CJK}]{{2}})[一二三四五六七八九十\d]+号[{CJK}]{{2,}}(?P<kind>系统|工程)$")


def _route_dash(text: str, i: int) -> bool:
    """Is ``text[i]`` the one dash of a route's name (白鹤滩—江苏±800千伏…工程), not a dash of punctuation (——)?"""
    return (text[i] in "—–" and 0 < i < len(text) - 1 and text[i - 1] not in "—–" and text[i + 1] not in "—–"
            and "\u4e00" <= text[i - 1] <= "\u9fff" and "\u4e00" <= text[i + 1] <= "\u9fff")


def _listed_in_brackets(text: str, i: int) -> bool:
    """Is ``text[i]`` (、) a list mark inside a short bracket of a name (800兆瓦（H6、H10）海上风电项目)?"""
    opening, closing = text.rfind("（", max(0, i - 10), i), text.find("）", i, i + 10)
    return opening >= 0 and closing >= 0 and re.fullmatch(r"[A-Za-z0-9#、]+", text[opening + 1:closing]) is not None


# A verb of going or helping and a province's one-character name: one word (援鄂, 赴京, 驻沪, 来沪, 返乡 …).
_MOVES_TO_A_PROVINCE = re.compile("[援赴驻来返离在抵进入]"
                                  "[京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀黔贵滇云藏陕秦甘陇青宁新港澳台]")
# A span of time (连续4年, 三年来), not a year of a name's own (北京2022年冬奥会组织委员会)
_TIME_IN_BODY = re.compile(
    r"(?<!\d)\d{1,2}(?:个)?(?:年|天|次)|[一二三四五六七八九十两]+(?:个)?(?:年|月|天)(?:来|内|间|后)")
_AMOUNT = re.compile(r"[\d.,，多余]+(?:[十百千万亿]+)?(?:元|美元|平方米|吨|个|项|家)?")
_NAME_WORD = re.compile(rf"[{CJK}]+")
_MONEY_START = re.compile(r"[\d.,多余]+[十百千万亿]*(?:美元|元|欧元|日元|英镑|港元)")
# A list of names before 等企业, 等单位…: the list's items, apart by 、和及与, each a name (letters allowed: IBM)
_LISTED_BEFORE_KIND = re.compile(
    rf"(?P<items>(?:[{CJK}A-Za-z0-9]{{2,16}}[、和及与])+[{CJK}A-Za-z0-9]{{2,16}})等(?:\d+家|[一二三四五六七八九十几多]+家)?"
    r"(?:企业|单位|公司|机构|高校|院所|科研院所|金融机构|银行|集团|医院|部门)")
_NUMBERED_BEFORE = re.compile(r"\d+号$")  # 6号(至10号): a range of numbered works
_KIND_AFTER_LIST = re.compile(r"等(?:\d+家|[一二三四五六七八九十几多]+家)?(?:企业|单位|公司|机构|高校|院所|科研院所"
                              r"|金融机构|银行|集团|医院|部门)")


def _listed_runs(text: str) -> Iterator[re.Match[str]]:
    """What ``_LISTED_BEFORE_KIND.finditer(text)`` finds, searched only in the stretch before each 等企业/等单位…
    (the pattern tried at every character of a long document costs more than the rest of its stage)."""
    reached = 0
    for kind in _KIND_AFTER_LIST.finditer(text):
        run = _LISTED_BEFORE_KIND.search(text, max(reached, kind.start() - 120), kind.end())
        if run is not None and run.end() == kind.end():
            reached = run.end()
            yield run


_BRACKETED_PLACE = re.compile(rf"([{CJK}]{{2,6}})[（(]([{CJK}]{{2,6}})[）)]")
_CN_NUMBER = "[一二三四五六七八九十〇零]{1,3}"
_DATE_IN_NAME = re.compile(rf"(?:\d{{1,2}}|{_CN_NUMBER})月(?:(?:\d{{1,2}}|{_CN_NUMBER})日(?:电|讯)?|[上中下]旬)")
# A count in a project's body (两项水利工程, 河南省两个重点项目, 农业十大技术工程): a kind or a number of projects,
# not one named project. An ordinal (第三) or a technical size (2×660MW) is no count.
_PROJECT_COUNT = re.compile(
    r"(?<![第×])(?:[一两二三四五六七八九十百千几数多]+|\d+)[多余]?(?:[个项组座条次批类种家所支套台艘架颗辆]|大(?![会学]))")
# What shows a name in a project's body: quotes, a number or Latin letters, a first of its kind (全国首单…试点),
# two province abbreviations (浙沪, 京津冀)
_PROJECT_NAME_MARK = re.compile(
    r"[“”《·0-9A-Za-z０-９]|首[个单座艘台套批家]|[京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川黔滇藏陕甘青宁港澳]{2}"
    r"|^[一二三四五六七八九十]{1,3}号")  # 三号高炉系统项目: a numbered unit
_NUMERAL_CHARS = "0123456789０１２３４５６７８９一二三四五六七八九十〇零两百"

_PLACE_NAME_REST = re.compile(rf"(?!.*[\d一二三四五六七八九十两几数多][个座家])[{CJK}]{{2,3}}")
_EPONYM_AFTER = re.compile(literal_alternation(word_list("eponym_heads")))
_CATEGORY_BODY = re.compile(
    r"(?:国家级|省级|市级|区级|县级|部级|\d+家|[一两二三四五六七八九十百几数多]+家|一批|各类|若干|有关|某|不少|许多|一些"
    r"|众多|诸多|各大|大型|中小|广大|大批|部分|相关"
    r"|一间|一条|数[十百千]|首批|第[一二三四五六七八九十\d]+批"
    r"|[一二三]级(?!市)|[二三]甲)")  # 三级医院, 三甲医院: a grade of hospital
# A count anywhere in a body (京城一所大学, 二十三个保育分会), not an ordinal (第一研究所)
_COUNT_IN_BODY = re.compile(r"(?<!第)(?:[一两二三四五六七八九十百几数多]+[家个所座支张地]|[一两几数多][处批]"
                            r"|\d+(?:\.\d+)?\s*(?:英寸|纳米|万吨|兆瓦|吉瓦|千瓦)"  # 12英寸晶圆厂: a kind of plant
                            r"|[二三四五六七八九十]大"
                            r"|(?<![\d.])\d+[余多]?(?:家|个|座|支|个?省(?:区市|市|份)?))")  # 11省市高级人民法院


def _counted_before(numeral: str, classifiers: str, first: bool = True) -> re.Pattern[str]:
    """Each (各), the first (首个) or a count (``numeral`` and one of ``classifiers``) right before a name: the end
    of the text before it matches. An ordinal (第一个) is no count."""
    return re.compile(rf"(?:各{'|首个' if first else ''}|(?<!第)(?:\d+|{numeral})[{classifiers}])$")


_SEVERAL = "[两二三四五六七八九十百几数多][一两二三四五六七八九十百几数多]*"  # a count of two or more
# a rule's organisation: 各市（州）人民政府, 10家联合实验室, 一个柞蚕丝厂
_COUNT_OR_EACH_BEFORE = _counted_before("[一两二三四五六七八九十百几数多]+", "家个所座")
# a name the model read: 10家湖北实验室 is a kind, but 一家《东方艺术》杂志, 一个微软 still name one
_MODEL_COUNT_BEFORE = _counted_before(_SEVERAL, "家个所座")
# 一项/一批 X工程 is a kind; 一个三峡工程 (one Three Gorges project…) may still name one
_PROJECTS_COUNTED_BEFORE = _counted_before(f"{_SEVERAL}|一(?=[项条批])", "项个座条批", first=False)
_COUNTED_AFTER = re.compile(r"\d+(?:处|个|家|座|项)")
_PROVINCES_COUNTED = re.compile(r"[两二三四五六七八九十]+省|[两几各诸]$")
_THING_ENDS = ("工程", "项目", "计划", "电站", "大桥", "隧道", "铁路", "公路", "机场", "港", "基地", "平台", "系统",
               "装置")
_TEAM_WORDS = ("团队", "课题组", "研究组", "小组")
_BUILDING_A_BODY = ("建设", "筹建")  # 国家稀土功能材料创新中心建设项目: a work named by the body it builds
_CITY_ROLES = ("国际航运中心", "国际金融中心", "国际贸易中心", "国际经济中心", "国际消费中心城市", "国际科技创新中心")
# 是…的 right before a name: the clause says what its subject is (…，是国家能源局批准的 | 首个…示范项目)
_SAID_TO_BE = re.compile(r"(?<![于但还而])是[^，。；！？由]{1,16}的$")
_DIGITS_ONLY = re.compile(r"[\d０-９]+")
_COUNT_BEFORE_HEAD = re.compile(r"[\d０-９]+\s*[个家处座项批条]\s*$")
# A direction and a verb before a place (东接深圳, 西连中山, 北临渤海)
_NEIGHBOUR_VERBS = tuple(d + v for d in "东西南北" for v in ("接", "连", "至", "起", "临", "邻", "靠"))
# A kind of vessel or craft before a name in quotes (科考船“雪龙2”号, 立方星“ICUBE-Q”): no part of the name
_KIND_BEFORE_QUOTE = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:科考船|考察船|调查船|破冰船|货船|邮轮|客轮|舰|卫星"
                                r"|立方星|探测器|运载火箭|火箭|飞船|潜水器|潜航器|客机|飞机|无人机|机器人|望远镜"
                                r"|超级计算机|计算机|原型机)“")


_PERIOD_QUOTED = re.compile(r"“(十[一二三四五六七八九十]五)”")


def _unquoted(text: str) -> str:
    """``text`` without the quotes around a five-year period (“十四五”重大 → 十四五重大), whose quotes name no
    work; quotes around a name stay (“氢能技术”重点: a named programme)."""
    return _PERIOD_QUOTED.sub(r"\1", text).strip("“”")


_BATCH = re.compile(r"(?:首批|第[一二三四五六七八九十\d]+批)")
_NUMBERING_BODIES = ("公司", "集团", "总局", "工业部")
_BECOMING = re.compile(r"(?:成为|建成|建设|打造|实现)")
_COMPANY_BEFORE_CAPACITY = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|公司|集团)(?=\d)")
_SPREADING_A_LAW = re.compile(r"(?:宣传|学习贯彻|学习|贯彻|普及|宣讲|修改|修订|实施|执行)")
_NATIONAL_BUREAU_HEADS = frozenset({"局", "总局", "署"})
_RELEASED = ("发布", "出台", "印发", "公布", "实施")
# A plan's years in brackets ending its name (…规划（2022—2035年）): kg.normalise reads them too
YEARS_IN_BRACKETS = re.compile(r"[（(]\d{4}(?:[-—–－~至]\d{4})?年?[）)]$")
# （以下简称“X”） right after a name defines X as its alias; so does a Latin acronym in brackets (国际能源署（IEA）)
DEFINED_ALIAS = re.compile(
    r"[（(](?:(?:以下|下文)?(?:简称|简称为)[：:]?[“\"]?(?P<alias>[^”\"（）()，,。]{2,12})[”\"]?"
    r"|(?P<acronym>[A-Z][A-Za-z&]{1,9}))[）)]")
_PARK_ENDS = ("公园", "自然保护区", "保护区", "风景名胜区", "风景区", "景区")
_SITES_BUILT = ("总部", "基地", "产业园", "园区")  # a model ORG with one of these ends, before 项目, is the work
_PROJECT_BODY_WORDS = ("部", "办", "组", "公司", "管理", "指挥")  # 项目部, 项目公司: the body that runs a work
_JOURNAL_KINDS = frozenset({"", "杂志", "期刊", "周刊", "月刊", "季刊", "半月刊", "学报", "报"})
_WORK_KINDS = re.compile(r"(?:水电站|核电站|光伏电站|火电站|电站|风电场|铁路|公路|港口|大桥|工厂)?(?:项目|工程)?")
_LIMITED_COMPANY = re.compile(r"(?:股份)?有限(?:责任)?公司$")
_PHASE_ONLY = re.compile(r"[一二三四五六七八九十\d]+期(?:示范)?")
_COMPANY_BEFORE_NAME = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|集团公司|集团(?!有限|股份|公司|总部|化))")
_CONGRESS = re.compile(r"(?:党的|十[一二三四五六七八九]?届)?[一二三四五六七八九十]+(?:大|中|中全会)")
_PARTY_GROUP = re.compile(r"(?:党组|党委)$")
_GENERIC_PLACES = word_list("generic_places")
_EVENT = re.compile("(?:" + "|".join(map(re.escape, sorted(word_list("event_suffixes"), key=len, reverse=True)))
                    + ")$|" + "|".join(map(re.escape, sorted(word_list("event_names")))))
_NOT_A_PLACE_AFTER = re.compile("特色|社会主义|式现代化")
# First characters of the verbs that follow a name (指出, 介绍, 表示, 强调 …): a right edge for a person's name.
_VERB_STARTS = word_list("verb_starts")
# The heads of company names (lexicons/company_heads.txt).
COMPANY_HEADS = tuple(sorted(word_list("company_heads")))
# A company form ending a name: a name ending so names a company
COMPANY_FORM = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|公司|集团)$")


def without_company_forms(name: str) -> str:
    """``name`` without the company forms that end it, all of them (集团股份有限公司).

    >>> without_company_forms("中国宝武钢铁集团有限公司"), without_company_forms("腾讯公司")
    ('中国宝武钢铁', '腾讯')
    """
    while COMPANY_FORM.search(name):
        name = COMPANY_FORM.sub("", name)
    return name
_NOT_IN_NAMES = re.compile(r"[\d〔〕\[\]()（）]")
_THING_HEADS = tuple(sorted(word_list("thing_heads")))
_BRACKETED_AFTER = re.compile(r"[（(]([\u4e00-\u9fff]{2,6})[）)]")
# Heads that, with the whole name in quotes, make a figure of speech rather than a body (“人造炼厂”, “种子银行”)
_FIGURATIVE_HEADS = frozenset({"厂", "工厂", "车间", "银行", "医院", "学校", "大学", "课堂"})
_AREA_HEADS = ("产业园", "工业园", "园区", "开发区", "高新区", "保税区", "综合保税区", "自贸区", "新区", "码头", "港区")


def _cuts_a_word(text: str, start: int, end: int) -> bool:
    """Does the span start or end inside a Latin word or number (中国环境A|PP)?"""
    inside = (start > 0 and text[start - 1].isascii() and text[start - 1].isalnum() and text[start].isascii()
              and text[start].isalnum())
    return inside or (end < len(text) and text[end].isascii() and text[end].isalnum()
                      and text[end - 1].isascii() and text[end - 1].isalnum())


@cache
def _word_lengths(words: frozenset[str]) -> tuple[int, ...]:
    return tuple(sorted({len(w) for w in words}, reverse=True))


def _made_of(text: str, words: frozenset[str]) -> bool:
    """Is ``text`` a run of ``words`` (one or more, no other characters)?

    >>> words = frozenset({"国家", "重大", "科技"})
    >>> _made_of("国家重大科技", words), _made_of("国家重点研发", words)
    (True, False)
    """
    if not text:
        return False
    lengths = _word_lengths(words)
    reachable = [True] + [False] * len(text)  # reachable[i]: text[:i] is a run of words
    for i in range(len(text)):
        if reachable[i]:
            for k in lengths:
                if i + k <= len(text) and text[i:i + k] in words:
                    reachable[i + k] = True
    return reachable[len(text)]


def _quoted_name_start(text: str, start: int, head_start: int, max_body: int) -> int:
    """Where a quoted name whose head ends the quote starts: just after its opening quote, when that is at most
    ``max_body`` characters back, no clause mark or other quote lies between and the left edge stopped at a
    conjunction (“科创中国·技术交易券商培育与赋能计划”: at 与); else ``start``.

    >>> text = "主办的“科创中国·技术交易券商培育与赋能计划”全国巡回培训"
    >>> text[_quoted_name_start(text, 18, 20, 24):]
    '科创中国·技术交易券商培育与赋能计划”全国巡回培训'
    """
    opening = text.rfind("“", max(0, head_start - max_body), head_start)
    if opening < 0 or any(ch in "”，。；！？\n" for ch in text[opening + 1:head_start]):
        return start
    # only past a conjunction inside the name: a verb the left edge stopped at begins a slogan (“坚决打赢…攻坚战”)
    # (or at a dash joining two partners' names: “清华大学—腾讯互联网创新技术联合实验室”)
    return opening + 1 if opening + 1 < start and text[start - 1] in "与和及、·—-－" else start


# Two or more quoted names in a row (“合成气制备乙醇技术”“黑水虻转化有机废弃物”…), apart at most by a list mark.
_QUOTED_RUN = re.compile(r"(?:“[^“”\n，。；]{2,20}”[、和及与]?){2,}")
_PROJECT_KINDS = ("项目", "工程", "计划")


def _quoted_list_projects(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Quoted names listed together are of one kind: when one of a run is named a project elsewhere in the text
    (“非结构化大数据智能分析处理”项目), the others are projects too. The one already named keeps its own
    mention.

    >>> text = "“合成气制备乙醇技术”“非结构化大数据分析处理”亮相。“非结构化大数据分析处理”项目聚焦AI。"
    >>> start = text.index("。“") + 1
    >>> c = _quoted_list_projects(text, [Candidate(start, start + 15, "PROJECT", "project.head", 0.7, 4)])
    >>> [(text[x.start:x.end], x.rule) for x in c]
    [('合成气制备乙醇技术', 'project.quoted_list_member'), ('“非结构化大数据分析处理”项目', 'project.head')]
    """
    projects: set[str] = set()
    for c in chosen:
        if c.label == "PROJECT":
            name = text[c.start:c.end].replace("“", "").replace("”", "")
            projects.add(name)
            projects.update(name[:-len(kind)] for kind in _PROJECT_KINDS if name.endswith(kind))
    if not projects or "“" not in text:
        return chosen
    extra: list[Candidate] = []
    for run in _QUOTED_RUN.finditer(text):
        items = [m.span(1) for m in re.finditer(r"“([^“”]+)”", run.group())]
        names = [run.group()[a:b] for a, b in items]
        if not any(name in projects for name in names):
            continue
        extra.extend(Candidate(run.start() + a, run.start() + b, "PROJECT", "project.quoted_list_member", 0.6, 3)
                     for (a, b), name in zip(items, names, strict=True) if name not in projects)
    if not extra:
        return chosen
    taken = [(c.start, c.end) for c in chosen]
    fresh = [e for e in extra if not any(s < e.end and e.start < t for s, t in taken)]
    return sorted(chosen + fresh, key=lambda c: c.start)


def _named_after_description(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A first-of-its-kind description right before the project's quoted name (我国首艘…破冰船“雪龙2”号) or its
    own name of the same kind (我国首座商用第四代核电站石岛湾高温气冷堆核电站) is that project: the name stands, the
    description is no second project.

    >>> text = "我国首艘极地科考破冰船“雪龙2”号交付"
    >>> cands = [Candidate(0, 11, "PROJECT", "project.first_of_kind", 0.8, 4),
    ...          Candidate(11, 17, "PROJECT", "project.mission", 0.7, 4)]
    >>> [text[c.start:c.end] for c in _named_after_description(text, cands)]
    ['“雪龙2”号']
    """
    out = [c for k, c in enumerate(chosen)
           if not (c.label == "PROJECT" and c.rule.startswith("project.first_of_kind") and k + 1 < len(chosen)
                   and chosen[k + 1].label == "PROJECT" and chosen[k + 1].start in (c.end, c.end + 1)
                   and (text.startswith("“", c.end)  # or its own name of the same kind: …第四代核电站石岛湾…核电站
                        or (chosen[k + 1].start == c.end and text[c.end - 2:c.end] == text[chosen[k + 1].end - 2:
                                                                                            chosen[k + 1].end])))]
    return out if len(out) < len(chosen) else chosen


def _firsts_said_of_a_subject(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A first of its kind the clause says its subject is (该电站…，是国家能源局批准的首个国家级…示范项目) describes
    the work named before, no second work (the 是 anaphor carries the facts); one a clause names as what was built
    or done (由…负责研发的国内首艘…集装箱船) stays.

    >>> text = "该电站是国家能源局批准的首个国家级大型化学储能示范项目。"
    >>> first = Candidate(12, 27, "PROJECT", "project.first_of_kind", 0.8, 4)
    >>> _firsts_said_of_a_subject(text, [first])
    []
    """
    out = [c for c in chosen if not (c.label == "PROJECT" and c.rule.startswith("project.first_of_kind")
                                     and _SAID_TO_BE.search(text, max(0, c.start - 24), c.start))]
    return out if len(out) < len(chosen) else chosen


def _quote_balanced_start(text: str, start: int, head_start: int) -> int:
    """Where a name ending at ``head_start`` starts once its quotes balance: after a closing quote that opens
    nothing in it (“华为”与“中国科学院 → 中国科学院) and after an opening quote that nothing in it closes (页岩油
    地下“人造炼厂 → 人造炼厂). Quotes inside a name stay (“十四五”规划).

    >>> text = "“华为”与“中国科学院"
    >>> text[_quote_balanced_start(text, 1, 9):]
    '中国科学院'
    """
    if "“" not in text[start:head_start] and "”" not in text[start:head_start]:
        return start
    open_at: list[int] = []
    for i in range(start, head_start):
        if text[i] == "“":
            open_at.append(i)
        elif text[i] == "”":
            if open_at:
                open_at.pop()
            else:
                start = i + 1
    return open_at[-1] + 1 if open_at else start


_SENT_PUNCT = set("，。；：！？、,.;:!?（）()《》【】[]\n「」『』 ")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    label: str
    rule: str
    confidence: float
    priority: int


_ONE_LABEL_KINDS = frozenset({"ORG", "LOC", "PROJECT"})


def _one_label_per_name(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A name the model reads as a place in one sentence and as an organisation in another (海南商业航天发射场) is
    one thing in one article: most of its mentions decide, a rule's reading counting twice (a tie leaves them be).
    So is a work the model reads as a body where a rule reads it as a work (罗斯海新站由…设计).

    >>> text = "甲乙发射场开工。甲乙发射场由丙丁公司建设。"
    >>> found = [Candidate(0, 5, "LOC", "loc.head", 0.6, 1), Candidate(8, 13, "ORG", "ner.statistical", 0.8, 2)]
    >>> [c.label for c in _one_label_per_name(text, found)]
    ['LOC', 'LOC']
    """
    labels: dict[str, str] = {}
    mixed_names: set[str] = set()
    for c in chosen:  # (first the names read both ways, one dict lookup a mention: most articles have none)
        if c.label in _ONE_LABEL_KINDS and labels.setdefault(name := text[c.start:c.end], c.label) != c.label:
            mixed_names.add(name)
    if not mixed_names:
        return chosen
    votes: dict[str, Counter[str]] = {}
    for c in chosen:
        if c.label in _ONE_LABEL_KINDS and (name := text[c.start:c.end]) in mixed_names:
            votes.setdefault(name, Counter())[c.label] += 2 if c.rule != "ner.statistical" else 1
    mixed = {name: count.most_common(1)[0][0] for name, count in votes.items() if len(set(count.values())) > 1}
    if not mixed:
        return chosen
    return [replace(c, label=mixed[name]) if c.label in _ONE_LABEL_KINDS and (name := text[c.start:c.end]) in mixed
            else c for c in chosen]


def _listed_items_before(text: str, ends: dict[int, Candidate], end: int, numbered_ok: bool) -> list[Candidate]:
    """The items of a list set apart by 、 whose last item ends at ``end``, last first: each a place or a name the
    model read, two to four characters (推进奉贤: 奉贤; not 为灾区、希望工程), numbered ones only with ``numbered_ok``.
    ``ends`` maps the end of each place or organisation candidate to it."""
    items: list[Candidate] = []
    while ((item := ends.get(end)) is not None and 2 <= end - item.start <= 4
           and (numbered_ok or not _NUMBERED_ITEM.search(text, item.start, end))
           and (item.label == "LOC" or item.rule == "ner.statistical")):
        items.append(item)
        if item.start == 0 or text[item.start - 1] != "、":
            break
        end = item.start - 1
    return items


def leftmost_longest(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping occurrences of ``words`` in ``text``, left to right, the longest word where several start
    at one place: what ``re.finditer`` of the words' alternation, longest first, finds, without compiling a
    regex per document (a few hundred µs for a document's names, more than the search itself).

    >>> leftmost_longest("中国科学院和中国科学院院士", ["中国科学院", "中国", "科学院院士"])
    [(0, 5), (6, 11)]
    """
    longest: dict[int, int] = {}
    for word in words:
        if not word:
            continue
        at = text.find(word)
        while at != -1:
            if longest.get(at, 0) < at + len(word):
                longest[at] = at + len(word)
            at = text.find(word, at + 1)
    found: list[tuple[int, int]] = []
    reached = 0
    for start in sorted(longest):
        if start >= reached:
            reached = longest[start]
            found.append((start, reached))
    return found


def _without_organisations_namesakes(text: str, candidates: list[Candidate],
                                     long_heads: frozenset[str] = frozenset()) -> list[Candidate]:
    """Without the projects inside an organisation's name (云南省滇中引水工程 | 建设管理局, 京津冀城际铁路 |
    投资有限公司): the organisation named after the project is the name there.

    >>> project = Candidate(0, 9, "PROJECT", "project.head", 0.7, 4)
    >>> org = Candidate(0, 14, "ORG", "org.head", 0.75, 2)
    >>> [c.label for c in _without_organisations_namesakes("云南省滇中引水工程建设管理局", [project, org])]
    ['ORG']
    """
    orgs = [(c.start, c.end) for c in candidates if c.label == "ORG" and c.rule.startswith("org.head")]
    if not orgs:
        return candidates
    # only a project named by its head word (…工程, …铁路) or a census (国务院第三次全国土壤普查 | 领导小组办公室);
    # a mission before a body's short name (北斗三号 | 中科院…) is a mission
    # …工程 | 建设管理局, …普查 | 领导小组办公室: the organisation's own words after the project are a body's head
    # (a long one, or a head of three characters or more); “千县工程”县医院 is a kind of hospital, no namesake
    return [c for c in candidates if c.label != "PROJECT" or c.rule not in _NAMESAKE_RULES
            or not any(start <= c.start and c.end < end and _namesake_rest(text[c.end:end], long_heads)
                       for start, end in orgs)]


def _namesake_rest(rest: str, long_heads: frozenset[str]) -> bool:
    rest = rest.lstrip("”")
    return len(rest) >= 4 or rest in long_heads


_NAMESAKE_RULES = frozenset({"project.head", "project.transport_line", "project.national_census"})


_ASPIRED_RANK = re.compile(r"第一|一流|领先|世界级|顶尖")
_ASPIRE_VERB = re.compile(r"(?:打造|建成|成为|建设成为|争创|跻身|加快建设|于建设)$")  # (致力于建设)


def _aspired_bodies(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """An organisation a body aspires to be (中国石化将加快打造中国第一氢能公司, 建成世界一流企业) is no body
    that exists but a goal.

    >>> [c.label for c in _aspired_bodies("打造中国第一氢能公司", [Candidate(2, 10, "ORG", "org.head", 0.7, 4)])]
    ['GOAL']
    """
    out = []
    for c in chosen:
        if c.label == "ORG" and text[c.start - 1:c.start] == "向" and text.startswith(("转型", "转变"), c.end):
            continue  # 向智能低碳出行科技公司转型: the kind of company it turns into, no body
        if (c.label == "ORG" and _ASPIRED_RANK.search(text, c.start, c.end)
                and _ASPIRE_VERB.search(text, max(0, c.start - 4), c.start)):
            c = Candidate(c.start, c.end, "GOAL", "goal.aspired_body", 0.55, c.priority)
        out.append(c)
    return out


def select_spans(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Pick non-overlapping candidates: higher priority first, then longer, then more confident.

    >>> a = Candidate(0, 4, "ORG", "r1", 0.7, 2); b = Candidate(2, 8, "PROJECT", "r2", 0.8, 3)
    >>> [c.rule for c in select_spans([a, b])]
    ['r2']
    """
    chosen: list[Candidate] = []
    taken: set[int] = set()
    for cand in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), -c.confidence, c.start)):
        if cand.end <= cand.start or any(i in taken for i in range(cand.start, cand.end)):
            continue
        chosen.append(cand)
        taken.update(range(cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)


class WordsByLength:
    """A word set that answers "which of these words does ``text`` start with?" by one set lookup per word
    length, instead of a ``startswith`` per word.

    >>> places = WordsByLength(["山西", "山西省", "忻州市"])
    >>> places.prefixes("山西省忻州市")
    ['山西', '山西省']
    >>> places.starts("忻州市区"), places.starts("北京")
    (True, False)
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self.lengths = sorted({len(w) for w in self.words})

    def prefixes(self, text: str, max_len: int | None = None) -> list[str]:
        """The words ``text`` starts with (at most ``max_len`` characters), shortest first."""
        limit = len(text) if max_len is None else min(max_len, len(text))
        return [text[:k] for k in self.lengths if k <= limit and text[:k] in self.words]

    def starts(self, text: str, max_len: int | None = None) -> bool:
        limit = len(text) if max_len is None else min(max_len, len(text))
        return any(text[:k] in self.words for k in self.lengths if k <= limit)

    def ends(self, text: str, min_len: int = -1) -> bool:
        """Does ``text`` end with one of the words longer than ``min_len`` characters?"""
        return any(text[len(text) - k:] in self.words for k in self.lengths if min_len < k <= len(text))


# Words ending like an administrative area that name none (乌鲁木齐大十字夜市, 景区)
_NOT_ADMINISTRATIVE = ("夜市", "超市", "门市", "集市", "股市", "楼市", "城市", "景区", "社区", "小区", "园区", "街区",
                       "校区", "厂区", "矿区", "营区", "灾区", "牧区", "山区", "库区", "港区", "城区", "市区", "郊区",
                       "地区")


# The programmes a quoted project's name may follow (国家科技重大专项“高端通用芯片”课题)
_PROGRAMME_KINDS = ("专项", "计划", "基金", "工程", "项目")


# The kinds of administrative places, which name none on their own (自治区, 特别行政区)
_PLACE_KINDS = frozenset({"自治区", "自治州", "自治县", "特别行政区", "直辖市", "地级市", "县级市", "省会", "首府",
                          "新区", "特区", "开发区", "高新区", "经开区", "自贸区"})


# Kinds of cities and words no place is named (智能城市, 海绵城市), by length: a place's name never ends in one
_GENERIC_PLACE_WORDS = WordsByLength(_GENERIC_PLACES)


# What ends a body's name and never a person's (国家队, 办公厅)
_BODY_ENDS = ("部", "局", "院", "所", "委", "厅", "队", "团", "处", "司", "室", "站")


# Characters that make words a clause (在海南陵水海域, 的) and ends that make them a field or an activity (…建设)
_BUILD_VERBS = ("建设", "新建", "兴建", "投建", "建成", "建造", "筹建")
# Ends of names the model may read as bodies that name places (ANNOTATION.md: airports, ports, oil fields)
_PLACE_KIND_ENDS = ("机场", "港", "港区", "码头", "口岸", "火车站", "高铁站")
_CLAUSE_CHARS = frozenset("在由和与及对向从把被为将是的了")
# The words an elliptical list's items take from its last, by the items' starts (Doc.user_data)
ELLIPTICAL_TAILS = "kg_elliptical_tails"
_SEA_OR_LAND = ("海上", "海域", "陆上", "近海")
_NUMBERED_ITEM = re.compile(r"[\d一二三四五六七八九十]期|[\d]|第")
_TITLE_PREFIX = re.compile(r"副$|^(?:常务|执行|专职|第一)")  # 常务副省长, 执行副总裁, 专职副主席: a title's first words
_TITLE_CLOSE = re.compile(r"(?:[（(]\d{4}[）)])?》")  # 》, or a year in brackets and 》 (《中国环境资源审判（2023）》)
_MANY_PROJECTS = ("重大项目", "重点项目", "项目群", "批项目", "类项目")
_FIELD_ENDS = ("建设", "发展", "工作", "改革", "治理", "保护", "转型", "创新", "管理", "服务", "研究", "产业", "行业",
               "经济", "市场", "技术", "全部机组", "机组")


# A drug's dosage form right after a name the model reads as a person (阿兹夫定片)
_DRUG_FORM_AFTER = re.compile(r"[\u4e00-\u9fff]?(?:片|胶囊|注射液|颗粒|口服液|软膏|滴丸|缓释片|疫苗)(?!长|区)")


# What may follow a county's name that ends a place (…库车开工, …库车，): punctuation or a verb's first character
_COUNTY_BOUNDARY = re.compile(r"$|[\s，。、；：！？,.;:!?）)”]|(?:开工|建设|召开|举行|落户|的|发生|启动|投产|成立)")


# A name working with the organisation after it: 与⟨ORG⟩联合/合作/签署… (see EntityRules._partners_before_organisations)
_PARTNERS = re.compile(r"[与和同][^，。；]{2,40}?(?:联合|合作|签署|签订|携手|共同)")
_WORKS_WITH = ("联合", "合作", "签署", "签订", "携手", "共同", "开展合作", "达成")
_SENT_PUNCT_OR_SPACE = re.compile(r"[\s，。、；：！？,.;:!?“”（）()—]")
_NOT_PARTNERS = frozenset({"双方", "我们", "他们", "公司", "学校", "该校", "该院", "本院", "本校", "企业", "高校",
                           "政府", "医院", "大学", "学院", "研究院", "团队", "课题组", "记者", "专家", "近日", "日前",
                           "目前", "同时", "此外", "其中", "今年", "去年", "明年", "此前", "随后", "为此"})


# Counties whose short names are common words (南部县: 成都市南部 is the city's south)
_COMMON_WORD_COUNTIES = frozenset({"南部", "东方", "和平", "郊区", "永安", "宁安", "永和", "城区", "矿区", "新区",
                                   "合作", "共和", "友谊", "光明", "前进", "向阳", "红旗", "新华"})


# What ends a measure and never a body's or place's name (…货物吞吐量, …增长率, …营业额)
_MEASURE_ENDS = ("吞吐量", "产量", "销量", "总量", "增长率", "覆盖率", "营业额", "交易额", "增加值", "总值", "指数",
                 "规模")


class EntityRuleMatcher:
    """The candidate generator behind ``kg_entity_rules``; usable on plain strings.

    >>> m = EntityRuleMatcher()
    >>> [(text, label) for text, label, _ in m.find("中国科学院沈阳自动化研究所与武汉理工大学合作。")]
    [('中国科学院沈阳自动化研究所', 'ORG'), ('武汉理工大学', 'ORG')]
    """

    def __init__(self, data_dir: Path = DATA_DIR, rules_name: str = "entity_rules") -> None:
        self.data_dir = data_dir
        self.rules = rules(rules_name, data_dir)
        self.breakers = word_list("left_breakers", data_dir)
        self.breaker_exceptions = word_list("breaker_exceptions", data_dir)
        self.max_breaker = max(len(w) for w in self.breakers)
        self.not_heads = char_table("not_heads", data_dir)
        self.not_heads_after = char_table("not_heads_after", data_dir)
        self.heads_needing_a_parent = char_table("heads_needing_a_parent", data_dir)
        self.org_block = word_list("org_suffix_blocklist", data_dir)
        self.generic_org = word_list("generic_org_modifiers", data_dir)
        self.places = {**word_map("world_places", data_dir), **word_map("places", data_dir)}
        # China's places and the countries that lexicon lists: they join a county after them (山东荣成), a world
        # place does not (墨西哥 | 白银)
        self.home_places = frozenset(word_map("places", data_dir))
        # a known place holding a one-character breaker keeps it (呼和浩特 is no 和, 埃及 no 及)
        self.breaker_exceptions = self.breaker_exceptions | {
            p for p in self.places if len(p) >= 2 and any(ch in self.breakers for ch in p)}
        self.org_heads = word_list("org_suffixes", data_dir)
        self.titles = word_list("titles", data_dir)
        self.surnames = word_list("surnames", data_dir)
        self.name_followers = word_list("name_followers", data_dir)
        self.abbr = abbreviations(data_dir)
        # Fragments: parts of patterns several rules share, each written once and named in patterns as {@name}
        self.fragments = fragments(self.rules)
        self.rules = tuple(r for r in self.rules if "fragment" not in r)
        self._compiled = [self._compile_or_say(r, rules_name) for r in self.rules]

    # -- compilation -------------------------------------------------------------------------------------
    def _expand(self, pattern: str) -> str:
        pattern = expand_fragments(pattern, self.fragments)
        for macro, value in MACROS.items():
            pattern = pattern.replace(macro, value)
        return pattern.replace("{SURNAME}", self._surname_alt)

    @cached_property
    def _surname_alt(self) -> str:
        return literal_alternation(self.surnames)

    def _word_set(self, value: Any) -> frozenset[str]:
        if value is None:
            return frozenset()
        if isinstance(value, str):
            return word_list(value, self.data_dir)
        return frozenset(value)

    def _compile_or_say(self, rule: dict[str, Any], rules_name: str) -> dict[str, Any]:
        try:
            return self._compile(rule)
        except re.error as err:  # one line naming the file and the rule, not a traceback
            raise ValueError(f"{self.data_dir / rules_name}.jsonl: rule {rule.get('id')!r} has a bad pattern: {err}"
                             ) from None

    def _compile(self, rule: dict[str, Any]) -> dict[str, Any]:
        kind = rule["kind"]
        compiled = dict(rule)
        compiled["generic_set"] = self._word_set(rule.get("generic"))
        compiled["generic_words"] = WordsByLength(compiled["generic_set"])
        if kind == "regex":
            compiled["regex"] = re.compile(self._expand(rule["pattern"]))
            if rule.get("exclude_regex"):
                compiled["exclude"] = re.compile(self._expand(rule["exclude_regex"]))
            if rule.get("name_regex"):  # the name must match it too: 《…办法》 is a policy, 《雷雨》 a play
                compiled["name_re"] = re.compile(rule["name_regex"])
            if rule.get("each"):  # group "names" holds several: each match of this pattern in it is one entity
                compiled["each_regex"] = re.compile(self._expand(rule["each"]))
        elif kind == "head":
            compiled["head_regex"] = re.compile(literal_alternation(self._word_set(rule["heads"])))
            if rule.get("body_regex"):
                compiled["body_re"] = re.compile(rule["body_regex"])
            if rule.get("not_followed_by"):  # …工程 before 与应用科学学院: the head is inside a longer name
                compiled["not_followed_re"] = re.compile(rule["not_followed_by"])
            if rule.get("followed_by"):  # …全景成像卫星（SMILE）: the head must be followed by this
                compiled["followed_re"] = re.compile(rule["followed_by"])
            if rule.get("phase_after"):  # 探月工程四期: a phase named after the head belongs to the name
                compiled["phase_after_re"] = re.compile(rule["phase_after"])
        elif kind == "gazetteer":
            alternation = literal_alternation(word_map(rule["lexicon"], self.data_dir))
            # Adjacent names form one place (江苏泰州) when the rule asks for it.
            repeat = "+" if rule.get("merge_adjacent") else ""
            not_before = f"(?!{rule['not_before']})" if rule.get("not_before") else ""
            compiled["regex"] = re.compile(f"{alternation}{repeat}{not_before}")
            compiled["one_regex"] = re.compile(alternation)
        elif kind == "abbreviations":
            compiled["regex"] = re.compile(literal_alternation(self.abbr))
        elif kind == "quoted_list":
            quoted = r"“[^“”]{2,12}”"
            compiled["regex"] = re.compile(rf"(?:{quoted}[、和与及]?)+{self._expand(rule['after'])}")
            if rule.get("exclude_regex"):
                compiled["exclude_re"] = re.compile(self._expand(rule["exclude_regex"]))
        elif kind == "person_title":
            titles = literal_alternation(self.titles)
            compiled["regex"] = re.compile(rf"{titles}(?P<name>{self._surname_alt}[{CJK}]{{1,2}})")
        elif kind == "person_before_title":
            after = ("总书记|总理|副总理|主席|副主席|委员长|院士|教授|研究员|同志|先生|女士|部长|省长|市长|书记|主任"
                     "|局长|院长|校长")
            compiled["regex"] = re.compile(rf"(?P<name>{self._surname_alt}[{CJK}]{{1,2}}?)(?:{after})")
        return compiled

    # -- candidates ----------------------------------------------------------------------------------------
    def candidates(self, text: str, places: frozenset[str] = frozenset()) -> list[Candidate]:
        """The rule candidates of ``text``. ``places`` are more places the text is known to name (the statistical
        model's): a project's body starting with one shows a name (大亚湾制氢示范项目)."""
        out: list[Candidate] = []
        for rule in self._compiled:
            if rule["kind"] == "head":
                found = list(self._head(text, rule, places))
                out.extend(found)
                if rule.get("names_works") and found:  # 大熊猫国家公园 | 生态廊道建设项目: such a place names a work
                    places = places | {text[c.start:c.end] for c in found}
            else:
                out.extend(getattr(self, f"_{rule['kind']}")(text, rule))
        return out

    def find(self, text: str) -> list[tuple[str, str, str]]:
        """``(text, label, rule)`` of the selected entities of ``text`` (no statistical NER)."""
        return [(text[c.start:c.end], c.label, c.rule) for c in select_spans(self.candidates(text))]

    def _cand(self, rule: dict[str, Any], start: int, end: int, label: str | None = None) -> Candidate:
        return Candidate(start, end, label or rule["label"], rule["id"], float(rule["confidence"]),
                         int(rule["priority"]))

    def _regex(self, text: str, rule: dict[str, Any]) -> Iterable[Candidate]:
        if "needs" in rule and rule["needs"] not in text:
            return  # a literal the pattern cannot match without (·, 关于): one substring test, no regex scan
        generic = rule["generic_set"]
        for start, end in self._regex_spans(text, rule):
            name = text[start:end]
            if name in generic or start == end:
                continue
            if any(name.endswith(s) for s in rule.get("exclude_suffix", ())):
                continue
            if "exclude" in rule and rule["exclude"].search(name):
                continue
            if "name_re" in rule and not rule["name_re"].search(name):
                continue
            quote = name.find("“") if rule.get("prefix_left_edge") else -1
            if quote > 0:  # 全面开展“蓝天”行动: words before the quoted name end at its left edge, as a body does
                edge = self.left_edge(text, start + quote, quote, 0, rule["label"])
                start = start + quote if edge is None else edge
            # 《…行动方案》: an action plan being carried out is a project (ANNOTATION.md), bracketed or not
            # (its years in brackets after it: 《…行动计划（2024—2026年）》)
            label = next((lab for suffix, lab in rule.get("label_by_suffix", {}).items()
                          if name.endswith(suffix) or YEARS_IN_BRACKETS.sub("", name).endswith(suffix)), None)
            yield self._cand(rule, start, end, label)

    @staticmethod
    def _regex_spans(text: str, rule: dict[str, Any]) -> Iterator[tuple[int, int]]:
        regex: re.Pattern[str] = rule["regex"]
        each: re.Pattern[str] | None = rule.get("each_regex")
        for m in regex.finditer(text):
            if each is not None:  # ■庞忠和 汪集暘: every name of the line
                lo, hi = m.span("names")
                for n in each.finditer(text, lo, hi):
                    yield n.span()
            else:
                yield m.span("name" if "name" in regex.groupindex else 0)

    @cached_property
    def _place_lookalikes(self) -> frozenset[str]:
        return word_list("place_lookalikes", self.data_dir)

    @cached_property
    def _lookalike_chars(self) -> frozenset[str]:
        """The characters of the lookalike words: a name with none of them is inside none of the words."""
        return frozenset("".join(self._place_lookalikes))

    def _inside_lookalike(self, text: str, start: int, end: int) -> bool:
        """Is ``text[start:end]`` inside a word that holds a place's name and names no place (出海口)?"""
        if text[start] not in self._lookalike_chars:
            return False  # (most names: one set lookup, no scan of the words)
        name = text[start:end]
        for word in self._place_lookalikes:
            at = word.find(name)
            if at >= 0 and start - at >= 0 and text.startswith(word, start - at):
                return True
        return False

    _MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})

    def _province_level(self, name: str) -> bool:
        """Is ``name`` a province-level place (a province, region or municipality)?"""
        canonical = self.places.get(name) or name
        return canonical.endswith(("省", "自治区", "特别行政区")) or canonical in self._MUNICIPALITIES

    def _gazetteer_runs(self, rule: dict[str, Any], text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
        """Adjacent names are one place when each narrows the one before (江苏泰州, 山西省忻州市); a province-level
        name after another place starts another (浙江四川: two provinces side by side)."""
        if not rule.get("merge_adjacent"):
            yield start, end
            return
        run_start, previous = start, ""
        for piece in rule["one_regex"].finditer(text, start, end):
            if self._inside_lookalike(text, piece.start(), piece.end()):
                if piece.start() > run_start:  # 黄河长治久安: the river, then an idiom holding a city's name
                    yield run_start, piece.start()
                run_start, previous = piece.end(), ""
                continue
            if previous and previous != "中国" and previous not in self.countries.words and (
                    self._province_level(piece.group()) or previous.endswith(self.macro_region_ends)):
                # (中国北京 stays one: the country, then its city; 东北地区 | 广元: a city after a region it is in is
                # listed, no narrower part of one name)
                yield run_start, piece.start()
                run_start = piece.start()
            previous = piece.group()
        if end > run_start:
            yield run_start, end

    def _gazetteer(self, text: str, rule: dict[str, Any]) -> Iterable[Candidate]:
        places = self.places
        for m in rule["regex"].finditer(text):
            if m.group() in places:  # one name, no run to split
                yield from self._gazetteer_place(text, rule, *m.span())
                continue
            for start, end in self._gazetteer_runs(rule, text, *m.span()):
                yield from self._gazetteer_place(text, rule, start, end)

    def _gazetteer_place(self, text: str, rule: dict[str, Any], start: int, end: int) -> Iterable[Candidate]:
        if self._inside_lookalike(text, start, end):
            return
        following = self.not_heads.get(text[end - 1], "")
        if end < len(text) and text[end] in following:
            # 北京市场, 上海市长: the place's last character begins another word; the place is the shorter name
            end = next((e for e in range(end - 1, start + 1, -1) if text[start:e] in self.places), start)
            if end == start:
                return
        yield self._cand(rule, start, end)

    def _abbreviations(self, text: str, rule: dict[str, Any]) -> Iterable[Candidate]:
        for m in rule["regex"].finditer(text):
            if m.end() < len(text) and text[m.end()] in self._abbreviation_not_before.get(m.group(), ""):
                continue  # 北大西洋, 民进党: the short name begins a longer word
            yield self._cand(rule, m.start(), m.end(), self.abbr[m.group()].label)

    @cached_property
    def _abbreviation_not_before(self) -> dict[str, str]:
        return char_table("abbreviation_not_before", self.data_dir)

    def _quoted_list(self, text: str, rule: dict[str, Any]) -> Iterable[Candidate]:
        exclude = rule.get("exclude_re")
        least = int(rule.get("min_items", 1))  # (“扩中”“提低”行动: two; a single “提低”行动 is project.campaign's)
        for m in rule["regex"].finditer(text):
            quoted = list(re.finditer(r"“([^“”]{2,12})”", m.group()))
            if len(quoted) < least:
                continue
            for q in quoted:
                if exclude is not None and exclude.search(q.group(1)):
                    continue  # “在哪里跌倒就在哪里爬起来”的目标: a saying, not a named target
                # “成为全球钢铁业引领者”的愿景: the verb of becoming is no part of the target's name
                verb = _BECOMING.match(q.group(1))
                start = q.start(1) + (verb.end() if verb and len(q.group(1)) - verb.end() >= 2 else 0)
                yield self._cand(rule, m.start() + start, m.start() + q.end(1))

    def _person_title(self, text: str, rule: dict[str, Any]) -> Iterable[Candidate]:
        for m in rule["regex"].finditer(text):
            start, end = m.span("name")
            end = self._person_end(text, start, end)
            if end and text[start:end] not in self._not_person_names:
                yield self._cand(rule, start, end)

    @cached_property
    def _not_person_names(self) -> frozenset[str]:
        return word_list("not_person_names", self.data_dir)

    def _person_before_title(self, text: str, rule: dict[str, Any]) -> Iterable[Candidate]:
        for m in rule["regex"].finditer(text):
            start, end = m.span("name")
            if start > 0 and text[start - 1] not in _SENT_PUNCT and text[start - 1] not in "了和与及对同向由是在将":
                continue
            if (text[start:end] in self.titles or text[start:end] in self._not_person_names
                    or text[start:end] in self.places or text[start:end] in self.abbr  # 黄委会主任: a body
                    or (text[end - 1] in "市省县区" and text[start:end - 1] in self.places)
                    or self._is_org_fragment(text, start, end)
                    or _TITLE_PREFIX.search(text[start:end])):
                continue  # (国家主席习近平: 国家 is no person before the title; 常务副省长: part of the title)
            yield self._cand(rule, start, end)

    _NAME_STOP = word_list("name_stops")

    @cached_property
    def _long_breakers(self) -> tuple[str, ...]:
        """The breakers of two characters or more, for one ``str.startswith`` call."""
        return tuple(b for b in self.breakers if len(b) >= 2)

    def _person_end(self, text: str, start: int, end: int) -> int:
        """Choose between a two- and three-character given name: stop before verbs and function words."""
        surname_len = 2 if text[start:start + 2] in self.surnames else 1
        two = start + surname_len + 1
        # 李金发表示: 发表 would follow a name, but 表示 follows it here, so 发 is the name's; 包信和担任: a verb, not a
        # second name, follows 和, so 和 is the name's; 郭元强调研 is 郭元强 + 调研 (but 王毅强调研究: 强调 + 研究)
        own_third = text[two + 1:two + 3] in self.name_followers and (
            text[two] not in self._NAME_STOP or text[two] == "和") and not text.startswith("调研究", two + 1)
        if end > two and (text[two] in self._NAME_STOP or text[two:two + 2] in self.name_followers) and not own_third:
            end = two
        name = text[start:end]
        if name in self.titles or name.endswith(_BODY_ENDS):  # 代表国家队: a body, no person after a title
            return 0
        if name.startswith(self._long_breakers) or name[:2] in self.titles:
            return 0
        # A name needs a right edge: punctuation, a function word or a verb that follows names (院士成果服务 and
        # 代表国家水平 have none, so 成果服 and 国家水 are no names).
        if end < len(text) and not (text[end] in self._NAME_STOP or text[end] in _SENT_PUNCT
                                    or text[end:end + 2] in self.name_followers
                                    or text[end] in _VERB_STARTS):
            return 0
        return end

    def head_begins_word(self, name: str, after: str) -> bool:
        """Does the head ``name`` ends with begin another word with the character ``after`` it (湿地保护法 before
        律: 法律; 中国人民政治协商会 before 议: 会议; lexicon not_heads)?

        >>> m = EntityRuleMatcher()
        >>> m.head_begins_word("湿地保护法", "律"), m.head_begins_word("湿地保护法", "的")
        (True, False)
        """
        not_heads = self.not_heads
        # the heads are short: look up the name's last one to four characters instead of trying every head
        return any(after in not_heads.get(name[-k:], "") for k in range(1, min(4, len(name)) + 1))

    @cached_property
    def title_tuple(self) -> tuple[str, ...]:
        """The titles, for one ``str.endswith`` call."""
        return tuple(self.titles)

    def _is_org_fragment(self, text: str, start: int, end: int) -> bool:
        # …局, and a body's short head (管委会主任: 管 is a surname, 管委会 no person)
        return end > start and (text[end - 1] in self._one_char_heads or text[start:end] in self.org_heads)

    @cached_property
    def _one_char_heads(self) -> frozenset[str]:
        return frozenset(h for h in self.org_heads if len(h) == 1)

    @cached_property
    def _org_block_words(self) -> WordsByLength:
        return WordsByLength(self.org_block)

    def _head(self, text: str, rule: dict[str, Any], places: frozenset[str] = frozenset()) -> Iterable[Candidate]:
        label = rule["label"]
        generic = rule["generic_set"]
        for m in rule["head_regex"].finditer(text):
            hs, he = m.span()
            head = m.group()
            follow = self.not_heads.get(head, "")
            if he < len(text) and follow and text[he] in follow:
                continue
            precede = self.not_heads_after.get(head, "")
            if hs > 0 and precede and text[hs - 1] in precede and not (
                    label == "LOC" and self._all_places.ends(text[max(0, hs - 6):hs], 1)):
                continue  # (厦门 | 市: a place's name ends there, 门市 is no word of it)
            if "not_followed_re" in rule and rule["not_followed_re"].match(text, he):
                continue
            if "followed_re" in rule and not rule["followed_re"].match(text, he):
                continue
            start = self.left_edge(text, hs, int(rule["max_len"]) - len(head), int(rule["min_body"]), label,
                                   join_fields=rule["id"] == "project.head", head=head)
            if start is None or _COUNT_BEFORE_HEAD.search(text, start, hs) or _BATCH.match(text, start, hs):
                continue  # 遴选出49个国家公园, 首批国家公园: a count or a batch of such things, no name
            if he < len(text) and text[he] == "”":  # the head ends a quoted name: the name is all of it
                start = _quoted_name_start(text, start, hs, int(rule["max_len"]) - len(head))
            start = _quote_balanced_start(text, start, hs)
            if label == "PROJECT" and (kind := _KIND_BEFORE_QUOTE.match(text, start, hs)):
                start = kind.end() - 1  # 科考船“雪龙2”号: the kind of vessel, then its name in quotes
            if label == "POLICY":
                verb = _SPREADING_A_LAW.match(text, start, hs)
                if verb is not None and hs - verb.end() >= int(rule["min_body"]):
                    start = verb.end()  # 宣传残疾人保障法, 学习贯彻…条例: spreading or studying a law, the law follows
            owned = False
            if label == "PROJECT":
                edge, start = start, self._past_owner(text, start, hs, mission=rule["id"] == "project.mission")
                # …新疆八一钢铁有限公司 | 富氢碳循环高炉示范项目: a company in full (or a known one) owns the work
                owned = start > edge and COMPANY_FORM.search(text, edge, start) is not None
                inner = text.rfind(head, start, hs)
                if inner > start and hs - (inner + len(head)) >= 2:
                    start = inner + len(head)  # 首座商用第四代核电站 | 石岛湾高温气冷堆核电站: the kind, then the name
                elif text.startswith("项目", start) and hs - start >= 4:
                    start += 2  # 首个水电投资项目 | 卡洛特水电站: the kind of project, then the work's own name
                if rule["id"] == "project.acronym_named":  # 中国科学院合肥物质科学研究院 | 全超导托卡马克核聚变实验装置
                    # the institute that runs the facility, then the facility's own name
                    owner_heads = ((text.rfind(h, start + 2, hs - 4), h) for h in _FACILITY_OWNER_HEADS)
                    start = max((at + len(h) for at, h in owner_heads if at >= 0), default=start)
                if rule["id"] == "project.mission":  # 探月工程 | 嫦娥六号: the programme, then its mission's name
                    programme = max(text.rfind(word, start, hs) for word in _PROGRAMME_WORDS)
                    if programme >= start and hs - (programme + 2) >= 2:
                        start = programme + 2
            if hs - start < int(rule["min_body"]):
                continue
            name = text[start:he]
            body = name[: len(name) - len(head)]
            if label == "ORG" and (self._org_block_words.ends(name, len(head)) or name in self.org_block):
                continue
            if label in {"ORG", "PROJECT"} and "某" in body:
                continue  # 昆明某化工有限公司: a body or work the text leaves unnamed
            if (label == "ORG" and name.startswith("公司") and hs - start >= 6
                    and text.endswith(("合资", "子", "独资", "控股", "全资", "项目"), 0, start)):
                # 合资公司 | 中芯京城…有限公司: the kind, then the name
                start, name, body = start + 2, name[2:], body[2:]
            if label == "ORG" and name not in self.abbr:
                # 中共中央国务院 (中共中央 国务院 in a headline): two known bodies side by side, the second named here
                second = next((k for k in range(2, len(body)) if body[:k] in self.abbr and name[k:] in self.abbr), 0)
                if second:
                    start, name, body = start + second, name[second:], body[second:]
            if label == "ORG" and (_DIGITS_ONLY.fullmatch(body) or (
                    head == "部" and body[-1] in _NUMERAL_CHARS
                    and not body.rstrip(_NUMERAL_CHARS).endswith(self._org_head_tuple))):
                continue  # 现行10部…法律, 仅存一部: a count of laws or books (中央文献研究室二部 is a department)
            if label == "PROJECT" and start > 0 and text[start - 1] == "《" and text.startswith("》", he):
                continue  # 《泰坦尼克号》: a work's title; a bracketed plan is the policy rules' to read
            # “大气重污染成因与治理攻关项目”, “人造炼厂”: quotes around the whole name
            wrapped = start > 0 and text[start - 1] == "“" and text.startswith("”", he)
            if (label == "ORG" and wrapped and head in _FIGURATIVE_HEADS and not self._long_places.starts(body)
                    and body not in self.abbr):
                continue  # 页岩油地下“人造炼厂”, “种子银行”, “土壤医院”: a figure of speech in quotes, no body
            # a goal's body is a field (科技强国, 制造强国): the rule's own generic list decides, not the bodies'
            generic_body = (self.is_generic_body(body, head) if label == "ORG"
                            else label != "GOAL" and body in self.generic_org)
            if generic_body and label == "ORG" and self._local_body(text, start, body, head):
                generic_body = False
            if generic_body or body in generic or name in generic or (label == "ORG" and name in self.generic_org):
                continue  # 有关部门, 市委市政府, 研发中心: generic words only
            # (协和医院: a 和 inside a word joins nothing)
            joined = body[-1:] in "和与及、" and not self._inside_exception(text, hs - 1, 1)
            if label == "ORG" and (_CATEGORY_BODY.match(body) or joined or _COUNT_IN_BODY.search(body)):
                continue  # 国家级企业技术中心, 6家市级…中心, 队伍与实验室: a kind of body, not a name
            parent_heads = self.heads_needing_a_parent.get(head, "") if label == "ORG" else ""
            if parent_heads and not any(ch in body for ch in parent_heads):
                continue  # a department (…司) is named after its ministry
            if label in {"PROJECT", "LOC"} and _COUNTED_AFTER.match(text, he):
                continue  # 国家级海洋牧场示范区59处: a number of them, a kind
            if label == "LOC" and _PROVINCES_COUNTED.search(body):
                continue  # 重庆、四川两省市, 陕西安康两市: the count of the places listed, no place
            if label == "PROJECT" and _PROJECTS_COUNTED_BEFORE.search(text[max(0, start - 6):start]):
                continue  # 建设的6座巨型梯级水电站, 各项工程: a number of them, or each, no name
            if label == "ORG" and body[:1] in "省市" and text[start - 1:start] == "等":
                continue  # 四川、云南等省地震局: the listed provinces' bodies, no one body
            if label == "ORG" and _COUNT_OR_EACH_BEFORE.search(text[max(0, start - 6):start]):
                continue  # 各市（州）人民政府, 共建10家联合实验室: each of a kind, or a number of them, no name
            if label == "ORG" and name.endswith(("全资子公司", "控股子公司")):
                continue  # 中国石化全资子公司: a kind of relation to the parent, the subsidiary's name follows
            if label == "ORG" and text.startswith(("体系", "集群"), he):
                continue  # 湖北实验室体系, 中卫市数据中心集群: a system or cluster of such things, no one body
            if label == "ORG" and head[-1] in "厂站" and text.startswith(("项目", "工程"), he):
                continue  # 首个海外全流程钢厂项目: a plant being built is a project's description, no body
            if label == "ORG" and _TIME_IN_BODY.search(body):
                continue  # 孙窑乡农技站连续4年获县政府: a span of time makes a clause, not a name
            if label == "ORG" and self._joins_clauses(name):  # (the head too: 协和 | 医院)
                continue  # 加强饮用水水源地水质预警监测和涉疫情污水处理厂…: 和 joins two phrases, not two words
            if rule.get("generic_suffix") and rule["generic_words"].ends(name):
                continue
            if label in {"PROJECT", "POLICY"} and self._is_generic_tail(body, generic):
                continue
            if label == "PROJECT" and _AMOUNT.fullmatch(body):
                continue  # 100亿元专项: an amount of money, not a name
            if label in {"PROJECT", "ORG"} and self._country_and_kinds(name):
                continue  # 巴基斯坦水电站项目: a country and kinds of work, no name
            if head in rule.get("generic_compound_heads", ()) and _made_of(_unquoted(body), generic):
                continue  # 国家重大科技项目, 国家研发专项: generic words only, a kind of project
            # a work its owner names right before it is one, however plainly described (not a phase alone: 二期项目)
            # a name the text gives a short name of its own (三北防护林体系建设工程（以下简称“三北工程”）) is one
            defined = label == "PROJECT" and (alias := DEFINED_ALIAS.match(text, he)) is not None and bool(
                alias.group("alias"))
            if label == "PROJECT" and not self._project_body_named(body, head, rule, wrapped or defined, places) and (
                    not (owned and len(body) >= 4 and not _PHASE_ONLY.fullmatch(body))):
                continue
            if rule.get("body_must_be_place") and (not self._place_body(body) or self._county_kind_word(body, head)
                                                   or _GENERIC_PLACE_WORDS.ends(name, 3)):
                continue  # 雄安新区 + 智能城市: a kind of city after the place, no place's name
            if rule.get("body_without_org_head") and any(h in body for h in self.long_org_heads):
                continue  # 浙江大学杭州国际科创中心: a university's institute, not a city's role
            if "body_re" in rule and not rule["body_re"].search(body) and not (
                    rule.get("body_place_ok") and self._long_places.starts(body)):
                continue
            if body.count("（") + body.count("(") != body.count("）") + body.count(")") or body[:1] in "）)":
                continue
            quote = body.find("“")
            if label == "PROJECT" and quote >= 4 and body[:quote].endswith(self.long_org_heads) and (
                    body.count("“") == 1 and "”" in body[quote:]):
                # 国家超级计算广州中心 | “天河二号”升级改造项目: the body that owns it, then the work's own name
                start, body, quote = start + quote, body[quote:], 0
            if (head in rule.get("quoted_name_heads", ()) and quote >= 0 and body[-1:] == "”"
                    and body.count("“") == 1 and body.count("”") == 1
                    and (quote == 0 or body[:quote].endswith(_PROGRAMME_KINDS))):
                # “非结构化大数据智能分析处理”项目, 国家科技重大专项“高端通用芯片”课题: the quoted name is the
                # project; 项目 only says what it is, and the programme before it is another thing
                yield self._cand(rule, start + quote + 1, hs - 1)
                continue
            end = he
            for tail in rule.get("drop_tail", ()):
                if name.endswith(tail):
                    end = he - len(tail)
            if body.endswith(tuple(rule.get("head_dropped_after", {}).get(head, ()))):
                end = hs  # 常泰长江大桥 | 项目: a built work's own name says what it is; 项目 only calls it one
            phase = rule["phase_after_re"].match(text, end) if "phase_after_re" in rule else None
            if phase is not None:
                end = phase.end()
            if head.endswith(tuple(rule.get("place_in_brackets_after", ()))):
                end = self._bracketed_place_end(text, end)  # 中国石油大学（北京）: the campus is in the name
            yield self._cand(rule, start, end)

    _LOCAL_HEADS = frozenset({"局", "厅", "委", "委员会", "办", "办公室"})

    def _local_body(self, text: str, start: int, body: str, head: str) -> bool:
        """市科技局, 省市场监管局: the one body of the article's city or province for one field, not a kind of
        body (各市科技局, 市委市政府); kg.normalise names the city."""
        return (head in self._LOCAL_HEADS and body[:1] in "市省" and body[1:] in self.generic_org
                and len(body) >= 3 and (start == 0 or text[start - 1] not in "各每两本该"))

    def _project_body_named(self, body: str, head: str, rule: dict[str, Any], quoted: bool = False,
                            places: frozenset[str] = frozenset()) -> bool:
        """Can ``body`` + ``head`` name one project? Not after a count or a determiner (两项水利工程, 每一项目,
        大多数项目). For the heads that need a name (项目, 试点), the body shows one: a known place or body, quotes,
        a number (长江水空调项目, 阿多曼4×350MW电站项目), not a description (现场监测项目, 地热发电项目). A body
        ending in a generic tail without such a mark is a description too (修复工程, 道路拓宽工程, 比赛项目).
        With ``number_holders``, what stands before a number is a name, not a team, street or day (长征五号, not
        辽宁队20号, 三座门大街十四号, 二十五号). A name wholly in quotes (``quoted``) is named."""
        if (_PROJECT_COUNT.search(body) or body.startswith(tuple(rule.get("body_not_starting", ())))
                or _MONEY_START.match(body)):  # 20多亿美元贷款计划: an amount, not a name
            return False
        holders = rule.get("number_holders")
        if holders is not None:
            name = body.rstrip(_NUMERAL_CHARS)  # 神舟十 + 二号, 雪龙2 + 号: the name stands before the number
            return len(name) >= 2 and name[-1] not in holders
        if quoted:
            return True  # the quotes are the name mark
        generic_tails = rule.get("generic_tails", {}).get(head, ())
        needs_a_name = head in rule.get("heads_needing_a_name", ())
        if not needs_a_name and not body.endswith(tuple(generic_tails)):
            return True
        if needs_a_name and body.endswith(tuple(generic_tails)) and "”" not in body:
            return False  # 悉尼奥运会正式比赛项目, 上海市重大项目: a kind; “大气污染成因…研究”重点专项 is named
        if self._shows_a_name(body):
            return True
        if body.endswith(_BUILDING_A_BODY) and len(body) >= 8 and body[:-2].endswith(self.long_org_heads):
            return True  # 国家稀土功能材料创新中心建设项目: building a body named in full names the work
        # a county's name starts it (福鼎时代锂离子电池生产基地项目), or a place the model found (大亚湾制氢示范项目),
        # where the rest is no generic kind (某县水利工程)
        return not body.endswith(tuple(generic_tails)) and (
            self._county_places.starts(body) or (bool(places) and body.startswith(tuple(places))))

    def holds_a_place(self, text: str) -> bool:
        """Does a known place of two characters or more start anywhere in ``text``?"""
        return any(self._long_places.starts(text[i:]) for i in range(len(text) - 1))

    @cached_property
    def _county_places(self) -> WordsByLength:
        """Prefecture- and county-level places and their short forms (lexicon county_places, written from a
        registry package by scripts/county_places.py): marks of a name at the start of a body, never LOCs."""
        return WordsByLength(word_list("county_places", self.data_dir))

    def _county_kind_word(self, body: str, head: str) -> bool:
        """Is ``body`` + ``head`` a county's short form and a one-character kind that together make a common word
        and no place (大城 + 市: 大城市, of 大城县), where ``body`` is no place known otherwise?"""
        return (len(head) == 1 and body not in self.places and body in self._county_places.words
                and body + head not in self._county_places.words)

    def _shows_a_name(self, body: str) -> bool:
        if _PROJECT_NAME_MARK.search(body):
            return True
        if self.holds_a_place(body):
            return True
        return any(body.find(h, 1) > 0 for h in self.long_org_heads)

    def _joins_clauses(self, body: str) -> bool:
        """Does 和 in ``body`` join phrases rather than the short words of an official name (工业和信息化部,
        国家发展和改革委员会, 上海市规划和自然资源局)? Before it, past a leading place name, stand more than
        eight characters; or past a government body's name, a department's (国家发展改革委 资源节约和环境保护司)."""
        at = body.find("和")
        while at >= 0 and self._inside_exception(body, at, 1):  # 共和国, 中和, 和平
            at = body.find("和", at + 1)
        if at < 0:
            return False
        before = body[:at]
        place = max((len(p) for p in (*self._all_places.prefixes(before), *self._government_names.prefixes(before))),
                    default=0)
        return at - place > 8

    def is_generic_body(self, body: str, head: str) -> bool:
        """Is an organisation's ``body`` (its name without ``head``) generic words only (有关部门, 市委市政府,
        研发中心)? A newspaper's name may be a plain word (科技日报): never for media heads of two characters
        or more."""
        if len(head) >= 2 and head in self._media_heads:
            return False
        if head in COMPANY_HEADS and (body in self._generic_trades or _made_of(body, self._generic_with_trades)):
            return True  # 一家电脑公司, 各类软件企业: a trade names a kind of company
        if head in COMPANY_HEADS and body.endswith(("上市", "挂牌")) and len(body) <= 6:
            return True  # 科创板上市公司, A股上市公司: the companies listed on a board, no name
        if head in _NATIONAL_BUREAU_HEADS and body.startswith("国家") and len(body) >= 4 and body[2:] != "有关":
            return False  # 国家数据局: a national bureau of a field is one body, however plain the field's word
        if body.startswith("全国") and ((len(body) > 2 and _made_of(body[2:], self.generic_org))
                                      or (body == "全国" and head == "重点实验室")):
            return True  # 全国重点实验室: the national kind (as 国家重点实验室), no name; 全国总工会 is one
        return body in self.generic_org or _made_of(body, self.generic_org)

    @cached_property
    def _generic_trades(self) -> frozenset[str]:
        return word_list("generic_trades", self.data_dir)

    @cached_property
    def _generic_with_trades(self) -> frozenset[str]:
        return self.generic_org | self._generic_trades

    @cached_property
    def _media_heads(self) -> frozenset[str]:
        return word_list("media_suffixes", self.data_dir)

    def _is_generic_tail(self, body: str, generic: frozenset[str]) -> bool:
        """'国家科技部重大专项' → body after a known organisation is generic: the org is no part of the name."""
        stripped = body.strip("“”")
        for k in range(len(stripped)):
            rest = stripped[k:]
            if rest in generic and k > 0 and stripped[:k].endswith(self._org_head_tuple):
                # (国家稀土功能材料创新中心 | 建设项目: building the body is the work, named by it)
                return not (rest in _BUILDING_A_BODY and k >= 6 and stripped[:k].endswith(self.long_org_heads))
        return stripped in generic

    @cached_property
    def _all_places(self) -> WordsByLength:
        return WordsByLength(self.places)

    @cached_property
    def _long_places(self) -> WordsByLength:
        return WordsByLength(p for p in self.places if len(p) >= 2)

    @cached_property
    def _org_head_tuple(self) -> tuple[str, ...]:
        return tuple(self.org_heads)  # str.endswith(tuple) tests them all in C

    @cached_property
    def _org_head_lengths(self) -> tuple[int, ...]:
        return tuple(sorted({len(h) for h in self.org_heads}))

    def _place_body(self, body: str) -> bool:
        if self._place_name(body) or self._places_concatenated(body):
            return True
        inner = _BRACKETED_PLACE.fullmatch(body)
        if inner and all(part in self.places for part in inner.groups()):
            return True  # 中国（上海）自由贸易试验区: a country and, in brackets, its city
        # 山西省忻州市: a known province or city followed by a two-character name (of Chinese characters, no
        # count: 洛杉矶7个城市 is no city).
        # A county-level city or county the same way (文昌 + 航天发射场, lexicon county_places).
        # (北京市城 | 市: 北京 + 市城 is no name; the place is 北京市, and one character after it names nothing)
        knowns = {*self._all_places.prefixes(body), *self._county_places.prefixes(body)}
        return any(2 <= len(body) - len(known) <= 3 and _PLACE_NAME_REST.fullmatch(body, len(known))
                   and body[: len(known) + 1] not in knowns for known in knowns)

    def _places_concatenated(self, body: str) -> bool:
        """内蒙古鄂尔多斯: known places one after another."""
        if not body:
            return True
        return any(self._places_concatenated(body[len(p):]) for p in self._long_places.prefixes(body))

    @cached_property
    def _verbs_naming_works(self) -> frozenset[str]:
        """Verbs that, right before a project's head, say what kind of work it is (建设项目, 提升工程)."""
        return word_list("verbs_naming_works", self.data_dir)

    _QUOTED_PROGRAMME_END = re.compile(r"(?:计划|工程|项目|专项|行动)”")

    def _quoted_programme(self, text: str, lo: int, breaker_start: int, head_start: int) -> bool:
        """Is the name ending at ``head_start`` a programme's whole quoted name (“原创探索计划”), the quote opening
        after ``lo``, some words before the breaker ending at ``head_start`` and no breaker word starting it
        (“坚决打赢…” is a slogan)?"""
        opening = text.rfind("“", lo, breaker_start)
        return (opening >= 0 and breaker_start - opening > 1
                and self._QUOTED_PROGRAMME_END.match(text, head_start) is not None
                and not self._breaker_ending_at(text, opening + 1, breaker_start)
                and not any(text.startswith(b, opening + 1) for b in self._long_breakers))

    def left_edge(self, text: str, head_start: int, max_body: int, min_body: int, label: str,
                  join_fields: bool = False, head: str = "") -> int | None:
        """Where a name ending at ``head_start`` (its head) begins, or None when no proper name precedes.

        The body runs left over name characters, stops at punctuation, and is cut after the last breaker word
        (function words and verbs such as 由, 在, 发布); coordination with 和/与/及 cuts only when the left
        conjunct is itself a complete name (国家林业和草原局 stays whole); with ``join_fields`` (a project named by
        its head word) 和/与/及 join two fields of one name unless a body's or place's full name stands before them
        (国家地震烈度速报与预警工程).
        """
        lo = head_start
        while lo > 0 and head_start - lo < max_body and (
                _NAME_CHAR.match(text[lo - 1]) or (label == "PROJECT" and _route_dash(text, lo - 1))
                or (label == "PROJECT" and text[lo - 1] == "/" and text[lo] in "年日")  # 400万吨/年煤炭…项目
                or (label == "PROJECT" and text[lo - 1] == "、" and _listed_in_brackets(text, lo - 1))
                or (text[lo - 1] == "." and lo > 1 and text[lo - 2].isdigit() and text[lo].isdigit())):  # 15.46亿亩
            lo -= 1
        start = lo
        # Where the length limit, not a non-name character, stopped the body, a breaker may straddle its start
        # (坚决守|住15.46亿亩…红线): look a few characters further left for it.
        scan_lo = max(0, lo - 3) if lo > 0 and _NAME_CHAR.match(text[lo - 1]) else lo
        department = self._department_start(text, lo, head_start) if label == "ORG" else None
        nominal_verb_at = -1
        # Scan breakers right-to-left; the rightmost one that leaves a long enough body decides the edge.
        pos = head_start - 1 if department is None else lo - 1  # a department's name holds verbs: no scan
        if department is not None:
            start = department
        while pos >= lo:
            hit = self._breaker_ending_at(text, scan_lo, pos + 1)
            if hit:
                b_start = pos + 1 - len(hit)
                left_part = text[lo:b_start]
                preposition = (b_start == lo or bool(self._breaker_ending_at(text, lo, b_start))
                               or self._starts_new_name(text, pos + 1, head_start)
                               or (hit == "与" and text.startswith(COMPANY_HEADS, head_start)))
                if (hit in "和与及" and label in {"ORG", "LOC"} and not preposition
                        and not self._complete_name(left_part)
                        # …雨林国家公园和武夷山国家公园: two names of the same kind
                        and not (len(head) >= 2 and left_part.endswith(head))):
                    pos -= 1
                    continue
                if (hit in "和与及" and join_fields and not preposition and b_start > lo
                        and not self._complete_body_name(left_part)):
                    pos -= 1  # 国家地震烈度速报与预警工程: 与 joins two fields of one project's name
                    continue
                if hit == "至" and label == "PROJECT" and (self._route_start(text, lo, b_start)
                                                            or _NUMBERED_BEFORE.search(text, lo, b_start)):
                    pos -= 1  # 蒙西至天津南特高压…工程, 6号至10号集装箱码头工程: a route or a range is one name
                    continue
                if head_start - (pos + 1) < min_body:
                    if label == "PROJECT" and len(hit) >= 2 and self._quoted_programme(
                            text, lo, b_start, head_start):
                        pos -= 1  # “原创探索计划”: a verb as a noun before the head of a quoted programme's name
                        continue
                    if (label == "PROJECT" and pos + 1 == head_start and hit in self._verbs_naming_works
                            and b_start - lo >= 2 and not self._breaker_ending_at(text, lo, b_start)):
                        # 生态廊道建设 | 项目, 农网巩固提升 | 工程: the kind of work done names the work with what
                        # stands before it (the body's checks decide whether that is a name)
                        nominal_verb_at = b_start
                        pos = b_start - 1
                        continue
                    return None  # 把握所, 开好局: a function word or verb right before the head
                if (label == "PROJECT" and len(hit) >= 2 and b_start - lo >= 2
                        and text[pos + 1:head_start] in self.org_heads
                        and not self._breaker_ending_at(text, lo, b_start)):
                    pos -= 1  # 老港再生能源利用 | 中心二期工程: a body's bare kind names nothing, the verb is a word
                    continue  # of the name
                start = pos + 1
                break
            pos -= 1
        if start == lo and label in {"PROJECT", "GOAL"} and scan_lo < lo:
            start = self._edge_past_limit(text, lo)
        if nominal_verb_at >= 0 and nominal_verb_at - start < 2:
            return None  # 要加快推进 | 建设项目: nothing before the kind of work names it
        open_quote = text.rfind("“", lo, head_start)
        if lo <= open_quote < start and text.find("”", start, head_start) >= 0:
            start = open_quote  # “大气污染成因与控制技术研究”重点专项: the quoted name is one piece
        for date in _DATE_IN_NAME.finditer(text, start, head_start):
            start = date.end()  # 新华社北京12月18日电中共中央办公厅, 八月下旬公安部: a date ends before a name
        start = self._strip_leading(text, start, head_start)
        if label == "PROJECT" and head.endswith("行动") and text.endswith("新一轮", 0, start):
            start -= 3  # 新一轮找矿突破战略行动: a campaign's official name begins with its round
        if head_start - start < min_body:
            return None
        return self._place_start_around(text, start)

    #: How far past a rule's length limit a project's left edge is looked for, when the limit cut a run of name
    #: characters that holds no breaker (成功将通信技术试验卫星十一号: the limit alone left 术试验卫星十一号).
    PAST_LIMIT = 6

    def _edge_past_limit(self, text: str, lo: int) -> int:
        """Where a name whose body the length limit stopped at ``lo``, inside a run of name characters, begins:
        after the nearest breaker or non-name character at most :attr:`PAST_LIMIT` characters further left; else
        ``lo``, as the limit had it."""
        for p in range(lo, max(0, lo - self.PAST_LIMIT) - 1, -1):
            if p == 0 or not _NAME_CHAR.match(text[p - 1]):
                return p
            if self._breaker_ending_at(text, max(0, p - self.max_breaker), p):
                return p
        return lo

    @cached_property
    def _company_names(self) -> WordsByLength:
        """The known companies' names and short names (abbreviations.tsv), which may stand before their project."""
        companies = [a for a in self.abbr.values() if a.label == "ORG" and a.canonical.endswith(("公司", "集团"))]
        # (and the full name's …公司 form: 国家电网公司 | 白鹤滩—浙江特高压直流工程)
        return WordsByLength(n for a in companies
                             for n in (a.alias, a.canonical, _LIMITED_COMPANY.sub("公司", a.canonical)))

    def _past_owner(self, text: str, start: int, head_start: int, mission: bool = False) -> int:
        """Where a project's name starts when a known government body owning it stands before a name of its own
        that starts like a national one (科技部 | 国家重点研发计划), or before a mission's name (中国气象局 |
        风云三号G星): past the body, which is an organisation."""
        for owner in reversed(self._government_names.prefixes(text[start:head_start])):
            if text.startswith(self._NEW_NAME_START, start + len(owner)) or (
                    mission and head_start - (start + len(owner)) >= 2):
                return start + len(owner)
        # a company before its plant's capacity (…宁夏煤业公司 | 400万吨/年煤炭间接液化示范项目): the company owns it
        owner_end = _COMPANY_BEFORE_CAPACITY.search(text, start, head_start)
        if owner_end is not None and owner_end.start() - start >= 2:
            return owner_end.end()
        # a company in full before its project's own name (…管网集团有限公司 | 西气东输四线工程): it owns it
        owner_end = _COMPANY_BEFORE_NAME.search(text, start, head_start)
        if owner_end is not None and owner_end.start() - start >= 2 and head_start - owner_end.end() >= 2:
            return owner_end.end()
        # a known company before its project's own name (三峡集团 | 白鹤滩水电站, 国家电网 | 白鹤滩—江苏…工程): the
        # company owns it; a two-character brand begins the work's own name (华能石岛湾高温气冷堆核电站示范工程, as
        # 晋能保德…工程 in ANNOTATION.md)
        for owner in reversed(self._company_names.prefixes(text[start:head_start])):
            if (head_start - (start + len(owner)) >= 2 and not text.startswith(COMPANY_HEADS, start + len(owner))
                    and (len(owner) >= 4 or owner.endswith(("集团", "公司")))):
                return start + len(owner)
        return start

    def _country_and_kinds(self, name: str) -> bool:
        """Is ``name`` a foreign country and a kind of work only (巴基斯坦 + 水电站项目)?"""
        country = max(self.countries.prefixes(name), key=len, default="")
        return bool(country) and len(name) > len(country) and _WORK_KINDS.fullmatch(name, len(country)) is not None

    def _bracketed_place_end(self, text: str, end: int) -> int:
        """Past a known place in brackets right at ``end`` (（北京）, （武汉）), else ``end``."""
        m = _BRACKETED_AFTER.match(text, end)
        return m.end() if m and self._place_name(m.group(1)) else end

    def home_place(self, name: str) -> bool:
        """Is ``name`` one of China's places (lexicon places) or several of them in a row (山东省威海市)?"""
        return name in self.home_places or (name not in self.places and self._place_body(name)
                                            and not name.startswith(self._world_only))

    @cached_property
    def countries(self) -> WordsByLength:
        """Countries other than China (lexicon countries)."""
        return WordsByLength(word_list("countries", self.data_dir))

    @cached_property
    def _world_only(self) -> tuple[str, ...]:
        return tuple(w for w in word_map("world_places", self.data_dir) if w not in self.home_places)

    def administrative_place(self, name: str) -> bool:
        """Is ``name`` a prefecture- or county-level place (county_places) or named as an administrative area
        (…市, …县, …区, …州, …旗, …镇, …乡)?

        >>> m = EntityRuleMatcher()
        >>> m.administrative_place("荣成"), m.administrative_place("忻州市"), m.administrative_place("故宫")
        (True, True, False)
        """
        return name in self._county_places.words or (
            len(name) >= 2 and name[-1] in "市县区州旗镇乡" and not name.endswith(_NOT_ADMINISTRATIVE))

    def _place_name(self, name: str) -> bool:
        """Is ``name`` a known place: of the places lexicons, or a county-level place (county_places)?"""
        return name in self.places or name in self._county_places.words

    def _place_start_around(self, text: str, start: int) -> int:
        """``start``, or where a known place of three characters or more that ``start`` cuts begins: a name never
        starts inside a place (巴基斯 | 坦卡拉奇核电2号 → 巴基斯坦卡拉奇核电2号); a place of two characters it cuts
        is left out (山东 | 东海阳核电站3号 → 海阳核电站3号)."""
        if start == 0:
            return start
        # 山东 | 东海阳核电站3号: a two-character place cut in two loses its second character too
        # (其中 | 国家…: a breaker word ending at ``start`` cut there, not a place)
        cut_short = start + 1 if (text[start - 1:start + 1] in self._two_character_places
                                  and not self._breaker_ending_at(text, max(0, start - self.max_breaker), start)
                                  ) else start
        if text[start - 1:start + 1] not in self._place_inner_bigrams:
            return cut_short  # no longer known place has these two characters side by side: the common case
        places = self._long_places
        for length in places.lengths:
            for back in range(1, min(length, start + 1)):
                if length >= 3 and text[start - back:start - back + length] in places.words:
                    return start - back
        return cut_short

    @cached_property
    def _two_character_places(self) -> frozenset[str]:
        return frozenset(w for w in self.places if len(w) == 2)

    @cached_property
    def _place_inner_bigrams(self) -> frozenset[str]:
        """Every two adjacent characters inside a known place of three characters or more."""
        return frozenset(place[i:i + 2] for place in self._long_places.words if len(place) >= 3
                         for i in range(len(place) - 1))

    _DEPARTMENT_HEADS = ("司", "局", "厅", "办公室")
    _NOT_IN_DEPARTMENTS = re.compile(r"[在是将由对向把被的了为与和及]$|^[在是将由对向把被的了为与和及]")

    @cached_property
    def long_org_heads(self) -> tuple[str, ...]:
        """The organisation heads of two characters or more (大学, 科学院, 委员会), sorted: a body's name ends with
        one; a one-character head (所, 局) says less."""
        return tuple(sorted(h for h in self.org_heads if len(h) >= 2))

    @cached_property
    def known_org_names(self) -> frozenset[str]:
        """The organisations of the abbreviation table, by short and by full name."""
        return frozenset(n for a in self.abbr.values() if a.label == "ORG" for n in (a.alias, a.canonical))

    @cached_property
    def _known_org_words(self) -> WordsByLength:
        return WordsByLength(n for n in self.known_org_names if len(n) >= 3)

    @cached_property
    def _government_names(self) -> WordsByLength:
        """The known government bodies' names and short names (abbreviations.tsv, central_government_bodies), which
        a department's name may follow (工业和信息化部 节能与综合利用司)."""
        return WordsByLength([n for n in self.known_org_names if n.endswith(("部", "委", "委员会", "局", "总局", "署"))]
                             + list(word_list("central_government_bodies", self.data_dir)))

    def _department_start(self, text: str, lo: int, head_start: int) -> int | None:
        """Where a department of a known government body starts, when ``text[lo:head_start]`` ends with one:
        the body's name, then the department's own name of two to twelve characters, which may hold verbs and
        coordinators (节能与综合利用司, 资源节约和环境保护司) but neither starts nor ends with a function
        word; else None.

        >>> m = EntityRuleMatcher()
        >>> text = "工业和信息化部节能与综合利用司司长"
        >>> text[m._department_start(text, 0, text.index("司司")):text.index("司司") + 1]
        '工业和信息化部节能与综合利用司'
        >>> m._department_start("我们在国家发展改革委的司", 0, 11) is None
        True
        """
        if not text.startswith(self._DEPARTMENT_HEADS, head_start):
            return None
        names = self._government_names
        for body_start in range(head_start - 2, max(lo, head_start - 12) - 1, -1):
            body = text[body_start:head_start]
            if self._NOT_IN_DEPARTMENTS.search(body):
                continue
            for k in reversed(names.lengths):  # the longest name: 国家能源局, not its short form 能源局
                if body_start - k >= lo and text[body_start - k:body_start] in names.words:
                    return body_start - k
        return None

    _NEW_NAME_START = ("中国", "国家", "全国", "中华", "中央", "中共", "国务院", "国网")  # (国网…: State Grid's units)

    def _starts_new_name(self, text: str, start: int, end: int) -> bool:
        """After 与/和/及, does a fresh name begin (中国…, 国家…, a place, a known body)? Then the coordinator
        joins two names (中国石化与中国科学院…) instead of sitting inside one (国家林业和草原局). ``end`` is the
        head's start; a name's first word may run into the head (国网江苏电力和国网 | 浙江…: 国 + 网)."""
        rest = text[start:end + 1]
        return rest.startswith(self._NEW_NAME_START) or self._long_known_names.starts(rest)

    @cached_property
    def _long_known_names(self) -> WordsByLength:
        return WordsByLength(w for w in (*self.places, *self.abbr) if len(w) >= 2)

    def _route_start(self, text: str, lo: int, end: int) -> bool:
        """Does a place-like word of two to four characters end at ``end`` (right before 至), after a breaker,
        punctuation or the start of the name's run?"""
        return any(end - k == lo or bool(self._breaker_ending_at(text, lo, end - k))
                   for k in range(2, 5) if end - k >= lo and _NAME_WORD.fullmatch(text, end - k, end))

    def _breaker_ending_at(self, text: str, lo: int, end: int) -> str:
        for k in range(min(self.max_breaker, end - lo), 0, -1):
            word = text[end - k:end]
            if word in self.breakers:
                if word == "联合" and text.startswith("国家", end) and text.endswith(self._org_head_tuple, lo, end - k):
                    return word  # 自然资源部东海局联合 | 国家海洋技术中心: a body joins another, no 联合国 here
                if self._inside_exception(text, end - k, k):
                    return ""
                if word == "得" and self.countries.ends(text[max(0, end - k - 6):end - k], 1):
                    return ""  # 丹麦得斯威国际货运公司: a foreign name's sound right after its country
                if word == "第一" and (self._all_places.ends(text[max(lo, end - k - 8):end - k], 1)
                                        or text[max(lo, end - k - 4):end - k].endswith(_NUMBERING_BODIES)):
                    # 上海第一钢铁厂, 北京市第一…, 中国航空工业集团有限公司第一飞机设计研究院: a place's or a
                    # group's numbered body, not "the first" of a kind
                    return ""
                return word
        return ""

    def _inside_exception(self, text: str, i: int, length: int) -> bool:
        """Is the breaker ``text[i:i+length]`` part of a listed word (华为, 碳中和, 生产建设兵团)?"""
        return any(i >= k and text.startswith(word, i - k)
                   for word, k in self._exceptions_holding.get(text[i:i + length], ()))

    @cached_property
    def _exceptions_holding(self) -> dict[str, list[tuple[str, int]]]:
        """Breaker-exception words by what they contain: piece -> (word, offset of the piece in the word)."""
        index: dict[str, list[tuple[str, int]]] = {}
        for word in sorted(self.breaker_exceptions):
            for k in range(len(word)):
                for n in range(1, min(self.max_breaker, len(word) - k) + 1):
                    index.setdefault(word[k:k + n], []).append((word, k))
        return index

    def _complete_body_name(self, left: str) -> bool:
        """Is ``left`` the full name of a body or a place (…大学, …公司, 上海市), not a field of a project's name?"""
        return (left.endswith(self.long_org_heads) or left in self.places or left in self.abbr
                or left.endswith(_THING_ENDS))  # 大型水电站和核电站: two things listed

    def _complete_name(self, left: str) -> bool:
        return bool(left) and (left.endswith(self._org_head_tuple)
                               or left.endswith(("党组", "党委", "机关", "团队", "课题组", "小组"))
                               or left in self.places or left in self.abbr or self._institute_short_name(left)
                               # 长江经济带 | 和华北地区: an area named after its place is a name of its own
                               or (len(left) >= 4 and left.endswith(self._area_words)))

    @cached_property
    def macro_region_ends(self) -> tuple[str, ...]:
        """How great regions, basins and economic belts end (lexicon macro_regions): 东北地区, …流域."""
        return tuple(word_list("macro_regions", self.data_dir))

    @cached_property
    def _area_words(self) -> tuple[str, ...]:
        return tuple(word_list("place_areas", self.data_dir))

    def _institute_short_name(self, name: str) -> bool:
        """Is ``name`` an institute's short name: its city or academy, a short field and 所 (西安光机所, 大连化物所,
        中科院力学所), which 所 alone (场所, 派出所 …) does not show?"""
        return (4 <= len(name) <= 8 and name.endswith("所") and not name.endswith(("场所", "派出所", "处所", "住所"))
                and (name.startswith(("中科院", "中国科学院"))
                     or any(len(p) >= 2 for p in self._all_places.prefixes(name))))

    _LEADING = re.compile(r"(?:\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}年(?![前底以])|\d{4}年底(?!前)"
                          r"|\d{1,2}月\d{1,2}日|\d{1,2}[日月]"
                          # 十四届全国人大常委会: a congress's term before its name
                          r"|第?[一二三四五六七八九十]{1,3}届(?=全国|中国|中共|[\u4e00-\u9fff]{2,3}[省市])"
                          r"|\d+\s*[项个家批件座条处]|\d{4}(?![\d年])|(?:合资|独资|国有|民营|外资)?企业(?![有是在的为])(?=[\u4e00-\u9fff]{4,}$)|一[件个批项系列些]+|原|各|该|本|新一轮|新一批|本轮|我国|全国各|其|未来|今后|此后|目前"
                          r"|(?<=第[一二三四五六七八九十])[个家所座项批件条]"  # 第一个国家实验室: the count word goes
                          # 经国务院同意, 经北京市政府批准: by way of, the body follows
                          r"|经(?=国务|党中|中共|中央|省|市|[\u4e00-\u9fff]{1,3}[省市])"
                          r"|(?<=—)记)")  # ——记…村党支部书记: a feature's subtitle, "on …"

    def _strip_leading(self, text: str, start: int, head_start: int) -> int:
        m = self._LEADING.match(text, start, head_start)
        while m and m.end() > start:
            start = m.end()
            m = self._LEADING.match(text, start, head_start)
        while start < head_start and (text[start] in "（）()·-" or (
                text[start] in "“”" and text.count("“", start, head_start) != text.count("”", start, head_start))):
            start += 1
        return start


@cache
def entity_rule_matcher(data_dir: Path = DATA_DIR) -> EntityRuleMatcher:
    """The rule matcher of ``data_dir``, compiled once per process (the entity and relation stages share it)."""
    return EntityRuleMatcher(data_dir)


def _entities_from_candidates(doc: Doc, chosen: list[Candidate]) -> list[Span]:
    spans: list[Span] = []
    for c in chosen:
        span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="expand")
        if span is None:
            continue
        underscore = span._  # one extension accessor for both writes
        underscore.rule = c.rule
        underscore.confidence = c.confidence
        spans.append(span)
    return spans


@Language.factory(
    "kg_entity_rules",
    default_config={"data_dir": None, "propagate": True, "ner_priority": 1, "ner_confidence": 0.8,
                    "ner_labels": ["ORG", "PERSON", "LOC"], "ner_org_needs_head": False},
)
def make_entity_rules(nlp: Language, name: str, data_dir: str | None, propagate: bool, ner_priority: int,
                      ner_confidence: float, ner_labels: list[str], ner_org_needs_head: bool) -> EntityRules:
    return EntityRules(Path(data_dir) if data_dir else DATA_DIR, propagate, ner_priority, ner_confidence,
                       ner_labels, ner_org_needs_head)


class EntityRules:
    """Combine rule candidates with the statistical entities already on the doc, then write ``doc.ents``."""

    def __init__(self, data_dir: Path, propagate: bool, ner_priority: int, ner_confidence: float,
                 ner_labels: list[str], ner_org_needs_head: bool = False) -> None:
        self.matcher = entity_rule_matcher(data_dir)
        self.propagate = propagate
        self.ner_priority = ner_priority
        self.ner_confidence = ner_confidence
        self.ner_labels = set(ner_labels)
        self.ner_org_needs_head = ner_org_needs_head

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        # places, and short names of bodies, the model found: a mark of a project's name that starts with one
        # (大亚湾制氢示范项目, 武钢绿色低碳冶金示范项目)
        model_names = frozenset(e.text for e in doc.ents if (e.label_ == "LOC" and len(e.text) >= 2)
                                or (e.label_ == "ORG" and 2 <= len(e.text) <= 4))
        cands = self.matcher.candidates(text, model_names)
        statistical: dict[tuple[int, int], str] = {}
        for ent in doc.ents:  # from the statistical NER, when it ran before us
            label = "PERSON" if ent.label_ in {"PER", "PERSON"} else ent.label_
            if label == "ORG" and (ent.text in self.matcher.places or ent.text.endswith(_AREA_HEADS)
                                   or (len(ent.text) >= 3 and ent.text in self.matcher._county_places.words)):
                label = "LOC"  # 中国3∶0胜日本: the news model reads a country fielding a team as an organisation;
                # …生物医药产业园, …开发区 are areas (ANNOTATION.md: industrial bases and zones are places); a
                # border town of three characters or more is no body either (二连浩特, 霍尔果斯)
            statistical[(ent.start_char, ent.end_char)] = label
            if label == "LOC" and _NOT_A_PLACE_AFTER.match(text, ent.end_char):
                continue  # 中国特色社会主义: an adjective, not the country
            if label == "PERSON" and _EPONYM_AFTER.match(text, ent.end_char):
                continue  # 量子反常霍尔效应: an eponym, not a person
            if label == "ORG" and self._quoted_phrase(text, ent.start_char, ent.end_char):
                continue
            if text.startswith(("”轮", "”号"), ent.end_char):
                continue  # “新洋山”轮: a ship's name, not a place
            if text.startswith(("〔", "[", "［"), ent.end_char):
                continue  # 国发〔2021〕4号: a document number's issuer code, not a name
            before = text[ent.start_char - 1:ent.start_char]
            if label == "ORG" and ent.text.endswith("段") and before in {"—", "－", "至"}:
                continue  # （吐鲁番—中卫段）: a section of a line, no body (郑州车辆段 is one)
            if label == "ORG" and ent.start_char > 0 and text[ent.start_char - 1] == "批":
                continue  # 入选首批国家医学中心: a kind of body, a batch of them, not one name
            if label == "ORG" and ent.text == "共产党" and text[ent.end_char:ent.end_char + 1] in ("人", "员"):
                continue  # 共产党人, 共产党员: members, not a party named
            if (_MOVES_TO_A_PROVINCE.match(text, max(0, ent.start_char - 1), ent.start_char + 1)
                    and not any(len(p) > 1 for p in self.matcher._all_places.prefixes(ent.text))):
                continue  # 首支援鄂医疗队: 援鄂 (to Hubei) is one word, the model's name starts inside it
            if label == "PERSON" and not self._person_in_context(text, ent.start_char, ent.end_char):
                continue
            if label in {"ORG", "LOC"} and ent.text.startswith(_AREA_HEADS) and len(ent.text) > 4:
                continue  # 宁波杭州湾 | 新区新能源汽车产业园: the model began a name with the end of a zone's
            if label == "LOC" and self.matcher._inside_lookalike(text, ent.start_char, ent.end_char):
                continue  # 新中国成立, 中国式现代化: a word that holds a place's name and names no place
            if label in {"ORG", "LOC"} and self._ends_inside_a_word(text, ent.start_char, ent.end_char):
                continue  # “长江港航区块链…平台”: the model's 港航区 ends inside 区块链
            if label in self.ner_labels and self._plausible_statistical(ent.text, label) and not _cuts_a_word(
                    text, ent.start_char, ent.end_char):
                start, end = ent.start_char, ent.end_char
                if (label == "PERSON" and end - start == 3 and text[start:start + 2] in self.matcher.surnames
                        and _CJK_CHAR.match(text, end)):
                    end = self.matcher._person_end(text, start, start + 4) or end  # 欧阳明 | 高院士: two given
                    # characters after a two-character surname, where a title or verb follows them
                if label == "PERSON" and end - start == 3 and text[end - 1] == "系":
                    end -= 1  # （张伟系国家管网集团董事长）: 系 (is) follows the name, no character of it
                if text[start] in "“‘" and text.find("”", start, end) < 0 and text.find("’", start, end) < 0:
                    start += 1  # “宪制事务司: the model took the opening quote of a name it did not close
                if label == "ORG" and text.find("《", start + 1, end) > 0 and text.find("》", start, end) < 0:
                    start = text.find("《", start + 1, end) + 1  # 国际权威学术期刊《物理评论快报: the journal
                    if end - start < 2:
                        continue
                closing = text.find("》", start, end) if label == "ORG" and text[start] == "《" else -1
                if closing > start + 2 and text[closing + 1:end] in _JOURNAL_KINDS:
                    start, end = start + 1, closing  # 《科学》杂志: the journal's name (《散文选刊》杂志社 is a body)
                if (label == "ORG" and text[start - 1:start] == "《" and _TITLE_CLOSE.match(text, end)
                        and not text[start:end].endswith(self._media_suffix_tuple)
                        and not text.startswith(self._media_suffix_tuple, end + 1)):
                    continue  # 《中国环境资源审判（2021）》白皮书: a title of a document, no body (《人民日报》 is)
                party_group = _PARTY_GROUP.search(ent.text) if label == "ORG" else None
                place = text[start:end - len(party_group.group())] if party_group else ""
                if place.endswith(("省", "市", "自治区", "区", "县", "州", "旗")) and self.matcher.home_place(place):
                    party_group = None  # 广西壮族自治区党委: a place's Party committee, a body of its own
                if party_group:  # X党组 counts as X (ANNOTATION.md)
                    end -= len(party_group.group())
                    if end - start < 2 or text[start:end] in _PLACE_KINDS:
                        continue  # 部党组 → 部, 自治区党委 → 自治区: the body just named or the article's own
                    # place's, not a name
                if label == "LOC" and text[start:end + 1] in self.matcher._county_places.words and (
                        text[start:end] not in self.matcher._county_places.words):
                    end += 1  # 满洲 | 里: the model left the town's last character out
                if label == "LOC" and text.startswith(_NEIGHBOUR_VERBS, start) and self.matcher._place_name(
                        text[start + 2:end]):
                    start += 2  # 东接深圳，西连中山: the place the line meets, without the verb the model took in
                if label == "ORG" and text.endswith(self._org_relabel_ends, start, end):
                    label = self._org_relabel(text[start:end])  # 北京西站, 富满油田 → LOC; 储能调峰电站 → PROJECT
                role = next((r for r in _CITY_ROLES if text.endswith(r, start, end)), "") if label != "PERSON" else ""
                if role and text[start:end - len(role)] in self.matcher.places:
                    label = "GOAL"  # 巩固上海国际航运中心地位: a city's named role is a goal (ANNOTATION.md)
                if label == "ORG" and (_MODEL_COUNT_BEFORE.search(text[max(0, start - 6):start])
                                       or text.startswith("体系", end)):
                    continue  # 10家湖北实验室, 湖北实验室体系: a number or a system of such bodies, no name
                if label == "ORG" and ent.text.endswith("厂") and text.endswith(_BUILD_VERBS, 0, start):
                    continue  # 合作建设磷酸铁锂电池工厂: a plant being built is a thing, no body yet
                if label == "ORG" and text.endswith(_SITES_BUILT, start, end) and text.startswith("项目", end) and (
                        not text.startswith(_PROJECT_BODY_WORDS, end + 2)):
                    label = "PROJECT"  # 科大讯飞人工智能研发总部 | 项目: a headquarters being built is a work
                if label == "ORG" and text.endswith(_PARK_ENDS, start, end):
                    label = "LOC"  # 长城国家文化公园, 三江源国家公园: a park or reserve is a place, no body
                if label == "ORG" and self._place_area_name(text[start:end]):
                    label = "LOC"  # 雄安新区中关村科技园: a park named after its place is a place, as in the body
                cands.append(Candidate(start, end, label, "ner.statistical", self.ner_confidence,
                                       self.ner_priority))
        if any(c.rule == "org.brand" for c in cands):  # 中兴通讯工会: a brand inside a body the model named is no cut
            model_orgs = [(a, b) for (a, b), label in statistical.items() if label == "ORG"]
            cands = [c for c in cands if c.rule != "org.brand" or not any(
                a <= c.start and c.end <= b and b - a > c.end - c.start for a, b in model_orgs)]
        chosen = _quoted_list_projects(text, select_spans(_without_organisations_namesakes(
            text, cands, self._long_org_head_set)))
        # (before propagation: list members recur too)
        chosen = self._listed_with_organisations(text, chosen)
        chosen = self._partners_before_organisations(text, chosen)
        chosen = self._title_subject_projects(text, chosen)
        if self.propagate:
            chosen = self._propagate(text, chosen)
        chosen = _one_label_per_name(text, chosen)
        chosen = _named_after_description(text, chosen)  # after propagation: the name may be the title's
        chosen = _firsts_said_of_a_subject(text, chosen)
        chosen = _aspired_bodies(text, chosen)
        if "、" in text:
            chosen, tails = self._elliptical_list_items(text, chosen)
            if tails:  # the normaliser names each item in full (白鹤滩 → 白鹤滩水电站)
                doc.user_data[ELLIPTICAL_TAILS] = tails
        chosen = self._extend_places(text, chosen)
        if statistical:
            chosen = self._split_place_qualifiers(text, chosen, statistical)
            chosen = self._trim_to_model_start(text, chosen, statistical)
        set_entity_spans(doc, _entities_from_candidates(doc, chosen))
        return doc

    @cached_property
    def _project_heads(self) -> tuple[str, ...]:
        """The heads of the rule ``project.head``, longest first."""
        heads: list[str] = next((r["heads"] for r in self.matcher.rules if r["id"] == "project.head"), [])
        return tuple(sorted(heads, key=len, reverse=True))

    def _elliptical_list_items(self, text: str, chosen: list[Candidate]) -> tuple[list[Candidate], dict[int, str]]:
        """A list whose last item alone is written in full names each item by what the last one adds
        (白鹤滩、溪洛渡、向家坝水电站: three stations; 奉贤、南汇、金山海上风电场: three wind farms): each earlier
        item is a project of its own, rule ``project.elliptical``, and the returned map gives, by its start, the
        words its full name adds (水电站, 海上风电场). Items are places or names the model read, two to four
        characters, set apart by 、 (和 or 及 before the last), no phase or number; the last item is the name before
        its head, or the place it starts with, and the list ends with it."""
        tails: dict[int, str] = {}
        extra: list[Candidate] = []
        dropped: set[Candidate] = set()
        ends = {o.end: o for o in chosen if o.label in {"LOC", "ORG"}}
        for c in chosen:
            if (c.label != "PROJECT" or c.rule != "project.head" or c.start < 3 or text[c.start - 1] not in "、和及"
                    or text.startswith("、", c.end)):
                continue  # (长江三峡、大亚湾核电站、京九铁路: a list of works named in full goes on past it)
            name = text[c.start:c.end]
            head = next((h for h in self._project_heads if name.endswith(h)), "")
            last = name[:len(name) - len(head)]
            if last.endswith(_SEA_OR_LAND):  # 金山 | 海上风电场: where the works stand is the list's too
                last = last[:-2]
            if len(last) > 4:  # 金山 | 海域风电项目: the place the last item starts with
                places = (*self.matcher._all_places.prefixes(last), *self.matcher._county_places.prefixes(last))
                last = max(places, key=len, default="")
            if not head or not 2 <= len(last) <= 4 or len(name) - len(last) - len(head) > 4:
                continue
            items = _listed_items_before(text, ends, c.start - 1, numbered_ok=False)
            if not items or any(o.start < i.end and i.start < o.end and o not in items and o is not c
                                for i in items for o in chosen):
                continue
            dropped.update(items)
            for item in items:
                extra.append(Candidate(item.start, item.end, "PROJECT", "project.elliptical", c.confidence,
                                       c.priority))
                tails[item.start] = name[len(last):]
        # 乌东德、白鹤滩…葛洲坝6座梯级水电站: a list of places counted as works of one kind, each a work of it
        for counted in _COUNTED_WORKS.finditer(text):
            items = _listed_items_before(text, ends, counted.start(), numbered_ok=True)
            if len(items) < 2 or any(i in dropped for i in items):
                continue
            dropped.update(items)
            for item in items:
                extra.append(Candidate(item.start, item.end, "PROJECT", "project.elliptical", 0.7, 4))
                tails[item.start] = counted.group("head")
        if not extra:
            return chosen, tails
        return sorted([c for c in chosen if c not in dropped] + extra, key=lambda c: c.start), tails

    def _partners_before_organisations(self, text: str, chosen: list[Candidate]) -> list[Candidate]:
        """A short name right before 与/和/同 and an organisation that it works with (长江存储与武汉大学联合开展…,
        签署, 合作) is an organisation too, where no rule or model read a name there but a place at its start
        (长江 | 存储): two to six characters after punctuation or the start of a line, no generic word."""
        if not _PARTNERS.search(text):
            return chosen
        orgs = [c for c in chosen if c.label == "ORG"]
        extra: list[Candidate] = []
        drop: set[Candidate] = set()
        for c in orgs:
            if not text.startswith(_WORKS_WITH, c.end) or c.start < 3 or text[c.start - 1] not in "与和同":
                continue
            end = c.start - 1
            start = end
            while start > 0 and end - start < 6 and "\u4e00" <= text[start - 1] <= "\u9fff":
                start -= 1
            if start > 0 and not _SENT_PUNCT_OR_SPACE.match(text[start - 1]):
                continue  # the words before run on: a clause, not a name standing alone
            name = text[start:end]
            inside = [o for o in chosen if o.start < end and start < o.end]
            if (not 2 <= len(name) <= 6 or any(o.label != "LOC" or o.start != start or o.end >= end for o in inside)
                    or name in self.matcher.generic_org or _made_of(name, self.matcher.generic_org)
                    or name in _NOT_PARTNERS or self.matcher._breaker_ending_at(text, start, end)
                    or any(self.matcher._breaker_ending_at(text, start, k) for k in range(start + 1, end))):
                continue
            drop.update(inside)
            extra.append(Candidate(start, end, "ORG", "org.partner_before_organisation", 0.6, 1))
        if not extra:
            return chosen
        return sorted([c for c in chosen if c not in drop] + extra, key=lambda c: c.start)

    @cached_property
    def _title_event(self) -> re.Pattern[str]:
        verbs = literal_alternation(word_list("title_event_verbs", self.matcher.data_dir))
        name = r"(?P<name>[\u4e00-\u9fff0-9A-Za-z“”·×—-]{4,20}?)"
        # …机场正式投运, …项目集中开工
        adverb = "(?:正式|全面|顺利|成功|首次|即将|已经|已|正在|将|再次|率先|加快|加速|集中|陆续|相继)?"
        return re.compile(rf"[ \t\u3000]*{name}{adverb}(?:{verbs})[ \t\u3000]*(?:\n|$)")

    def _title_subject_projects(self, text: str, chosen: list[Candidate]) -> list[Candidate]:
        """An undertaking its article's title reports on (西部陆海新通道建设提速, 长江十年禁渔取得阶段性成效) is a
        project where the body names it again word for word and no rule or model reads a name of another kind or
        a project there; places inside it go (长江 in 长江十年禁渔). Words that make a clause or a field (在, 的,
        …建设, …发展) name nothing."""
        m = self._title_event.match(text)
        if m is None:
            return chosen
        name = m.group("name")
        if (any(ch in _CLAUSE_CHARS for ch in name) or name.endswith(_FIELD_ENDS) or name.endswith(_PLACE_KIND_ENDS)
                or name.endswith(_MANY_PROJECTS)  # …建设重大项目集中开工: many projects, no one name
                or name in self.matcher.generic_org or text.count(name) < 2):
            return chosen  # (an airport or a port is a place, ANNOTATION.md)
        spans = []
        for found in re.finditer(re.escape(name), text):
            start, end = found.span()
            inside = [c for c in chosen if c.start < end and start < c.end]
            if any(c.label != "LOC" or c.start < start or c.end > end for c in inside):
                continue  # a name of another kind, or one that runs past it, is read there
            spans.append((start, end))
        if len(spans) < 2 or spans[0][0] != m.start("name"):
            return chosen  # named in the title and again in the body, or not at all
        kept = [c for c in chosen if not any(start <= c.start and c.end <= end for start, end in spans)]
        extra = [Candidate(start, end, "PROJECT", "project.title_subject", 0.6, 1) for start, end in spans]
        return sorted(kept + extra, key=lambda c: c.start)

    def _listed_with_organisations(self, text: str, chosen: list[Candidate]) -> list[Candidate]:
        """Names listed with an organisation before 等企业/等单位/等机构 are organisations too: in 联合华为、中兴通讯
        等企业 the model knows 中兴通讯, so 华为 is one. Only a short name of its own (two to eight characters,
        no entity yet, no generic word) is added."""
        if "等" not in text:
            return chosen
        orgs = {(c.start, c.end) for c in chosen if c.label == "ORG"}
        extra: list[Candidate] = []
        dropped: set[Candidate] = set()
        for run in _listed_runs(text):
            items: list[tuple[int, int]] = []
            pos = run.start("items")
            for piece in re.split(r"([、和及与])", run.group("items")):
                if piece and piece not in "、和及与":
                    items.append((pos, pos + len(piece)))
                pos += len(piece)
            # before 等企业/等公司 every item is a company, whatever the model read in it (比亚迪、宁德时代等企业)
            companies = run.group().endswith(("企业", "公司", "集团"))
            if len(items) < 2 or not (companies or any(item in orgs for item in items)):
                continue
            first_start, first_end = items[0]
            edge = self.matcher.left_edge(text, first_end, first_end - first_start, 2, "ORG")
            items[0] = (edge if edge is not None else first_end, first_end)
            for start, end in items:
                name = text[start:end]
                inside = [c for c in chosen if c.start < end and start < c.end]
                if companies and inside and all(c.rule.startswith("ner.statistical") and c.label != "ORG"
                                                and start <= c.start and c.end <= end for c in inside):
                    dropped.update(inside)  # the model's place or person inside a listed company's name
                    inside = []
                if ((start, end) in orgs or not 2 <= end - start <= 8 or name in self.matcher.org_heads
                        or _made_of(name, self.matcher.generic_org) or _NOT_IN_NAMES.search(name)
                        or self._generic_body(name) or name in self.matcher.org_block or inside):
                    continue
                extra.append(Candidate(start, end, "ORG", "org.listed_with_organisations", 0.6, 1))
        if not extra:
            return chosen
        return sorted([c for c in chosen if c not in dropped] + extra, key=lambda c: c.start)

    @cached_property
    def _org_relabels(self) -> dict[str, str]:
        """``model_org_relabels.txt``: the label of a name the model reads as a body, by how the name ends."""
        return word_map("model_org_relabels", self.matcher.data_dir)

    @cached_property
    def _org_relabel_ends(self) -> tuple[str, ...]:
        return tuple(sorted(self._org_relabels, key=len, reverse=True))

    def _org_relabel(self, name: str) -> str:
        """The label of a body's name the model found that ``model_org_relabels.txt`` types otherwise.

        >>> rules = EntityRules(DATA_DIR, propagate=True, ner_priority=0, ner_confidence=0.5, ner_labels=["ORG"])
        >>> [rules._org_relabel(n) for n in ("北京西站", "富满油田", "大连液流电池储能调峰电站", "国家电网公司")]
        ['LOC', 'LOC', 'PROJECT', 'ORG']
        """
        return next((self._org_relabels[e] for e in self._org_relabel_ends if name.endswith(e)), "ORG")

    @cached_property
    def _long_org_head_set(self) -> frozenset[str]:
        return frozenset(h for h in self.matcher.org_heads if len(h) >= 3)

    @cached_property
    def _area_end(self) -> re.Pattern[str]:
        return re.compile(f"(?:{literal_alternation(word_list('place_areas', self.matcher.data_dir))})$")

    def _place_area_name(self, name: str) -> bool:
        """Is ``name`` a known place followed by an area named after it (雄安新区中关村科技园, 苏州工业园区)?"""
        return bool(self._area_end.search(name)) and self.matcher._long_places.starts(name)

    @cached_property
    def _area_after(self) -> re.Pattern[str]:
        modifiers = literal_alternation(word_list("place_area_modifiers", self.matcher.data_dir))
        areas = literal_alternation(word_list("place_areas", self.matcher.data_dir))
        return re.compile(f"(?:{modifiers})?(?:{areas})")

    def _extend_places(self, text: str, chosen: list[Candidate]) -> list[Candidate]:
        """A place right before an area named after it is the area: 洋山 + 深水港区, 小洋山北 + 作业区 (where no
        entity but a place lies inside the area's words)."""
        out: list[Candidate] = []
        k = 0
        while k < len(chosen):
            c = chosen[k]
            k += 1
            m = self._area_after.match(text, c.end) if c.label == "LOC" else None
            if m:
                # the model may read the area's words as a place of their own (深水港区): the area takes it in
                inner = k
                while inner < len(chosen) and chosen[inner].label == "LOC" and chosen[inner].end <= m.end():
                    inner += 1
                if inner == len(chosen) or chosen[inner].start >= m.end():
                    c = Candidate(c.start, m.end(), "LOC", c.rule + "+area", c.confidence, c.priority)
                    k = inner
            out.append(c)
        return self._join_adjacent_places(text, out)

    def _join_adjacent_places(self, text: str, chosen: list[Candidate]) -> list[Candidate]:
        """A known place right before a county, a city or an area is one place with it, as the lexicon's adjacent
        names are (山东 + 荣成, 武汉 + 东湖新技术开发区; 江苏泰州, 山西省忻州市 in ANNOTATION.md), and so is an airport
        (北京 + 大兴国际机场); a landmark after a place stays apart (北京 + 故宫)."""
        out: list[Candidate] = []
        counties = self.matcher._county_places
        swallowed = -1  # a model's place inside the county a place before it joins (湖北 + 丹江|口)
        for k, c in enumerate(chosen):
            if k == swallowed:
                continue
            if c.label == "LOC" and self.matcher.home_place(text[c.start:c.end]):
                # 新疆 + 库车 + 开工: a county no rule or model read, right after its province and before a boundary
                county = next((w for w in reversed(counties.prefixes(text[c.end:c.end + 6]))
                               if w not in _COMMON_WORD_COUNTIES and _COUNTY_BOUNDARY.match(text, c.end + len(w))),
                              None)
                # the spans are sorted and apart: only the next one can stand where the county does
                after = chosen[k + 1] if k + 1 < len(chosen) else None
                inside = (county is not None and after is not None and after.label == "LOC"
                          and after.start == c.end and after.end < c.end + len(county))
                if county is not None and (after is None or after.start >= c.end + len(county) or inside):
                    c = Candidate(c.start, c.end + len(county), "LOC", c.rule + "+county", c.confidence, c.priority)
                    swallowed = k + 1 if inside else -1
            last = out[-1] if out else None
            if (last is not None and c.label == "LOC" and last.label == "LOC" and last.end == c.start
                    and not text.endswith(self.matcher.macro_region_ends, last.start, last.end)
                    and (self.matcher.home_place(text[last.start:last.end])
                         or self._administrative_chain(text[last.start:last.end]))
                    and (self.matcher.administrative_place(text[c.start:c.end])
                         or text.endswith("机场", c.start, c.end)  # 北京 + 大兴国际机场
                         or self._area_end.search(text[c.start:c.end]))):  # 福州市 + 滨海新城
                out[-1] = Candidate(last.start, c.end, "LOC", last.rule + "+place", last.confidence, last.priority)
                continue
            if (last is not None and c.label == "LOC" and last.label == "LOC" and last.end + 1 == c.start
                    and text[last.end] in "-－" and text.endswith(("省", "州", "邦", "区"), c.start, c.end)):
                # 开伯尔-普什图省, 巴登-符腾堡州: a foreign region's double name, one place
                out[-1] = Candidate(last.start, c.end, "LOC", last.rule + "+place", last.confidence, last.priority)
                continue
            out.append(c)
        return out

    def _administrative_chain(self, name: str) -> bool:
        """Is ``name`` a known place and the areas under it down to an administrative one (广东省阳江市阳西县,
        新疆阿克苏地区), which a smaller area right after it continues (… + 沙扒镇, … + 库车市)?"""
        return ((self.matcher.administrative_place(name) or name.endswith("地区")) and name[-1] not in "镇乡"
                and any(len(p) >= 2 for p in self.matcher._all_places.prefixes(name)))

    def _trim_to_model_start(self, text: str, chosen: list[Candidate],
                             statistical: dict[tuple[int, int], str]) -> list[Candidate]:
        """A rule organisation whose left edge ran over words the model leaves out (非常欢迎中国人民银行, 汇映期间
        重庆晨报: verbs no lexicon lists) starts where the model's organisation with the same end starts, when
        those words hold no place, no organisation head and no name mark (·, brackets, a leading 国家/中国), and a
        department (…司)
        loses no ministry: 晋能保德煤电有限公司 keeps a short brand, 生态环境部应对气候变化司 its ministry."""
        model_start: dict[int, int] = {}
        for (start, end), label in statistical.items():
            if label == "ORG":
                model_start[end] = max(start, model_start.get(end, start))
        out: list[Candidate] = []
        m = self.matcher
        for c in chosen:
            start = model_start.get(c.end, c.start)
            if c.label == "ORG" and c.rule.startswith("org.head") and start - c.start >= 3:
                extra = text[c.start:start]
                name = text[c.start:c.end]
                parent_heads = "" if name.endswith(COMPANY_HEADS) else next(
                    (chars for head, chars in m.heads_needing_a_parent.items() if name.endswith(head)), "")
                if not (any(ch in extra for ch in "·（）()“”") or m._org_block_words.ends(extra)
                        or extra.endswith(m._org_head_tuple) or extra.endswith(("附属", "所属", "下属", "直属"))
                        or (parent_heads and any(ch in extra for ch in parent_heads))
                        or extra.startswith(("国家", "中国", "中华", "全国"))  # 国家超级计算无锡中心
                        or name in m.known_org_names  # 住房和 | 城乡建设部: a known body's name is whole
                        or bool(m._known_org_words.prefixes(name))  # and so are its units' (…部办公厅)
                        or m.holds_a_place(extra)):
                    c = Candidate(start, c.end, c.label, c.rule + "+model_start", c.confidence, c.priority)
            out.append(c)
        return out

    def _split_place_qualifiers(self, text: str, chosen: list[Candidate],
                                statistical: dict[tuple[int, int], str]) -> list[Candidate]:
        """``<place><name>`` read as one organisation is the place plus the organisation ``<name>`` when the
        statistical NER reads ``<place>`` as a place of its own (and not the whole as one organisation) and the
        same document also names the organisation without the place: 山西王家岭煤矿 … 王家岭煤矿 → LOC 山西 +
        ORG 王家岭煤矿. Where the model reads the whole as one name (湖南华菱钢铁集团 … 华菱钢铁集团) it stays one:
        the place is then part of the official name, which the rules alone cannot tell.
        """
        orgs_at: dict[str, set[int]] = {}
        for c in chosen:
            if c.label == "ORG":
                orgs_at.setdefault(text[c.start:c.end], set()).add(c.start)
        place_end = {start: end for (start, end), label in statistical.items() if label == "LOC"}
        out: list[Candidate] = []
        world = self.matcher.countries
        for c in chosen:
            name = text[c.start:c.end]
            country = next((w for w in world.prefixes(name) if len(name) - len(w) >= 4
                            and not _made_of(name[len(w):-2], self._academic_fields)), None) if (
                c.label == "ORG" and name.endswith(("大学", "学院"))) else None
            if country is not None:  # 英国 + 牛津大学: a foreign university's name holds no country (but a
                # school named after fields keeps it: 以色列工程技术学院)
                split = c.start + len(country)
                out.append(Candidate(c.start, split, "LOC", "loc.place_qualifier", self.ner_confidence, c.priority))
                out.append(Candidate(split, c.end, "ORG", c.rule + "+place_qualifier_split", c.confidence,
                                     c.priority))
                continue
            if c.label == "ORG":  # 美国福特汽车公司 … 福特汽车公司: a foreign body the article also names alone
                country = next((w for w in world.prefixes(name) if w != "中国" and len(name) - len(w) >= 4
                                and orgs_at.get(name[len(w):], set()) - {c.start + len(w)}), None)
            if country is not None:
                split = c.start + len(country)
                out.append(Candidate(c.start, split, "LOC", "loc.place_qualifier", self.ner_confidence, c.priority))
                out.append(Candidate(split, c.end, "ORG", c.rule + "+place_qualifier_split", c.confidence,
                                     c.priority))
                continue
            end = place_end.get(c.start)
            if (c.label == "ORG" and end is not None and end < c.end and statistical.get((c.start, c.end)) != "ORG"
                    and text[c.start:end].strip() not in _GENERIC_PLACES):
                name = text[end:c.end]
                if len(name) >= 4 and name not in self.matcher.generic_org and orgs_at.get(name, set()) - {end}:
                    out.append(Candidate(c.start, end, "LOC", "loc.place_qualifier", self.ner_confidence, c.priority))
                    out.append(Candidate(end, c.end, "ORG", c.rule + "+place_qualifier_split", c.confidence,
                                         c.priority))
                    continue
            out.append(c)
        return out

    @cached_property
    def _academic_fields(self) -> frozenset[str]:
        return word_list("academic_fields", self.matcher.data_dir)

    def _generic_body(self, name: str) -> bool:
        m = self.matcher
        # a set lookup per head length (six), not an endswith per head (seventy)
        return any(name[-k:] in m.org_heads and m.is_generic_body(name[:-k], name[-k:])
                   for k in m._org_head_lengths if k < len(name))

    @cached_property
    def _verb_breakers(self) -> list[str]:
        """Two-character breakers that never sit inside a name (通过, 发布, 签署 …)."""
        return [w for w in self.matcher.breakers if len(w) >= 2 and not any(
            w in exc for exc in self.matcher.breaker_exceptions) and w not in {"中国", "国内", "国外"}]

    @cached_property
    def _verb_breaker_re(self) -> re.Pattern[str]:
        """Any of :attr:`_verb_breakers`, found by one regex search instead of a substring test per word."""
        return re.compile(literal_alternation(self._verb_breakers))

    @cached_property
    def _excepted_breaker_re(self) -> re.Pattern[str]:
        """Two-character breakers that some listed word holds (建设: 生产建设兵团, 建设银行)."""
        words = [w for w in self.matcher.breakers if len(w) >= 2 and w not in self._verb_breakers
                 and w not in {"中国", "国内", "国外"}]
        return re.compile(literal_alternation(words))

    def _loose_verb(self, name: str) -> bool:
        """Does ``name`` hold such a breaker outside the words that may hold it (…建设研发中心, but not
        新疆生产建设兵团)?"""
        return any(not self.matcher._inside_exception(name, m.start(), len(m.group()))
                   for m in self._excepted_breaker_re.finditer(name))

    def _quoted_phrase(self, text: str, start: int, end: int) -> bool:
        """A model ORG in quotes, or with quotes inside, that does not end like a body (…公司, …局, but not …开局)
        and is no known short name: a slogan or figure of speech (打造“科技王牌军”, 为“十四五”开好局), not an
        organisation."""
        name = text[start:end]
        quoted = (start > 0 and text[start - 1] in "“‘「『\"" and end < len(text) and text[end] in "”’」』\"")
        if not quoted and not any(q in name for q in "“”‘’「」『』"):
            return False
        m = self.matcher
        ends_like_a_body = (name.endswith(m._org_head_tuple) or name.endswith("组织")) and not m._org_block_words.ends(
            name, 1)  # 开好局
        return not (ends_like_a_body or name in m.abbr)

    def _plausible_statistical(self, name: str, label: str) -> bool:
        """Drop what the news-trained model says that the annotation rules exclude: generic words, party
        congresses and plenums (十九大, 四中), Latin-only 'persons' (PM2.5), over-long person names."""
        stripped = name.strip()
        m = self.matcher
        if len(stripped) < 2 or stripped in m.generic_org or stripped in m.org_heads or _CONGRESS.fullmatch(stripped):
            return False
        if (stripped.count("（") + stripped.count("(") != stripped.count("）") + stripped.count(")")
                or (stripped.endswith("》") and "《" not in stripped)):
            return False  # 深圳理工大学（筹）校长, 《2020中国生态环境状况公报》: half a bracket, no name
        if label == "ORG" and (stripped.startswith(("驻", "各", "该", "本", "级")) or "某" in stripped):
            return False  # 驻部纪检组, 各有关单位, 某化工公司: stationed, generic or unnamed units, not names
        if label in {"ORG", "LOC"} and stripped in _PLACE_KINDS:
            return False  # 自治区党委书记: the kind of the article's place, no name
        verbs_in = stripped[:-2] if label == "ORG" and stripped.endswith("组织") else stripped  # 世界贸易组织: a noun
        if label in {"ORG", "LOC"} and (self._verb_breaker_re.search(verbs_in) or self._loose_verb(verbs_in)):
            return False  # …调整方案通过部, 东莞松山湖建设研发中心: a verb inside is a clause, not a name
        if (_NOT_IN_NAMES.search(stripped) and label != "ORG") or "〔" in stripped:
            return False  # 沪府办〔2016〕100号 is a document number, not a place
        if label == "ORG" and (_CATEGORY_BODY.match(stripped) or stripped.endswith(_THING_HEADS)
                               or self._generic_body(stripped)):
            return False  # 国家级企业技术中心, …装卸系统, 技术交易所: kinds and things, not names
        if label == "ORG" and stripped in self.matcher.org_block:
            return False
        team = next((t for t in _TEAM_WORDS if stripped.endswith(t)), None)
        if label == "ORG" and team is not None and stripped[:-len(team)] in m.generic_org:
            return False  # 研究团队, 项目团队: a team named by its work, no organisation
        if label == "ORG" and stripped.endswith(("集群", "体系")):
            return False  # 中卫市数据中心集群: a cluster or system of things, no body
        if label == "ORG" and self.matcher._country_and_kinds(stripped):
            return False  # 巴基斯坦水电站: a country's work of a kind, no body
        if label in {"ORG", "LOC"} and stripped.endswith(_MEASURE_ENDS):
            return False  # 宁波舟山港货物吞吐量: a measure of a thing, no name
        if label == "PERSON":  # a foreign name's context is checked by the caller (_person_in_context)
            return self._chinese_name(stripped) or self._foreign_name(stripped)
        if label == "ORG":  # events are no organisations; optionally, an organisation's name ends with its kind
            return not _EVENT.search(stripped) and (
                not self.ner_org_needs_head or stripped.endswith(m._org_head_tuple) or stripped in m.abbr)
        # 中国航海日主会场: the venue of an event, no place
        return stripped not in _GENERIC_PLACES and not stripped.endswith(("会场", "主会场", "分会场"))

    @cached_property
    def _media_suffix_tuple(self) -> tuple[str, ...]:
        return tuple(sorted(self.matcher._media_heads))

    @cached_property
    def _transliteration_chars(self) -> frozenset[str]:
        return frozenset("".join(word_list("transliteration_chars", self.matcher.data_dir)))

    @cached_property
    def _foreign_person_before(self) -> tuple[str, ...]:
        return tuple(word_list("foreign_person_before", self.matcher.data_dir))

    @cached_property
    def _foreign_person_after(self) -> re.Pattern[str]:
        words = literal_alternation(word_list("foreign_person_after", self.matcher.data_dir))
        return re.compile(rf"\s*(?:{words}|在[^，。]{{0,12}}(?:说|表示))")

    def _person_in_context(self, text: str, start: int, end: int) -> bool:
        """A foreign-looking name (no Chinese surname) is a person where a title stands before it or a title or
        verb of speaking after it (美国总统克林顿, 基辛格说), or it is written with ·; 特斯拉、复宏汉霖等项目 is no
        person. Chinese names need no context, but a name in quotes without a title before it is a brand."""
        name = text[start:end].strip()
        m = self.matcher
        if _DRUG_FORM_AFTER.match(text, end):
            return False  # 阿兹夫 | 定片: a drug's name, no person
        if (text[start - 1:start] == "“" and text[end:end + 1] == "”"
                and not text[max(0, start - 9):start - 1].endswith(m.title_tuple)):
            return False  # 汽车品牌“阿维塔”: a name in quotes with no title before it is a brand or product
        if "·" in name or self._chinese_name(name):
            return True
        if not self._foreign_name(name):
            return True  # not this rule's business: _plausible_statistical decides
        before = text[max(0, start - 8):start]
        return (before.endswith(m.title_tuple) or before.endswith(self._foreign_person_before)
                or bool(self._foreign_person_after.match(text, end)))

    def _chinese_name(self, name: str) -> bool:
        """Two to four characters after a known surname."""
        return 2 <= len(name) <= 4 and (name[:1] in self.matcher.surnames or name[:2] in self.matcher.surnames)

    def _foreign_name(self, name: str) -> bool:
        """克林顿, 理查德·赖尔登: two to five transliteration characters, or such parts joined by ·."""
        return all(2 <= len(part) <= 5 and set(part) <= self._transliteration_chars for part in name.split("·"))


    @cached_property
    def _words_across_name_ends(self) -> frozenset[str]:
        return word_list("words_across_name_ends", self.matcher.data_dir)

    @cached_property
    def _cut_word_inner_chars(self) -> frozenset[str]:
        """The characters that follow the first one in a word of words_across_name_ends."""
        return frozenset(ch for word in self._words_across_name_ends for ch in word[1:])

    def _ends_inside_a_word(self, text: str, start: int, end: int) -> bool:
        """Does ``text[start:end]`` end inside one of the words a name must not cut (lexicon
        words_across_name_ends: 港航区 before 块链 cuts 区块链)?"""
        if end >= len(text) or text[end] not in self._cut_word_inner_chars:
            return False  # what follows the name continues no such word: the common case, one set lookup
        return any(text.startswith(word, end - k) for word in self._words_across_name_ends
                   for k in range(1, min(len(word), end - start + 1)))

    def _propagate(self, text: str, chosen: list[Candidate]) -> list[Candidate]:
        """Names found once (by rule or model) are entities wherever else they occur in the document."""
        names: dict[str, Candidate] = {}
        for c in chosen:
            name = text[c.start:c.end]
            if len(name) >= 2 and c.confidence >= 0.6 and c.rule != "loc.gazetteer":
                names.setdefault(name, c)
                if c.label == "PROJECT" and (generation := GENERATION_NAME.match(name)):
                    # 北斗三号全球卫星导航系统 … 北斗系统: the system by its own name and its kind
                    names.setdefault(generation.group("name") + generation.group("kind"), c)
                if c.label == "POLICY":  # 《浙江省数字经济促进条例》, in a headline 数字经济促进条例
                    for variant in (name, YEARS_IN_BRACKETS.sub("", name)):  # …规划（2022—2035年）
                        place = max(self.matcher._all_places.prefixes(variant), key=len, default="")
                        if variant != name and len(variant) >= 5:
                            names.setdefault(variant, c)
                        if place and len(variant) - len(place) >= 5 and not variant.startswith(("中国", "中华")):
                            names.setdefault(variant[len(place):], c)
        if not names:
            return chosen
        extra: list[Candidate] = []
        # the model's shorter names inside a propagated one give way to it (长城 | 国家文化公园 → 长城国家文化公园)
        model_priority = {(c.start, c.end): c.priority for c in chosen if c.rule == "ner.statistical"}
        model_starts = sorted(model_priority)
        for start, end in leftmost_longest(text, names):
            src = names[text[start:end]]
            if (end < len(text) and not text.startswith(_RELEASED, end)
                    and self.matcher.head_begins_word(text[start:end], text[end])):
                continue  # 湿地保护法律制度: the name's head begins another word here (法律), no mention of it
                # (…中长期规划发布: a release, not 规划发展)
            if src.label == "LOC" and self.matcher._inside_lookalike(text, start, end):
                continue  # 以上海洋经济为例: the place named elsewhere is no place inside such a word
            priority = src.priority - 1
            k = bisect_left(model_starts, (start, start))
            while k < len(model_starts) and model_starts[k][0] < end:
                if model_starts[k][1] <= end and model_starts[k] != (start, end):
                    priority = max(priority, model_priority[model_starts[k]])
                k += 1
            extra.append(Candidate(start, end, src.label, src.rule + "+propagated",
                                   round(src.confidence * 0.95, 3), priority))
        return select_spans(chosen + extra)
