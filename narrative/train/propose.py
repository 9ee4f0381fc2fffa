"""Frequent NER spans the lexicon lacks, as an agency patterns file for a specialist to accept.

Each line is a CONTRACT agency pattern with the category guessed from the nearest lexicon form and
a `comment` saying how often the span was seen; the lexicon ignores the comment when loading.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterable

from spacy.language import Language


def propose_patterns(nlp: Language, texts: Iterable[str], min_count: int = 2,
                     batch_size: int = 128) -> list[dict]:
    """Agency pattern entries for NER-only spans seen at least `min_count` times, most frequent first."""
    counts: Counter[tuple[str, str]] = Counter()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        for ent in doc.ents:
            if ent._.source == "ner":
                counts[(ent.label_, ent.text.lower())] += 1
    categories = nlp.get_pipe("narrative_ner_categories")
    entries = []
    for (label, text), n in counts.most_common():
        if n < min_count:
            break
        nearest = categories.categorize(label, [text])[0]  # kept NER spans always have a nearest form
        entry = {"label": label, "pattern": text, "category": nearest.form.category}
        if label == "MOBILITY":
            entry["supports_bed_confinement"] = nearest.form.supports
        entry["comment"] = (f"proposed by narrative train: seen {n} times; category guessed from the nearest "
                            f"lexicon form (similarity {nearest.similarity:.2f}); check before accepting")
        entries.append(entry)
    return entries


def write_patterns(entries: list[dict], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for entry in entries:
            fh.write(json.dumps(entry) + "\n")
