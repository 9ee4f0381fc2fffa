"""Tokenizer rules for PCR text.

Crews write `c/o`, `y/o`, `s/p`, `w/o`, `N/V/D`, `18g`, `A&Ox4`, `(-)`: these must stay single tokens
so lexicon patterns and assertion triggers see them, while `0.4mg`, `500mL` and `88%` split into
number + unit, and slashes between full words (`nausea/vomiting`, `SOB/DIB`) split into words.
"""
from __future__ import annotations

import re

from spacy.lang.en import English
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

# Short slash abbreviations kept whole, in the case variants crews use.
_SLASH_SPECIALS = ("c/o", "y/o", "s/p", "h/o", "w/o", "w/", "b/l", "r/o", "a/o", "n/v", "n/v/d",
                   "d/c", "f/u", "l/s", "c/s", "y/o.", "yo")
# Pairs of two-letter findings split at the slash in every case ("VT/VF" splits by the infix below,
# "vt/vf" would stay one token)
_SPLIT_PAIRS = ("si/hi", "hi/si", "vt/vf", "vf/vt", "ah/vh")
_OTHER_SPECIALS = ("pt.", "pts.", "approx.", "(-)", "(+)", "a&o", "a&ox1", "a&ox2", "a&ox3", "a&ox4",
                   "aox1", "aox2", "aox3", "aox4", "a&o.", "etoh", "x1", "x2", "x3", "x4")

# Units split off a number ("0.4mg" -> "0.4", "mg"); a gauge ("18g", "20ga") stays one token.
_UNITS = r"(?:[mM][gG]|[mM][cC][gG]|ug|UG|g|G|gm|GM|kg|KG|ml|mL|ML|cc|CC|l|L|meq|mEq|MEQ|units?|UNITS?|iu|IU|lpm|LPM|L/min|l/min|mmhg|mmHg|bpm|j|J)"
_ROUTE_WORDS = {"im", "Im", "IM", "iM"}
# whole tokens: a gauge ("18g", "20ga"), a clock time ("14:32"), orientation ("A&Ox4")
_WHOLE = re.compile(r"^(?:\d{2}(?:g|ga|gauge|G|GA)|\d{1,2}:\d{2}|[Aa]&?[Oo][Xx]\d)$")


def _special_cases(nlp) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    for base in _SLASH_SPECIALS + _OTHER_SPECIALS:
        for variant in {base, base.upper(), base.capitalize()}:
            cases[variant] = [{"ORTH": variant}]
    for pair in _SPLIT_PAIRS:
        for variant in {pair, pair.upper(), pair.capitalize()}:
            left, right = variant.split("/")
            cases[variant] = [{"ORTH": left}, {"ORTH": "/"}, {"ORTH": right}]
    return cases


@registry.tokenizers("narrative.Tokenizer.v1")
def create_tokenizer():
    def make(nlp) -> Tokenizer:
        defaults = English.Defaults
        # signs glued to a finding in a review of systems: "-LOC", "(-)N/V", "(+)CP"
        prefixes = [r"\(-\)", r"\(\+\)", r"-(?=[A-Za-z])"] + list(defaults.prefixes)
        suffixes = list(defaults.suffixes) + [
            r"(?<=[0-9])" + _UNITS + r"(?:/(?:kg|min|hr|h))*",
            r"(?<=/[A-Za-z])\.",  # "Denies N/V." -> "N/V", "."
            # ALL CAPS: spaCy splits a final period after two capitals ("ETOH."), not after "'S" or "4S"
            r"(?<=[0-9'’][A-Z])\.",  # "ALZHEIMER'S." -> "ALZHEIMER'S", "."; "110S-130S."
        ]
        infixes = list(defaults.infixes) + [
            # slash between words split when a side is a full word (nausea/vomiting, SOB/DIB)
            r"(?<=[A-Za-z]{3})/(?=[A-Za-z])",
            r"(?<=[A-Za-z])/(?=[A-Za-z]{3})",
            # and between two capitalised abbreviations (VT/VF, SI/HI, NS/LR); N/V stays whole
            r"(?<=[A-Z]{2})/(?=[A-Z]{2})",
            # number glued to a unit inside a token: 0.4mg, 500mL
            r"(?<=[0-9])(?=" + _UNITS + r"\b)",
            r"[@;]",
        ]
        # the default infix splits "N/V": drop slash from the letter-letter infix rule
        infixes = [p.replace(":<>=/", ":<>=") for p in infixes]
        # spaCy reads "im" as "I'm" ("i", "m"); in a PCR it is the intramuscular route ("epi 0.3 mg im")
        rules = {k: v for k, v in defaults.tokenizer_exceptions.items() if k not in _ROUTE_WORDS}
        rules.update(_special_cases(nlp))
        return Tokenizer(
            nlp.vocab,
            rules=rules,
            prefix_search=compile_prefix_regex(prefixes).search,
            suffix_search=compile_suffix_regex(suffixes).search,
            infix_finditer=compile_infix_regex(infixes).finditer,
            token_match=_WHOLE.match,
            url_match=defaults.url_match,
        )

    return make
