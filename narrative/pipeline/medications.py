"""Medication administrations: name, dose, route and how many times given.

"adenosine 6 mg rapid IVP, then 12 mg IVP x2" is three IV push administrations; "NS 250 mL bolus"
is a crystalloid; "nitro 0.4 SL x3" is three sublingual doses. ALS2 counts only IV/IO push or
infusion of non-crystalloids given by this unit (42 CFR 414.605), so route, count, crystalloid and
prior-to-arrival are what this component must get right.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..evidence import Administration
from ..resources import read_csv, read_yaml
from .attributes import get_span_attr
from .cues import CueFinder
from .tokens import Lex, entity_spans, separates, shared_lexes, spaced

_COUNT_TOKEN = re.compile(r"^[x×](\d{1,2})$", re.I)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$|^\.\d+$")
# intervention entities that are really a route when they follow a dose ("4 mg IV")
_ROUTE_ENTITY_CATEGORIES = {"iv_access", "io_access"}
_SCAN = 25  # tokens after a medication name to look for its dose/route/count
# a catheter gauge before IV/IO names the line placed, not a dose in grams: "DuoNeb, 18g IV L AC"
_GAUGE_UNITS = {"g", "ga", "gauge"}
_GAUGE_SIZES = {"14", "16", "18", "20", "22", "24"}
_GAUGE = re.compile(rf"^(?:{'|'.join(sorted(_GAUGE_SIZES))})(?:{'|'.join(sorted(_GAUGE_UNITS))})$")
_MAX_GAP = 3  # words allowed between the pieces of one administration
_CONNECTIVES = {"and", "a", "an", "then", "followed", "by", "another", "additional", "2nd", "3rd", "second",
                "third", ",", "of", "given", "administered", "total", "for", "with", "w/"}
_TIME_UNITS = {"min", "mins", "minute", "minutes", "sec", "secs", "seconds", "hr", "hrs", "hour", "hours"}


def _clause(lex: list[Lex], spaces: list[bool], med: Span) -> tuple[int, int]:
    """Token bounds of the drug's clause: its sentence, cut at semicolons and at the spaced dashes, slashes
    and bars of telegraphic notes ("epi IM by first responders prior to arrival - 50mg Benadryl IVP")."""
    sent = med.sent

    def cut(i: int) -> bool:
        return lex[i].text == ";" or separates(lex[i].text, spaces, i)

    lo = next((i + 1 for i in range(med.start - 1, sent.start - 1, -1) if cut(i)), sent.start)
    hi = next((i for i in range(med.end, sent.end) if cut(i)), sent.end)
    return lo, hi


class MedicationAdministrations:
    def __init__(self, nlp: Language, table: dict, crystalloids: set[str]):
        self.crystalloids = crystalloids
        self.max_gap = _MAX_GAP
        self.units = {u.lower() for u in table["units"]}
        self.infusion_units = {u.lower() for u in table["infusion_units"]}
        self.count_words = {k.lower(): int(v) for k, v in table["count_words"].items()}
        self.count_nouns = {n.lower() for n in table["count_nouns"]}
        self.dose_forms = {w.lower() for w in table.get("dose_forms", [])}
        groups = {f"route:{cls}": phrases for cls, phrases in table["routes"].items()}
        groups.update({"repeat": table["repeat"], "prior": table["prior_to_arrival"]})
        self.cues = CueFinder(nlp, groups)
        self.cased = CueFinder(nlp, {f"route:{c}": p for c, p in table.get("routes_cased", {}).items()}, attr="ORTH")
        self.lexes = shared_lexes(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        ents = entity_spans(doc)  # each doc.ents builds a Span per entity: read once
        meds = [e for e in ents if e.label_ == "MEDICATION"]
        if not meds:
            doc._.administrations = []
            return doc
        lex, spaces = self.lexes.with_spaces(doc)  # token text/lower/flags without a Token object per access
        cues = sorted(self.cues(doc) + self.cased(doc), key=lambda c: c[1])
        cue_at = {s: (g, e) for g, s, e in cues}
        route_ents = {e.start: e for e in ents
                      if e.label_ == "INTERVENTION" and get_span_attr(e, "category") in _ROUTE_ENTITY_CATEGORIES
                      and _gauge_start(lex, e.start) == e.start}
        consumed: set[int] = set()
        admins: list[dict] = []
        for n, med in enumerate(meds):
            stop = meds[n + 1].start if n + 1 < len(meds) else len(doc)
            if n + 1 < len(meds):
                dose, _, _, start = self._before(lex, meds[n + 1])
                if dose is not None:  # "6mg adenosine IV push; 15mg cardizem": the 15mg is cardizem's
                    stop = start
            stop = min(stop, med.sent.end, med.end + _SCAN)
            # a spaced slash or bar ends a telegraphic clause: "Pepcid 20mg IV / 250 cc bolus of NS"
            stop = next((i for i in range(med.end, stop) if lex[i].text in ("/", "|") and spaced(spaces, i)), stop)
            for other in ents:  # a condition or procedure mention ends this medication's clause
                if med.end <= other.start < stop and other.label_ != "MEDICATION" and not (
                        other.start in route_ents and not lex[other.start - 1].is_punct):
                    # "zofran 4mg IV" keeps IV as its route; "SL x3, IV 20ga" and "DuoNeb, 18g IV" do not
                    stop = _gauge_start(lex, other.start)
                    break
            # given before this unit arrived: said in the drug's own clause ("FD gave midaz 5mg IN prior to
            # arrival; midazolam 10mg IV x2" gave the second one itself)
            said_prior = [s for g, s, _ in cues if g == "prior" and med.sent.start <= s < med.sent.end]
            prior = False
            if said_prior:  # the clause is cut only when there is something to place in it
                lo, hi = _clause(lex, spaces, med)
                # a cue before the drug reaches it only within its comma-free stretch: "facility gave midaz
                # 2.5mg IN prior to our arrival, Versed 2.5mg IVP x2" gave the Versed itself
                prior = any(lo <= s < hi and not (s < med.start and any(t.text == "," for t in lex[s:med.start]))
                            for s in said_prior)
            groups = self._parse(doc, lex, med, stop, cue_at, route_ents, consumed)
            category = get_span_attr(med, "category")
            for group in groups:
                admins.append(Administration(
                    medication=med.text, category=category, start=med.start_char, end=med.end_char,
                    dose=group["dose"], unit=group["unit"], route=group["route"], route_class=group["route_class"],
                    count=group["count"], crystalloid=category in self.crystalloids,
                    prior_to_arrival=prior, assertion=get_span_attr(med, "assertion")).to_dict())
        if consumed:  # "IV" after a dose is the route, not an IV-access procedure
            doc.set_ents([e for e in ents if e.start not in consumed])
        doc._.administrations = admins
        return doc

    def _before(self, lex: list[Lex], med: Span) -> tuple[float | None, str | None, int, int]:
        """What crews write before a drug name: a dose ("324 mg ASA", "250 cc bolus of NS") or a count
        ("3 doses of fentanyl"); and where that starts."""
        i = med.start
        j = i
        while j > i - 3 and j >= 1 and lex[j - 1].lower in self.dose_forms:
            j -= 1  # "bolus of", "fluid bolus of"
        if j >= 2 and lex[j - 1].lower in self.units and _NUMBER.match(lex[j - 2].text):
            return float(lex[j - 2].text), lex[j - 1].lower, 1, j - 2
        k = i - 1 if i >= 2 and lex[i - 1].lower == lex[i - 2].lower else i  # a doubled word: "3 doses of of"
        words = [t.lower for t in lex[max(0, k - 3):k]]
        if len(words) == 3 and words[2] == "of" and words[1] in self.count_nouns:
            number = words[0]
            count = int(number) if number.isdigit() else self.count_words.get(number)
            if count:
                return None, None, count, k - 3
        return None, None, 1, i

    def _parse(self, doc: Doc, lex: list[Lex], med: Span, stop: int, cue_at: dict, route_ents: dict,
               consumed: set[int]) -> list[dict]:
        """Dose, route and count groups after a drug name. Only words close to what was already read
        belong to it ("x3" ten words on is another thing's count), and a ';' ends the clause."""
        dose, unit, count, _ = self._before(lex, med)
        current = {"dose": dose, "unit": unit, "route": None, "route_class": None, "count": count}
        groups = [current]
        last = med.end - 1  # the last token read as part of this administration
        i = med.end
        while i < stop and self._gap(lex, last, i) <= self.max_gap and lex[i].text != ";":
            tok = lex[i]
            cue = cue_at.get(i)
            duration = self._duration_end(lex, i, stop)
            if duration:  # "IV over 2 min x3": a push's duration belongs to it
                last = i = duration
                continue
            if _gauge_at(lex, i) or (cue and cue[0] == "route:iv" and _gauge_at(lex, cue[1], after=False)):
                break  # "20 g iv established", "iv 20g l hand": a line placed, not this drug's dose or route
            if cue and cue[0].startswith("route:"):
                group, end = cue
                if current["route_class"] is None or current.get("inherited_route"):
                    current["route"], current["route_class"] = doc[i:end].text, group[6:]
                    current.pop("inherited_route", None)
                    if i in route_ents:
                        consumed.add(i)
                elif current["route_class"] == "iv" and group[6:] == "infusion":
                    current["route_class"] = "infusion"
                i = last = end - 1
                i += 1
                continue
            if i in route_ents and current["route_class"] is None:
                ent = route_ents[i]
                current["route"] = ent.text
                current["route_class"] = "io" if get_span_attr(ent, "category") == "io_access" else "iv"
                consumed.add(i)
                last, i = ent.end - 1, ent.end
                continue
            if cue and cue[0] == "repeat":  # "repeated x2": two more doses like the last one
                if not any(cue[1] <= e.start <= cue[1] + 1 for e in entity_spans(doc)):
                    # ... unless it names what is repeated: "repeated fentanyl 50 mcg", "repeat BGL 112"
                    current = dict(current, count=1)
                    groups.append(current)
                    last = cue[1] - 1
                i = cue[1]
                continue
            if _NUMBER.match(tok.text) and self._is_dose(lex, i, stop, current["dose"] is None, med.end, cue_at):
                unit = lex[i + 1].lower if i + 1 < stop and lex[i + 1].lower in self.units else None
                if current["dose"] is not None:  # a new dose of the same drug: "then 12 mg"
                    current = {"dose": None, "unit": None, "route": current["route"],
                               "route_class": current["route_class"], "count": 1, "inherited_route": True}
                    groups.append(current)
                current["dose"], current["unit"] = float(tok.text), unit
                if unit in self.infusion_units:
                    current["route_class"] = "infusion"
                last = i + 1 if unit else i
                i = last + 1
                continue
            count = self._count_at(lex, i, stop)
            if count:
                current["count"] = count
                last = i + 1 if not _COUNT_TOKEN.match(tok.text) and tok.lower not in self.count_words else i
            i += 1
        for group in groups:
            group.pop("inherited_route", None)
        return groups

    @staticmethod
    def _gap(lex: list[Lex], last: int, i: int) -> int:
        """Words between the last piece read and token i, not counting connectives ("and a 2nd")."""
        return sum(1 for t in lex[last + 1:i] if t.lower not in _CONNECTIVES)

    @staticmethod
    def _duration_end(lex: list[Lex], i: int, stop: int) -> int | None:
        """The index after "over 2 min" / "over 10 minutes" starting at i, else None."""
        if lex[i].lower == "over" and i + 2 < stop and lex[i + 1].like_num and lex[i + 2].lower in _TIME_UNITS:
            return i + 3
        return None

    def _is_dose(self, lex: list[Lex], i: int, stop: int, first: bool, name_end: int, cue_at: dict) -> bool:
        """A number with a unit is a dose; a bare number only as the first one right after the drug
        name or its route ("nitro 0.4 SL"), never a target ("MAP > 65") or a duration ("over 10 min")."""
        if lex[i - 1].text in (">", "<", "=", ">=", "<=") or lex[i - 1].lower in ("over", "to", "of", "q", "every"):
            return False
        nxt = lex[i + 1] if i + 1 < stop else None
        if nxt is not None and nxt.lower in self.units:
            return True
        if not first or (nxt is not None and (nxt.lower in self.count_nouns or nxt.like_num)):
            return False
        prev_is_route = any(g.startswith("route:") and e == i for s, (g, e) in cue_at.items() if s < i)
        return i == name_end or prev_is_route

    def _count_at(self, lex: list[Lex], i: int, stop: int) -> int | None:
        """x2, x 2, times 2, twice, 3 doses."""
        tok = lex[i]
        m = _COUNT_TOKEN.match(tok.text)
        if m:
            return int(m.group(1))
        nxt = lex[i + 1] if i + 1 < stop else None
        if tok.lower in ("x", "×", "times") and nxt is not None and nxt.text.isdigit():
            return int(nxt.text)
        if tok.lower in self.count_words and (nxt is None or nxt.lower in self.count_nouns or tok.lower in ("twice", "thrice", "once")):
            return self.count_words[tok.lower]
        if tok.text.isdigit() and nxt is not None and nxt.lower in self.count_nouns:
            return int(tok.text)
        return None


@Language.factory("narrative_medications",
                  default_config={"table": "administration.yaml", "crystalloids": "crystalloids.csv"})
def make_medications(nlp: Language, name: str, table: str, crystalloids: str) -> MedicationAdministrations:
    return MedicationAdministrations(nlp, read_yaml(table), {r["category"] for r in read_csv(crystalloids)})


def _gauge_start(lex: list[Lex], i: int) -> int:
    """Where a catheter gauge right before token i (an IV or IO mention) starts ("18g IV", "20 ga IV"); i if none."""
    for width in (1, 2):
        if i >= width and _gauge_width(lex, i - width) == width:
            return i - width
    return i


def _gauge_at(lex: list[Lex], i: int, after: bool = True) -> bool:
    """Whether a catheter gauge starts at token i ("18g", "20 ga"), followed by IV/IO unless `after` is off."""
    end = i + _gauge_width(lex, i)
    return end > i and (not after or (end < len(lex) and lex[end].lower in ("iv", "io")))


def _gauge_width(lex: list[Lex], i: int) -> int:
    """How many tokens a catheter gauge starting at token i takes: 1 ("18g"), 2 ("20 ga") or 0 (none)."""
    if i >= len(lex):
        return 0
    if _GAUGE.match(lex[i].lower):
        return 1
    if lex[i].text in _GAUGE_SIZES and i + 1 < len(lex) and lex[i + 1].lower in _GAUGE_UNITS:
        return 2
    return 0
