"""NEMSIS v3.5 reader: code mapping, nil/NV/PN handling, hostile and broken XML."""
import gzip
import shutil

from narrative.records import Record, RecordError, read_nemsis, read_records


def test_emergency_als1_chest_pain(fixtures):
    (record,) = read_nemsis(fixtures / "nemsis_als1_chest_pain.xml")
    assert record.id == "NEM-ALS1-0001" and record.source == "nemsis_als1_chest_pain.xml:PatientCareReport[1]"
    assert record.narrative.startswith("Dispatched emergent to res for 67 y/o M")
    assert record.billing.level == "ALS1" and record.transport.emergency is True
    t = record.transport
    assert (t.origin, t.destination, t.origin_zip, t.destination_zip) == ("S", "H", "55414", "55455")
    assert t.loaded_miles == 7.3 and t.moved_to_ambulance == "stretcher" and t.als_dispatch is True
    assert [c.certification for c in record.crew] == ["Paramedic", "EMT"]
    assert [(p.code, p.name) for p in record.procedures] == [("268400002", "12 lead ECG"), ("392230005", "IV access")]
    # the third medication carries a pertinent negative (refused): not given, not an error
    assert [(m.name, m.route, m.dose) for m in record.medications] == [("aspirin", "PO", "324"),
                                                                       ("nitroglycerin", "SL", "0.4")]
    assert [(v.sbp, v.hr, v.spo2, v.gcs) for v in record.vitals] == [(150, 104, 95, 15), (138, 96, 97, None)]
    assert record.vitals[1].glucose == 142 and record.vitals[0].pain == 7
    assert (record.impression.primary, record.impression.icd10) == ("Chest pain", "I20.9")
    assert record.impression.secondary == ["R06.02", "R11.0"]
    assert record.transport_date == "2024-03-02" and record.unit == "Medic 12"
    assert record.extra["nemsis"]["ePayment.50"] == "2650003"
    assert record.signatures.patient is True and "signatures" in record.provided


def test_als2_arrest_routes_and_prior_to_arrival(fixtures):
    (record,) = read_nemsis(fixtures / "nemsis_als2_arrest.xml")
    assert record.billing.level == "ALS2" and record.transport.emergency is True
    meds = [(m.name, m.route, m.prior_to_arrival) for m in record.medications]
    assert meds == [("epinephrine", "IO", True), ("epinephrine", "IV", False), ("epinephrine", "IV", False),
                    ("amiodarone", "IV", False), ("norepinephrine", "IV pump", False)]
    assert [(p.name, p.prior_to_arrival) for p in record.procedures][:2] == [("CPR", True), ("defibrillation", False)]
    # pulseless: blood pressure carried a PN and is simply absent
    assert record.vitals[0].sbp is None and record.vitals[0].hr == 0 and record.transport.loaded_miles == 3.8


def test_snf_transfer_with_pcs_and_a_report_with_nil_narrative(fixtures):
    snf, nil = read_nemsis(fixtures / "nemsis_snf_transfer.xml")
    assert snf.billing.level == "BLS" and snf.transport.emergency is False
    assert snf.transport.interfacility is True and snf.transport.destination == "J"
    assert snf.signatures.pcs is True and snf.signatures.pcs_date == "2024-08-30"
    assert snf.transport_assessment == ["unable_to_sit", "unable_to_stand", "unable_to_walk"]
    assert "signatures" in snf.provided
    sig = snf.signatures
    assert (sig.patient, sig.representative, sig.reason_unable) == (False, True, "Mental Status/Impaired")
    assert isinstance(nil, RecordError) and nil.record_id == "NEM-BLS-0004" and nil.field == "narrative"
    assert "PatientCareReport[2]" in str(nil)


def test_entity_bomb_and_external_entity_are_refused_and_batch_continues(tmp_path, fixtures):
    for name in ("bomb.xml", "external_entity.xml", "nemsis_als2_arrest.xml"):
        shutil.copy(fixtures / name, tmp_path / name)
    bomb, xxe, good = read_records(tmp_path / "*.xml")
    assert isinstance(bomb, RecordError) and "DTDs and entity declarations are not allowed" in bomb.message
    assert isinstance(xxe, RecordError) and "root:" not in str(xxe) and xxe.source.endswith("external_entity.xml")
    assert isinstance(good, Record) and good.id == "NEM-ALS2-0002"


def test_pcs_without_signature_group_is_marked_separately(tmp_path, fixtures):
    text = (fixtures / "nemsis_snf_transfer.xml").read_text(encoding="utf-8")
    start, end = text.index("      <eOther>"), text.index("      </eOther>\n") + len("      </eOther>\n")
    path = tmp_path / "no_eother.xml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    snf = next(read_nemsis(path))
    assert "signatures.pcs" in snf.provided and "signatures" not in snf.provided
    assert snf.signatures.pcs is True and snf.signatures.patient is None


def test_truncated_xml_keeps_reports_before_the_break(tmp_path, fixtures):
    text = (fixtures / "nemsis_snf_transfer.xml").read_text(encoding="utf-8")
    cut = text.index("<eNarrative.01 xsi:nil")
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(gzip.compress(text[:cut].encode()))
    first, error = read_records(path)
    assert first.id == "NEM-BLS-0003"
    assert isinstance(error, RecordError) and error.message.startswith("XML does not parse")


def test_xml_without_reports_and_bad_numbers(tmp_path):
    other = tmp_path / "other.xml"
    other.write_text('<?xml version="1.0"?><DEMDataSet xmlns="http://www.nemsis.org"/>', encoding="utf-8")
    (err,) = read_nemsis(other)
    assert "no PatientCareReport" in err.message
    odd = tmp_path / "odd.xml"
    odd.write_text('<EMSDataSet xmlns="http://www.nemsis.org"><Header><PatientCareReport>'
                   '<eRecord><eRecord.01>ODO-1</eRecord.01></eRecord>'
                   '<eResponse><eResponse.20>12a</eResponse.20><eResponse.21>15</eResponse.21></eResponse>'
                   '<eNarrative><eNarrative.01>pt c/o cp</eNarrative.01></eNarrative>'
                   '</PatientCareReport></Header></EMSDataSet>', encoding="utf-8")
    (err,) = read_nemsis(odd)
    assert err.record_id == "ODO-1" and err.field == "eResponse.20"
