"""Numbered error messages, spaCy style: stable codes users can search for."""
from __future__ import annotations


class Errors:
    E001 = "Agency patterns {path}:{line}: invalid JSON ({msg})."
    E002 = "Lexicon entry {where}: unknown label {label!r}; expected one of {labels}."
    E003 = "Lexicon entry {where}: category {category!r} is not defined for {label} in categories.csv."
    E004 = "Lexicon entry {where}: token pattern keys {keys} are not supported (no tagger in this pipeline)."
    E005 = "Lexicon entry {where}: 'pattern' must be a string or a list of token dicts."
    E006 = "Assertion rule {where}: unknown category {category!r} or direction {direction!r}."
    E007 = "Record {record}: the pipeline failed on this narrative ({error})."
    E008 = "No model found at {path}: expected a directory written by `narrative train` or nlp.to_disk."
    E009 = ("Assertion rule {where}: {literal!r} {direction} is already defined on line {first}; merge the two "
            "rules (labels, max_scope) into one.")
    E010 = "Lexicon entry {where}: unknown word list {name!r}; wordsets.yaml defines {names}."
    E011 = "Narrative {id}: {problem} in the second annotation {path}; both files must hold the same narratives."
