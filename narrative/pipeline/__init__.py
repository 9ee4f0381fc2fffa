"""spaCy components of the narrative pipeline, one factory per module.

Importing this package registers the factories; `spacy.load` finds them through the
`spacy_factories` entry points without it.
"""
from . import abbreviations, assertion, lexicon, medications, mobility, ner, sections, sentences, tokenizer  # noqa: F401
