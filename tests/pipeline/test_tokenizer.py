import pytest


def toks(nlp, text):
    return [t.text for t in nlp.make_doc(text)]


@pytest.mark.parametrize("text,expected", [
    ("67 y/o M c/o CP", ["67", "y/o", "M", "c/o", "CP"]),
    ("s/p fall, h/o CVA", ["s/p", "fall", ",", "h/o", "CVA"]),
    ("w/ 2 person assist w/o difficulty", ["w/", "2", "person", "assist", "w/o", "difficulty"]),
    ("N/V/D x2 days", ["N/V/D", "x2", "days"]),
    ("18g L AC", ["18g", "L", "AC"]),
    ("20ga IV", ["20ga", "IV"]),
    ("SpO2 88% on RA", ["SpO2", "88", "%", "on", "RA"]),
    ("BP 88/52", ["BP", "88/52"]),
    ("nitro 0.4mg SL", ["nitro", "0.4", "mg", "SL"]),
    ("NS 500mL bolus", ["NS", "500", "mL", "bolus"]),
    ("at 1432 pt.", ["at", "1432", "pt."]),
    ("LOC (-)", ["LOC", "(-)"]),
    ("A&Ox4", ["A&Ox4"]),
    ("C/O CP", ["C/O", "CP"]),
    # "im" is the intramuscular route, not "I'm"
    ("epi 0.3 mg im x1", ["epi", "0.3", "mg", "im", "x1"]),
    # ALL CAPS: the sentence's period comes off a word ending in 'S or a digit and a capital
    ("DX END STAGE ALZHEIMER'S. PT", ["DX", "END", "STAGE", "ALZHEIMER", "'S", ".", "PT"]),
    ("BP 110S-130S. STE", ["BP", "110S-130S", ".", "STE"]),
    # paired two-letter findings split in lower case as they do in capitals
    ("denies si/hi", ["denies", "si", "/", "hi"]),
    ("in case of vt/vf", ["in", "case", "of", "vt", "/", "vf"]),
    # a sign glued to a finding comes off it; a hyphen inside a word stays
    ("ROS: -LOC, -N/V, +CP", ["ROS", ":", "-", "LOC", ",", "-", "N/V", ",", "+", "CP"]),
    ("(-)SOB (+)N/V", ["(-)", "SOB", "(+)", "N/V"]),
    ("non-ambulatory, 3-lead", ["non", "-", "ambulatory", ",", "3", "-", "lead"]),
])
def test_pcr_tokens(nlp, text, expected):
    assert toks(nlp, text) == expected


def test_slash_between_words_splits(nlp):
    assert toks(nlp, "nausea/vomiting") == ["nausea", "/", "vomiting"]
    assert toks(nlp, "SOB/DIB") == ["SOB", "/", "DIB"]


def test_infusion_units_stay_together(nlp):
    assert toks(nlp, "5mcg/kg/min") == ["5", "mcg/kg/min"]
