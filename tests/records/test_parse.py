"""record_from_dict: type coercion, table-driven normalisation and clear errors."""
import pytest

from narrative.records import RecordError, record_from_dict

NARR = "dispatched emergent to res for 67 yo m c/o cp x 2 hrs, 12 lead obtained, 18g iv l ac"


def rec(**fields):
    return record_from_dict({"id": "PCR-1", "narrative": NARR, **fields}, "in.jsonl:3")


@pytest.mark.parametrize("hcpcs,level,emergency", [
    ("A0429", "BLS", True), ("A0428", "BLS", False), ("A0427", "ALS1", True),
    ("A0426", "ALS1", False), ("A0433", "ALS2", None), ("A0434", "SCT", None),
    ("A0432", "PI", True), ("A0430", "FW", None), ("A0431", "RW", None),
])
def test_level_and_emergency_derived_from_hcpcs(hcpcs, level, emergency):
    record = rec(billing={"hcpcs": hcpcs.lower()})
    assert (record.billing.hcpcs, record.billing.level, record.transport.emergency) == (hcpcs, level, emergency)


def test_explicit_emergency_flag_wins_over_hcpcs():
    record = rec(billing={"hcpcs": "A0427"}, transport={"emergency": "no"})
    assert record.billing.level == "ALS1" and record.transport.emergency is False


def test_explicit_level_kept_when_hcpcs_disagrees():
    assert rec(billing={"hcpcs": "A0427", "level": "bls"}).billing.level == "BLS"


@pytest.mark.parametrize("text,level", [
    ("als 1", "ALS1"), ("ALS-1", "ALS1"), ("als1", "ALS1"), ("ALS I", "ALS1"), ("ALS", "ALS1"),
    ("als-2", "ALS2"), ("ALS II", "ALS2"), ("bls", "BLS"), ("cct", "SCT"),
    ("Specialty Care Transport", "SCT"), ("paramedic intercept", "PI"), ("rotor wing", "RW"),
])
def test_level_spellings_normalised(text, level):
    assert rec(billing={"level": text}).billing.level == level


def test_level_spelling_with_emergency_sets_flag():
    assert rec(billing={"level": "ALS1-Emergency"}).transport.emergency is True
    assert rec(billing={"level": "BLS non-emergency"}).transport.emergency is False


def test_unknown_level_is_an_error_naming_record_and_field():
    with pytest.raises(RecordError) as err:
        rec(billing={"level": "ALS3"})
    assert err.value.record_id == "PCR-1" and err.value.field == "billing.level"
    assert "PCR-1 (in.jsonl:3)" in str(err.value) and "ALS3" in str(err.value)


def test_numbers_and_booleans_given_as_strings():
    record = rec(transport={"loaded_miles": " 7.3 ", "scheduled": "Y", "interfacility": "0"},
                 vitals=[{"sbp": "150", "dbp": 90, "hr": "104", "spo2": "95"}],
                 signatures={"patient": "yes", "pcs": "FALSE"})
    assert record.transport.loaded_miles == 7.3
    assert record.transport.scheduled is True and record.transport.interfacility is False
    assert (record.vitals[0].sbp, record.vitals[0].hr) == (150.0, 104.0)
    assert record.signatures.patient is True and record.signatures.pcs is False


@pytest.mark.parametrize("fields,field", [
    ({"transport": {"loaded_miles": "abc"}}, "transport.loaded_miles"),
    ({"vitals": {"sbp": 120}}, "vitals"),
    ({"vitals": [{"hr": "fast"}]}, "vitals[0].hr"),
    ({"signatures": {"patient": "maybe"}}, "signatures.patient"),
    ({"transport": {"emergency": [True]}}, "transport.emergency"),
    ({"transport": "emergent"}, "transport"),
    ({"transport": {"loaded_miles": "NaN"}}, "transport.loaded_miles"),
    ({"signatures": {"pcs_date": "last tuesday"}}, "signatures.pcs_date"),
])
def test_uncoercible_values_name_the_field(fields, field):
    with pytest.raises(RecordError) as err:
        rec(**fields)
    assert err.value.field == field and str(err.value).startswith("PCR-1 (in.jsonl:3): " + field)


def test_narrative_must_be_non_empty_text():
    with pytest.raises(RecordError, match="narrative: expected text, got list"):
        record_from_dict({"id": "X", "narrative": ["pt", "c/o"]}, "a.jsonl:1")
    with pytest.raises(RecordError, match="narrative: is empty"):
        record_from_dict({"id": "X", "narrative": " \n\t"}, "a.jsonl:2")


def test_missing_id_names_the_source():
    with pytest.raises(RecordError) as err:
        record_from_dict({"narrative": NARR}, "batch.jsonl:12")
    assert str(err.value) == "batch.jsonl:12: id: missing required field" and err.value.record_id is None


def test_numeric_id_and_zip_are_text():
    record = record_from_dict({"id": 123, "narrative": NARR,
                               "transport": {"origin_zip": 2134, "destination_zip": "55455"}}, "x:1")
    assert record.id == "123" and record.transport.origin_zip == "02134"


def test_unknown_fields_are_kept_in_extra():
    record = rec(agency="Synthetic EMS", transport={"emergency": True, "lights": "L&S"})
    assert record.extra == {"agency": "Synthetic EMS", "transport.lights": "L&S"}


@pytest.mark.parametrize("given,moved", [
    ("9909001", "walked"), (9909015, "wheelchair"), ("9909011", "stair_chair"), ("9909013", "stretcher"),
    ("9909005", "chair"), ("9909007", "carried"), ("Stretcher", "stretcher"), ("stair chair", "stair_chair"),
    ("Assisted/Walk", "walked"), ("ambulated", "walked"), ("W/C", "wheelchair"), ("cot", "stretcher"),
])
def test_moved_to_ambulance_text_or_nemsis_code(given, moved):
    assert rec(transport={"moved_to_ambulance": given}).transport.moved_to_ambulance == moved


def test_hcpcs_modifier_pair_fills_origin_and_destination():
    record = rec(billing={"hcpcs": "A0428-NJ"})
    assert (record.billing.hcpcs, record.transport.origin, record.transport.destination) == ("A0428", "N", "J")
    assert rec(billing={"hcpcs": "A0428 NJ"}, transport={"origin": "residence"}).transport.origin == "R"


def test_list_sections_accept_bare_strings_and_codes():
    record = rec(procedures=["12 lead", {"code": "268400002"}], crew=["EMT-P", {"certification": "emt-b"}],
                 medications=[{"code": "1191", "route": "PO"}, "nitro"])
    assert [p.name for p in record.procedures] == ["12 lead", "12 lead ECG"]
    assert [c.certification for c in record.crew] == ["Paramedic", "EMT"]
    assert [m.name for m in record.medications] == ["aspirin", "nitro"]


def test_blood_pressure_written_as_one_field():
    vitals = rec(vitals=[{"bp": "88/52", "hr": 124}]).vitals[0]
    assert (vitals.sbp, vitals.dbp, vitals.hr) == (88.0, 52.0, 124.0)


def test_dates_normalised_to_iso():
    record = rec(transport_date="2024-03-02T14:31:00-06:00", signatures={"pcs_date": "03/01/2024"})
    assert record.transport_date == "2024-03-02" and record.signatures.pcs_date == "2024-03-01"


def test_provided_lists_the_sections_the_input_carried():
    record = rec(transport={"emergency": True}, signatures={}, vitals=[], impression="Chest pain")
    assert record.provided == {"transport", "impression"}
    assert record.impression.primary == "Chest pain" and record.source == "in.jsonl:3"
    # an explicit empty list of medications says none were recorded: the narrative can contradict it
    assert "medications" in rec(medications=[]).provided and "medications" not in rec(medications=None).provided
