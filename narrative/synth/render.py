"""Write a scenario's narrative parts the way a given crew would, keeping gold offsets exact.

Every surface change (abbreviation, typo, dictation artifact, case, layout) is
applied to one piece at a time before the pieces are concatenated, so a span's
offsets are simply where its (possibly misspelled) text lands.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from .bank import Bank
from .pieces import Mention, Sentence
from .scenario import PARTS

STYLES = ("CHART", "SOAP", "DCHART", "RUNON", "CAPS", "LOWER", "TERSE")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
# how sentences end, per style; dictation overrides with spoken punctuation
_TERMINATORS = {
    "CHART": [". ", "; ", ". ", ", "],
    "DCHART": [". ", "; ", ". ", ", "],
    "SOAP": [". ", ". ", "; "],
    "RUNON": [", ", " ", ", ", " - "],
    "CAPS": [". ", ".\n", "; ", "\n", ". "],
    "LOWER": [". ", ".\n", "; ", "\n", ". "],
    "TERSE": [". ", " / ", "\n", "; ", ". "],
}
_SECTION_SEPS = ["\n", "\n", "\n\n", " "]


@dataclass
class Rendered:
    text: str
    spans: list[dict[str, Any]]
    features: list[str] = field(default_factory=list)
    typo_rate: float = 0.0


class Renderer:
    def __init__(self, bank: Bank):
        self.bank = bank
        abbr = {k: v for k, v in bank.abbreviations.items() if k != "drop"}
        self._abbr = abbr
        self._abbr_re = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(abbr, key=len, reverse=True))
                                   + r")\b", re.IGNORECASE)
        self._drop_re = re.compile(r"\b(" + "|".join(re.escape(w) for w in bank.abbreviations["drop"])
                                   + r")\s+", re.IGNORECASE)

    def render(self, parts: dict[str, list[Sentence]], style: str, rng: random.Random) -> Rendered:
        surface = self.bank.variants["surface"]
        features: list[str] = []
        typo_rate = rng.uniform(0.05, 0.2) if rng.random() < surface["typos"] else 0.0
        abbreviate = style == "TERSE" or rng.random() < surface["abbreviations"]
        dictation = style != "TERSE" and rng.random() < surface["dictation"]
        doubled = rng.random() < surface["doubled_word"]
        capitalize = style not in ("CAPS", "LOWER", "RUNON") and rng.random() < 0.6
        for name, on in (("typos", typo_rate > 0), ("abbreviations", abbreviate), ("dictation", dictation),
                         ("doubled_word", doubled)):
            if on:
                features.append(name)
        term = rng.choice(_TERMINATORS[style])
        sep = rng.choice(_SECTION_SEPS) if style in ("CHART", "DCHART", "SOAP") else term

        def piece(p: str | Mention, first: bool) -> str | Mention:
            if isinstance(p, Mention):
                text = self._typos(p.text, typo_rate / 2, rng)
            else:
                text = p
                if abbreviate:
                    text = self._abbreviate(text, 1.0 if style == "TERSE" else 0.6, rng)
                if style == "TERSE":
                    text = self._drop_re.sub(lambda m: "" if rng.random() < 0.8 else m.group(0), text)
                text = self._typos(text, typo_rate, rng)
            if style == "CAPS":
                text = text.upper()
            elif style == "LOWER":
                text = text.lower()
            elif first and capitalize:
                text = text[:1].upper() + text[1:]
            if isinstance(p, Mention):
                return Mention(text, p.label, p.category, p.assertion, p.supports, p.prior, p.group)
            return text

        def sentence(s: Sentence) -> Sentence:
            return [piece(p, i == 0) for i, p in enumerate(s) if not (isinstance(p, str) and not p.strip() and i == 0)]

        blocks: list[tuple[str, list[Sentence]]] = []
        if style in ("CHART", "DCHART", "SOAP"):
            form = rng.randrange(3)  # one header convention per crew member ("C:", "CC:", "C-")
            for section in self.bank.layouts[style]:
                sents = [sentence(s) for part in section["parts"] for s in parts[part]]
                if sents:
                    blocks.append((section["header"][min(form, len(section["header"]) - 1)], sents))
        else:
            blocks.append(("", [sentence(s) for part in PARTS for s in parts[part]]))
        if doubled:
            self._double(blocks, rng)

        out = _Writer()
        for b, (header, sents) in enumerate(blocks):
            if b:
                out.emit(sep)
            if header:
                out.emit((header.lower() if style == "LOWER" else header) + " ")
            for i, s in enumerate(sents):
                if i:
                    out.emit(self._terminator(term, dictation, rng))
                for p in s:
                    out.emit(p)
            if style != "RUNON" and (sep.startswith("\n") or b == len(blocks) - 1):
                out.emit(" period" if dictation else ".")
        text = out.text()
        if style in ("CAPS", "LOWER"):  # spoken punctuation and headers too; ASCII keeps offsets
            cased = text.upper() if style == "CAPS" else text.lower()
            text = cased if len(cased) == len(text) else text
        return Rendered(text, out.spans, features, round(typo_rate, 3))

    # ---- surface noise ---------------------------------------------------------------------
    def _abbreviate(self, text: str, p: float, rng: random.Random) -> str:
        return self._abbr_re.sub(lambda m: self._abbr[m.group(0).lower()] if rng.random() < p else m.group(0), text)

    def _typos(self, text: str, rate: float, rng: random.Random) -> str:
        if rate <= 0:
            return text

        def swap(m: re.Match[str]) -> str:
            word = m.group(0)
            variants = self.bank.typos.get(word.lower())
            if not variants or rng.random() >= rate:
                return word
            typo = rng.choice(variants)
            return typo[:1].upper() + typo[1:] if word[:1].isupper() else typo

        return _WORD.sub(swap, text)

    @staticmethod
    def _terminator(term: str, dictation: bool, rng: random.Random) -> str:
        if not dictation:
            return term
        return rng.choice([" period ", " period ", " comma ", " period new line\n", " comma new line\n"])

    @staticmethod
    def _double(blocks: list[tuple[str, list[Sentence]]], rng: random.Random) -> None:
        """A dictation stutter: one connective word written twice ("pt pt", "to to")."""
        slots = [(s, i) for _, sents in blocks for s in sents for i, p in enumerate(s)
                 if isinstance(p, str) and _WORD.search(p)]
        if not slots:
            return
        s, i = rng.choice(slots)
        words = list(_WORD.finditer(s[i]))
        w = rng.choice(words)
        s[i] = s[i][:w.end()] + " " + w.group(0) + s[i][w.end():]


class _Writer:
    """Concatenates pieces, records span offsets, never leaves spaces before a line break."""

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.length = 0
        self.last = ""  # last character written
        self.spans: list[dict[str, Any]] = []

    def emit(self, p: str | Mention) -> None:
        if isinstance(p, Mention):
            if self.last and not self.last.isspace() and self.last not in "(/-+?:":
                self._add(" ")
            row: dict[str, Any] = {"start": self.length, "end": self.length + len(p.text), "label": p.label,
                                   "category": p.category, "assertion": p.assertion}
            if p.label == "MOBILITY":
                row["supports_bed_confinement"] = p.supports
            self.spans.append(row)
            self._add(p.text)
            return
        text = re.sub(r"[ \t]+\n", "\n", p)
        if text.startswith("\n") or (text.strip() == "" and "\n" in text):
            self._rstrip()
        if self.length == 0:
            text = text.lstrip()
        self._add(text)

    def _add(self, text: str) -> None:
        if text:
            self.buf.append(text)
            self.length += len(text)
            self.last = text[-1]

    def _rstrip(self) -> None:
        while self.buf and self.buf[-1] != self.buf[-1].rstrip(" \t"):
            stripped = self.buf[-1].rstrip(" \t")
            if self.spans and self.spans[-1]["end"] > self.length - (len(self.buf[-1]) - len(stripped)):
                return  # never cut into a span
            self.length -= len(self.buf[-1]) - len(stripped)
            self.buf[-1] = stripped
            if not stripped:
                self.buf.pop()
            self.last = self.buf[-1][-1] if self.buf else ""

    def text(self) -> str:
        self._rstrip()
        return "".join(self.buf)
