"""Categories for entities a trained NER found: the nearest known surface form of the same label.

A trained `ner` runs before the lexicon and proposes spans the lexicon may lack ("tele strip",
"neb tx"). This component, placed between them, drops NER spans that clash with a lexicon or agency
match (those win), and gives each remaining one `_.source = "ner"`, the category of the most similar
known surface form of its label (character n-gram TF-IDF, cosine), the scope level for
interventions and medications, and the lexicon entry's bed-confinement polarity for mobility.
The surface forms are saved with the model, so a trained pipeline categorizes the same way anywhere.

The nearest form is also the NER's precision check. A span like no known form of its label ("kept",
"sports drink") or nearer a form of another label ("got" as a MEDICATION) is a one-off guess of a
model trained on a few thousand narratives, and an uncategorized CONDITION is never evidence
(docs/annotation.md), so such spans are dropped rather than kept as "other": `min_similarity` and
`min_margin` (over the best form of any other label) are tuned for models/default on
corpora/annotated/dev2.txt and a generated split by training/tune_ner_filter.py. There, fuzzy matches
(similarity below ~0.95) cost more precision than they added recall, so the defaults, which
`narrative train` uses, keep a span only when it is a known form of its label up to case and spacing:
the NER decides where such a form is an entity in context, the agency's gold spans teach it new forms.
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


@dataclass(frozen=True)
class Nearest:
    """The most similar known form of a span's label, and how much nearer it is than any other label's."""

    form: SurfaceForm | None
    similarity: float
    margin: float


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

    def _best(self, label: str, texts: list[str]) -> list[tuple[SurfaceForm, float]]:
        vectorizer, matrix, forms = self.index[label]
        sims = (vectorizer.transform(texts) @ matrix.T).toarray()
        return [(forms[i], float(row[i])) for row, i in zip(sims, sims.argmax(axis=1))]

    def nearest(self, label: str, texts: list[str]) -> list[Nearest]:
        """The most similar known form of `label` for each text, its cosine, and the margin over other labels."""
        if label not in self.index or not texts:
            return [Nearest(None, 0.0, 0.0) for _ in texts]
        others = [[sim for _, sim in self._best(other, texts)] for other in self.index if other != label]
        rivals = [max(column) for column in zip(*others)] if others else [0.0] * len(texts)
        return [Nearest(form, sim, sim - rival) for (form, sim), rival in zip(self._best(label, texts), rivals)]


class NerCategories:
    def __init__(self, nlp: Language, name: str, scope: str, min_similarity: float, min_margin: float):
        self.nlp = nlp
        self.name = name
        self.cfg = {"scope": scope, "min_similarity": min_similarity, "min_margin": min_margin}
        self.scope = load_scope(scope)
        self.min_similarity = min_similarity
        self.min_margin = min_margin
        self.forms: list[SurfaceForm] = []
        self._nearest: NearestForm | None = None

    def set_forms(self, forms: Iterable[SurfaceForm]) -> None:
        self.forms = list(forms)
        self._nearest = NearestForm(self.forms) if self.forms else None

    def categorize(self, label: str, texts: list[str]) -> list[Nearest]:
        """The nearest known form (category, bed-confinement polarity) for NER texts of one label."""
        if self._nearest is None:
            return [Nearest(None, 0.0, 0.0) for _ in texts]
        return self._nearest.nearest(label, texts)

    def accepts(self, nearest: Nearest) -> bool:
        """Keep a NER span only when a known form of its label is close, and closer than other labels' forms."""
        return (nearest.form is not None and nearest.similarity >= self.min_similarity
                and nearest.margin >= self.min_margin)

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
            for span, nearest in zip(spans, self.categorize(label, [s.text for s in spans])):
                if not self.accepts(nearest):
                    continue
                form = nearest.form
                span = Span(doc, span.start, span.end, label=label)
                span._.source = "ner"
                span._.category = form.category
                span._.level = service_level(self.scope, label, form.category)
                span._.intrinsic_polarity = form.supports if label == "MOBILITY" else None
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
                  default_config={"scope": "scope/default.csv", "min_similarity": 0.99, "min_margin": 0.0})
def make_ner_categories(nlp: Language, name: str, scope: str, min_similarity: float,
                        min_margin: float) -> NerCategories:
    return NerCategories(nlp, name, str(resource_path(scope)), min_similarity, min_margin)
