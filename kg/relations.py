"""Relations between the entities of a sentence, from cue patterns kept in ``kg/data/relation_rules.jsonl``.

Each sentence is *masked*: every entity (and every resolved anaphor such as 该项目 or 该公司) becomes a token
``⟨LABEL#n⟩``, so a rule is an ordinary regular expression over entity tokens and cue words:
``(?P<head>{ORGS}){G6}(?:投资|出资)…(?P<tail>{PROJECTS})``. Coordinated lists (A、B和C) fill one group and
each member gets the relation. Three rule kinds need code beyond a regex: ``title_chain`` (生态环境部新闻发言人
刘友宾 → affiliated_with), ``name_containment`` (中国科学院沈阳自动化研究所 → part_of 中国科学院) and ``topic``
(a sentence that names a goal or project but no actor: the article's main actor is meant, at low confidence).

>>> from kg.pipeline import build_nlp
>>> nlp = build_nlp(statistical_ner=False)
>>> doc = nlp("由国网电动汽车公司投资、国网智慧能源交通技术创新中心负责研发的"
...           "国内首艘纯电池动力集装箱船在江苏泰州开工建造。")
>>> sorted((r.head, r.relation, r.tail) for r in doc._.relations)  # doctest: +NORMALIZE_WHITESPACE
[('国内首艘纯电池动力集装箱船', 'located_in', '江苏泰州'),
 ('国网智慧能源交通技术创新中心', 'leads', '国内首艘纯电池动力集装箱船'),
 ('国网电动汽车公司', 'invests_in', '国内首艘纯电池动力集装箱船')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.clean import BYLINE_MARKS
from kg.entities import (
    COMPANY_HEADS,
    EntityRuleMatcher,
    doc_text,
    entity_rule_matcher,
    entity_spans,
    without_company_forms,
)
from kg.lexicon import (
    DATA_DIR,
    abbreviations,
    char_table,
    expand_fragments,
    fragments,
    literal_alternation,
    rules,
    word_list,
)
from kg.normalise import COMPANY_SUFFIX, company_brand, local_full_form
from kg.split import split_sentences

# A stronger relation between the same pair makes the weaker one redundant (负责研发: leads, not also
# participates_in). Investing is no stronger form of taking part: 投资建设 says both (the held-out gold of s33–s34
# gives both), 投资 alone gives no participates_in cue.
SUBSUMES: dict[str, tuple[str, ...]] = {"participates_in": ("leads", "issues")}
# Allowed (head labels, tail labels) per relation: the contract of ANNOTATION.md.
SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "invests_in": (frozenset({"ORG"}), frozenset({"PROJECT"})),
    "leads": (frozenset({"ORG", "PERSON"}), frozenset({"PROJECT"})),
    "participates_in": (frozenset({"ORG", "PERSON"}), frozenset({"PROJECT"})),
    "pursues": (frozenset({"ORG", "PROJECT"}), frozenset({"GOAL"})),
    "issues": (frozenset({"ORG"}), frozenset({"POLICY", "PROJECT"})),
    "collaborates_with": (frozenset({"ORG"}), frozenset({"ORG"})),
    "part_of": (frozenset({"ORG"}), frozenset({"ORG"})),
    "affiliated_with": (frozenset({"PERSON"}), frozenset({"ORG"})),
    "located_in": (frozenset({"ORG", "PROJECT"}), frozenset({"LOC"})),
}

if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)


@dataclass(frozen=True)
class Mention:
    """An entity mention (or resolved anaphor) as the relation rules see it."""

    start: int
    end: int
    label: str
    canonical: str
    anaphor: bool = False


@dataclass(frozen=True)
class Relation:
    head: str
    head_label: str
    relation: str
    tail: str
    tail_label: str
    confidence: float
    rule: str
    sent_start: int
    sent_end: int


# Heads of the units a well-known body has inside it (中国科学院 + …研究所); committees of a congress and
# the like are named with the body too but are organs, not units, so they are left to explicit cues.
_SUBUNIT_HEADS = tuple(sorted(word_list("subunit_heads")))
# A company's units: the units of any body, and the committees and divisions of a company (腾讯医疗健康技术委员会)
_COMPANY_UNIT_HEADS = (*_SUBUNIT_HEADS, "委员会", "事业部", "事业群", "研究院")
#: A body's general office (国务院办公厅, 浙江省人民政府办公厅): a unit of it, though its name is only a head.
_GENERAL_OFFICES = ("办公厅", "办公室")
_COMPANY_FORMS = re.compile(r"(?:[（(]?集团[）)]?)?(?:股份有限公司|有限责任公司|有限公司|总公司|公司)|[（(]?集团[）)]?")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
_TOKEN = re.compile(r"⟨([A-Z]+)#(\d+)⟩")
# A signature's date on a line of its own: 2021年2月2日, 二〇二一年二月二日
_SIGNATURE_DATE = re.compile(r"(?m)^[ \t\u3000]*(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月"
                             r"[\d一二三四五六七八九十]{1,3}日[ \t\u3000]*$")


# What may follow a document's title on its line: nothing, or its number (国发〔2021〕4号)
_TITLE_LINE_REST = re.compile(r"(?:[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号)?")


def _line_at(text: str, position: int) -> str:
    """The line of ``text`` that holds ``position``."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start:end if end >= 0 else len(text)]
_ANAPHORS = {
    # 该项目; or a bare 项目/工程 opening a clause, before what a project does or is (工程投运后, 项目位于)
    "PROJECT": re.compile(r"该(?:项目|工程|船|舰|计划|专项|平台|系统|装置|机组|电站|示范工程|方案|行动|卫星|望远镜|药"
                          r"|探测器|设施|邮轮|客机|飞机|火箭|潜水器|列车|芯片|原型机|计算机"
                          r"|示范线|线路|铁路|高铁|公路|大桥|隧道|管道|枢纽|水库|基地|园区|航线|站|馆"
                          r"|观测网|监测网|网络|示范区|产业园|总部)"
                          r"|(?:本次|此次|该次)(?:科学考察|考察|科考)"
                          r"|(?<![\u4e00-\u9fff])(?:示范工程|主体工程|[一二三四五六七八九十]期(?:工程|项目)|项目|工程|专项|航次|电站|水电站|核电站"
                          r"|行动计划|行动方案)"
                          r"(?=[\u4e00-\u9fff]{0,3}(?:由|被|获|采用|创|于|已|将|预计|是|为|研发|团队|投运|投产|建成|竣工"
                          r"|位于|全长|落成|落户|开工|总投资|总装机|装机|占地|设计|规划))"
                          # or right after an actor's verb, before the work on it (负责工程建设运营)
                          r"|(?:(?<=负责|承担|牵头|参与|参加)|(?<=参与了|承担了|参加了))(?:项目|工程)"
                          r"(?=的?(?:建设|实施|运营|设计|施工|研发|管理|研究|总承包|监理|执行))"
                          # or a body's role in it (X是项目业主), or what a body supplies it with (X为项目提供风电机组)
                          r"|(?<=[是为])(?:项目|工程)(?=业主|法人|建设单位|总承包)"
                          r"|(?<=为)(?:该)?(?:项目|工程|示范工程)(?=(?:建设)?(?:提供|供应|供货|投入))"
                          # or 这是, saying what the project named before is (这是我国首个万吨级光伏绿氢示范项目，由…)
                          r"|(?<![\u4e00-\u9fff])这(?:也|还)?是(?=(?:我国|国内|全国|全球|世界|中国)?(?:首|最)"
                          r"[^，。；！？]{0,20}(?:项目|工程|电站|船|装置|平台))"),
    # 该条例; or a bare 规划/条例 opening a clause before who made it (条例由省人大常委会审议通过)
    "POLICY": re.compile(r"该(?:规划|方案|条例|法|意见|办法|通知|决定|纲要|标准)"
                         r"|(?<![\u4e00-\u9fff])(?:规划|方案|条例|意见|办法|纲要)(?=由)"),
    # 该公司; or a bare 实验室/研究院 opening a clause before its plans (实验室将围绕…开展研究)
    "ORG": re.compile(r"该(?:公司|集团|中心|院|所|校|大学|企业|机构|单位|部门|局|委|联盟|协会|实验室|行)"
                      r"|(?<![\u4e00-\u9fff])(?:实验室|研究院|研究所|研究中心|创新中心|公司|集团|学校)(?=将|已|于|是|由|还|主要|重点)"
                      # (or before its head's title: 实验室主任王坚院士介绍)
                      r"|(?<![\u4e00-\u9fff])(?:实验室|研究院|研究所|研究中心|创新中心)(?=主任|院长|所长|副主任|副院长|副所长|首席科学家)"),
}


_LISTED_BEFORE = re.compile(r"(?:⟨[A-Z]+#\d+⟩、)+$")


def _listed_before(masked: str, position: int) -> int:
    """How many entity tokens, each followed by 、, stand right before ``position`` in ``masked``.

    >>> _listed_before("⟨ORG#0⟩、⟨ORG#1⟩、⟨ORG#2⟩联合", 16)
    2
    """
    m = _LISTED_BEFORE.search(masked, max(0, position - 400), position)
    return m.group().count("⟩") if m else 0


def _label_alt(labels: str) -> str:
    return "(?:" + "|".join(labels.split("|")) + ")"


class RelationRules:
    """Compile the relation rules once; :meth:`extract` runs them over one document's sentences."""

    def __init__(self, data_dir: Path = DATA_DIR, rules_name: str = "relation_rules") -> None:
        self.data_dir = data_dir
        self.titles = word_list("titles", data_dir)
        self.abbr = abbreviations(data_dir)
        title_alt = literal_alternation(self.titles)
        self.title_re = re.compile(title_alt)
        # 生态环境部党组书记, 科技部办公厅副主任, …中心成果转化处处长: a unit or modifier may stand before the title.
        self.title_after_unit = re.compile(rf"(?:党组|党委)?[\u4e00-\u9fff]{{0,6}}?(?:{title_alt})")
        self.rules: list[dict[str, Any]] = []
        # The authors' bylines of the document being read, each (where it starts, its persons), in text order.
        self.bylines: list[tuple[int, list[Mention]]] = []
        all_rules = rules(rules_name, data_dir)
        # Fragments: guards several rules share, each written once and named in patterns as {@name}
        shared = fragments(all_rules)
        for rule in all_rules:
            if "fragment" in rule:
                continue
            compiled = dict(rule)
            try:
                if "pattern" in rule:
                    compiled["regex"] = re.compile(self._expand(rule["pattern"], title_alt, shared))
                if rule.get("project_tail_regex"):  # a project tail must be so named: a plan is issued, a product not
                    compiled["project_tail_re"] = re.compile(rule["project_tail_regex"])
                if rule.get("head_name_regex"):  # only heads so named: a company owns the project named after it
                    compiled["head_name_re"] = re.compile(rule["head_name_regex"])
                if rule.get("kind") == "topic":
                    compiled["cue_re"] = re.compile(rule["cue"])
                    if rule.get("tail_name_regex"):  # only tails so named: a plan (…行动方案) among projects
                        compiled["tail_name_re"] = re.compile(rule["tail_name_regex"])
            except re.error as err:  # one line naming the file and the rule, not a traceback
                raise ValueError(f"{data_dir / rules_name}.jsonl: rule {rule.get('id')!r} has a bad pattern: {err}"
                                 ) from None
            if rule.get("relation") not in SIGNATURES:
                raise ValueError(f"{data_dir / rules_name}.jsonl: rule {rule.get('id')!r} names an unknown relation "
                                 f"{rule.get('relation')!r} (known: {', '.join(SIGNATURES)})")
            # The labels a sentence must name for the rule to give a fact there (see extract): the tail is always
            # one of the sentence's entities, and so is a pattern's head group, where the pattern has one.
            heads, tails = SIGNATURES[rule["relation"]]
            needs_head = rule.get("kind", "pattern") == "pattern" and "head" in compiled["regex"].groupindex
            compiled["needs"] = (heads if needs_head else None, tails)
            self.rules.append(compiled)

    @cached_property
    def _needs(self) -> list[tuple[frozenset[str] | None, frozenset[str]]]:
        """The distinct (head labels, tail labels) the rules need, in first-use order."""
        return list(dict.fromkeys(rule["needs"] for rule in self.rules))

    @cached_property
    def _plan(self) -> list[tuple[dict[str, Any], int, list[str] | None, str]]:
        """Each rule with the index of its needs in :attr:`_needs`, its cue words and its kind, in rule order."""
        index = {needs: i for i, needs in enumerate(self._needs)}
        return [(rule, index[rule["needs"]], rule.get("cues"), rule.get("kind", "pattern")) for rule in self.rules]

    @cached_property
    def _known_canonicals(self) -> frozenset[str]:
        return frozenset(a.canonical for a in self.abbr.values())

    @staticmethod
    def _expand(pattern: str, title_alt: str, shared: dict[str, str] | None = None) -> str:
        def entity(m: re.Match[str]) -> str:
            labels, plural = m.group(1), m.group(2) == "S"
            one = rf"⟨{_label_alt(labels)}#\d+⟩"
            # 将与, 拟与, 会同, 联合: A will, with B, … (A将与B共同建设P, A会同B开展…, 由A联合B共同建设的P): both
            # are the list's actors
            # and a member's short name in brackets stays in the list (沙特阿拉伯国家石油公司（沙特阿美）、…)
            # (or the short name it defines: 中国科学院大连化学物理研究所（以下简称大连化物所）提供技术支撑)
            member = rf"{one}(?:（(?:以下简称|下称|简称)?[：:]?“?{one}”?）)?"
            return rf"{member}(?:(?:、|和|与|及|以及|，|将与|拟与|会同|将会同|联合|携手)?{member})*" if plural else one

        pattern = expand_fragments(pattern, shared or {})
        pattern = re.sub(r"\{G(\d+)\}", lambda m: rf"[^⟨⟩。；！？]{{0,{m.group(1)}}}?", pattern)
        pattern = re.sub(r"\{X(\d+)\}", lambda m: rf"[^。；！？]{{0,{m.group(1)}}}?", pattern)
        # {XG40}: the same gap, greedy: the last cue of the sentence instead of the first
        pattern = re.sub(r"\{XG(\d+)\}", lambda m: rf"[^。；！？]{{0,{m.group(1)}}}", pattern)
        # {L8}: a short gap that may name a place (国华投资公司在内蒙古投资建设…) but no other actor
        pattern = re.sub(r"\{L(\d+)\}", lambda m: rf"(?:[^⟨⟩。；！？]|⟨LOC#\d+⟩){{0,{m.group(1)}}}?", pattern)
        pattern = pattern.replace("{TITLE}", f"(?:{title_alt})")
        # {ORG}, {ORGS}, {ORG|PERSON}, {ORG|PERSONS}: the trailing S of the last label marks a list.
        return re.sub(r"\{((?:[A-Z]+\|)*[A-Z]+?)(S?)\}", entity, pattern)

    # -- masking ---------------------------------------------------------------------------------------------
    @staticmethod
    def mask(text: str, start: int, end: int, mentions: list[Mention],
             starts: list[int] | None = None) -> tuple[str, list[Mention]]:
        """The sentence ``text[start:end]`` with mentions replaced by ``⟨LABEL#i⟩`` tokens.

        ``mentions`` are sorted by start; ``starts`` (their start offsets) lets a long document find each
        sentence's mentions by bisection instead of a scan."""
        if starts is None:
            starts = [m.start for m in mentions]
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        inside = [m for m in mentions[lo:hi] if m.end <= end]
        parts: list[str] = []
        pos = start
        for i, m in enumerate(inside):
            parts.append(text[pos:m.start])
            parts.append(f"⟨{m.label}#{i}⟩")
            pos = m.end
        parts.append(text[pos:end])
        return "".join(parts), inside

    # -- extraction -----------------------------------------------------------------------------------------
    def extract(self, text: str, mentions: list[Mention], topics: dict[str, Mention] | None = None) -> list[Relation]:
        found: dict[tuple[str, str, str], Relation] = {}
        self.bylines = bylines(text, mentions)
        sentences = list(split_sentences(text))
        mentions = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in mentions]
        for s_start, s_end in sentences:
            k = bisect_left(starts, s_start)
            if k == len(starts) or starts[k] >= s_end:
                continue  # a sentence naming no entity gives no fact: no masking, no rule to try
            masked, inside = self.mask(text, s_start, s_end, mentions, starts)
            # Where each pattern rule is tried: every entity token (one scan per sentence, not per rule).
            token_starts = sorted({m.start() for m in _TOKEN.finditer(masked)} | {0})
            labels = {m.label for m in inside}
            # _add keeps only facts whose labels fit the relation: a sentence without them gives none (decided
            # once per distinct pair of label sets, not once per rule)
            fits = [not labels.isdisjoint(tails) and (heads is None or not labels.isdisjoint(heads))
                    for heads, tails in self._needs]
            for rule, need, cues, kind in self._plan:
                if not fits[need]:
                    continue
                if cues is not None and not any(cue in masked for cue in cues):
                    continue  # none of the words the rule needs is in the sentence: no regex to run
                if kind == "pattern":
                    pairs: Iterable[tuple[Mention, Mention]] = self._pattern_pairs(rule, masked, inside,
                                                                                   token_starts, s_start)
                elif kind == "title_chain":
                    pairs = self._title_chain(rule, masked, inside)
                elif kind == "topic":
                    pairs = self._topic(rule, masked, inside, topics or {})
                else:
                    continue
                for head, tail in pairs:
                    self._add(found, rule, head, tail, s_start, s_end)
        containment = next((r for r in self.rules if r.get("kind") == "name_containment"), None)
        if containment:
            self._name_containment(containment, text, mentions, found, sentences)
        owner = next((r for r in self.rules if r.get("kind") == "named_after_owner"), None)
        if owner:
            self._named_after_owner(owner, mentions, found, sentences)
        signature = next((r for r in self.rules if r.get("kind") == "signature"), None)
        if signature:
            self._signature(signature, text, mentions, found)
        units = next((r for r in self.rules if r.get("kind") == "responsible_units"), None)
        if units and "单位" in text:
            self._responsible_units(units, text, mentions, found)
        return [r for r in found.values()
                if not any((r.head, stronger, r.tail) in found for stronger in SUBSUMES.get(r.relation, ()))]

    def _add(self, found: dict[tuple[str, str, str], Relation], rule: dict[str, Any], head: Mention,
             tail: Mention, s_start: int, s_end: int) -> None:
        relation = rule["relation"]
        heads, tails = SIGNATURES[relation]
        if head.label not in heads or tail.label not in tails or head.canonical == tail.canonical:
            return
        key = (head.canonical, relation, tail.canonical)
        if relation == "collaborates_with" and (tail.canonical, relation, head.canonical) in found:
            return
        old = found.get(key)
        if old is None or old.confidence < rule["confidence"]:
            found[key] = Relation(head.canonical, head.label, relation, tail.canonical, tail.label,
                                  float(rule["confidence"]), rule["id"], s_start, s_end)

    @staticmethod
    def _members(group: str, inside: list[Mention]) -> list[Mention]:
        return [inside[int(m.group(2))] for m in _TOKEN.finditer(group)]

    def _pattern_pairs(self, rule: dict[str, Any], masked: str, inside: list[Mention],
                       starts: list[int], s_start: int = 0) -> Iterator[tuple[Mention, Mention]]:
        regex: re.Pattern[str] = rule["regex"]
        # Try the rule at every entity token (``starts``) so overlapping facts in one sentence are all found.
        seen: set[tuple[int, int]] = set()
        for pos in starts:
            m = regex.search(masked, pos)
            if not m:
                break
            span = m.span()
            if span in seen:
                continue
            seen.add(span)
            if "head" in regex.groupindex:
                heads = self._members(m.group("head"), inside)
            else:  # (作者系中国科学院院士): the section's authors, named in the byline above it
                heads = self._byline_before(s_start) if rule.get("head_from") == "byline" else []
            tails = self._members(m.group("tail"), inside)
            if "head_name_re" in rule:
                heads = [h for h in heads if rule["head_name_re"].search(h.canonical)]
            if "project_tail_re" in rule:
                tails = [t for t in tails if t.label != "PROJECT" or rule["project_tail_re"].search(t.canonical)]
            if "max_members" in rule and len(tails) + 1 + _listed_before(masked, m.start("head")) > rule["max_members"]:
                continue  # 八部门联合印发: a long list of co-issuers names no partnership of each with each
            if rule.get("respectively"):  # 作者分别系A研究员、B院士: the n-th author is of the n-th body
                if len(heads) == len(tails):
                    yield from zip(heads, tails, strict=True)
                continue
            if len(tails) > 1 and "head" in regex.groupindex and "分别" in masked[
                    min(m.end("head"), m.end("tail")):max(m.start("head"), m.start("tail"))]:
                # A、B分别承建X和Y: the n-th does the n-th; a match of the list's tail (B alone) pairs nothing
                if len(heads) == len(tails):
                    yield from zip(heads, tails, strict=True)
                    continue
                if len(heads) > 1 or masked[m.start("head") - 1:m.start("head")] in ("、", "和", "与", "及"):
                    continue
            for h in heads:
                for t in tails:
                    yield h, t

    def _byline_before(self, position: int) -> list[Mention]:
        """The persons of the last byline that starts before ``position`` (an article's sections each have their
        own: ■庞忠和 汪集暘 … (作者分别系…) ■刘中民 … (作者系…)); else of the document's first byline."""
        before = [persons for start, persons in self.bylines if start < position]
        if before:
            return before[-1]
        return self.bylines[0][1] if self.bylines else []

    def _title_chain(self, rule: dict[str, Any], masked: str, inside: list[Mention]) -> Iterator[
            tuple[Mention, Mention]]:
        """ORG [titles, other ORGs, 、] PERSON: each ORG directly followed by a title is the person's. Persons
        listed right after one (中国工程院副院长陈左宁、钟志华、何华武) share its bodies."""
        previous_end, previous_orgs = -1, list[Mention]()
        for pm in re.finditer(r"⟨PERSON#(\d+)⟩", masked):
            person = inside[int(pm.group(1))]
            orgs = self._titled_orgs(rule, masked, pm.start(), inside)
            if not orgs and masked[previous_end:pm.start()] in {"、", "和", "及"}:
                orgs = previous_orgs
            for org in orgs:
                yield person, org
            previous_end, previous_orgs = pm.end(), orgs

    def _titled_orgs(self, rule: dict[str, Any], masked: str, lo: int, inside: list[Mention]) -> list[Mention]:
        """The bodies whose titles stand right before the person token at ``lo``."""
        window_start = max(0, lo - int(rule["max_gap"]) - 20)
        token_open = masked.rfind("⟨", 0, window_start)
        if token_open >= 0 and masked.find("⟩", token_open, window_start) < 0:
            window_start = token_open  # not from inside an entity's token
        window = masked[window_start:lo]
        cut = max(window.rfind(c) for c in "，。；：！？,")
        # another person's titles end at that person: 院长李晓红、工业和信息化部副部长辛国斌 (not 中国工程院's)
        other_person = window.rfind("⟨PERSON#")
        if other_person >= 0:
            cut = max(cut, window.index("⟩", other_person))
        window = window[cut + 1:]
        # 中国民用航空局（以下简称“民航局”）局长宋志勇: the short name defined in brackets stands between the body and
        # its title
        window = _ALIAS_DEFINED_TOKEN.sub("", window)
        # 上海科学技术交流中心成果转化处处长、上海市技术转移协会常务副会长、…副秘书长成晓建: a list of titled roles,
        # read from the person back while each one ends with a title; a role names at most one short unit
        # besides its bodies (成果转化处), else the list ends there.
        orgs: list[Mention] = []
        for role in reversed(window.split("、")):
            if not self._ends_with_title(role):
                break
            first_org = role.find("⟨ORG#")
            if first_org < 0:
                continue  # a title without a body (中国科学院副院长、党组成员张涛)
            role = role[first_org:]
            leftover = self.title_re.sub("", _TOKEN.sub("", role))
            leftover = re.sub(r"[和及党组委]", "", leftover)
            if len(leftover) > int(rule["max_leftover"]):
                break
            orgs[:0] = [inside[int(om.group(1))] for om in re.finditer(r"⟨ORG#(\d+)⟩", role)
                        if self.title_re.match(role, om.end()) or self.title_after_unit.match(role, om.end())]
        return orgs

    def _ends_with_title(self, window: str) -> bool:
        return window.endswith(self._entity_matcher.title_tuple)  # the same lexicon of the same data directory

    def _topic(self, rule: dict[str, Any], masked: str, inside: list[Mention], topics: dict[str, Mention]) -> Iterator[
            tuple[Mention, Mention]]:
        topic = next((topics[label] for label in rule["head_labels"] if label in topics), None)
        if topic is None:
            return
        if rule.get("tail_in_cue"):
            # 与⟨ORG⟩…签订: the tail sits in the cue; the actor is missing only if nothing precedes 与.
            for cue in rule["cue_re"].finditer(masked):
                if any(f"⟨{lab}#" in masked[:cue.start()] for lab in rule["head_labels"]):
                    continue
                for m in self._members(cue.group(), inside):
                    if m.label == rule["tail_label"]:
                        yield topic, m
            return
        actors = rule.get("actor_labels", ["ORG"])
        if any(m.label in actors if not m.anaphor else m.label in rule["head_labels"] for m in inside):
            return  # the sentence names its own actor (or refers back to one: 工程投运后…): pattern rules decide
        if _PLACE_ACTS.search(masked):
            return  # 龚正表示，上海将加快建设…: a place is the actor, no body the article names
        cue = rule["cue_re"].search(masked)
        if not cue:
            return
        # tail_after_cue: the fact is the cue's object (落实⟨PROJECT⟩), not a project that itself 完成s something
        tails = self._members(masked[cue.start():], inside) if rule.get("tail_after_cue") else inside
        tail_name = rule.get("tail_name_re")
        for m in tails:
            if m.label == rule["tail_label"] and not m.anaphor and (tail_name is None or tail_name.search(m.canonical)):
                yield topic, m

    def _name_containment(self, rule: dict[str, Any], text: str, mentions: list[Mention],
                          found: dict[tuple[str, str, str], Relation],
                          sentences: list[tuple[int, int]]) -> None:
        # (an outlet named only on a source line is nobody's parent: 来源：上海科技 … 上海科技大学)
        on_source_line: set[str] = set()
        elsewhere: set[str] = set()
        for m in mentions:
            if m.label == "ORG":
                placed = on_source_line if _SOURCE_LINE.search(text, max(0, m.start - 6), m.start) else elsewhere
                placed.add(m.canonical)
        outlets = on_source_line - elsewhere
        orgs = {m.canonical: m for m in mentions if m.label == "ORG" and not m.anaphor and m.canonical not in outlets}
        written = {text[m.start:m.end]: m.canonical for m in mentions if m.label == "ORG" and not m.anaphor
                   and m.canonical != text[m.start:m.end]}
        sentence_starts = [a for a, _ in sentences]
        known_bodies = self._known_canonicals
        by_first = self._org_abbreviations_by_first_char
        places = self._entity_matcher.places
        countries = self._entity_matcher.countries.words  # 克罗地亚队 is no unit of 克罗地亚
        # Only a name's first mention counts: later ones give the same facts at the same confidence, which
        # _add keeps as they are. Parents are looked up by prefix (linear in the name, not in the document).
        company_names = [(core, company) for company in orgs if (core := self._company_core(company))]
        seen: set[str] = set()
        for m in mentions:
            name = m.canonical
            if m.label != "ORG" or m.anaphor or name in seen:
                continue
            seen.add(name)
            if _OWN_SITE.search(name):
                continue  # 国家能源局网站: a body's website is its outlet, no unit of it
            if name.endswith("队") and not name.endswith(("大队", "支队", "中队", "分队", "小队")):
                continue  # 广东宏远队, 延边敖东队: a club's team is its sponsor's name, no unit of it
            # a place read as an organisation (中国 for the team) is no parent: 中国队, 韩国政府 are no units of it
            # …交易所有限责任公司 is the company form of …交易所 itself, no unit of it
            # and a company's own brand is the company, no parent of it (万科物业管理公司 is no unit of 万科)
            brand = company_brand(name) if COMPANY_SUFFIX.search(name) else None
            parents = [name[:k] for k in range(2, len(name)) if (name[:k] in orgs or name[:k] in written)
                       and name[:k] not in places and name[:k] not in countries
                       and not _COMPANY_FORMS.fullmatch(name, k) and name[:k] != brand
                       and not (name.startswith(_BUILDING_IT, k) and COMPANY_SUFFIX.search(name))]
            # (杭州奥体博览中心建设投资有限公司 builds the centre: a company set up for a work is no unit of it)
            # (a parent written by a short name the normaliser named in full: 上汽集团 → 上海汽车集团股份有限公司)
            parents = [p if p in orgs else written[p] for p in parents]
            # A known body's abbreviation at the start of the name: 中科院上海微系统所 → 中国科学院. A well-known
            # body is nobody's unit just because its name starts alike.
            company = _COMPANY_FIRST.match(name) if not parents else None
            if company is not None:
                # 中国石油天然气股份有限公司塔里木油田分公司: the company named in full before its branch
                parents = [company.group(1)]
            if name and name not in known_bodies and company is None:
                for known, canonical in by_first.get(name[0], ()):
                    rest = name[len(known):]
                    if (name.startswith(known) and len(rest) > 1 and rest.endswith(_SUBUNIT_HEADS)
                            # a two-character short name begins other names too (北大 | 北大荒…股份有限公司): a
                            # company after it is no unit of its body
                            and not (len(known) <= 2 and rest.endswith(COMPANY_HEADS))
                            # 国家电网公司 is no unit of 国家电网有限公司; 中国海油深圳分公司 is one, and so is a
                            # company with a name of its own (中国电建 + 海外投资有限公司)
                            and (not rest.endswith(COMPANY_HEADS) or rest.endswith(("分公司", "子公司"))
                                 or len(_COMPANY_FORM_END.sub("", rest)) >= 2)):
                        parents.append(canonical)
            parents += [company for core, company in company_names
                        if name != company and self._unit_of_company(name, core)]
            if not parents and name in known_bodies and name.endswith(_GENERAL_OFFICES):
                # 国务院办公厅 → 国务院: a known body's general office, where the text names the body in it (中办
                # does not)
                parents = self._office_parent(name, text[m.start:m.end])
            if not parents and name not in known_bodies:  # 中国银行保险监督管理委员会 is no unit of 中国银行
                inner = self._parent_inside(name, rule)
                if inner is not None and inner.endswith("医院") and name.startswith(_HOSPITAL_AGENCY, len(inner)):
                    continue  # 上海申康医院发展中心: an agency running hospitals, no unit of one
                if inner is None or (name.startswith(inner) and COMPANY_SUFFIX.search(name) and (
                        name.startswith(_BUILDING_IT, len(inner))
                        # 中铁第一勘察设计院集团有限公司: the institute in its company form, no unit of it
                        or _COMPANY_FORMS.fullmatch(name, len(inner)))):
                    continue
                short = self.abbr.get(inner)  # 国家能源集团宁夏煤业公司 → 国家能源投资集团有限责任公司
                # (江苏省人大常委会法制工作委员会 → 江苏省人民代表大会常务委员会, as the normaliser names it)
                parents = [short.canonical if short is not None and short.label == "ORG" else local_full_form(inner)]
            # the nearest parent only, where one holds another (全国人民代表大会常务委员会办公厅: the standing
            # committee, not also the congress, which the committee is part of)
            parents = [p for p in parents if not any(q != p and q.startswith(p) for q in parents)]
            s_start, s_end = _sentence_of(m, sentences, sentence_starts)
            for p in parents:
                parent = orgs.get(p, Mention(m.start, m.end, "ORG", p))
                self._add(found, rule, m, parent, s_start, s_end)

    def _named_after_owner(self, rule: dict[str, Any], mentions: list[Mention],
                           found: dict[tuple[str, str, str], Relation], sentences: list[tuple[int, int]]) -> None:
        """A work whose name starts with the short name of a company the article names (小米汽车工厂二期项目 and
        小米集团): the company owns or builds it, ``participates_in`` (ANNOTATION.md: "X的Y where X owns Y").

        >>> rules = RelationRules()
        >>> owner = next(r for r in rules.rules if r.get("kind") == "named_after_owner")
        >>> found = {}
        >>> names = [Mention(0, 4, "ORG", "小米集团"), Mention(9, 19, "PROJECT", "小米汽车工厂二期项目")]
        >>> rules._named_after_owner(owner, names, found, [(0, 30)])
        >>> list(found)
        [('小米集团', 'participates_in', '小米汽车工厂二期项目')]
        """
        places = self._entity_matcher.places
        brands: dict[str, Mention] = {}
        for m in mentions:
            if m.label != "ORG" or m.anaphor or not _COMPANY_FORM_END.search(m.canonical):
                continue
            core = _COMPANY_FORM_END.sub("", m.canonical)
            for brand in (core, company_brand(m.canonical) if COMPANY_SUFFIX.search(m.canonical) else None):
                if brand and 2 <= len(brand) <= 4 and brand not in places:
                    brands.setdefault(brand, m)
        if not brands:
            return
        sentence_starts = [a for a, _ in sentences]
        seen: set[str] = set()
        for m in mentions:
            if m.label != "PROJECT" or m.anaphor or m.canonical in seen:
                continue
            seen.add(m.canonical)
            for brand, org in brands.items():
                if m.canonical.startswith(brand) and len(m.canonical) - len(brand) >= 4:
                    s_start, s_end = _sentence_of(m, sentences, sentence_starts)
                    self._add(found, rule, org, m, s_start, s_end)

    def _responsible_units(self, rule: dict[str, Any], text: str, mentions: list[Mention],
                           found: dict[tuple[str, str, str], Relation]) -> None:
        """A plan's task with its units in brackets at the end of its paragraph ((二)实施“产业强链”三年行动计划。…
        （责任单位：省工业和信息化厅、省科技厅）): each unit leads the first project the paragraph names.

        >>> rules = RelationRules()
        >>> units = next(r for r in rules.rules if r.get("kind") == "responsible_units")
        >>> text = "（二）实施强链行动计划。聚焦集成电路。（责任单位：省科技厅）"
        >>> found = {}
        >>> rules._responsible_units(units, text, [Mention(5, 11, "PROJECT", "强链行动计划"),
        ...                                         Mention(25, 29, "ORG", "江苏省科学技术厅")], found)
        >>> list(found)
        [('江苏省科学技术厅', 'leads', '强链行动计划')]
        """
        for bracket in _RESPONSIBLE_UNITS.finditer(text):
            paragraph = text.rfind("\n", 0, bracket.start()) + 1
            task = next((m for m in mentions if m.label == "PROJECT" and not m.anaphor
                         and paragraph <= m.start and m.end <= bracket.start()), None)
            if task is None:
                continue
            for unit in mentions:
                if unit.label == "ORG" and not unit.anaphor and bracket.start() < unit.start < bracket.end():
                    self._add(found, rule, unit, task, paragraph, bracket.end())

    def _signature(self, rule: dict[str, Any], text: str, mentions: list[Mention],
                   found: dict[tuple[str, str, str], Relation]) -> None:
        """A document that opens with its own title (关于…的指导意见 on a line of its own, or before its number)
        and closes with its issuers' names, each on a line of its own, above a date (国务院 / 2021年2月2日):
        each issuer issues it."""
        title = next((m for m in mentions if m.label == "POLICY" and not m.anaphor
                      and m.start < int(rule.get("title_within", 200))
                      and _TITLE_LINE_REST.fullmatch(_line_at(text, m.start).strip().removeprefix(
                          text[m.start:m.end].strip()))), None)
        dates = list(_SIGNATURE_DATE.finditer(text, max(0, len(text) - int(rule.get("signature_within", 300)))))
        date = dates[-1] if dates else None  # the last one: the signature's
        if title is None or date is None:
            return
        block_start = text.rfind("\n\n", 0, date.start()) + 1  # the issuers stand in the block right above the date
        for m in mentions:
            if (m.label == "ORG" and not m.anaphor and block_start <= m.start < date.start()
                    and _line_at(text, m.start).strip() == text[m.start:m.end].strip()):
                self._add(found, rule, m, title, date.start(), date.end())

    def _company_core(self, company: str) -> str | None:
        """The name a company's units are named by: its name without the company form (腾讯公司 → 腾讯,
        国家电网有限公司 → 国家电网), where that is a name of 2 to 4 characters and not a place or a trade.

        >>> rules = RelationRules()
        >>> names = ("腾讯公司", "国家电网有限公司", "上海公司", "汽车公司", "中国科学院")
        >>> [rules._company_core(name) for name in names]
        ['腾讯', '国家电网', None, None, None]
        """
        if not company.endswith(COMPANY_HEADS):
            return None
        core = without_company_forms(company)
        if (not 2 <= len(core) <= 4 or not _HAN_ONLY.fullmatch(core) or core in self._entity_matcher.places
                or core in self._generic_trades):
            return None
        return core

    @cached_property
    def _generic_trades(self) -> frozenset[str]:
        return frozenset(word_list("generic_trades", self.data_dir))

    @staticmethod
    def _unit_of_company(name: str, core: str) -> bool:
        """Is ``name`` a unit a company named ``core`` has inside it: the company's name, then a name of the
        unit's own ending as units do (腾讯医疗健康技术委员会, 国家电网能源研究院), and no company itself
        (腾讯科技有限公司 may be the same company under its legal name)?

        >>> RelationRules._unit_of_company("腾讯医疗健康技术委员会", "腾讯")
        True
        >>> [RelationRules._unit_of_company(name, "腾讯") for name in ("腾讯科技有限公司", "腾讯滨海大厦")]
        [False, False]
        """
        rest = name[len(core):]
        return (name.startswith(core) and len(rest) >= 3 and rest.endswith(_COMPANY_UNIT_HEADS)
                and not rest.endswith(COMPANY_HEADS))

    def _office_parent(self, name: str, surface: str) -> list[str]:
        """The body whose general office ``name`` is, when the mention's ``surface`` spells the body out.

        >>> rules = RelationRules()
        >>> rules._office_parent("国务院办公厅", "国务院办公厅"), rules._office_parent("中共中央办公厅", "中办")
        (['国务院'], [])
        >>> rules._office_parent("中国共产党中央委员会办公厅", "中共中央办公厅")
        ['中国共产党中央委员会']
        """
        written = surface.replace("\n", "")
        for office in _GENERAL_OFFICES:
            body = name[: -len(office)]
            # the body is a known one or ends like one (国务院新闻 | 办公室 is no unit of a body named 国务院新闻)
            is_known = body in self._known_canonicals or body in self.abbr
            # (spelt out in full, or by its short name: 中共中央 | 办公厅 for 中国共产党中央委员会办公厅)
            short = self.abbr.get(written[: -len(office)]) if written.endswith(office) else None
            spelt = written.startswith(body) or (short is not None and short.canonical == body)
            if (name.endswith(office) and len(body) >= 2 and spelt
                    and (is_known or body.endswith(self._entity_matcher.long_org_heads))):
                known = self.abbr.get(body)
                return [known.canonical if known is not None else body]
        return []

    def _parent_inside(self, name: str, rule: dict[str, Any]) -> str | None:
        """The longest body named at the start of ``name`` and ending with an organisation head, where the rest
        is a unit with a name of its own (科研部, 环境监测分会, 建筑设计院（集团）有限公司) and ``name`` is no
        grouping of members (…创新联盟) and no company form of the same body (…集团股份有限公司); else None.

        >>> rules = RelationRules()
        >>> containment = next(r for r in rules.rules if r.get("kind") == "name_containment")
        >>> names = ("上海市环境科学学会环境监测分会", "上海汽车集团股份有限公司", "上海企业技术中心创新联盟")
        >>> [rules._parent_inside(name, containment) for name in names]
        ['上海市环境科学学会', None, None]
        """
        if name.endswith(tuple(rule.get("member_heads", ()))):
            return None
        matcher = self._entity_matcher
        for k in range(len(name) - 2, int(rule.get("min_parent", 4)) - 1, -1):
            parent, rest = name[:k], name[k:]  # rest: two characters or more
            # a body named inside another's name ends with a head of two characters or more
            # (一个名字包含另一个: 上海市教育委员会科技发展中心 → 上海市教育委员会), and that head begins no word
            # with what follows (政治协商会 | 议: 会议)
            office = rest in _GENERAL_OFFICES and parent.endswith(("政府", "委员会"))  # 省人民政府 | 办公厅
            if (parent.endswith(matcher.long_org_heads) and (rest not in matcher.org_heads or office)
                    and rest[:1] not in "（(）)" and not matcher.head_begins_word(parent, rest[0])):
                return self._name_at_end(parent)
        return None

    @cached_property
    def _entity_matcher(self) -> EntityRuleMatcher:
        return entity_rule_matcher(self.data_dir)

    def _name_at_end(self, parent: str) -> str | None:
        """The organisation the entity rules read at the end of ``parent`` standing alone: all of it, or its
        tail past a verb (四年之后升入中央美术学院 → 中央美术学院); None where they read none (迫使公司)."""
        found = [(t, label) for t, label, _ in self._entity_matcher.find(parent)]
        if found and found[-1][1] == "ORG" and parent.endswith(found[-1][0]) and len(found[-1][0]) >= 3:
            return found[-1][0]
        return None

    @cached_property
    def _org_abbreviations_by_first_char(self) -> dict[str, list[tuple[str, str]]]:
        """(alias or canonical name, canonical name) of every ORG abbreviation, by the name's first character,
        in the alias table's order."""
        index: dict[str, list[tuple[str, str]]] = {}
        for alias, abbr in self.abbr.items():
            if abbr.label == "ORG":
                for known in (alias, abbr.canonical):
                    if known:
                        index.setdefault(known[0], []).append((known, abbr.canonical))
        return index


def doc_mentions(doc: Doc) -> list[Mention]:
    """Entity mentions of ``doc`` plus anaphors (该项目, 该公司) resolved to the nearest earlier entity."""
    text = doc_text(doc)
    # a person named in a doctrine's name (贯彻习近平生态文明思想) does nothing in the sentence: no actor
    mentions = [Mention(e.start_char, e.end_char, e.label_, e._.canonical or e.text) for e in entity_spans(doc)
                if e.label_ != "PERSON" or not _DOCTRINE_AFTER.match(text, e.end_char)]
    anaphors: list[Mention] = []
    starts = [e.start for e in mentions]  # entities do not overlap, so the one before a position is the only candidate
    for label, pattern in _ANAPHORS.items():
        for m in pattern.finditer(text):
            k = bisect_right(starts, m.start()) - 1
            if k >= 0 and mentions[k].start <= m.start() < mentions[k].end:
                continue
            antecedent = _antecedent(mentions, label, m.start(), m.group().removeprefix("该"),
                                     bare=label == "ORG" and not m.group().startswith("该"), text=text)
            if antecedent is not None:
                anaphors.append(Mention(m.start(), m.end(), label, antecedent.canonical, anaphor=True))
    anaphors += _both_parties(text, mentions)
    return sorted(mentions + anaphors, key=lambda m: m.start)


_PARTIES = re.compile(r"(?<!第)([双三四])方")  # (第三方 is a third party, none of them)
_ALIAS_DEFINED_TOKEN = re.compile(r"（(?:以下简称|下称|简称)[：:]?“?⟨ORG#\d+⟩”?）")
_PARTY_COUNT = {"双": 2, "三": 3, "四": 4}
_BUILDING_IT = ("建设", "投资", "开发", "运营", "管理")
# A place as a clause's subject, acting (上海将…, 浙江要…, 深圳正…)
_PLACE_ACTS = re.compile(r"⟨LOC#\d+⟩(?:将|要|正|已|还|也|坚持|加快|努力|积极|全力|力争|着力|近日|日前|发布|印发"
                         r"|出台|制定|颁布|启动|实施)")
_DOCTRINE_AFTER = re.compile(r"(?:新时代中国特色社会主义|生态文明|经济|法治|外交|强军|文化)?思想")
_RESPONSIBLE_UNITS = re.compile(r"[（(](?:牵头|责任|主要责任|负责)单位[：:][^（）()\n]{2,120}[）)]")
_PARTNER_JOIN = re.compile(r"(?:（[^（）]{1,12}）)?[与和同]")
_LISTED_PARTNER_JOIN = re.compile(r"(?:（[^（）]{1,16}）)?[与和同、及]")


def _both_parties(text: str, mentions: list[Mention]) -> list[Mention]:
    """双方 (both sides) after two organisations joined by 与/和/同 within the few sentences before it, and 三方/四方
    after three or four listed ones (A与B、C签署协议，三方将…): one anaphor per side, at the same place, so that
    双方将共同推进X gives each side's fact.

    >>> orgs = [Mention(0, 4, "ORG", "国家电网"), Mention(5, 9, "ORG", "南方电网")]
    >>> [m.canonical for m in _both_parties("国家电网与南方电网签署协议。根据协议，双方将共同推进工程建设。", orgs)]
    ['国家电网', '南方电网']
    >>> orgs = [Mention(0, 4, "ORG", "厦门大学"), Mention(5, 8, "ORG", "三海所"), Mention(9, 13, "ORG", "中国海油")]
    >>> [m.canonical for m in _both_parties("厦门大学与三海所、中国海油签署协议，三方将共建示范工程。", orgs)]
    ['厦门大学', '三海所', '中国海油']
    """
    found: list[Mention] = []
    orgs = [m for m in mentions if m.label == "ORG"]
    for parties in _PARTIES.finditer(text):
        n = _PARTY_COUNT[parties.group(1)]
        sides: list[Mention] | None = None
        for k in range(len(orgs) - n + 1):
            run = orgs[k:k + n]
            if run[-1].end > parties.start():
                break
            if (parties.start() - run[0].start <= 200 and len({m.canonical for m in run}) == n
                    and _PARTNER_JOIN.fullmatch(text, run[0].end, run[1].start)
                    and all(_LISTED_PARTNER_JOIN.fullmatch(text, a.end, b.start) for a, b in pairwise(run[1:]))):
                sides = run
        if sides is not None:
            found += [Mention(parties.start(), parties.end(), "ORG", side.canonical, anaphor=True) for side in sides]
    return found


_BYLINE = re.compile(r"(?:作者|文|记者|撰文|通讯员)\s*[：:/｜|]?\s*$")
# A section's byline in a page of several authors' pieces: a line of names after a mark (■庞忠和 汪集暘).
_SECTION_BYLINE = re.compile(rf"[ \t\r\u3000]*[{BYLINE_MARKS}][ \t\u3000、，,\u4e00-\u9fff]*")
_BETWEEN_AUTHORS = re.compile(r"[ \t\u3000、，,和]+")


def bylines(text: str, mentions: list[Mention]) -> list[tuple[int, list[Mention]]]:
    r"""The bylines of ``text``: (where each starts, its persons), in text order. A byline names its persons after
    作者：, 文/, 记者 or 通讯员, or on a line of names after a mark (■庞忠和 汪集暘); the names that follow the
    first one on its line, separated only by spaces, 、 or 和, are its co-authors.

    >>> text = "■庞忠和 汪集暘\n正文。记者 张三"
    >>> ms = [Mention(1, 4, "PERSON", "庞忠和"), Mention(5, 8, "PERSON", "汪集暘"), Mention(15, 17, "PERSON", "张三")]
    >>> [(start, [m.canonical for m in persons]) for start, persons in bylines(text, ms)]
    [(1, ['庞忠和', '汪集暘']), (15, ['张三'])]
    """
    groups: list[tuple[int, list[Mention]]] = []
    last: Mention | None = None
    for m in mentions:
        if m.label != "PERSON" or m.anaphor:
            continue
        if (last is not None and groups and _BETWEEN_AUTHORS.fullmatch(text, last.end, m.start)
                and "\n" not in text[last.end:m.start]):
            groups[-1][1].append(m)
        elif _BYLINE.search(text[max(0, m.start - 6):m.start]) or _SECTION_BYLINE.fullmatch(
                text, text.rfind("\n", 0, m.start) + 1, m.start):
            groups.append((m.start, [m]))
        else:
            last = None
            continue
        last = m
    return groups


# 该校 names a 大学/学院, 该院 a …院, 该船 a …船: the anaphor's noun, as the end of its antecedent's name.
_ANAPHOR_HEADS = {noun: tuple(heads.split()) for noun, heads in char_table("anaphor_heads").items()}


def _antecedent(mentions: list[Mention], label: str, before: int, noun: str = "",
                bare: bool = False, text: str = "") -> Mention | None:
    """The nearest earlier entity of ``label`` whose name ends with the anaphor's noun (该中心 → …中心), else
    the nearest earlier one of the label; None where none is earlier (该项目 refers back, never forward). A bare
    noun opening a clause (研究院将…) names the article's subject of that kind: the most mentioned one, the first
    of those (not 中国科学院合肥物质科学研究院 listed among the bodies a new 能源研究院 relies on)."""
    earlier = [m for m in mentions if m.label == label and m.end <= before and not m.anaphor]
    heads = _ANAPHOR_HEADS.get(noun, (noun,)) if noun else ()
    # (a department's mention stands for its school: 西南师范大学历史系 … 该校 → 西南师范大学)
    candidates = (m if m.canonical.endswith(heads) else _school_of(m) for m in earlier) if heads else ()
    matching = [m for m in candidates if m.canonical.endswith(heads)]
    if matching and bare:
        counts = Counter(m.canonical for m in matching)
        return max(matching, key=lambda m: (counts[m.canonical], -m.start))
    if bare and heads:
        return None  # 研究所所长张太江: a bare 研究所 names no body the text named otherwise (not 卡迪拉克)
    if matching:
        return _subject_of_copula(matching, text)
    if noun in _WORK_NOUNS:  # 工程 after 漳州核电项目 … “华龙一号”…机组: the last work, not the design it uses
        # (or a station, line or bridge: 卡洛特水电站…是“中巴经济走廊”首个…项目。项目由…: the station, not the corridor)
        works = [m for m in earlier if m.canonical.endswith(_WORK_NOUNS + _BUILT_WORK_ENDS)]
        if works:
            return works[-1]
    if text and len(noun) == 1 and label == "PROJECT":
        # 科考船“东方红3”号 … 该船: the name the text calls by that noun, right before or after it
        called = [m for m in earlier if noun in text[max(0, m.start - 3):m.start] or noun in text[m.end:m.end + 3]]
        if called:
            return called[-1]
    if earlier:
        return earlier[-1]
    return None


def _sentence_of(m: Mention, sentences: list[tuple[int, int]], starts: list[int]) -> tuple[int, int]:
    """The bounds of the sentence holding ``m`` (``starts``: the sentences' starts), else the mention's own.

    >>> _sentence_of(Mention(12, 14, "ORG", "甲乙"), [(0, 10), (10, 20)], [0, 10])
    (10, 20)
    """
    k = bisect_right(starts, m.start) - 1
    return sentences[k] if k >= 0 and m.start < sentences[k][1] else (m.start, m.end)


_WORK_NOUNS = ("项目", "工程")
_BUILT_WORK_ENDS = ("电站", "铁路", "高铁", "大桥", "隧道", "机场", "码头", "港区", "管道", "运河", "水库", "枢纽",
                    "基地")
_COPULA_BETWEEN = re.compile(r"(?:也|还|就|则)?是[^，。；！？\n]*")


def _subject_of_copula(matching: list[Mention], text: str) -> Mention:
    """The last of ``matching``, or the subject its clause says it is (引江补汉工程是南水北调后续工程首个开工项目 …
    工程全线位于湖北省: the anaphor names 引江补汉工程, not the programme it belongs to)."""
    last = matching[-1]
    for earlier in reversed(matching[:-1]):
        if text and _COPULA_BETWEEN.fullmatch(text, earlier.end, last.start):
            last = earlier
        else:
            break
    return last


_DEPARTMENT_OF_SCHOOL = re.compile(r"(?:大学|学院)[\u4e00-\u9fff]{2,12}系$")


def _school_of(m: Mention) -> Mention:
    """The school a department (西南师范大学历史系) belongs to, as the mention 该校 refers back to; else ``m``."""
    school = _DEPARTMENT_OF_SCHOOL.search(m.canonical)
    if school is None:
        return m
    return Mention(m.start, m.end, m.label, m.canonical[:school.start() + 2], anaphor=m.anaphor)


_GOVERNMENT_HEADS = tuple(sorted(word_list("government_heads")))


_MEDIA = re.compile("(?:" + "|".join(map(re.escape, sorted(word_list("media_suffixes"), key=len, reverse=True)))
                    + ")$")
_SOURCE_LINE = re.compile(r"来\s*源\s*[：:]")
_COMPANY_FORM_END = re.compile(f"(?:{_COMPANY_FORMS.pattern})$")
# 中国石油天然气股份有限公司 | 塔里木油田分公司: a company named in full before its branch's own name
_COMPANY_FIRST = re.compile(r"(.{4,}?(?:股份有限公司|有限责任公司|有限公司))"
                            r"(?=.{2,}(?:分公司|子公司|公司|分行|研究院|研究所))")
_HOSPITAL_AGENCY = ("发展", "管理", "投资", "建设")
_OWN_SITE = re.compile(r"(?:门户)?(?:网站|官网|官方网站|微信公众号|公众号|官方微博|微博)$")


def topic_entities(doc: Doc, mentions: list[Mention]) -> dict[str, Mention]:
    """The article's main project and main organisation.

    The project is the first one named in the title. The organisation is the first one in the title, else the
    one on the source line when it is no news outlet (an agency reporting its own work) or is the site of a body
    the article names (生态环境部网站), else the most mentioned government body.
    """
    text = doc_text(doc)
    title_end = text.find("\n") if "\n" in text else len(text)
    in_title = [m for m in mentions if m.end <= title_end and not m.anaphor]
    topics: dict[str, Mention] = {}
    for label in ("PROJECT", "ORG"):
        hits = [m for m in in_title if m.label == label]
        if hits:
            topics[label] = hits[0]
    if "ORG" not in topics:
        for m in reversed(mentions):
            if m.label == "ORG" and not m.anaphor and _SOURCE_LINE.search(text, max(0, m.start - 6), m.start):
                if not _MEDIA.search(m.canonical):
                    topics["ORG"] = m
                else:  # 来源：生态环境部网站: the body publishing on its own site reports its own work
                    owner = _OWN_SITE.sub("", m.canonical)
                    own = [o for o in mentions if o.label == "ORG" and o.canonical == owner and o is not m]
                    if owner != m.canonical and own:
                        topics["ORG"] = own[0]
                break
    if "ORG" not in topics:
        # Only a government body (…部, …局, …委员会) stands behind a digest's unattributed goals and campaigns;
        # institutes and companies most mentioned are usually the ones quoted.
        counts = Counter(m.canonical for m in mentions if m.label == "ORG" and not m.anaphor
                         and m.canonical.endswith(_GOVERNMENT_HEADS))
        best = max(counts.values(), default=0)
        if best >= 2:  # named once, a body is a passing mention, not what the article is about
            topics["ORG"] = next(m for m in mentions if m.label == "ORG" and counts[m.canonical] == best)
    return topics


@Language.factory("kg_relations", default_config={"data_dir": None, "min_confidence": 0.0})
def make_relations(nlp: Language, name: str, data_dir: str | None, min_confidence: float) -> RelationComponent:
    return RelationComponent(RelationRules(Path(data_dir) if data_dir else DATA_DIR), min_confidence)


class RelationComponent:
    def __init__(self, matcher: RelationRules, min_confidence: float) -> None:
        self.matcher = matcher
        self.min_confidence = min_confidence

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc_mentions(doc)
        rels = self.matcher.extract(doc_text(doc), mentions, topic_entities(doc, mentions))
        doc._.relations = [r for r in rels if r.confidence >= self.min_confidence]
        return doc


@Language.factory("kg_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()


class SentenceSplitter:
    """Sentence boundaries on Chinese punctuation and line breaks (see :func:`kg.split.split_sentences`)."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # One array write instead of a per-token property (which re-checks the whole doc on every call).
        token_starts = doc.to_array("IDX")
        sentence_starts = numpy.array([s for s, _ in split_sentences(doc_text(doc))], dtype=token_starts.dtype)
        # Each sentence starts at the first token that starts at or after its first character: a sentence may begin
        # with the whitespace that spaCy keeps on the previous token ("。  发言人…"). Token starts are sorted, so
        # a binary search finds them.
        at = numpy.searchsorted(token_starts, sentence_starts)
        values = numpy.full(len(token_starts), -1, dtype="int64")
        values[at[at < len(token_starts)]] = 1
        values[0] = 1
        # (SENT_START alone leaves the entities as they are: no need to write them again)
        doc.from_array([SENT_START], values.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc

