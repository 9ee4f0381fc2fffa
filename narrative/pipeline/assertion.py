"""Assertion status of each entity: present, negated, historical, hypothetical or possible.

A ConText-style algorithm (after medspaCy): trigger phrases from a rules file modify the entities in
their scope: FORWARD triggers what follows, BACKWARD what precedes, within a token window and the
sentence, and scope ends at a terminator ("but", ";", "c/o", "endorses"). Pseudo-triggers ("no change
in", "not unable to") block the triggers they contain. negspacy's clinical termset seeds the negation
triggers; the EMS rules file overrides and extends it. Unlike negspacy's sentence-wide boolean,
scope is bounded, so "denies CP but endorses SOB" keeps SOB present.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import product

from negspacy.termsets import termset
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..errors import Errors
from ..resources import numbered_jsonl, read_csv, resource_path
from .cues import phrase_docs
from .attributes import set_span_attrs
from .sections import section_at
from .tokens import TokenView, entity_spans, separates

# CURRENT is ours, not ConText's: a cue that the condition is the patient's now ("pt has CHF"), which
# overrides the history default of a standing diagnosis
CATEGORY_TO_ASSERTION = {"NEGATED_EXISTENCE": "negated", "HISTORICAL": "historical",
                         "HYPOTHETICAL": "hypothetical", "POSSIBLE": "possible", "CURRENT": "present"}
PRIORITY = ("negated", "hypothetical", "historical", "possible", "present")
DIRECTIONS = {"FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"}
CATEGORIES = set(CATEGORY_TO_ASSERTION) | {"PSEUDO", "TERMINATE"}
# section -> assertion for entities there without a trigger of their own (label None = every label)
SECTION_DEFAULTS = {"past_history": (None, "historical"), "home_medications": ("MEDICATION", "historical"),
                    "allergies": (None, "historical")}
_NEGSPACY_KEYS = {"preceding_negations": "FORWARD", "following_negations": "BACKWARD",
                  "pseudo_negations": "PSEUDO", "termination": "TERMINATE"}


@dataclass(frozen=True)
class Rule:
    literal: str
    category: str
    direction: str
    max_scope: int
    labels: frozenset[str] | None = None
    clause: bool = False  # verb-like cue ("unable to"): its scope ends at , ; :
    double_negative: bool = False  # cancelled by a negation earlier in its clause ("unable to X without Y")
    regex: re.Pattern | None = field(default=None, hash=False, compare=False)  # one token's text, not a literal
    unless_after: frozenset[str] = frozenset()  # words just after the mention that cancel the rule
    takes_object: bool = False  # looks back only when no mention follows it at once ("pt declined haldol")
    yields_to: frozenset[str] = frozenset()  # assertions that win when their cue also reaches the mention:
    # "prn" after a home medication is its prescription, not a plan ("meds: albuterol prn" is history)
    across: frozenset[str] = frozenset()  # labels of mentions that may stand between the cue and its own:
    lead: frozenset[str] = frozenset()  # ... and the word its mention must follow: "too [sob] to [walk]"
    ends: frozenset[str] = frozenset()  # a terminator's: the cue categories whose scope it ends (empty: all);
    # ", mild" ends a denial ("denies CP, mild [SOB]") but not a history list ("PMH COPD, mild [dementia]")


_PUNCT = re.compile(r"^[^\w\s]+$")
_CLAUSE_ENDS = (",", ";", ":")  # where the scope of a verb-like cue, or what a mention says, ends
# words that join the items of a list: a cue's scope runs through them and through the listed mentions
# ("hx afib on diltiazem and eliquis": both are home medications), up to _LIST_REACH tokens past its own
_LIST_WORDS = {",", "and", "or", "&", "/", "nor", "+"}
# the dose, rate and route written after a medication are part of the mention for a plan that follows
# it: "Zofran 4 mg IV available prn" is as close as "Zofran available" ("IN", intranasal, only in capitals)
_DOSE_TOKEN = re.compile(r"^(\d+([.,/:]\d+)*(mg|mcg|g|gm|ml|l|u|units?|meq|mg/kg|mcg/kg|mcg/min|mg/hr|mg/min|lpm|%)?|"
                         r"\.\d+\w*|x\d+|mg|mcg|g|gm|grams?|ml|l|u|units?|meq|mg/kg|mcg/kg|mcg/min|mcg/kg/min|mg/hr|"
                         r"mg/min|ml/hr|lpm|iv|ivp|im|io|po|sl|sq|subq|neb|ivpb)$", re.IGNORECASE)
# how a listed drug's dose is written after it: "lasix 40 daily, Spiriva", "albuterol inhaler q4h prn, Lasix"
_REGIMEN = re.compile(r"^(daily|bid|tid|qid|qd|qod|qhs|qam|qpm|hs|nightly|weekly|q\d+(h|hr|hrs)?|prn|scheduled|"
                      r"taper|inhaler|inhalers|nebs?|patch|elixir|liquid|concentrate|drops|odt|er|xl|sr|tabs?|"
                      r"injections?)$", re.IGNORECASE)
# what may stand between a negation and the procedure or drug it negates: "no [IV]", "no further [Zofran]",
# "no need for [c-collar]", "unable to obtain [IV]", "not on any [blood thinners]". Another noun there was
# what the cue negated; in a run-on note the procedure after it starts a new clause ("no blood thinners
# IV 18g R AC", "no meds monitor shows sinus")
_NEGATION_REACH = {"the", "a", "an", "any", "his", "her", "their", "our", "its", "prior", "further", "more", "other",
                   "bp", "/",  # "no BP/IV L arm" (a fistula arm)
                   "additional", "home", "2nd", "second", "third", "repeat", "initial", "another", "need", "needed",
                   "for", "indication", "indicated", "of", "on", "to", "be", "been", "able", "have", "has", "had",
                   "get", "obtain", "obtained", "pass", "place", "placed", "start", "started", "establish",
                   "carry", "carried", "take", "taking", "taken", "receive", "received", "given", "give", "use",
                   "used", "using", "want", "wanted", "tolerate", "tolerated", "allow", "allowed", "so", "all",
                   "including", "attempt", "attempts", "attempted", "interventions", "treatment", "care",
                   "safely", "swallow", "iv", "po", "ems", "by", "us", "with", "w/", "require", "required",
                   "requiring", "requires"}
_HISTORY_LABELS = {"CONDITION", "MEDICATION"}
# what may stand between a negation and the history cue it negates: "no hx of", "denies any prior PMH of"
_HISTORY_LEAD = {"any", "prior", "previous", "past", "known", "significant", "other", "a", "the", "of", "for",
                 "medical", "personal", "family", "reported", "documented", "cardiac"}
_HOME = "home"  # "COPD on 2L home O2": a device the patient lives with belongs to the history list
_CONJUNCTIONS = {"and", "or", "&", "/", "nor"}
_LIST_REACH = 12  # at most this many listed tokens beyond a cue's own scope
_READINGS = {"ecg_12_lead", "cardiac_monitoring"}  # mentions whose next words are what they show
_READING_GAP = 2  # "monitor a-fib", "12 lead shows afib"
_CANCELLED = Rule("<cancelled double negative>", "TERMINATE", "TERMINATE", 0)
_QUOTES = {'"', "\u201c", "\u201d"}
# the patient as the subject right before a mention starts a new clause in a run-on note: "no ectopy pt
# [stood and pivoted to cot]"; unless a cue's verb has the patient as its object ("did not have pt [walk]")
_SUBJECTS = {"pt", "patient"}
_CAUSATIVES = {"have", "had", "let", "make", "made", "help", "helped", "allow", "allowed", "get", "got"}


@dataclass
class Trigger:
    rule: Rule
    start: int
    end: int


def load_rules(path: str, negspacy_termset: str | None, negspacy_skip: list[str],
               forward_scope: int, backward_scope: int) -> list[Rule]:
    rules: dict[str, Rule] = {}
    lines: dict[str, int] = {}
    for n, row in _expanded(numbered_jsonl(path)):
        category, direction = row.get("category"), row.get("direction")
        if category not in CATEGORIES or direction not in DIRECTIONS:
            raise ValueError(Errors.E006.format(where=f"{path}:{n}", category=category, direction=direction))
        default = backward_scope if direction == "BACKWARD" else forward_scope
        labels = frozenset(row["labels"]) if row.get("labels") else None
        scope = int(row["max_scope"]) if row.get("max_scope") is not None else default
        # a rule is a literal phrase, or a regex one token must match ("MI 2019": a year after a mention)
        literal = row["literal"].lower() if row.get("literal") else "re:" + row["regex"]
        rule = Rule(literal, category, direction, scope, labels, bool(row.get("clause")),
                    bool(row.get("double_negative")), re.compile(row["regex"]) if row.get("regex") else None,
                    frozenset(w.lower() for w in row.get("unless_after", ())), bool(row.get("takes_object")),
                    frozenset(row.get("yields_to", ())), frozenset(row.get("across", ())),
                    frozenset(w.lower() for w in row.get("lead", ())), frozenset(row.get("ends", ())))
        key = f"{rule.literal}|{direction}"
        if key in rules:  # a second definition would silently replace the first
            raise ValueError(Errors.E009.format(where=f"{path}:{n}", literal=rule.literal, direction=direction,
                                                first=lines[key]))
        rules[key], lines[key] = rule, n
    if negspacy_termset:
        known = {r.literal for r in rules.values()}
        skip = {s.lower() for s in negspacy_skip}
        for key, direction in _NEGSPACY_KEYS.items():
            for literal in termset(negspacy_termset).get_patterns()[key]:
                literal = literal.lower()
                if literal in known or literal in skip:
                    continue
                category = {"PSEUDO": "PSEUDO", "TERMINATE": "TERMINATE"}.get(direction, "NEGATED_EXISTENCE")
                scope = backward_scope if direction == "BACKWARD" else forward_scope
                rules[f"{literal}|{direction}"] = Rule(literal, category, direction, scope)
    return list(rules.values())


def _expanded(rows: Iterable[tuple[int, dict]]) -> Iterator[tuple[int, dict]]:
    """Rule rows with each `sequence` row (word lists) made into one row per phrase it stands for:
    [["his", "her"], ["mother", "father"], ["had"]] -> "his mother had", "his father had", ..."""
    for n, row in rows:
        if "sequence" not in row:
            yield n, row
            continue
        rest = {k: v for k, v in row.items() if k != "sequence"}
        for words in product(*row["sequence"]):
            yield n, {**rest, "literal": " ".join(words)}


def _list_start(view: TokenView, between: list[Span], lo: int, hi: int) -> int:
    """Where the list that ends just before a mention starts: "on [diltiazem] and |eliquis" -> diltiazem.

    Walks back from `hi` over list words, the mentions listed before it and the dose written after a listed
    drug ("lasix 40 daily, |Spiriva") or a remark in brackets ("midodrine (not taken today), |insulin"),
    stopping at anything else.
    """
    starts = {e.end: e.start for e in between}
    drugs = {e.end for e in between if e.label_ == "MEDICATION"}
    i = hi
    while True:
        j = i
        while j > lo and (view.text[j - 1].lower() in _LIST_WORDS or view.text[j - 1].isspace()):
            j -= 1
        if j == i:  # list words count only between listed mentions
            return i
        k = _before_brackets(view, lo, j)
        while k > lo and k not in starts and (_DOSE_TOKEN.match(view.text[k - 1]) or _REGIMEN.match(view.text[k - 1])):
            k -= 1
        if k not in drugs:
            k = j
        if k not in starts:
            return i
        i = starts[k]


def _bracket_at(text: list[str], positions: range) -> int | None:
    """The first bracket token over `positions`, when it is an opening one on a walk back or a closing one
    on a walk forward; None when there is none or it faces the other way."""
    k = next((k for k in positions if text[k] in "()"), None)
    if k is None or text[k] != ("(" if positions.step < 0 else ")"):
        return None
    return k


def _bracketed(view: TokenView, trig: Trigger, ent: Span, reach: int = 12) -> bool:
    """Whether a cue or terminator stands inside a bracketed remark that the mention is outside of: the
    remark's words neither reach the mention nor end a list that runs past it."""
    text = view.text
    opening = _bracket_at(text, range(trig.start - 1, max(-1, trig.start - reach), -1))
    closing = _bracket_at(text, range(trig.end, min(len(text), trig.end + reach)))
    if opening is None or closing is None:
        return False
    return not opening < ent.start < closing


def _before_brackets(view: TokenView, lo: int, j: int, reach: int = 12) -> int:
    """Where a bracketed remark that ends at token j starts ("(none taken today)"), or j when none does."""
    if j <= lo or view.text[j - 1] != ")":
        return j
    opening = _bracket_at(view.text, range(j - 2, max(lo, j - reach) - 1, -1))
    return j if opening is None else opening


def _said_after(view: TokenView, ent: Span, words: frozenset[str], reach: int = 6) -> bool:
    """Whether one of the words comes just after the mention, in its clause. A rate ("mcg/kg/min") is
    looked for in the text itself: the tokenizer splits it ("mcg", "/", "kg", "/", "min")."""
    after = []
    for t in view.text[ent.end:min(ent.end + reach, view.sent_end[ent.start])]:
        if t in _CLAUSE_ENDS:
            break
        after.append(t.lower())
    if words.intersection(after[:4]):
        return True
    joined = "".join(after)
    return any("/" in w and w in joined for w in words)


def _whole_token(regex: re.Pattern) -> re.Pattern:
    """A rule's regex ("^(19|20)\\d\\d$": one token) as a search for whole tokens in NUL-joined text."""
    body = regex.pattern.removeprefix("^").removesuffix("$")
    return re.compile(r"(?<![^\0])(?:" + body + r")(?![^\0])", regex.flags)


def _has_object(view: TokenView, trig: Trigger, ents: list[Span], labels: frozenset[str] | None,
                cue_words: frozenset[str]) -> bool:
    """Whether a mention the cue can modify follows it at once ("refused [IV]", "declined the [c-collar]");
    not after another cue ("nausea denied PMHx [DM]": the history cue has it)."""
    for e in ents:
        if e.start >= trig.end and (labels is None or e.label_ in labels):
            words = [t.lower() for t in view.text[trig.end:e.start] if not t.isspace()]
            return len(words) <= 1 and not any(_PUNCT.match(t) or t in cue_words for t in words)
    return False


def _words_between(view: TokenView, lo: int, hi: int) -> int:
    """Tokens from lo to hi that are not whitespace ("denies  CP": extra spaces are no words)."""
    return hi - lo - (view.spaces_before[hi] - view.spaces_before[lo])


def _takes_its_drug(view: TokenView, ent: Span) -> bool:
    """An overdose or ingestion whose drug follows: a doubt about it reaches the drug too ("possible
    ingestion of [clonidine]", "concern for overdose of his [oxybutynin] and [gabapentin]"); a planned
    overdose leaves the patient's own drug a home medication."""
    return (ent._.category == "poisoning_overdose" and ent.end < len(view.text)
            and view.text[ent.end].lower() in ("of", "on"))


def _new_subject(view: TokenView, lo: int, start: int) -> bool:
    """Whether the patient, named right before the mention and after other words, is a new clause's subject."""
    return (start - lo >= 2 and view.text[start - 1].lower() in _SUBJECTS
            and not any(t.lower() in _CAUSATIVES for t in view.text[lo:start - 1]))


def _conjoined(view: TokenView, end: int, start: int) -> bool:
    """Whether only list words, a conjunction among them, stand between two mentions ("A and B", "A, or B")."""
    joint = [t.lower() for t in view.text[end:start] if not t.isspace()]
    return bool(_CONJUNCTIONS.intersection(joint)) and all(t in _LIST_WORDS for t in joint)


def _postfix(view: TokenView, trig: Trigger, ents: list[Span], cue_words: frozenset[str]) -> bool:
    """Whether a cue that takes an object has none and a mention just before it: it is said after that
    mention ("nausea denied"), so it does not also reach forward ("nausea denied PMHx DM")."""
    rule = trig.rule
    if not (rule.takes_object and rule.direction == "BACKWARD"):
        return False
    if _has_object(view, trig, ents, rule.labels, cue_words):
        return False
    sent_start = view.sent_start[trig.start]
    return any(sent_start <= e.start and e.end <= trig.start and (rule.labels is None or e.label_ in rule.labels)
               and _words_between(view, e.end, trig.start) <= rule.max_scope
               and not any(t in _CLAUSE_ENDS for t in view.text[e.end:trig.start])
               for e in ents)


def _conjoined_end(view: TokenView, ent: Span, ents: list[Span], hi: int) -> int:
    """Where the list a mention heads ends, when a conjunction joins it to the mentions after it ("Haldol
    and Ativan per protocol available"): a cue after the list reaches its first item as near as its last."""
    end = ent.end
    nxt = next((t for t in view.text[end:hi] if not t.isspace()), None)
    if nxt is None or nxt.lower() not in _LIST_WORDS:  # most mentions head no list: said at once
        return end
    for e in ents:
        if e.start < end or e.end > hi:
            continue
        if not _conjoined(view, end, e.start):
            break
        end = e.end
    return end


def _opens_new_item(view: TokenView, negation: Trigger, cue: Trigger, ent: Span,
                    lead: frozenset[str] | set[str] = frozenset()) -> bool:
    """Whether a cue between a negation and the mention starts an item of its own: something other than
    the words of `lead` stands between the negation and it. A possibility: "no shortening or rotation, wrist
    swollen ? [fx]", "denies n/v r/o [pneumonia]", but "no concern for [stroke]" stays negated. A history cue
    (lead: _HISTORY_LEAD): "no cp no fever pmh [chf] copd", but "denies any prior hx of [CVA]" stays negated."""
    if not negation.end <= cue.start < cue.end <= ent.start:
        return False
    return any(not t.isspace() and t.lower() not in lead for t in view.text[negation.end:cue.start])


def _quoted(view: TokenView, i: int) -> bool:
    """Whether token i is inside quotation marks (an odd number of them since its sentence began)."""
    return sum(t in _QUOTES for t in view.text[view.sent_start[i]:i]) % 2 == 1


class ContextAssertion:
    def __init__(self, nlp: Language, rules: list[Rule], chronic: set[str], standing: frozenset[str] = frozenset()):
        self.rules = rules
        self.chronic = chronic
        self.standing = standing  # categories and terms a history cue does not make history (standing_states.csv)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.regex_rules = [(rule, _whole_token(rule.regex)) for rule in rules if rule.regex is not None]
        # one-word cues: a word between a verb-like cue and a mention that is itself a cue is no object's article
        self.cue_words = frozenset(r.literal for r in rules if r.regex is None and r.literal.isalpha()
                                   and r.direction != "TERMINATE")
        self._rule_of: dict[int, list[Rule]] = {}
        for rule in rules:
            if rule.regex is not None:
                continue
            key = nlp.vocab.strings.add(f"ctx_{rule.literal}")
            if key not in self._rule_of:
                self.matcher.add(f"ctx_{rule.literal}", phrase_docs(nlp, rule.literal))
            self._rule_of.setdefault(key, []).append(rule)

    def _standing(self, ent: Span) -> bool:
        """A state a history cue does not make history: its category, or a term the mention is or ends with
        ("L hemiparesis", "R sided hemiparesis")."""
        text = ent.text.lower()
        return ent._.category in self.standing or any(text == t or text.endswith(" " + t) for t in self.standing)

    def _triggers(self, doc: Doc, ent_tokens: set[int], view: TokenView) -> list[Trigger]:
        found = [Trigger(rule, start, end) for key, start, end in self.matcher(doc) for rule in self._rule_of[key]]
        if self.regex_rules:  # one-token rules ("MI 2019"): one scan of the tokens joined by NULs
            joined = "\0".join(view.text)
            for rule, whole in self.regex_rules:
                for m in whole.finditer(joined):
                    i = joined.count("\0", 0, m.start())
                    found.append(Trigger(rule, i, i + 1))
        # longest match wins where triggers overlap ("cannot rule out" over "cannot"); pseudo blocks.
        # A cue that only looks back leaves its words after the first free for a cue looking forward:
        # "fever: no" and "H: no fever" share their "no", "Tylenol offered, patient refused" and "patient
        # refused IV" their "refused"; the "not" of "Atropine not indicated in brady" stays its own
        # Between cues of one length a negation wins: "pt has" (current) overlaps "has n't"
        found.sort(key=lambda t: (t.end - t.start, t.rule.direction != "PSEUDO", t.rule.category == "NEGATED_EXISTENCE"),
                   reverse=True)
        kept: list[Trigger] = []
        taken: set[int] = set()
        shared: set[int] = set()
        for trig in found:
            span = set(range(trig.start, trig.end))
            blocked = taken - shared if trig.rule.direction in ("FORWARD", "BIDIRECTIONAL") else taken
            if span & blocked and not any(k.start == trig.start and k.end == trig.end for k in kept):
                continue
            taken |= span
            if trig.rule.direction == "BACKWARD":
                shared.update(range(trig.start + 1, trig.end))
            kept.append(trig)
        # trigger words inside an entity ("no" of "no change in mental status") are not cues
        kept = sorted((t for t in kept if t.rule.direction != "PSEUDO" and not ent_tokens.issuperset(range(t.start, t.end))),
                      key=lambda t: t.start)
        # "unable to get OOB without lift": the second negation cancels and closes the first one's scope
        return [Trigger(_CANCELLED, t.start, t.end) if t.rule.double_negative and self._follows_negation(view, t, kept)
                else t for t in kept]

    @staticmethod
    def _follows_negation(view: TokenView, trig: Trigger, triggers: list[Trigger], window: int = 8) -> bool:
        for other in triggers:
            if (other is not trig and other.rule.category == "NEGATED_EXISTENCE" and not other.rule.double_negative
                    and trig.start - window <= other.end <= trig.start
                    and not any(_PUNCT.match(t) for t in view.text[other.end:trig.start])):
                return True
        return False

    def __call__(self, doc: Doc) -> Doc:
        ents = entity_spans(doc)
        if not ents:
            return doc
        ent_tokens = {i for e in ents for i in range(e.start, e.end)}
        view = TokenView(doc)
        triggers = self._triggers(doc, ent_tokens, view)
        # a cue said after its mention ("nausea denied") does not also reach forward
        postfix = {(t.start, t.end) for t in triggers if _postfix(view, t, ents, self.cue_words)}
        if postfix:
            triggers = [t for t in triggers if t.rule.direction != "FORWARD" or (t.start, t.end) not in postfix]
        terminators = [t for t in triggers if t.rule.direction == "TERMINATE"]
        by_sentence: dict[int, list[Trigger]] = {}  # cues only reach mentions in their own sentence
        for trig in triggers:
            if trig.rule.direction != "TERMINATE":
                by_sentence.setdefault(view.sent_start[trig.start], []).append(trig)
        sections = doc._.sections
        for ent in ents:
            status = self.assert_entity(view, ent, ents, by_sentence.get(view.sent_start[ent.start], []), terminators)
            if status is None:
                status = self._default(ent, section_at(sections, ent.start_char), ents)
            set_span_attrs(ent, {"assertion": status})
        return doc

    def _default(self, ent: Span, section: str | None, ents: list[Span]) -> str:
        """The assertion of a mention no cue reaches: from its section, or history for a standing diagnosis
        unless a monitor or 12 lead just read it ("12 lead a-fib rate 88" is today's rhythm)."""
        label, status = SECTION_DEFAULTS.get(section, (None, None))
        if status and (label is None or label == ent.label_):
            return status
        if ent.label_ == "CONDITION" and ent.text.lower() in self.chronic:
            read = any(e.end <= ent.start <= e.end + _READING_GAP and e._.category in _READINGS for e in ents)
            return "present" if read else "historical"
        return "present"

    def _in_scope(self, view: TokenView, trig: Trigger, ent: Span, ents: list[Span],
                  terminators: list[Trigger]) -> int | None:
        """Token distance from trigger to entity when the entity is in the trigger's scope."""
        rule = trig.rule
        forward = trig.end <= ent.start and rule.direction in ("FORWARD", "BIDIRECTIONAL")
        if forward:
            lo, hi = trig.end, ent.start
        elif trig.start >= ent.end and rule.direction in ("BACKWARD", "BIDIRECTIONAL"):
            lo, hi = ent.end, trig.start
        else:
            return None
        near = lo if forward else _conjoined_end(view, ent, ents, hi)
        gap = _words_between(view, near, hi)
        if not forward and all(t == ":" or t.isspace() for t in view.text[near:hi]):
            gap = 0  # a review-of-systems answer after its label: "CP: (-)", "fever: none"
        if not forward and ent.label_ == "MEDICATION" and rule.category == "HYPOTHETICAL":
            gap -= sum(1 for t in view.text[near:hi] if t == "IN" or _DOSE_TOKEN.match(t))
        clause_end = hi
        if gap > rule.max_scope + (_LIST_REACH if forward else 0):
            return None
        if not forward and rule.takes_object and _has_object(view, trig, ents, rule.labels, self.cue_words):
            return None  # "CBG 157, pt declined haldol": the refusal's object follows it
        if not forward and rule.category in ("NEGATED_EXISTENCE", "HISTORICAL"):
            # said of the mention just before it ("NS 500 mL bolus, ondansetron withheld", "endorses hives,
            # stomach pain denied", "bedbound s/p CVA 2022": the year dates the stroke, not the bedbound), or
            # of a list joined by a conjunction ("Atropine and pacing not indicated")
            nxt = next((e for e in ents if lo <= e.start < hi), None)
            if nxt is not None and not _conjoined(view, ent.end, nxt.start):
                return None
        if forward:
            # a list after a cue ("denies CP, SOB, N/V") continues only through mentions of one label:
            # "no ectopy, cardiac monitor en route" does not negate the monitor
            between = [e for e in ents if lo <= e.start and e.end <= hi and e.label_ not in rule.across
                       and not (rule.category == "POSSIBLE" and _takes_its_drug(view, e))]
            # (a history list mixes diagnoses and drugs: "PMH DM2 on insulin, HTN, CVA w/ L sided deficits")
            history = rule.category == "HISTORICAL" and all(
                e.label_ in _HISTORY_LABELS or e.start and view.text[e.start - 1].lower() == _HOME
                for e in between + [ent])
            if not history and between and any(e.label_ != between[0].label_ for e in between[1:] + [ent]):
                return None
            # only symptom and history lists run on past a comma with nothing found before it ("denies
            # nausea, vomiting", "meds sevelamer, metoprolol"); "no ectopy, cardiac monitor en route"
            # leaves the monitor alone
            if not between and not history and ent.label_ != "CONDITION" and "," in view.text[lo:hi]:
                return None
            # a negation reaches a procedure or drug only across the words of _NEGATION_REACH, and a list of
            # them only so far as its first: "no acute ST changes, 20g IV line, sync cardioversion"
            first = between[0].start if between else hi
            if (rule.category == "NEGATED_EXISTENCE" and ent.label_ in ("INTERVENTION", "MEDICATION")
                    and any(not t.isspace() and t.lower() not in _NEGATION_REACH for t in view.text[lo:first])):
                return None
            # the gap that counts is to the start of the list the mention ends ("denies CP, SOB, N/V")
            listed = _list_start(view, between, lo, hi)
            gap = listed - lo
            if gap > rule.max_scope or (rule.lead and view.text[listed - 1].lower() not in rule.lead):
                return None
            if rule.category == "NEGATED_EXISTENCE" and _new_subject(view, lo, ent.start):
                return None
            if rule.category == "NEGATED_EXISTENCE" and ent.label_ == "CONDITION":
                clause_end = listed  # a denial runs through the symptoms it lists: "absent droop, dyspnea"
        if any(lo <= t.start and t.end <= hi and (not t.rule.ends or rule.category in t.rule.ends)
               and not _bracketed(view, t, ent) for t in terminators):
            return None
        if forward and any(t in _QUOTES for t in view.text[lo:hi]) and _quoted(view, trig.start):
            return None  # a cue in the patient's words stays in them: 'wife states "can't breathe" and sleepy'
        if ")" in view.text[lo:hi] and _bracketed(view, trig, ent):
            return None  # a remark in brackets stays in them: "meclizine PRN (none taken today), [levothyroxine]"
        if rule.unless_after and _said_after(view, ent, rule.unless_after):
            return None  # "on norepi 12 mcg/min via pump" is a running infusion, not a home medication
        if rule.clause and any(t in _CLAUSE_ENDS for t in view.text[lo:clause_end]):
            return None
        # a spaced dash ends a telegraphic clause ("denies CP - PMHx CHF"), but a cue just after it answers
        # the mention just before it ("Fever - none", "Stroke - neg")
        answers = not forward and hi - lo == 1
        separators = [] if answers else [i for i in range(lo, hi) if separates(view.text[i], view.ws, i)]
        if separators:
            # ... but a spaced slash right after a listed mention joins the list: "denies CP / SOB"
            listed = [e for e in ents if lo <= e.start and e.end <= hi] if forward else []
            ends, starts = {e.end for e in listed}, {e.start for e in listed} | {ent.start}
            if not all(view.text[i] == "/" and i in ends and i + 1 in starts for i in separators):
                return None
        return gap

    def assert_entity(self, view: TokenView, ent: Span, ents: list[Span], triggers: list[Trigger],
                      terminators: list[Trigger]) -> str | None:
        """The assertion the cues in the mention's sentence give it, or None when no cue reaches it."""
        sent_start, sent_end = view.sent_start[ent.start], view.sent_end[ent.start]
        best: dict[str, int] = {}  # assertion -> distance of its closest trigger
        closest: dict[str, Trigger] = {}
        yields: dict[str, frozenset[str]] = {}  # assertion -> what its closest trigger gives way to
        for trig in triggers:
            rule = trig.rule
            if rule.direction == "TERMINATE" or trig.start < sent_start or trig.end > sent_end:
                continue
            if rule.labels and ent.label_ not in rule.labels:
                continue
            gap = self._in_scope(view, trig, ent, ents, terminators)
            if gap is None:
                continue
            status = CATEGORY_TO_ASSERTION[rule.category]
            if status == "historical" and self._standing(ent):
                continue  # "hx CVA w/ [R hemiplegia]": the deficit is the patient's now
            if gap < best.get(status, gap + 1):
                best[status], closest[status], yields[status] = gap, trig, rule.yields_to
        for status, winners in yields.items():
            if winners & best.keys():
                del best[status]
        if "present" in best and best.keys() & {"hypothetical", "possible"}:
            del best["present"]  # "has" only says now rather than then: "call 911 if pt has [chest pain]"
        negation = closest["negated"] if "negated" in best else None
        if negation is not None and "possible" in best and _opens_new_item(view, negation, closest["possible"], ent):
            return "possible"
        if negation is not None and "historical" in best and _opens_new_item(view, negation, closest["historical"],
                                                                              ent, _HISTORY_LEAD):
            return "historical"
        if "negated" in best:  # "no hx of MI": negation wins whatever else modifies the mention
            return "negated"
        if best:  # otherwise the closest cue decides ("should go to ED to r/o head injury": possible)
            return min(best, key=lambda status: (best[status], PRIORITY.index(status)))
        return None


@Language.factory(
    "narrative_assertion",
    default_config={"rules": "context_rules.jsonl", "negspacy_termset": "en_clinical",
                    "negspacy_skip": ["versus", "ro", "evaluate for", "symptoms atypical", "doubt",
                                      "not demonstrate", "free"],
                    "forward_scope": 10, "backward_scope": 4, "chronic": "chronic_conditions.csv",
                    "standing": "standing_states.csv"},
)
def make_assertion(nlp: Language, name: str, rules: str, negspacy_termset: str | None,
                   negspacy_skip: list[str], forward_scope: int, backward_scope: int,
                   chronic: str | None, standing: str | None) -> ContextAssertion:
    terms = {row["term"].lower() for row in read_csv(chronic)} if chronic else set()
    states = (frozenset((row["category"] or row["term"]).lower() for row in read_csv(standing)) if standing
              else frozenset())
    return ContextAssertion(nlp, load_rules(str(resource_path(rules)), negspacy_termset, negspacy_skip,
                                            forward_scope, backward_scope), terms, states)
