import json

import spacy

import narrative
from narrative.pipeline.evidence import doc_to_evidence

TEXTS = [
    "67 y/o M c/o CP, denies SOB. 12 lead obtained. ASA 324mg PO. IV 18g L AC.",
    "pt unable to ambulate, bedbound at baseline. hx CVA.",
    "adenosine 6 mg rapid IVP, then 12 mg IVP x2",
]


def summary(nlp, texts):
    return [json.dumps([e.to_dict() for e in doc_to_evidence(d).entities]) for d in nlp.pipe(texts)]


def test_to_disk_and_spacy_load_round_trip(tmp_path, nlp):
    patterns = [{"label": "CONDITION", "pattern": "the wobbles", "category": "weakness_dizziness"}]
    custom = narrative.load(patterns=patterns)
    custom.to_disk(tmp_path / "model")
    reloaded = spacy.load(tmp_path / "model")
    texts = TEXTS + ["pt has the wobbles"]
    assert summary(reloaded, texts) == summary(custom, texts)
    assert any(e.text == "the wobbles" for e in narrative.analyze("pt has the wobbles", reloaded).entities)


def test_doc_bytes_round_trip_keeps_attributes(nlp):
    from spacy.tokens import Doc

    doc = nlp(TEXTS[2])
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert copy._.administrations == doc._.administrations
    assert [e._.category for e in copy.ents] == [e._.category for e in doc.ents]


def test_multiprocess_pipe_matches_single_process(nlp):
    assert summary(nlp, TEXTS * 2) == [json.dumps([e.to_dict() for e in doc_to_evidence(d).entities])
                                       for d in nlp.pipe(TEXTS * 2, n_process=2, batch_size=2)]
