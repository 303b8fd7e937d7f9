"""Normalisation: canonical names, aliases defined in the text, and goal attributes.

The ``kg_normaliser`` component sets ``span._.canonical`` on every entity: wrapping brackets and all quotes
and whitespace go, the abbreviation table (``kg/data/abbreviations.tsv``) and the place table map short names
to full official ones, and abbreviations the text itself defines (``（以下简称“中心”）``) map to the entity
they follow. Those defined short names are also marked as entities where they recur.

>>> canonical_name("《上海市环境保护条例》", "POLICY")
'上海市环境保护条例'
>>> canonical_name("中科院", "ORG"), canonical_name("“十四五”规划", "POLICY"), canonical_name("山西", "LOC")
('中国科学院', '十四五规划', '山西省')
>>> goal_attributes("2030年前碳达峰"), goal_attributes("18亿亩耕地红线")
({'target_year': 2030}, {'quantity': '18亿亩'})
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import cache, cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.entities import (
    COMPANY_FORM,
    DEFINED_ALIAS,
    ELLIPTICAL_TAILS,
    GENERATION_NAME,
    YEARS_IN_BRACKETS,
    Candidate,
    doc_text,
    entity_rule_matcher,
    entity_spans,
    leftmost_longest,
    select_spans,
    set_entity_spans,
    without_company_forms,
)
from kg.lexicon import DATA_DIR, abbreviations, char_table, word_list, word_map

if not Doc.has_extension("aliases"):
    Doc.set_extension("aliases", default=None)  # alias -> canonical, defined by the text itself

_PAIRS = {"《": "》", "〈": "〉", "「": "」", "『": "』", "“": "”", "‘": "’", "(": ")", "（": "）", '"': '"', "'": "'"}


def _strip_wrappers(name: str) -> str:
    """Drop brackets and quotes that wrap the whole name (《…》, “…”), never a closing bracket of its own
    (白皮书（2020）keeps its year)."""
    while len(name) >= 2 and name[0] in _PAIRS and name[-1] == _PAIRS[name[0]]:
        name = name[1:-1].strip()
    return name
_QUOTES_SPACE = re.compile(r"[“”‘’\"'「」『』〈〉\s]")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_QUANTITY = re.compile(r"\d+(?:\.\d+)?(?:万|亿|千)?(?:亩|吨|千瓦|万千瓦|公顷|平方公里|公里|立方米|元|人|户|个|家|%)")


_NICKNAMED = re.compile(r"(?:被誉为|被称为|被称作|人称)“(?P<alias>[^“”，。不没]{2,10})”的")


def canonical_name(text: str, label: str, data_dir: Path = DATA_DIR) -> str:
    """The canonical form of one mention (see the module doc)."""
    name = _strip_wrappers(text.strip())
    name = _QUOTES_SPACE.sub("", name)
    if label == "POLICY":
        name = re.sub(r"(?:[（(](?:修订草案|草案|征求意见稿|送审稿)[）)]|修订草案|修正案|草案)$", "", name)
    if label == "ORG":  # 深圳市第七届人民代表大会常务委员会: the congress whatever its term
        name = _CONGRESS_TERM.sub("", name)
    if label == "GOAL":  # 2030年前实现碳达峰 → 2030年前碳达峰
        name = re.sub(r"(年(?:前|底前|以前)?)(?:实现|达到)", r"\1", name)
    abbr = abbreviations(data_dir).get(name)
    if abbr is not None and (abbr.label == label or label in {"ORG", "LOC"}):
        return abbr.canonical  # (a table's full name is written in full already: no parent to expand)
    if label == "ORG" and (full := _with_full_parent(name, data_dir)) != name:
        return full  # 科技部新一代人工智能发展研究中心 → 科学技术部新一代人工智能发展研究中心
    if label == "ORG" and (committee := _PARTY_COMMITTEE.fullmatch(name)) and _is_home_place(
            committee.group("place"), data_dir):
        # 安徽省委 → 中国共产党安徽省委员会; 中共北京市委办公厅 → 中国共产党北京市委员会办公厅
        return f"中国共产党{committee.group('place')}委员会{committee.group('unit') or ''}"
    if label == "ORG" and COMPANY_SUFFIX.search(name):  # 国家电网公司 → 国家电网有限公司
        # 中国商飞公司: a company's short name and 公司 (中国建筑股份有限公司 is a company of its own)
        short = abbreviations(data_dir).get(name[:-2]) if not name.endswith("有限公司") else None
        if short is not None and short.label == "ORG" and COMPANY_SUFFIX.search(short.canonical):
            return short.canonical
        return _company_variants(data_dir).get(company_variant_key(name), name)
    if label == "ORG" and name.endswith("集团"):  # 中国华能集团 → 中国华能集团有限公司
        return _company_variants(data_dir).get(name + "公司", name)
    if label == "LOC":
        place = word_map("places", data_dir).get(name, name)
        # 合肥 → 合肥市: a city named without 市 by its full official name, as a province is (山西 → 山西省)
        return place + "市" if place == name and place + "市" in word_list("county_places", data_dir) else place
    return name


def _with_full_parent(name: str, data_dir: Path) -> str:
    """``name`` with a public body's short name at its start written in full, where the rest names a unit of it
    (全国人大环境与资源保护委员会, 国家发展改革委高技术司, 中共中央政治局); a company's short name stays, since its
    subsidiaries are companies of their own names (中国石化销售股份有限公司).

    >>> _with_full_parent("科技部火炬中心", DATA_DIR), _with_full_parent("中共中央政治局", DATA_DIR)
    ('科学技术部火炬中心', '中国共产党中央委员会政治局')
    >>> _with_full_parent("中国石化销售股份有限公司", DATA_DIR), _with_full_parent("中科院上海微系统所", DATA_DIR)
    ('中国石化销售股份有限公司', '中科院上海微系统所')
    """
    table = abbreviations(data_dir)
    if name in _full_names(data_dir):
        return name  # 清华大学 is 清华's full name, not 清华 and 大学
    for k in range(min(len(name) - 2, 12), 1, -1):
        parent = table.get(name[:k])
        rest = name[k:]
        if (parent is not None and parent.label == "ORG" and parent.canonical != name[:k]
                and not name.startswith(parent.canonical)  # 复旦大学附属中山医院: the parent is written in full
                and not COMPANY_SUFFIX.search(parent.canonical) and not parent.canonical.endswith("集团")
                and rest.endswith(_unit_heads(data_dir)) and not COMPANY_SUFFIX.search(rest)
                and not rest.endswith("集团")  # 北大方正集团: a company of its own name
                and rest[0] not in "和与及、"
                # 中科院上海微系统所: a unit's own short name after the parent's stays as written (ANNOTATION.md)
                and not (rest.endswith("所") and not rest.endswith("研究所"))):
            return parent.canonical + rest
    return name


@cache
def _full_names(data_dir: Path) -> frozenset[str]:
    return frozenset(a.canonical for a in abbreviations(data_dir).values())


@cache
def _unit_heads(data_dir: Path) -> tuple[str, ...]:
    """What ends the name of a unit of a public body: the organisation heads and 司, 局, 处, 室, 所."""
    return tuple(sorted(word_list("org_suffixes", data_dir) | {"司", "局", "处", "室", "所", "政治局"}, key=len,
                        reverse=True))


_NUMBERED_LINE = re.compile(r"(?P<system>[\u4e00-\u9fff]{2,4}(?:地铁|轨道交通|城轨))?(?P<line>\d{1,2}号线.*)")


def _qualify_numbered_lines(labels: list[str], canonicals: list[str]) -> None:
    """A metro line named by its number alone (14号线) after one named with its city's system (深圳地铁12号线) is that
    system's line (深圳地铁14号线), where the article names one system only. ``canonicals`` is changed in place.

    >>> names = ["深圳地铁12号线", "14号线"]
    >>> _qualify_numbered_lines(["PROJECT", "PROJECT"], names); names
    ['深圳地铁12号线', '深圳地铁14号线']
    """
    systems = {m.group("system") for label, name in zip(labels, canonicals, strict=True)
               if label == "PROJECT" and (m := _NUMBERED_LINE.fullmatch(name)) and m.group("system")}
    if len(systems) != 1:
        return
    system = systems.pop()
    for i, (label, name) in enumerate(zip(labels, canonicals, strict=True)):
        if label == "PROJECT" and (m := _NUMBERED_LINE.fullmatch(name)) and not m.group("system"):
            canonicals[i] = system + name


# 安徽省委, 中共上海市松江区委: the Party committee of a province, city, district or county, by its short name
_PARTY_COMMITTEE = re.compile(r"(?:中共|中国共产党)?(?P<place>[\u4e00-\u9fff]{2,12}?(?:省|市|自治区|区|县|州|旗))党?委"
                              r"(?P<unit>办公厅|办公室|组织部|宣传部|统战部|政法委员会|研究室|党校)?")


def _is_home_place(name: str, data_dir: Path) -> bool:
    """Is ``name`` one of China's provinces, cities or counties, or such places in a row (上海市松江区)?"""
    places, counties = word_map("places", data_dir), word_list("county_places", data_dir)
    rest = name
    while rest:
        known = next((rest[:k] for k in range(len(rest), 1, -1) if rest[:k] in places or rest[:k] in counties), "")
        if not known:
            return False
        rest = rest[len(known):]
    return True


# 深圳市第七届人民代表大会常务委员会: a congress's term, which its canonical name leaves out
_CONGRESS_TERM = re.compile(r"第?[一二三四五六七八九十]{1,3}届"
                            r"(?=(?:全国)?人民代表大会|全国人大|全国政协|中国人民政治协商会议)")
_MODEL_MARK = re.compile(r"示范|样板|标杆")
COMPANY_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|公司)$")


def company_variant_key(name: str) -> str:
    """The name with its company form (…股份有限公司, …有限公司) reduced to …公司: variants share the key.

    >>> company_variant_key("晋能保德煤电有限公司") == company_variant_key("晋能保德煤电公司")
    True
    """
    return COMPANY_SUFFIX.sub("公司", name)


@cache
def _company_variants(data_dir: Path) -> dict[str, str]:
    """Full company names of the abbreviation table under their suffix-free key (…公司)."""
    return {company_variant_key(a.canonical): a.canonical for a in abbreviations(data_dir).values()
            if a.label == "ORG" and COMPANY_SUFFIX.search(a.canonical)}


def goal_attributes(name: str) -> dict[str, Any]:
    """``target_year`` and ``quantity`` of a goal name, where it states them."""
    out: dict[str, Any] = {}
    year = _YEAR.search(name)
    if year:
        out["target_year"] = int(year.group(1))
    qty = _QUANTITY.search(name)
    if qty and not (year and qty.group().startswith(year.group(1))):
        out["quantity"] = qty.group()
    return out


@Language.factory("kg_normaliser", default_config={"data_dir": None, "defined_aliases": True})
def make_normaliser(nlp: Language, name: str, data_dir: str | None, defined_aliases: bool) -> Normaliser:
    return Normaliser(Path(data_dir) if data_dir else DATA_DIR, defined_aliases)


class Normaliser:
    def __init__(self, data_dir: Path, defined_aliases: bool) -> None:
        self.data_dir = data_dir
        self.defined_aliases = defined_aliases

    @cached_property
    def _brand_followers(self) -> tuple[str, ...]:
        """What may follow a company's brand besides punctuation: a title (宁德时代董事长), 旗下, 下属, 所属, or what a
        company does in a headline or a clause of its own (百度发布…, 华为推出…, 宁德时代提供技术授权)."""
        headline = {"旗下", "下属", "所属", "发布", "推出", "宣布", "启动", "携手", "联合", "创始人", "日前", "近日",
                    "正式", "提供", "投资", "表示", "计划", "负责", "承建", "牵头", "研发", "研制", "建设", "参与",
                    "获得", "共建", "共同", "联手", "打造", "成为", "拥有", "签署", "合作", "获", "荣获", "入选",
                    "亮相", "完成", "中标"}
        return tuple(sorted(word_list("titles", self.data_dir) | headline, key=len, reverse=True))

    @cached_property
    def _place_area_parts(self) -> tuple[str, ...]:
        return tuple(sorted(word_list("place_area_parts", self.data_dir), key=len, reverse=True))

    def __call__(self, doc: Doc) -> Doc:
        aliases: dict[str, tuple[str, str]] = {}
        defined: dict[str, tuple[str, str]] = {}  # the aliases the text defines (（以下简称…）), not brands
        ents = entity_spans(doc)
        if self.defined_aliases:
            aliases = defined = self._defined_aliases(doc, ents)
            if aliases:
                ents = self._mark_alias_mentions(doc, aliases, ents)
            references = self._kind_references(doc, ents, aliases)
            if references:
                aliases = {**references, **aliases}
                ents = self._mark_alias_mentions(doc, references, ents, "alias.kind_reference")
            brands = self._company_brands(doc, ents, aliases)
            if brands:
                aliases = {**brands, **aliases}
                ents = self._mark_alias_mentions(doc, brands, ents, "alias.company_brand", _BRAND_BOUNDARY,
                                                 self._brand_followers)
            aliases = {**self._units_by_own_name(doc, ents, aliases), **aliases}
        text = doc_text(doc)
        # Labels and canonical names in plain lists, each span's extension written once at the end: a Span's
        # .text, .label_ and ._ make new Python objects on every read.
        labels = [ent.label_ for ent in ents]
        canonicals: list[str] = []
        parts = self._place_area_parts
        tails: dict[int, str] = doc.user_data.get(ELLIPTICAL_TAILS, {})
        for ent, label in zip(ents, labels, strict=True):
            name = text[ent.start_char:ent.end_char]
            if tails and ent.start_char in tails and ent._.rule == "project.elliptical":
                name += tails[ent.start_char]  # 白鹤滩、…葛洲坝水电站: the item named in full (白鹤滩水电站)
            if label == "LOC" and "+area" in (ent._.rule or "") and name.endswith(parts):
                # 长江航道: a stretch of the river, the river's own entity
                name = name[:-next(len(p) for p in parts if name.endswith(p))]
            if (name not in aliases and text[ent.start_char - 1:ent.start_char] == "《"
                    and text.startswith("》", ent.end_char)):
                name = f"《{name}》"  # 《规划》, the alias the text defined, by its name in the brackets
            if name not in aliases and label == "ORG" and defined:
                name = self._with_defined_parent(name, defined)  # 大连化物所储能技术研究部: the institute in full
            canonicals.append(aliases[name][0] if name in aliases and aliases[name][1] == label
                              else canonical_name(name, label, self.data_dir))  # an alias names its own label only
        self._prefer_the_articles_company([text[e.start_char:e.end_char] for e in ents], labels, canonicals)
        self._qualify_local_bodies(labels, canonicals, self.data_dir)
        self._qualify_units_after_anaphors(text, [ent.start_char for ent in ents], labels, canonicals)
        _qualify_numbered_lines(labels, canonicals)
        self._merge_acronym_names(labels, canonicals)
        self._merge_shortened_names(labels, canonicals)
        self._merge_reordered_names(labels, canonicals)
        self._merge_zones_without_their_province(labels, canonicals, self.data_dir)
        self._merge_places_without_their_kind(labels, canonicals)
        self._merge_model_remention(labels, canonicals)
        self._merge_described_projects(text, ents, labels, canonicals)
        for ent, canonical in zip(ents, canonicals, strict=True):
            underscore = ent._
            underscore.canonical = canonical
            if underscore.rule is None:
                underscore.rule = "ner.statistical"
                underscore.confidence = 0.8
        doc._.aliases = {alias: canonical for alias, (canonical, _) in aliases.items()}
        return doc

    @staticmethod
    def _prefer_the_articles_company(names: list[str], labels: list[str], canonicals: list[str]) -> None:
        """A known short name (中国建筑, the group's in the table) is the company of that name the article writes
        in full (中国建筑股份有限公司), where it writes one. ``canonicals`` is changed in place.

        >>> labels, names = ["ORG", "ORG"], ["中国建筑集团有限公司", "中国建筑股份有限公司"]
        >>> Normaliser._prefer_the_articles_company(["中国建筑", "中国建筑股份有限公司"], labels, names)
        >>> names[0]
        '中国建筑股份有限公司'
        """
        companies = {n for label, n in zip(labels, canonicals, strict=True)
                     if label == "ORG" and COMPANY_FORM.search(n)}
        if not companies:
            return
        for i, (label, name) in enumerate(zip(labels, names, strict=True)):
            if label != "ORG" or canonicals[i] == name:
                continue  # (only a name the table or the text named otherwise)
            written = [n for n in companies if n != canonicals[i] and without_company_forms(n) == name]
            if len(written) == 1:
                canonicals[i] = written[0]

    @staticmethod
    def _qualify_local_bodies(labels: list[str], canonicals: list[str], data_dir: Path = DATA_DIR) -> None:
        """A body named relative to the article's city or province (市发展改革委, 市教委, 省科技厅) is that place's:
        上海市发展和改革委员会 in an article about 上海市. The article's city is the one its places and names
        mention most (at least twice, more than any other); with no such city the name stays as it is.
        ``canonicals`` is changed in place.

        >>> labels, names = ["LOC", "ORG", "LOC", "ORG"], ["上海市", "上海市生态环境局", "北京市", "市发展改革委"]
        >>> Normaliser._qualify_local_bodies(labels, names)
        >>> names[-1]
        '上海市发展和改革委员会'
        """
        short_forms = word_map("local_body_short_forms", data_dir)
        relative: list[int] = []
        for i, (label, name) in enumerate(zip(labels, canonicals, strict=True)):
            if label != "ORG" or len(name) < 3:
                continue
            if (name[0] in "市省" and name[1] not in "场区县委") or (name.startswith("自治区") and len(name) > 5):
                relative.append(i)  # (自治区林业和草原局: the region's, as 省 names the province's)
                continue
            canonicals[i] = local_full_form(name, short_forms)
        if not relative:
            return
        # how often each place is named, as a place or at the start of another name (上海市生态环境局 → 上海)
        as_place = Counter(name for label, name in zip(labels, canonicals, strict=True) if label == "LOC")
        # (a notice's title names its plan's place after 关于印发: 关于印发江苏省…规划的通知)
        as_start = Counter(name[:k] for label, full in zip(labels, canonicals, strict=True) if label != "LOC"
                           for name in (_NOTICE_OPENING.sub("", full) if label == "POLICY" else full,)
                           for k in range(2, min(len(name), 7)))
        places = _city_names(data_dir)
        for level in ("市", "省", "自治区"):
            # a place named as a place, or only at the start of bodies' names (深圳市人民政府办公厅, 深圳市…委员会)
            shortest = len(level) + 2
            named = {place for place in as_place if place.endswith(level) and len(place) >= shortest} | {
                start for start in as_start if start.endswith(level) and len(start) >= shortest and start in places}
            score = {place: as_place[place] + as_start[place[:-len(level)]] for place in named}
            ranked = sorted(score.values(), reverse=True)
            if not ranked or ranked[0] < 2 or (len(ranked) > 1 and ranked[1] == ranked[0]):
                continue
            home = max(sorted(score), key=score.__getitem__)
            for i in relative:
                if canonicals[i].startswith(level):
                    body = canonicals[i][len(level):]
                    canonicals[i] = home + short_forms.get(body, body)

    # the anaphor, and the endings of the names it refers back to (lexicon anaphor_heads, the relation stage's too)
    _UNIT_ANAPHORS: ClassVar[dict[str, tuple[str, ...]]] = {
        anaphor: tuple(char_table("anaphor_heads")[anaphor[1]].split())
        for anaphor in ("该校", "本校", "我校", "该院", "该所")}
    _UNIT_HEADS = ("学院", "系", "研究所", "研究院", "研究中心", "实验室", "中心", "医院", "分院")

    @classmethod
    def _qualify_units_after_anaphors(cls, text: str, starts: list[int], labels: list[str],
                                      canonicals: list[str]) -> None:
        """A unit named after 该校, 本校, 该院 (该校材料科学与工程学院) is the unit of the school or institute named
        last before it: 浙江大学材料科学与工程学院, which is then ``part_of`` it. ``canonicals`` is changed in place.

        >>> text = "记者从浙江大学获悉，该校材料科学与工程学院团队研发出新材料。"
        >>> names = ["浙江大学", "材料科学与工程学院"]
        >>> Normaliser._qualify_units_after_anaphors(text, [3, 12], ["ORG", "ORG"], names)
        >>> names[1]
        '浙江大学材料科学与工程学院'
        """
        for i, (start, label) in enumerate(zip(starts, labels, strict=True)):
            heads = cls._UNIT_ANAPHORS.get(text[max(0, start - 2):start])
            if (label != "ORG" or heads is None or not canonicals[i].endswith(cls._UNIT_HEADS)
                    or not text.startswith(canonicals[i], start)):
                continue  # a name another step resolved already (艺术系 → 廊坊师专艺术系) keeps its school
            parent = next((canonicals[k] for k in range(i - 1, -1, -1)
                           if labels[k] == "ORG" and canonicals[k].endswith(heads)), None)
            if parent is not None and not canonicals[i].startswith(parent):
                canonicals[i] = parent + canonicals[i]

    @staticmethod
    def _merge_reordered_names(labels: list[str], canonicals: list[str]) -> None:
        """A project's long name written again with its words in another order (青藏高原第二次综合科学考察研究 in a
        headline, 第二次青藏高原综合科学考察研究 in the text) is one project, named as it is first. ``canonicals``
        is changed in place.

        >>> labels, names = ["PROJECT", "PROJECT"], ["青藏高原第二次综合科学考察", "第二次青藏高原综合科学考察"]
        >>> Normaliser._merge_reordered_names(labels, names)
        >>> names[1]
        '青藏高原第二次综合科学考察'
        """
        first: dict[str, str] = {}  # the characters of a name, sorted -> the name written so first
        for i, (label, name) in enumerate(zip(labels, canonicals, strict=True)):
            if label != "PROJECT" or len(name) < 8:
                continue
            key = "".join(sorted(name))
            canonicals[i] = first.setdefault(key, name)

    @staticmethod
    def _merge_zones_without_their_province(labels: list[str], canonicals: list[str],
                                            data_dir: Path = DATA_DIR) -> None:
        """A zone named after its province or city once and without it later is one place: 天府新区 after
        四川天府新区, 东湖新技术开发区 after 武汉东湖新技术开发区. ``canonicals`` is changed in place.

        >>> labels, names = ["LOC", "LOC", "LOC"], ["四川天府新区", "天府新区", "新区"]
        >>> Normaliser._merge_zones_without_their_province(labels, names)
        >>> names
        ['四川天府新区', '四川天府新区', '新区']
        """
        zones = {name for label, name in zip(labels, canonicals, strict=True) if label == "LOC" and name.endswith("区")}
        if len(zones) < 2:
            return
        places = word_map("places", data_dir)
        full: dict[str, str] = {}
        for name in zones:
            for k in (2, 3, 4):
                short = name[k:]
                if name[:k] in places and len(short) >= 3 and short in zones:
                    full.setdefault(short, name)
        for i, (label, name) in enumerate(zip(labels, canonicals, strict=True)):
            if label == "LOC" and name in full:
                canonicals[i] = full[name]

    @staticmethod
    def _merge_places_without_their_kind(labels: list[str], canonicals: list[str]) -> None:
        """A city, district or county named with its kind once and without it elsewhere in the article is one
        place, under its full name: 深圳 and 深圳市, 大兴 and 大兴区, 浦东 and 浦东新区. ``canonicals`` is changed
        in place.

        >>> labels, names = ["LOC", "LOC", "LOC", "ORG"], ["大兴区", "大兴", "深圳", "深圳"]
        >>> Normaliser._merge_places_without_their_kind(labels, names)
        >>> names
        ['大兴区', '大兴区', '深圳', '深圳']
        """
        places = {name for label, name in zip(labels, canonicals, strict=True) if label == "LOC"}
        for i, (label, name) in enumerate(zip(labels, canonicals, strict=True)):
            if label == "LOC" and len(name) >= 2 and not name.endswith((*_PLACE_SUFFIXES, "省")):  # (上海市区)
                full = [name + kind for kind in _PLACE_SUFFIXES if name + kind in places]
                if len(full) == 1:
                    canonicals[i] = full[0]
            if label == "LOC" and len(name) >= 5 and name.endswith(_ZONE_ENDS):
                # 临空经济区 for 北京大兴国际机场临空经济区: a zone named again without the place it is at
                ending = [p for p in places if p != name and p.endswith(name)]
                if len(ending) == 1:
                    canonicals[i] = ending[0]

    @staticmethod
    def _merge_model_remention(labels: list[str], canonicals: list[str]) -> None:
        """News names its project once, then again as the model it is: 国内首艘纯电池动力集装箱船 … 此次研发的
        内河64标准集装箱纯电池动力示范船. When an article has exactly two projects of one kind (same last
        character) and the later one is named as a demonstration or model (示范, 样板, 标杆), it is the first.
        ``canonicals`` (the entities' canonical names, beside their ``labels``) is changed in place."""
        by_kind: dict[str, list[str]] = {}
        for label, canonical in zip(labels, canonicals, strict=True):
            if label == "PROJECT" and canonical:
                names = by_kind.setdefault(canonical[-1], [])
                if canonical not in names:
                    names.append(canonical)
        rename = {}
        for names in by_kind.values():
            if len(names) == 2 and _MODEL_MARK.search(names[1]) and not _MODEL_MARK.search(names[0]):
                rename[names[1]] = names[0]
        if rename:
            for i, (label, canonical) in enumerate(zip(labels, canonicals, strict=True)):
                if label == "PROJECT" and canonical in rename:
                    canonicals[i] = rename[canonical]

    @staticmethod
    def _merge_described_projects(text: str, ents: list[Span], labels: list[str], canonicals: list[str]) -> None:
        """A project said to be a first of its kind is the project the clause is about: 该工程是全球首个并网发电的
        第四代高温气冷堆核电项目 (or …示范工程是国内首个…, 该项目是国内规模最大的太阳能电解水制氢项目, 工程起于…，
        是我国首个…工程) names the project before it again, not a new one; and a description followed by a dash and
        a name (国内首条智能网联汽车测试专用高速公路——苏州至台州高速公路) is that name's.
        ``canonicals`` is changed in place."""
        last_project = -1
        rename: dict[str, str] = {}
        for i, (ent, label) in enumerate(zip(ents, labels, strict=True)):
            if label != "PROJECT":
                continue
            before = ents[last_project] if last_project >= 0 else None
            if (before is not None and text.startswith("——", before.end_char)
                    and ent.start_char == before.end_char + 2 and canonicals[i] != canonicals[last_project]):
                # 国内首条智能网联汽车测试专用高速公路——苏州至台州高速公路: the name after the dash is the thing's
                rename[canonicals[last_project]] = canonicals[i]
            if last_project >= 0 and _CLAUSE_END.match(text, ent.end_char):
                clause_start = max(text.rfind(p, 0, ent.start_char) for p in "，。；！？\n") + 1
                sentence_start = max(text.rfind(p, 0, ent.start_char) for p in "。；！？\n") + 1
                clause = text[clause_start:ent.start_char]
                subject = ents[last_project]
                described = _DESCRIBED_BY_ANAPHOR.match(clause) or (
                    subject.start_char - clause_start in (0, 1) and text[clause_start:subject.start_char] in ("", "“")
                    and _COPULA.match(text, subject.end_char + (text[subject.end_char:subject.end_char + 1] == "”")))
                # …，是我国首个混合级联特高压直流工程: the copula goes on about the sentence's project (工程起于…)
                described = described or (clause_start > sentence_start and _COPULA.match(clause)
                                           and _PROJECT_SUBJECT.match(text, sentence_start))
                if described and _DESCRIPTION.search(text, clause_start, ent.end_char):
                    canonicals[i] = canonicals[last_project]
            last_project = i
        # a headline's first of its kind (我国首座第四代核电站商运投产) is the one named project of that kind below it
        # (…石岛湾高温气冷堆核电站商业示范工程), as the gold maps 山西省煤电一体化样板工程 to the plant's own name
        title_end = text.find("\n")
        named = {c for i, c in enumerate(canonicals) if labels[i] == "PROJECT" and ents[i].start_char > title_end
                 and not (ents[i]._.rule or "").startswith("project.first_of_kind")}
        first_named = next((canonicals[i] for i in range(len(ents)) if canonicals[i] in named), None)
        for i, (ent, label) in enumerate(zip(ents, labels, strict=True)):
            if (label == "PROJECT" and 0 <= ent.start_char < title_end
                    and (ent._.rule or "").startswith("project.first_of_kind") and canonicals[i] not in named):
                kind = canonicals[i][-2:]
                same_kind = [c for c in named if kind in c]
                # (the only named project below, or the first, where others of other kinds follow)
                if len(same_kind) == 1 and (len(named) == 1 or same_kind[0] == first_named):
                    rename[canonicals[i]] = same_kind[0]
        if rename:
            for i, label in enumerate(labels):
                if label == "PROJECT" and canonicals[i] in rename:
                    canonicals[i] = rename[canonicals[i]]

    @staticmethod
    def _merge_acronym_names(labels: list[str], canonicals: list[str]) -> None:
        """A name with its Latin acronym in brackets before its head (国际热核聚变实验堆（ITER）计划) is that name
        without the bracket, and the acronym with the head (ITER计划) names it too. ``canonicals`` is changed in
        place.

        >>> labels, names = ["PROJECT", "PROJECT"], ["国际热核聚变实验堆（ITER）计划", "ITER计划"]
        >>> Normaliser._merge_acronym_names(labels, names)
        >>> names
        ['国际热核聚变实验堆计划', '国际热核聚变实验堆计划']
        """
        full_of: dict[tuple[str, str], str] = {}
        for i, (label, name) in enumerate(zip(labels, canonicals, strict=True)):
            m = _ACRONYM_INSIDE.fullmatch(name) if label in {"PROJECT", "ORG"} and "（" in name else None
            if m is not None:
                canonicals[i] = m.group(1) + m.group(3)
                full_of[(label, m.group(2) + m.group(3))] = canonicals[i]
        if full_of:
            for i, (label, name) in enumerate(zip(labels, canonicals, strict=True)):
                canonicals[i] = full_of.get((label, name), name)

    @staticmethod
    def _merge_shortened_names(labels: list[str], canonicals: list[str]) -> None:
        """A shortened repeat of a name in the same article is the same entity: 晋能保德超超临界低热值煤发电工程
        after 晋能保德2×660MW超超临界低热值煤发电工程 (same start and head, characters in order), and a project
        named without its leading domain (三调 after 国土“三调”).
        ``canonicals`` is changed in place."""
        names: dict[str, set[str]] = {}
        for label, canonical in zip(labels, canonicals, strict=True):
            names.setdefault(label, set()).add(canonical)
        # decided once per name, not per mention: the search runs over the article's names of the label
        decided: dict[tuple[str, str], str | None] = {}
        for i, (label, short) in enumerate(zip(labels, canonicals, strict=True)):
            if label not in {"PROJECT", "ORG", "POLICY"}:
                continue
            if (label, short) in decided:
                if (full := decided[label, short]) is not None:
                    canonicals[i] = full
                continue
            # (two companies each named in full with their forms are two: 中铁大桥局集团有限公司 is no shortened
            # 中国铁建大桥工程局集团有限公司)
            longer = [n for n in names[label] if _shortens(short, n, _core_length(n, label))
                      and not (label == "ORG" and (_unit_of(short, n) or _field_inserted(short, n)
                                                   or _lower_government(short, n)
                                                   or (_LIMITED_FORM.search(short) and _LIMITED_FORM.search(n))))]
            if not longer and (label == "PROJECT" or (label == "ORG" and len(short) >= 6)):
                # 海阳核电3号机组 for 山东海阳核电站3号机组, 合肥综合性国家科学中心 for 安徽合肥…: its province left out
                longer = [n for n in names[label] if (k := _province_length(n)) and n != short
                          and (n[k:] == short or _shortens(short, n[k:], _core_length(n[k:], label)))]
            if not longer and label == "PROJECT" and "至" in short:  # 青海至河南…工程 for 青海—河南±800千伏…工程
                route = _ROUTE_MARK.sub("—", short)
                longer = [n for n in names[label] if n != short and "至" not in n
                          and _shortens(route, _ROUTE_MARK.sub("—", n), _core_length(n, label))]
            if not longer and label == "ORG" and not COMPANY_SUFFIX.search(short):
                # 宝钢股份 for 宝山钢铁股份有限公司: a company's short name leaves out its form's 有限公司 too
                longer = [n for n in names[label]
                          if (core := _LIMITED_FORM.sub("", n)) != n and _shortens(short, core, len(core))]
            if not longer and label == "ORG":  # …技术创新中心 for …技术创新中心（苏州）: the seat in brackets left out
                longer = [n for n in names[label] if n.startswith(short) and _SEAT_IN_BRACKETS.fullmatch(n, len(short))]
            if not longer and label == "ORG":  # 腾讯 … 腾讯公司: a company named without its company form
                longer = [n for n in names[label] if n != short and without_company_forms(n) == short]
            if not longer and label == "ORG" and short.endswith("所") and not short.endswith("研究所"):
                # 中科院微电子所 for 中国科学院微电子研究所: an institute by its short name, written in full elsewhere
                full = re.sub(r"^中科院", "中国科学院", short)[:-1] + "研究所"
                longer = [full] if full in names[label] else []
                if not longer and len(short) >= 4:  # 大连化物所 for 中国科学院大连化学物理研究所: its words shortened
                    own = [n for n in names[label] if n.endswith("研究所") and (core := n.removeprefix("中国科学院"))
                           and core[0] == short[0] and _is_subsequence(short[:-1], core[:-3])]
                    longer = own if len(own) == 1 else []
            if not longer and label == "ORG" and len(short) == 4 and short.endswith("集团"):
                # 上汽集团 for 上海汽车集团股份有限公司: the first characters of its two words, then 集团
                # (上港集团 for 上海国际港务（集团）股份有限公司: the place's first character and one of the trade's)
                initials = [n for n in names[label] if n != short and COMPANY_FORM.search(n)
                            and 6 <= len(core := _unbracket_group(COMPANY_SUFFIX.sub("", n))) <= 10
                            and core.endswith("集团") and core[0] == short[0]
                            and (k := _home_length(core)) and short[1] in core[k:-2]]
                longer = initials if len(initials) == 1 else []
            if not longer and label == "ORG" and short.endswith(("公司", "集团")) and len(short) <= 6:
                # 腾讯公司 for 深圳市腾讯计算机系统有限公司: the company by its brand and a company word
                bare = short[:-2]
                branded = [n for n in names[label] if n != short and COMPANY_FORM.search(n)
                           and company_brand(n) == bare]
                longer = branded if len(branded) == 1 else []
            if not longer and label == "ORG" and short.endswith(_AFFILIATED_HEADS):
                # 瑞金医院 for 上海交通大学医学院附属瑞金医院: the affiliated hospital by its own name (a city's
                # name may stand between: 天坛医院 for 首都医科大学附属北京天坛医院)
                affiliated = [n for n in names[label] if n.endswith(short) and "附属" in n
                              and len(n) - len(short) - n.rfind("附属") - 2 <= 3]
                longer = affiliated if len(affiliated) == 1 else []
            if not longer and label == "ORG" and short.endswith("公司") and len(short) >= 6:
                # 中国移动浙江公司 for 中国移动通信集团浙江有限公司: a group's unit by the group's short name
                longer = _unit_by_group_short_name(short, names[label])
            if not longer and label == "ORG" and short.endswith("集团") and 4 <= len(short) <= 8:
                # 昆明局集团 for 中国铁路昆明局集团有限公司: a group named without its national prefix and form
                prefixed = [n for n in names[label] if n != short and _NATIONAL_PREFIX.match(n)
                            and _NATIONAL_PREFIX.sub("", without_company_forms(n) + "集团") in {short, short + "集团"}]
                longer = prefixed if len(prefixed) == 1 else []
            if not longer and label == "ORG" and len(short) >= 6:
                # 电化学储能技术联合研究院 for 清华大学—宁德时代电化学储能技术联合研究院: a joint body named without
                # its partners, which its full name joins with a dash
                joint = [n for n in names[label] if n != short and n.endswith(short)
                         and _PARTNERS_DASH.search(n, 0, len(n) - len(short))]
                longer = joint if len(joint) == 1 else []
            if not longer and label == "ORG" and short.endswith(_SHORT_COMMITTEES):
                # …示范区执委会 for …示范区执行委员会; 示范区执委会 alone for the one zone's committee the text names
                full = _SHORT_COMMITTEE.sub(lambda m: _COMMITTEE_FORMS[m.group()], short)
                longer = [n for n in names[label] if n == full]
                if not longer and (short.startswith(_ZONE_KINDS) or len(full) >= 8):
                    # (临港新片区管委会 for 中国（上海）自由贸易试验区临港新片区管理委员会: the zone's own name)
                    ending = [n for n in names[label] if n != full and n.endswith(full)]
                    longer = ending if len(ending) == 1 else []
            # 内蒙古大学 is a name of its own, no shortened 内蒙古农业大学 (but 中国银行 is 中国银行股份有限公司)
            if longer and label == "ORG" and _place_and_head(short) and not all(
                    without_company_forms(n) == short or "附属" in n for n in longer):  # (中山医院 of …附属中山医院)
                longer = []
            if not longer and label == "ORG" and short.endswith("集团"):  # 东方电气集团 … 中国东方电气集团有限公司
                # (中国种子集团 … 中国种子集团有限公司; 上海微电子装备集团 … 上海微电子装备（集团）股份有限公司)
                # (吉利控股集团 … 浙江吉利控股集团有限公司: its home province left out)
                longer = [n for n in names[label] if n != short
                          and short in {core := _unbracket_group(COMPANY_SUFFIX.sub("", n)),
                                        core.removeprefix("中国"), _without_leading_place(core)}]
            if not longer and label == "POLICY":  # a yearly plan named without its year (2024年…年度推进计划)
                longer = [n for n in names[label] if len(n) == len(short) + 5 and n.endswith(short)
                          and re.fullmatch(r"\d{4}年", n[:5])]
            if not longer and label == "POLICY" and "中华人民共和国" + short in names[label]:
                longer = ["中华人民共和国" + short]  # 黄河保护法 is 《中华人民共和国黄河保护法》, its full name
            if not longer and label == "POLICY" and len(short) >= 5:  # 数字经济促进条例: a region's, named without it
                places = entity_rule_matcher(DATA_DIR).places  # (or its years: 氢能产业发展中长期规划（2022—2035年）)
                longer = [n for n in names[label] for core in (n, YEARS_IN_BRACKETS.sub("", n))
                          if n != short and core.endswith(short) and (core == short or core[:-len(short)] in places)]
            if not longer and label == "PROJECT" and (first := _FIRST_OF_KIND.match(short)) is not None:
                # 我国首座…示范工程 (a headline) and 我国首个…示范工程 (below): one first of its kind, however counted;
                # both take the name first in order, so the choice does not depend on which is met first
                key = short[first.end():]
                same = sorted(n for n in names[label] if (f := _FIRST_OF_KIND.match(n)) and n[f.end():] == key)
                longer = [same[0]] if len(same) > 1 and same[0] != short else []
            if not longer and label == "PROJECT":  # 雅万高铁 for 雅加达至万隆高速铁路（雅万高铁）项目: its short
                # name in brackets inside the full one
                longer = [n for n in names[label] if f"（{short}）" in n]
            if not longer and label == "PROJECT" and len(short) == 4:  # 北斗系统 for 北斗三号全球卫星导航系统
                longer = [n for n in names[label] if (generation := GENERATION_NAME.match(n))
                          and short == generation.group("name") + generation.group("kind")]
            if not longer and label == "PROJECT":  # 长江存储二期项目 for 长江存储科技有限责任公司二期项目
                longer = [n for n in names[label] if (owned := _OWNER_AND_PROJECT.fullmatch(n))
                          and short.endswith(owned.group("project"))
                          and short[:-len(owned.group("project"))] in _company_brand_forms(owned.group("owner"))]
            if not longer and label == "PROJECT":
                # 三调 after 国土“三调”: the name without its domain; 兴化湾海上风电场二期 (a headline) for
                # 福建福清兴化湾海上风电场二期项目: without its places and the word 项目
                # (an action plan's years in brackets too: …行动计划（2024—2026年）)
                longer = [n for n in names[label] for core in (YEARS_IN_BRACKETS.sub("", n),)
                          if (len(core) > len(short) >= max(2, 0.5 * len(core)) and (
                              core.endswith(short) or (not short.endswith(("项目", "工程"))
                                                       and core.endswith((short + "项目", short + "工程")))))
                          or (core == short != n)]  # …行动方案 (a headline) for …行动方案（2024—2027年）
            # sorted first: among equally long names the choice must not depend on set order
            decided[label, short] = full = max(sorted(longer), key=len) if longer else None
            if full is not None:
                canonicals[i] = full

    def _defined_aliases(self, doc: Doc, ents: list[Span]) -> dict[str, tuple[str, str]]:
        """（以下简称“X”） right after an entity makes X an alias of it; so does a Latin acronym in brackets right
        after an organisation, project or policy (国际能源署（IEA）), and an organisation's short name in brackets
        right after it (沙特阿拉伯国家石油公司（沙特阿美））."""
        found: dict[str, tuple[str, str]] = {}
        for m in DEFINED_ALIAS.finditer(doc_text(doc)):
            alias = m.group("alias") or m.group("acronym")
            # an acronym names the entity it directly follows; a defined short name may stand a little after it
            reach = 0 if m.group("acronym") else 2
            before = [e for e in ents if e.end_char <= m.start() and m.start() - e.end_char <= reach]
            if before and (not m.group("acronym") or before[-1].label_ in ("ORG", "PROJECT", "POLICY")):
                ent = before[-1]
                found[alias] = (canonical_name(ent.text, ent.label_, self.data_dir), ent.label_)
        text = doc_text(doc)
        # 被誉为“中国天眼”的500米口径球面射电望远镜: the nickname names the entity right after it
        for m in _NICKNAMED.finditer(text):
            after = next((e for e in ents if e.start_char == m.end()), None)
            if after is not None and m.group("alias") not in found:
                found[m.group("alias")] = (canonical_name(after.text, after.label_, self.data_dir), after.label_)
        # 沙特阿拉伯国家石油公司（沙特阿美）: an organisation's short name alone in brackets right after it, starting
        # alike, is its alias
        for full, short in pairwise(ents):
            if (full.label_ == short.label_ == "ORG" and short.start_char == full.end_char + 1
                    and text[full.end_char] in "（(" and text[short.end_char:short.end_char + 1] in "）)"
                    and len(short.text) < len(full.text) and short.text[0] == full.text[0]
                    and short.text not in found):
                found[short.text] = (canonical_name(full.text, "ORG", self.data_dir), "ORG")
            # 肯尼亚蒙巴萨至内罗毕标准轨距铁路（蒙内铁路）: a work's short name in brackets, its characters in order
            # and its head the full name's
            elif (full.label_ == short.label_ == "PROJECT" and short.start_char == full.end_char + 1
                    and text[full.end_char] in "（(" and text[short.end_char:short.end_char + 1] in "）)"
                    and 2 <= len(short.text) < len(full.text) and short.text[-2:] == full.text[-2:]
                    and _is_subsequence(short.text, full.text) and short.text not in found):
                found[short.text] = (canonical_name(full.text, "PROJECT", self.data_dir), "PROJECT")
        return found

    def _units_by_own_name(self, doc: Doc, ents: list[Span],
                           aliases: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
        """A unit named in full once (中国医学科学院阜外医院, 四川大学华西医院) and later by its own name alone
        (阜外医院): the own name stands for the unit where the rest of the full name is a body the article or the
        abbreviation table names, or ends as bodies do (…大学, …科学院), and no other full name of the article
        ends alike."""
        text = doc_text(doc)
        orgs = {text[e.start_char:e.end_char] for e in ents if e.label_ == "ORG"}
        matcher = entity_rule_matcher(self.data_dir)
        known, heads = matcher.known_org_names, matcher.long_org_heads
        full_names: dict[str, list[str]] = {}
        for full in orgs:
            for k in range(2, len(full) - 2):
                parent, own = full[:k], full[k:]
                if own in orgs and (parent in orgs or parent in known or (len(parent) >= 4 and parent.endswith(heads))):
                    full_names.setdefault(own, []).append(full)
        return {own: (canonical_name(fulls[0], "ORG", self.data_dir), "ORG")
                for own, fulls in full_names.items() if len(fulls) == 1 and own not in aliases}

    def _kind_references(self, doc: Doc, ents: list[Span],
                         aliases: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
        """《措施》, 《意见》 with no （以下简称…）: the kind of a document stands for the policy of that kind named
        last before it (《广东省…若干措施》 … 《措施》明确…)."""
        text = doc_text(doc)
        found: dict[str, tuple[str, str]] = {}
        for m in _KIND_REFERENCE.finditer(text):
            reference = m.group()
            if reference in aliases or reference in found:
                continue
            kind = m.group("kind")
            before = [e for e in ents if e.label_ == "POLICY" and e.end_char <= m.start()
                      and text[e.start_char:e.end_char].rstrip("》").endswith(kind)]
            if before:
                found[reference] = (canonical_name(before[-1].text, "POLICY", self.data_dir), "POLICY")
        return found

    def _company_brands(self, doc: Doc, ents: list[Span],
                        aliases: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
        """The brand a company goes by later in its article: 中国宝武钢铁集团有限公司 … 宝武将力争…. The brand is
        the name without a leading 中国 or place, its company form and its trade (lexicon ``generic_trades``, and
        技术, 科技, 电力…), or a short name of its own before the company form (比亚迪股份有限公司), with its home
        town where the text writes it so (宁德时代); it must be two to four characters, no known word of the
        tables, and it counts only where it stands between punctuation or function characters, or before a title
        (see :data:`_BRAND_BOUNDARY`, :attr:`_brand_followers`)."""
        text = doc_text(doc)
        # a name already read as an organisation keeps its reading; a model's place or person (比亚迪 read as a
        # place) gives way to the brand
        # (a model's organisation too gives way: 华为 in a headline is the 华为技术有限公司 of the text)
        named = {text[e.start_char:e.end_char] for e in ents
                 if e.label_ == "ORG" and (e._.rule or "ner.statistical").split("+")[0] not in _GUESSED_ORGANISATIONS}
        companies = dict.fromkeys(text[e.start_char:e.end_char] for e in ents if e.label_ == "ORG")
        for e in ents:  # 长江存储科技有限责任公司二期项目: the company named in its project's name goes by a brand too
            if e.label_ == "PROJECT" and (owned := _OWNER_AND_PROJECT.match(text, e.start_char, e.end_char)):
                companies.setdefault(owned.group("owner"))
        brands: dict[str, tuple[str, str]] = {}
        for name in companies:  # each name once: a long document names its companies many times
            forms = _company_brand_forms(name, self.data_dir) if COMPANY_FORM.search(name) else ()
            # the forms the text uses outside the full name, longest first: 宁德时代 where it says so, not 时代
            # (a common word once its town is taken off); a shorter one where it stands outside the longer ones,
            # when it is no part of one or begins the brand and its trade (微电子装备 in the headline, 上海微电子
            # below it; 长安汽车董事长… 长安将…)
            elsewhere = text.replace(name, "\0") if forms else text
            used: list[str] = []
            for form in forms:
                if form in elsewhere and all(longer.startswith(form) for longer in used if form in longer):
                    used.append(form)
                    elsewhere = elsewhere.replace(form, "\0")
            for brand in used:
                if brand not in named and brand not in aliases and brand not in brands:
                    brands[brand] = (canonical_name(name, "ORG", self.data_dir), "ORG")
        return brands

    def _with_defined_parent(self, name: str, aliases: dict[str, tuple[str, str]]) -> str:
        """``name`` with an organisation's alias the text defined at its start written in full, where the rest
        names a unit of it (大连化物所 | 储能技术研究部 → 中国科学院大连化学物理研究所储能技术研究部); else ``name``."""
        for k in range(len(name) - 2, 1, -1):
            parent, unit = aliases.get(name[:k]), name[k:]
            if (parent is not None and parent[1] == "ORG" and len(unit) >= 3
                    and unit.endswith(_unit_heads(self.data_dir)) and not COMPANY_FORM.search(unit)
                    and not unit.startswith(("集团", "公司", "有限"))
                    and not parent[0].endswith(unit) and not name.startswith(parent[0])
                    # (a company's lab or institute keeps its brand: 宁德时代21C创新实验室, 科大讯飞研究院)
                    and not COMPANY_FORM.search(parent[0])):
                return parent[0] + unit
        return name

    def _names_alias(self, name: str, alias: tuple[str, str]) -> bool:
        """Is ``name`` the full name that ``alias`` (canonical, label) stands for?"""
        return canonical_name(name, alias[1], self.data_dir) == alias[0]

    def _mark_alias_mentions(self, doc: Doc, aliases: dict[str, tuple[str, str]], ents: list[Span],
                             rule: str = "alias.defined_in_text",
                             boundary: re.Pattern[str] | None = None,
                             followers: tuple[str, ...] = ()) -> list[Span]:
        text = doc_text(doc)
        # The aliases' occurrences as a longest-first alternation finds them, without a regex per document.
        found: list[Candidate] = []
        # (a brand does not cut a longer organisation's name: 东方电气（成都）氢燃料电池科技有限公司 stays whole)
        # (entities do not overlap: only the last organisation starting at or before the brand can hold it)
        # (nor a work's or a plan's: 巴斯夫（广东）一体化基地项目)
        # (nor does an alias cut the full name it is defined for: 中国长江三峡集团有限公司（以下简称三峡集团）; it
        # does cut another name holding it: 肯尼亚 + 蒙内铁路)
        orgs = [(e.start_char, e.end_char) for e in ents if e.label_ in {"ORG", "PROJECT", "POLICY"}]
        org_starts = [s for s, _ in orgs]
        # (where the model read the brand as a name of its own, a place or person, its edges are a name's:
        # 由百度自主研发)
        model_names = {(e.start_char, e.end_char) for e in ents if e.label_ in {"LOC", "PERSON"}
                       and (e._.rule or "ner.statistical").startswith("ner.statistical")
                       } if boundary is not None else set()
        for start, end in leftmost_longest(text, aliases):
            if boundary is not None and (start, end) not in model_names and not (
                    boundary.match(text[start - 1:start] or "。") and (
                    boundary.match(text[end:end + 1] or "。") or text.startswith(followers, end))):
                continue
            k = bisect_right(org_starts, start) - 1
            if k >= 0 and end <= orgs[k][1] and orgs[k][1] - orgs[k][0] > end - start and (
                    boundary is not None or start == orgs[k][0]
                    or self._names_alias(text[orgs[k][0]:orgs[k][1]], aliases[text[start:end]])):
                continue  # (大连化物所储能技术研究部: a unit named after the alias, whole)
            label = aliases[text[start:end]][1]
            if text[start] == "《" and text[end - 1] == "》":
                start, end = start + 1, end - 1  # 《规划》: the brackets wrapping a name are no part of it
            found.append(Candidate(start, end, label, rule, 0.85, 4))
        if not found:
            return ents  # nothing to mark: the entities stay as they are (no span selection, no new spans)
        cands = [Candidate(e.start_char, e.end_char, e.label_, e._.rule or "ner.statistical",
                           e._.confidence or 0.8, 3) for e in ents] + found
        spans: list[Span] = []
        for c in select_spans(cands):
            span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="expand")
            if span is not None:
                span._.rule, span._.confidence = c.rule, c.confidence
                spans.append(span)
        set_entity_spans(doc, spans)
        return spans


# 该工程是, 这一项目也是: a clause about the project named before, saying what it is
_DESCRIBED_BY_ANAPHOR = re.compile(
    r"(?:该|此|这一?|本)(?:工程|项目|电站|设施|装置|船|平台|系统|计划)(?:也|还|则|将)?(?:是|为|成为)")
_COPULA = re.compile(r"(?:也|还|则|将)?(?:是|为|成为)")
# (or 该卫星, 该船…: a thing named before, the sentence's subject)
_PROJECT_SUBJECT = re.compile(r"(?:该|此|这一?|本)?(?:工程|项目)"
                              r"|(?:该|此|这一?|本)(?:卫星|船|舰|装置|设施|平台|系统|电站|机组|望远镜|探测器|飞机|客机|火箭|芯片)")
# what a description says: a first, the largest, the first of a kind (国内规模最大的, 全球首个, 我国首座)
_DESCRIPTION = re.compile(r"首[个座艘台套条项批家颗枚架辆列部堆]|最大|最长|最高|最先进|唯一|第一")
_CLAUSE_END = re.compile(r"[\u4e00-\u9fff]{0,6}(?:[，。；！？\n]|$)")  # (the kind may follow: …核电项目)
# Readings of an organisation from its context only (the model's, a short name before 与…): a brand of a company the
# text names in full is that company
_GUESSED_ORGANISATIONS = frozenset({"ner.statistical", "org.partner_before_organisation", "org.brand_and_trade",
                                    "org.brand"})
# A document's kind in 《》 standing for a policy named before it (entity rule policy.bracketed drops it as a name)
_KIND_REFERENCE = re.compile(r"《(?:若干|实施|指导)?(?P<kind>法|条例|规定|办法|意见|通知|方案|规划|纲要|计划|措施"
                             r"|决定|细则|规则|指引|要点|公告|通告)》")
# Where a brand stands alone: punctuation or a function character on each side (，宝武将力争…)
_FIRST_OF_KIND = re.compile(r"(?:国内|我国|全国|中国|世界|全球|国际)?首[个座艘台套架列颗辆条]")
_NATIONAL_PREFIX = re.compile(r"^(?:中国铁路|中国|中华)")
_ZONE_ENDS = ("经济区", "合作区", "开发区", "示范区", "试验区", "新区", "园区", "功能区")
_AFFILIATED_HEADS = ("医院", "中学", "小学", "学校", "幼儿园")
_ROUTE_MARK = re.compile(r"[至—－–-]")
_PARTNERS_DASH = re.compile(r"[\u4e00-\u9fff]{2}[—–－-][\u4e00-\u9fff]{2}")
_BRAND_BOUNDARY = re.compile(r"[\s，。、；：！？“”（）《》,.;:!?()"
                             r"将在于已的与和是也还正对从把被让为等及均都就又称说由向第]")
_COUNTED = re.compile(r"[一二三四五六七八九十两几数多各某该本这那每\d]")  # 一家…公司; 三峡 alone is the gorges
_NOT_BRANDS = frozenset({"移动", "电信", "联通", "国家", "人民", "建设", "工商", "农业", "交通", "光大", "平安",
                         "通用"})
_BRAND_TRADES = ("新能源", "技术", "科技", "电力", "能源", "电气", "控股", "实业", "发展", "投资", "国际", "股份",
                 "钢铁", "汽车", "电子", "通信", "通讯", "网络", "医药", "化工", "集团", "数字", "装备")


def _unbracket_group(name: str) -> str:
    """``name`` with 集团 out of its brackets: a group in brackets is the company form too.

    >>> _unbracket_group("上海微电子装备（集团）股份有限公司")
    '上海微电子装备集团股份有限公司'
    """
    return name.replace("（集团）", "集团")


@cache
def company_brand(name: str, data_dir: Path = DATA_DIR) -> str | None:
    """The short name a company goes by, or None.

    >>> [company_brand(name) for name in ("中国宝武钢铁集团有限公司", "华为技术有限公司", "龙源电力集团股份有限公司")]
    ['宝武', '华为', '龙源']
    >>> company_brand("上海市演出公司") is None  # a trade and a company form: no brand
    True
    >>> company_brand("上海电气集团股份有限公司"), company_brand("中国移动通信集团有限公司") is None
    ('上海电气', True)
    >>> company_brand("比亚迪股份有限公司"), company_brand("物业管理公司") is None
    ('比亚迪', True)
    >>> company_brand("德国巴斯夫集团"), company_brand("沙特电力公司") is None
    ('巴斯夫', True)
    """
    core = re.sub(r"^(?:中国|中华)", "", without_company_forms(_unbracket_group(name)))
    countries = word_list("countries", data_dir)  # 沙特电力公司: a country and a trade, no brand
    # a foreign company by its country first (德国巴斯夫集团): the brand follows the country
    core = next((core[k:] for k in (5, 4, 3, 2) if core[:k] in countries and len(core) - k >= 2), core)
    places = word_map("places", data_dir)
    world = word_map("world_places", data_dir)  # 荷兰国际集团: a country and a trade name no brand
    trades = sorted((*_BRAND_TRADES, *word_list("generic_trades", data_dir)), key=len, reverse=True)
    place = next((core[:k] for k in (4, 3, 2) if len(core) > k and core[:k] in places), "")
    if place and core[len(place):len(place) + 1] in {"市", "省"}:  # 深圳市大疆创新科技有限公司: the place in full
        place = core[:len(place) + 1]
    rest = core[len(place):]
    # Only a name made of a brand and its trade gives the brand (宝武 + 钢铁, 华为 + 技术); a name of one word and a
    # company form (上海市演出公司, 物业管理公司) names the trade itself
    trade_went = bool(place and rest in trades)
    if trade_went:
        rest = core  # 上海电气: a place and a trade alone are the brand
    changed = not trade_went
    while changed:
        changed = False
        for trade in trades:
            if rest.endswith(trade) and len(rest) - len(trade) >= 2:
                rest, changed, trade_went = rest[:-len(trade)], True, True
                break  # the longest trade first, again: 新能源 before 能源
    generic = word_list("generic_org_modifiers", data_dir)
    if not trade_went and (place or rest in trades or not 2 <= len(rest) <= 3):
        return None  # 上海市演出公司: a place and a trade; 物业管理公司: a trade alone
    # else a short name of its own and a company form (比亚迪股份有限公司, 腾讯公司): the name is the brand
    if (not 2 <= len(rest) <= 4 or rest in generic or rest in places or rest in world or rest in countries
            or rest in _NOT_BRANDS
            or not re.fullmatch(r"[\u4e00-\u9fff]+", rest) or _COUNTED.match(rest)):  # 一家…公司: a count
        return None
    return rest


def _company_brand_forms(name: str, data_dir: Path = DATA_DIR) -> tuple[str, ...]:
    """The short names a company may go by, longest first: its brand (:func:`company_brand`), and, where a
    place was taken off before it, the place and the brand together, up to four characters (宁德时代 of
    宁德时代新能源科技股份有限公司, whose brand alone, 时代, is a common word).

    >>> _company_brand_forms("宁德时代新能源科技股份有限公司"), _company_brand_forms("华为技术有限公司")
    (('宁德时代', '时代'), ('华为技术', '华为'))
    >>> _company_brand_forms("重庆长安汽车股份有限公司")
    ('长安汽车', '重庆长安', '长安')
    >>> _company_brand_forms("上海微电子装备（集团）股份有限公司")
    ('微电子装备', '上海微电子', '微电子')
    """
    brand = company_brand(name, data_dir)
    if brand is None:
        return ()
    core = _unbracket_group(name).removeprefix("中国").removeprefix("中华")
    places = word_map("places", data_dir)
    place = next((core[:k] for k in (3, 2) if core[:k] in places and core[k:].startswith(brand)), "")
    # the brand and its trade, without the place and the company form (长安汽车 of 重庆长安汽车股份有限公司)
    traded = without_company_forms(core)
    traded = traded[len(place):] if place else next(
        (traded[k:] for k in (3, 2) if traded[:k] in places and traded[k:].startswith(brand)), traded)
    with_trade = (traded,) if traded != brand and traded.startswith(brand) and 3 <= len(traded) <= 5 else ()
    # (a brand of three, 微电子, is a word of its own too: 上海微电子 of 上海微电子装备（集团）股份有限公司)
    if place and not place.endswith(("市", "省", "县", "区")) and len(place + brand) <= max(4, len(place) + 3):
        return (*sorted({place + brand, *with_trade}, key=lambda form: (-len(form), form != traded)), brand)
    return (*with_trade, brand)


@cache
def _city_names(data_dir: Path = DATA_DIR) -> frozenset[str]:
    """Full names of provinces, cities and counties (places.txt's canonical names, county_places)."""
    return frozenset({*word_map("places", data_dir).values(), *word_list("county_places", data_dir)})


def _without_leading_place(name: str, data_dir: Path = DATA_DIR) -> str:
    """``name`` without a province or city it starts with (浙江吉利控股集团 → 吉利控股集团), or as it is.

    >>> _without_leading_place("浙江吉利控股集团"), _without_leading_place("吉利控股集团")
    ('吉利控股集团', '吉利控股集团')
    """
    places = word_map("places", data_dir)
    return next((name[k:] for k in (3, 2) if name[:k] in places and len(name) - k >= 4), name)


def _place_and_head(name: str, data_dir: Path = DATA_DIR) -> bool:
    """Is ``name`` a place and an organisation head only (内蒙古大学, 上海医院), a full name of its own that a longer
    name with a field inserted (内蒙古农业大学) does not shorten?

    >>> _place_and_head("内蒙古大学"), _place_and_head("中国科技大学")
    (True, False)
    """
    matcher = entity_rule_matcher(data_dir)
    return any(name[:k] in matcher.places and name[k:] in matcher.org_heads for k in range(2, len(name) - 1))


_ACRONYM_INSIDE = re.compile(r"(.{2,})（([A-Za-z][A-Za-z0-9\-]{1,10})）(.{1,6})")
# What a place's full name adds to the name it goes by (深圳 → 深圳市, 大兴 → 大兴区, 浦东 → 浦东新区)
_PLACE_SUFFIXES = ("市", "区", "县", "新区", "自治州", "自治县", "镇", "乡")
# A project named after the company that owns it (长江存储科技有限责任公司 | 二期项目)
_OWNER_AND_PROJECT = re.compile(r"(?P<owner>[\u4e00-\u9fff（）]{2,}?(?:有限责任公司|股份有限公司|有限公司))"
                                r"(?P<project>[^，。、；\s]{2,})")
_SEAT_IN_BRACKETS = re.compile(r"（[\u4e00-\u9fff]{2,6}）")
_NOTICE_OPENING = re.compile(r"^关于(?:印发|转发|发布|公布)?")
# A committee's short form and its full one (管委会 = 管理委员会), and the kinds of zone a committee is named after
_COMMITTEE_FORMS = word_map("committee_short_forms")
_SHORT_COMMITTEES = tuple(_COMMITTEE_FORMS)
_SHORT_COMMITTEE = re.compile("(?:" + "|".join(map(re.escape, _SHORT_COMMITTEES)) + ")$")
_ZONE_KINDS = ("示范区", "新区", "开发区", "高新区", "自贸区", "自贸试验区", "合作区", "片区", "园区")
_LIMITED_FORM = re.compile(r"(?:有限责任公司|有限公司)$")
_SPECIFICATION = re.compile(r"[±×xX\d.]+(?:千伏|万千瓦|千瓦|兆瓦|MW|kV|KV|万吨|吨|米)?")


def _unit_by_group_short_name(short: str, names: set[str], data_dir: Path = DATA_DIR) -> list[str]:
    """The one name in ``names`` that writes the unit ``short`` names by its group's short name in full: the group's
    full name without its company form, the unit's own words, a company form (中国移动浙江公司 →
    中国移动通信集团浙江有限公司); else none.

    >>> _unit_by_group_short_name("中国移动浙江公司", {"中国移动通信集团浙江有限公司", "中国移动通信集团有限公司"})
    ['中国移动通信集团浙江有限公司']
    """
    table = abbreviations(data_dir)
    group = next((short[:k] for k in range(len(short) - 4, 1, -1) if short[:k] in table), None)
    if group is None or table[group].label != "ORG":
        return []
    own = short[len(group):-2]  # 浙江
    core = without_company_forms(table[group].canonical)  # 中国移动通信
    found = [n for n in names if n != short and n.startswith(core)
             and without_company_forms(n[len(core):]).removeprefix("集团") == own]
    return found if len(found) == 1 else []


def _home_length(name: str) -> int:
    """The length of the province or city ``name`` starts with, by its short name (上海国际港务集团 → 2), else 0.

    >>> _home_length("上海国际港务集团"), _home_length("中国宝武钢铁集团")
    (2, 0)
    """
    cities = _city_names()
    return _province_length(name) or (2 if name[:2] + "市" in cities else 0)


def _province_length(name: str, data_dir: Path = DATA_DIR) -> int:
    """The length of a province's short name ``name`` starts with (山东海阳核电站 → 2), else 0.

    >>> _province_length("山东海阳核电站"), _province_length("海阳核电站")
    (2, 0)
    """
    provinces = _province_short_names(data_dir)
    return next((k for k in (3, 2) if name[:k] in provinces and len(name) > k + 2), 0)


@cache
def _province_short_names(data_dir: Path = DATA_DIR) -> frozenset[str]:
    """Short names of provinces (山东, 内蒙古): places whose full name ends with 省 or 自治区."""
    return frozenset(short for short, full in word_map("places", data_dir).items()
                     if full.endswith(("省", "自治区")) and short != full)


def _core_length(name: str, label: str) -> int:
    """The length of a name without its figures and units (±800千伏, 2×660MW), which a short form leaves out.

    >>> _core_length("白鹤滩—江苏±800千伏特高压直流输电工程", "PROJECT"), _core_length("中国科学院", "ORG")
    (15, 5)
    """
    return len(_SPECIFICATION.sub("", name)) if label == "PROJECT" else len(name)


def local_full_form(name: str, short_forms: dict[str, str] | None = None) -> str:
    """A city's or province's body named by a short form (lexicon local_body_short_forms) in full.

    >>> local_full_form("上海市经济信息化委")
    '上海市经济和信息化委员会'
    >>> local_full_form("上海市生态环境局")
    '上海市生态环境局'
    """
    forms = short_forms if short_forms is not None else word_map("local_body_short_forms", DATA_DIR)
    at = next((k for k in range(2, min(len(name) - 1, 9)) if name[k] in "市省" and name[k + 1:] in forms), None)
    return name if at is None else name[:at + 1] + forms[name[at + 1:]]


def _lower_government(short: str, long: str) -> bool:
    """Is ``long`` the government of a place inside the one ``short`` governs (深圳市政府 → 深圳市福田区人民政府),
    another body, not a longer form of the same name?

    >>> _lower_government("深圳市政府", "深圳市福田区人民政府"), _lower_government("深圳市政府", "深圳市人民政府")
    (True, False)
    """
    return short.endswith("政府") and long.endswith("政府") and short.replace("人民", "") != long.replace("人民", "")


def _field_inserted(short: str, long: str) -> bool:
    """Is ``long`` the school, hospital, bank or institute ``short`` with a word put right before its head
    (四川大学华西医院 → 四川大学华西天府医院, 武汉大学 → 武汉理工大学): another body, a branch or a sister school,
    not a longer form of the same name? Other bodies are shortened so (小球中心 for 小球运动管理中心).

    >>> _field_inserted("四川大学华西医院", "四川大学华西天府医院")
    True
    >>> _field_inserted("国家体育总局小球中心", "国家体育总局小球运动管理中心")
    False
    >>> _field_inserted("中国银行内蒙古自治区分行", "中国农业银行内蒙古自治区分行")
    True
    """
    head = next((h for h in _FIELD_HEADS if short.endswith(h)), None)
    if head is not None and long.startswith(short[:-len(head)]) and long.endswith(head):
        return len(long) - len(short) >= 2
    # …or inside the name, before a unit of it (中国银行内蒙古自治区分行 → 中国农业银行内蒙古自治区分行: another bank's
    # branch)
    for h in _FIELD_HEADS:
        at = short.find(h)
        if (at > 0 and len(long) - len(short) >= 2 and long.startswith(short[:at])
                and long.endswith(short[at + len(h):])):
            inner = long[at:len(long) - (len(short) - at - len(h))]
            if inner.endswith(h) and len(inner) > len(h) and at + len(h) < len(short):
                return True
    return False


_FIELD_HEADS = ("大学", "学院", "医院", "银行", "研究院", "研究所", "中学", "小学", "出版社")


def _unit_of(short: str, long: str) -> bool:
    """Is ``long`` a unit or subsidiary named after the organisation ``short`` (its name without the company form,
    then a name of its own), not a longer form of the same name?

    >>> _unit_of("中国船舶集团有限公司", "中国船舶集团海装风电股份有限公司")
    True
    >>> _unit_of("晋能保德公司", "晋能保德煤电有限公司")
    False
    >>> _unit_of("全国人民代表大会常务委员会", "全国人民代表大会常务委员会法制工作委员会")
    True
    """
    if long.startswith(short) and len(unit := long[len(short):]) >= 2 and not COMPANY_FORM.search(unit) and (
            unit.endswith(_unit_heads(DATA_DIR))):
        return True  # 全国人民代表大会常务委员会 | 法制工作委员会: a unit named in full after its parent
    core = COMPANY_SUFFIX.sub("", short)
    core = core[:-2] if core.endswith("集团") and len(core) > 4 else core
    rest = COMPANY_SUFFIX.sub("", long[len(core):]) if long.startswith(core) else ""
    return short.endswith(("集团有限公司", "集团公司", "集团股份有限公司")) and len(rest.removeprefix("集团")) >= 2


def _shortens(short: str, long: str, core_length: int) -> bool:
    """Is ``short`` a shortened form of ``long`` (same first and last two characters, its characters in order, at
    least 0.6 of ``core_length``, the long name's length without what a short form leaves out)?

    >>> _shortens("晋能保德超超临界低热值煤发电工程", "晋能保德2×660MW超超临界低热值煤发电工程", 19)
    True
    """
    return (len(long) > len(short) >= 0.6 * core_length and long[0] == short[0] and long[-2:] == short[-2:]
            and _is_subsequence(short, long))


def _is_subsequence(short: str, long: str) -> bool:
    """Are the characters of ``short`` in ``long``, in order?

    >>> _is_subsequence("晋能保德发电工程", "晋能保德2×660MW发电工程")
    True
    """
    it = iter(long)
    return all(ch in it for ch in short)
