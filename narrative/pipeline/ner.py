"""Categories for entities a trained NER found: the nearest known surface form of the same label.

A trained `ner` runs before the lexicon and proposes spans the lexicon may lack ("tele strip",
"neb tx"). This component, placed between them, drops NER spans that clash with a lexicon or agency
match (those win), and gives each remaining one `_.source = "ner"`, the category of the most similar
known surface form of its label (character n-gram TF-IDF, cosine), the scope level for
interventions and medications, and the lexicon entry's bed-confinement polarity for mobility.
The surface forms are saved with the model, so a trained pipeline categorizes the same way anywhere.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resources import read_jsonl, resource_path
from . import attributes  # noqa: F401  (registers the span attributes)
from ..rules.tables import load_scope
from .lexicon import service_level

OTHER = "other"
_TOKEN_TEXT_KEYS = ("LOWER", "ORTH", "TEXT", "NORM")


@dataclass(frozen=True)
class SurfaceForm:
    """One known way of writing a category: a lexicon pattern or a gold span's text."""

    label: str
    text: str
    category: str
    supports: bool | None = None


def pattern_text(pattern: Any) -> str | None:
    """The literal text of a lexicon pattern; None for token patterns with operators or regexes."""
    if isinstance(pattern, str):
        return pattern
    if isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern):
        words = []
        for token in pattern:
            value = next((token[k] for k in _TOKEN_TEXT_KEYS if isinstance(token.get(k), str)), None)
            if value is None or "OP" in token:
                return None
            words.append(value)
        return " ".join(words)
    return None


def forms_from_entries(entries: Iterable[dict]) -> list[SurfaceForm]:
    """Surface forms of lexicon / agency entries (CONTRACT agency-pattern form)."""
    forms = []
    for entry in entries:
        text = pattern_text(entry.get("pattern"))
        if text and entry.get("label"):
            forms.append(SurfaceForm(entry["label"], text, entry.get("category") or OTHER,
                                     entry.get("supports_bed_confinement")))
    return forms


def lexicon_forms(lexicons: Iterable[str | Path]) -> list[SurfaceForm]:
    """Surface forms of the lexicon files a pipeline was built from."""
    return [f for path in lexicons for f in forms_from_entries(read_jsonl(resource_path(path)))]


class NearestForm:
    """Per label, a character n-gram TF-IDF index over the known surface forms."""

    def __init__(self, forms: Iterable[SurfaceForm]):
        from sklearn.feature_extraction.text import TfidfVectorizer  # only trained pipelines need it

        by_label: dict[str, dict[str, SurfaceForm]] = {}
        for form in forms:  # first form of a text wins: lexicon before gold, as given
            by_label.setdefault(form.label, {}).setdefault(form.text.lower(), form)
        self.index = {}
        for label, table in by_label.items():
            vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True, sublinear_tf=True)
            matrix = vectorizer.fit_transform(list(table))
            self.index[label] = (vectorizer, matrix, list(table.values()))

    def nearest(self, label: str, texts: list[str]) -> list[tuple[SurfaceForm | None, float]]:
        """The most similar known form of `label` for each text, with its cosine similarity."""
        if label not in self.index or not texts:
            return [(None, 0.0) for _ in texts]
        vectorizer, matrix, forms = self.index[label]
        sims = (vectorizer.transform(texts) @ matrix.T).toarray()
        return [(forms[i], float(row[i])) for row, i in zip(sims, sims.argmax(axis=1))]


class NerCategories:
    def __init__(self, nlp: Language, name: str, scope: str, min_similarity: float):
        self.nlp = nlp
        self.name = name
        self.cfg = {"scope": scope, "min_similarity": min_similarity}
        self.scope = load_scope(scope)
        self.min_similarity = min_similarity
        self.forms: list[SurfaceForm] = []
        self._nearest: NearestForm | None = None

    def set_forms(self, forms: Iterable[SurfaceForm]) -> None:
        self.forms = list(forms)
        self._nearest = NearestForm(self.forms) if self.forms else None

    def categorize(self, label: str, texts: list[str]) -> list[tuple[str, bool | None, float]]:
        """(category, bed-confinement polarity, similarity) for NER texts of one label."""
        if self._nearest is None:
            return [(OTHER, None, 0.0) for _ in texts]
        out = []
        for form, sim in self._nearest.nearest(label, texts):
            if form is None or sim < self.min_similarity:
                out.append((OTHER, None, sim))
            else:
                out.append((form.category, form.supports, sim))
        return out

    def __call__(self, doc: Doc) -> Doc:
        if not doc.ents:
            return doc
        taken: set[int] = set()
        if "narrative_lexicon" in self.nlp.pipe_names:
            for span in self.nlp.get_pipe("narrative_lexicon").match(doc):
                taken.update(range(span.start, span.end))
        kept = [e for e in doc.ents if not taken.intersection(range(e.start, e.end))]
        by_label: dict[str, list[Span]] = {}
        for ent in kept:
            by_label.setdefault(ent.label_, []).append(ent)
        ents = []
        for label, spans in by_label.items():
            for span, (category, supports, _) in zip(spans, self.categorize(label, [s.text for s in spans])):
                span = Span(doc, span.start, span.end, label=label)
                span._.source = "ner"
                span._.category = category
                span._.level = service_level(self.scope, label, category)
                span._.intrinsic_polarity = supports if label == "MOBILITY" else None
                ents.append(span)
        doc.ents = sorted(ents, key=lambda s: s.start)
        return doc

    # -- serialization ------------------------------------------------------------------------
    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / "forms.jsonl", [asdict(f) for f in self.forms])

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> "NerCategories":
        forms = Path(path) / "forms.jsonl"
        if forms.exists():
            self.set_forms(SurfaceForm(**row) for row in srsly.read_jsonl(forms))
        return self


@Language.factory("narrative_ner_categories",
                  default_config={"scope": "scope/default.csv", "min_similarity": 0.35})
def make_ner_categories(nlp: Language, name: str, scope: str, min_similarity: float) -> NerCategories:
    return NerCategories(nlp, name, str(resource_path(scope)), min_similarity)
