from narrative.result import Finding
from narrative.rules import make_finding, reconcile, score, specs

from .builders import Doc, categorize, record


def test_clean_record_scores_100_low_risk():
    s = score([])
    assert (s.score, s.risk, s.breakdown) == (100, "low", [])


def test_breakdown_sums_to_score_and_fills_points():
    found = [make_finding("PROCEDURE_NOT_IN_NARRATIVE", kind="procedures", items="IV access", negated=""),
             make_finding("NARRATIVE_PROCEDURE_NOT_CODED", items="'12 lead'")]
    s = score(found)
    assert s.score == 100 + sum(row["points"] for row in s.breakdown) == 85
    assert [f.points for f in found] == [-10, -5]
    assert s.risk == "low"


def test_error_finding_makes_at_least_medium_risk():
    s = score([make_finding("MISSING_SIGNATURE", detail="no patient signature")])
    assert s.score == 85 and s.risk == "medium"


def test_high_risk_finding_makes_high_risk():
    s = score([make_finding("BED_CONFINEMENT_CONTRADICTED", detail="'walked to unit'")])
    assert s.risk == "high" and s.score == 55


def test_many_warnings_give_high_risk_by_score():
    found = [make_finding("NARRATIVE_TOO_THIN", detail="only 9 words"),
             make_finding("IMPRESSION_CONTRADICTED", impression="Chest pain"),
             make_finding("VITALS_CONTRADICT_NARRATIVE", claims="'hypoxic'", details="SPO2 98"),
             make_finding("BED_CONFINEMENT_INCOMPLETE", documented="unable to ambulate", missing="sit")]
    s = score(found)
    assert s.score == 40 and s.risk == "high"


def test_score_never_below_zero_and_still_sums():
    found = [make_finding("CONVENIENCE_TRANSPORT", reasons="no ride"),
             make_finding("BED_CONFINEMENT_CONTRADICTED", detail="x"),
             make_finding("NO_QUALIFYING_CONDITION", detail="")]
    s = score(found)
    assert s.score == 0 == 100 + sum(r["points"] for r in s.breakdown)
    assert found[-1].points == -10 and "capped" in s.breakdown[-1]["reason"]


def test_every_contract_code_has_a_complete_spec():
    table = specs()
    assert len(table) == 18
    for spec in table.values():
        assert spec.severity in ("error", "warning", "info") and spec.rule and spec.fix and spec.points <= 0


def test_cloned_narrative_factory_for_the_batch_layer():
    f = make_finding("CLONED_NARRATIVE", related=["PCR-2", "PCR-9"], similarity="96%", count=2)
    assert isinstance(f, Finding) and f.related == ["PCR-2", "PCR-9"] and "96%" in f.message
    assert score([f]).score == 80


def test_reconcile_then_score_end_to_end():
    text = ("Dispatched non-emergent to Lakeview SNF for scheduled dialysis transport. pt ambulated to stretcher w/ "
            "steady gait. family requested ambulance as pt has no ride. vitals WNL")
    doc = Doc(text).mob("ambulated to stretcher", "ambulate", False)
    rec = record(text, transport={"emergency": False, "origin": "N", "destination": "G", "loaded_miles": 6.0,
                                  "scheduled": True},
                 billing={"hcpcs": "A0428"}, signatures={"patient": True, "pcs": True, "pcs_date": "2024-01-20"},
                 transport_date="2024-02-01")
    result = reconcile(rec, doc.evidence(), categorize)
    assert result.billed_level == result.supported_level == "BLS" and result.emergency is False
    assert {f.code for f in result.findings} == {"BED_CONFINEMENT_CONTRADICTED", "CONVENIENCE_TRANSPORT"}
    s = score(result.findings)
    assert s.risk == "high" and s.score == 10
