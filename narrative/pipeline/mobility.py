"""Mobility polarity: does each MOBILITY mention support bed confinement?

Bed confinement (42 CFR 410.40(e)) needs the patient unable to get up from bed without assistance,
unable to ambulate, and unable to sit in a chair or wheelchair. A mention supports it when the
patient cannot do the thing ("unable to ambulate") or needs help ("ambulated with 2 person assist"),
and contradicts it when the patient did it unaided ("ambulated to the stretcher", "stood and pivoted
to cot w/o assist"). History, hypotheticals and possibilities decide nothing (None).

"Transfer" also names the transport itself ("SCT transfer from Mercy ICU", "Transfer: A -> B") or the
crew's move ("draw sheet transfer", "pt tolerated transfer"); such a mention is no move of the patient
and is dropped here, where its context is read. The help a patient needs for every transfer ("2 person
assist for all transfers") stays: it is the evidence the claim needs.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resources import read_yaml
from .attributes import SPAN_ATTRS, get_span_attr, set_span_attrs
from .cues import CueFinder
from .tokens import entity_spans


class MobilityPolarity:
    def __init__(self, nlp: Language, cues: dict):
        self.window_after = int(cues.get("window_after", 7))
        self.window_before = int(cues.get("window_before", 5))
        spellings = cues.get("spellings") or {}
        self.cues = CueFinder(nlp, {k: _with_spellings(cues.get(k) or [], spellings)
                                    for k in ("assisted", "unassisted", "needs_before", "undecided")})
        self.need_words = {w.lower() for w in cues.get("need_words", [])}
        self.help_words = {w.lower() for w in cues.get("help_words", [])}
        self.assist_words = {w.lower() for w in cues.get("assist_words", [])}
        not_a_move = cues.get("not_a_move", {})
        self.not_a_move_before = {w.lower() for w in not_a_move.get("before", [])}
        self.not_a_move_after = {w.lower() for w in not_a_move.get("after", [])}
        self.places = {w.lower() for w in not_a_move.get("places", [])}

    def __call__(self, doc: Doc) -> Doc:
        ents = entity_spans(doc)
        mobility = [e for e in ents if e.label_ == "MOBILITY"]
        if not mobility:
            return doc
        no_moves = [e for e in mobility if e._.needs_cue and self.is_not_a_move(e)]
        if no_moves:
            doc.ents = [e for e in ents if e not in no_moves]
            mobility = [e for e in mobility if e not in no_moves]
        cues = self.cues(doc)
        previous, last, head = 0, None, 0
        for ent in mobility:  # in text order, never overlapping
            # a cue before a mention belongs to it only past the previous mention ("sat up on edge of
            # bed independently then transferred ..."), unless the two are one coordinated phrase ("not
            # allowed to [stand] or [walk]"); a cue right after a mention is that mention's
            if last is None or not _coordinated(last, ent):
                previous, head = (last.end + 1 if last is not None else 0), ent.start
            ent._.supports_bed_confinement = self.polarity(ent, cues, previous, head)
            last = ent
        # a bare "transfer" no cue speaks to and that goes nowhere names the move of the transport, not
        # one the patient made: "dressing dry on transfer", "pt tolerated transfer"
        idle = [e for e in mobility if e._.needs_cue and len(e) == 1 and e._.assertion == "present"
                and e._.supports_bed_confinement is None and not self.goes_somewhere(e)]
        if idle:
            doc.ents = [e for e in entity_spans(doc) if e not in idle]
            mobility = [e for e in mobility if e not in idle]
        unwalked = [e for e in mobility if _walk_not_taken(e)]
        if unwalked:
            doc.ents = [_verb_only(e) if e in unwalked else e for e in entity_spans(doc)]
        return doc

    def is_not_a_move(self, ent: Span) -> bool:
        """"SCT transfer", "transfer from Mercy ICU", "draw sheet transfer", but not "transfer to the chair"."""
        doc = ent.doc
        if len(ent) > 1:  # "transferred to stretcher": a move, whatever follows
            return False
        if ent.start and doc[ent.start - 1].lower_ in self.not_a_move_before:
            return True
        after = _words_after(ent)
        return bool(after) and after[0] in self.not_a_move_after and not self._leads_to_place(after)

    def goes_somewhere(self, ent: Span) -> bool:
        """Whether a place the patient moves to or from follows: "transfer to the chair", "from bed"."""
        return self._leads_to_place(_words_after(ent))

    def _leads_to_place(self, after: list[str]) -> bool:
        rest = [w for w in after[1:] if w not in ("the", "a", "an", "his", "her", "their")]
        return bool(rest) and rest[0] in self.places

    def polarity(self, ent: Span, cues: list[tuple[str, int, int]], previous: int, head: int) -> bool | None:
        """Whether the mention supports bed confinement. Cues before it count from `previous` on, and its window
        opens before `head`, the start of the coordinated phrase it ends ("not allowed to [stand] or [walk]")."""
        assertion = ent._.assertion
        if assertion not in ("present", "negated"):
            return None
        intrinsic = ent._.intrinsic_polarity
        if intrinsic is not None:  # "non-ambulatory", "bedbound": the phrase says it; negation flips it
            return intrinsic if assertion == "present" else not intrinsic
        sent = ent.sent
        doc = ent.doc
        # cues before a mention count only within its clause: "... without assistance, took 2 steps w/ 2 assist"
        clause = max([sent.start] + [t.i + 1 for t in doc[max(sent.start, head - self.window_before - 2):head]
                                     if t.text in (",", ";", ":")])
        after = [g for g, s, e in cues if ent.end <= s and e <= min(sent.end, ent.end + self.window_after)]
        before = [g for g, s, e in cues if max(clause, previous, head - self.window_before) <= s and e <= ent.start]
        if assertion == "negated":  # "unable to ambulate", "cannot bear weight"; not "not allowed to walk"
            return None if "undecided" in before or after[:1] == ["undecided"] else True
        if (after and after[0] == "unassisted") or "unassisted" in before:
            return False
        if "needs_before" in before or (after and after[0] == "assisted"):
            return True
        # "requires assist of 2 to get OOB", "max assist x2 for all transfers": help named just before it
        window = {t.lower_ for t in doc[max(clause, head - self.window_before - 2):ent.start]}
        if window & self.help_words and (window & self.need_words or window & self.assist_words):
            return True
        return None if ent._.needs_cue else False


def _coordinated(first: Span, second: Span) -> bool:
    """Two mentions joined by one conjunction: "unable to [stand] or [walk]"."""
    between = first.doc[first.end:second.start]
    return len(between) == 1 and between[0].lower_ in ("or", "and", "nor", "/")


def _words_after(ent: Span) -> list[str]:
    """The four lower-case words after a mention."""
    return [t.lower_ for t in ent.doc[ent.end:ent.end + 4]]


def _with_spellings(phrases: list[str], spellings: dict[str, list[str]]) -> list[str]:
    """The phrases and each with one of its words misspelled as crews do ("2 person assit")."""
    out = list(phrases)
    for phrase in phrases:
        words = str(phrase).split()
        for i, word in enumerate(words):
            out += [" ".join(words[:i] + [typo] + words[i + 1:]) for typo in spellings.get(word.lower(), ())]
    return out


def _walk_not_taken(ent: Span) -> bool:
    """A negated walk with its destination: "unable to walk to stretcher", "did not walk to the ambulance"."""
    return (ent._.assertion == "negated" and ent._.category == "ambulate" and len(ent) >= 3
            and ent.doc[ent.start + 1].lower_ == "to")


def _verb_only(ent: Span) -> Span:
    """The walk that was not taken is the verb alone (unable to [walk] to stretcher): no destination was
    reached, and all annotators who wrote one mark it so. The mention's attributes move with it."""
    verb = Span(ent.doc, ent.start, ent.start + 1, label=ent.label)
    set_span_attrs(verb, {name: get_span_attr(ent, name) for name in SPAN_ATTRS})
    return verb


@Language.factory("narrative_mobility", default_config={"cues": "mobility_cues.yaml"})
def make_mobility(nlp: Language, name: str, cues: str) -> MobilityPolarity:
    return MobilityPolarity(nlp, read_yaml(cues))
