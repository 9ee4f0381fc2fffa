"""Build one synthetic transport: the facts, the narrative parts and the structured fields.

A scenario knows exactly what it wrote (every mention with its category and
assertion, every administration with its route and count), so the expected
level and findings in :mod:`narrative.synth.gold` are computed from facts, never
from re-reading the text.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .bank import Bank
from .pieces import Mention, Piece, Sentence, fill, join, mentions

PARTS = ("dispatch", "complaint", "history", "assessment", "impression", "treatment", "transport", "disposition")
FACILITY = frozenset("HNDJG")  # origins that make an unscheduled transport need a PCS
ALS_CERTS = frozenset({"Paramedic", "AEMT"})
SCT_CERTS = frozenset({"RN", "RT", "Physician", "CCP"})


@dataclass
class Admin:
    """One medication line of the narrative (``count`` administrations)."""

    category: str
    route: str  # route class: iv io infusion im in sl po neb
    count: int
    prior: bool
    dose: str
    mention: Mention


@dataclass
class Scenario:
    family: str
    kind: str  # emergency | ift | nonemergency
    age: int
    sex: str
    emergency: bool
    origin: str
    destination: str
    scheduled: bool
    interfacility: bool
    crew: list[str]
    als_dispatch: bool
    impression: dict[str, str]
    parts: dict[str, list[Sentence]] = field(default_factory=lambda: {p: [] for p in PARTS})
    procedures: list[tuple[str, str]] = field(default_factory=list)  # structured (category, name)
    admins: list[Admin] = field(default_factory=list)
    vitals: list[dict[str, float]] = field(default_factory=list)
    bound: dict[str, str] = field(default_factory=dict)  # vitals field -> group the text asserts
    mobility_mode: str | None = None
    convenience: bool = False
    thin: bool = False
    cloned: bool = False
    vitals_contradicted: bool = False
    billed_level: str = "BLS"
    signatures: dict[str, Any] = field(default_factory=dict)
    loaded_miles: float | None = None
    transport_date: str = ""
    moved_to_ambulance: str = "stretcher"
    transport_assessment: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    extra_procedures: list[tuple[str, str]] = field(default_factory=list)  # coded, not in the text
    uncoded: set[str] = field(default_factory=set)  # narrated medications left out of the coding

    def mentions(self) -> list[Mention]:
        return [m for p in PARTS for m in mentions(self.parts[p])]

    @property
    def needs_pcs(self) -> bool:
        return not self.emergency and (self.scheduled or self.origin in FACILITY)

    def medication_rows(self, bank: Bank) -> list[tuple[str, dict[str, Any]]]:
        """Structured medications: one row per administration (NEMSIS records each one)."""
        rows = []
        for a in self.admins:
            if not a.mention.present or a.category in self.uncoded:
                continue
            route = bank.medications["routes"][a.route]["code"]
            name = bank.medications["meds"][a.category]["name"]
            for _ in range(a.count):
                rows.append((a.category, {"name": name, "route": route, "dose": a.dose,
                                          "prior_to_arrival": a.prior}))
        return rows


class Builder:
    """Draws one scenario of a family; all randomness comes from ``rng``."""

    def __init__(self, bank: Bank, rng: random.Random):
        self.bank = bank
        self.rng = rng
        self.t = bank.templates
        self._non_nouns = frozenset(bank.conditions["adjectives"]) | frozenset(bank.conditions["verbs"])

    # ---- small helpers -------------------------------------------------------------------
    def pick(self, seq: list[Any]) -> Any:
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def text(self, key: str, **slots: object) -> Sentence:
        return fill(self.pick(self.t[key]), **slots)

    def condition(self, sc: Scenario, fam: dict[str, Any], category: str, assertion: str = "present",
                  forms: list[str] | None = None, noun: bool = False) -> Mention:
        """A CONDITION mention; forms that mean a vital sign bind the vitals when present.

        Adjective and verb forms ("hypotensive", "passed out") only go where a frame reads
        naturally: present statements, unless ``noun`` asks for a noun phrase.
        """
        negative = self.bank.conditions["negative_forms"].get(category) if assertion == "negated" else None
        pool = list(forms or negative or fam.get("forms", {}).get(category) or self.bank.conditions[category])
        if assertion != "present" or noun:
            nouns = [f for f in pool if f not in self._non_nouns]
            pool = nouns or [f for f in self.bank.conditions[category] if f not in self._non_nouns] or pool
        allowed = []
        for form in pool:
            group = self.bank.bound_group(form)
            if group is None:
                allowed.append(form)
            elif assertion == "present":
                fld = self.bank.vitals_terms[group]["field"]
                if sc.bound.get(fld, group) == group:
                    allowed.append(form)
        form = self.pick(allowed or [f for f in self.bank.conditions[category] if not self.bank.bound_group(f)]
                         or (pool if assertion != "present" else []))
        group = self.bank.bound_group(form) if assertion == "present" else None
        if group:
            sc.bound[self.bank.vitals_terms[group]["field"]] = group
        return Mention(form, "CONDITION", category, assertion, group=group)

    def cue(self, kind: str, m: Mention, modifier: bool = False) -> Sentence:
        if m.text in self.bank.conditions["adjectives"] and kind + "_adj" in self.bank.cues:
            kind, modifier = kind + "_adj", False
        elif m.text in self.bank.conditions["verbs"] and kind + "_verb" in self.bank.cues:
            kind, modifier = kind + "_verb", False
        frame = self.pick(self.bank.cues[kind])
        if modifier and kind == "present" and m.category in self.t["modifier_categories"]:
            frame = frame.replace("{m}", self.pick(self.t["modifiers"]) + "{m}")
        return fill(frame, m=m)

    def add(self, sc: Scenario, part: str, sentence: Sentence) -> None:
        sc.parts[part].append(sentence)

    # ---- scenario ------------------------------------------------------------------------
    def build(self, family: str, plan: set[str]) -> Scenario:
        fam = self.bank.families[family]
        kind = fam["kind"]
        sex = self.pick(["M", "F"]) if family != "ob" else "F"
        if kind == "nonemergency":
            origin, destination = self.pick(fam["legs"])
        else:
            origin = self.pick(fam["origins"])
            destination = "H"
        crew = self._crew(fam["crew"])
        sc = Scenario(
            family=family, kind=kind, age=self.rng.randint(*fam["age"]), sex=sex,
            emergency=kind != "nonemergency", origin=origin, destination=destination,
            scheduled=bool(fam.get("scheduled", False)), interfacility=kind == "ift",
            crew=crew, als_dispatch=kind == "emergency" and fam["crew"] == "als" and self.chance(0.85),
            impression=dict(self.pick(fam["impression"])),
        )
        sc.vitals_contradicted = "vitals_contradict" in plan
        if "thin" in plan:
            self._thin(sc)
        elif kind == "nonemergency":
            self._nonemergency(sc, fam, plan)
        else:
            self._emergency(sc, fam, plan)
        # only emergency stories write the contradicting word ("hypotensive" over a normal pressure)
        sc.vitals_contradicted = sc.vitals_contradicted and "vitals_contradict" in sc.variants
        self._vitals(sc, fam)
        self._claim(sc, fam)
        return sc

    def _crew(self, kind: str) -> list[str]:
        if kind == "als":
            return self.pick([["Paramedic", "EMT"], ["Paramedic", "EMT"], ["Paramedic", "Paramedic"]])
        if kind == "sct":
            return self.pick([["RN", "Paramedic"], ["RN", "Paramedic", "EMT"], ["RN", "RT", "EMT"]])
        return ["EMT", "EMT"]

    def _names(self, sc: Scenario) -> dict[str, str]:
        names = self.t["origin_name"]
        origin = self.pick(names.get(sc.origin, names["S"]))
        dests = [d for d in names.get(sc.destination, names["H"]) if d != origin]
        return {"origin_name": origin, "dest_name": self.pick(dests)}

    def _sex_word(self, sc: Scenario) -> str:
        return self.pick(self.t["sex"][sc.sex]["words"])

    # ---- emergency and interfacility ----------------------------------------------------
    def _emergency(self, sc: Scenario, fam: dict[str, Any], plan: set[str]) -> None:
        a = self.bank.variants["assertions"]
        names = self._names(sc)
        imp_cat = sc.impression["category"]
        if "forms" in sc.impression:  # e.g. a burns impression keeps the narrative on burns
            fam = {**fam, "forms": {**fam.get("forms", {}), imp_cat: sc.impression["forms"]}}
        flip = "impression_contradicted" in plan and self._can_flip(fam, sc.impression)
        if flip:
            sc.variants.append("impression_contradicted")
        if sc.kind == "ift":
            self.add(sc, "dispatch", self.text("dispatch_ift", unit=self.pick(self.t["unit"]), **names))
            self.add(sc, "dispatch", self.text("rn_crew", rn=self.pick(self.t["rn_name"])))
        else:
            self.add(sc, "dispatch", self.text("dispatch_emergency", unit=self.pick(self.t["unit"]),
                                               reason=self.pick(fam["reasons"]), **names))
        # complaint: the qualifying reason(s), associated findings, pertinent negatives
        primary = [imp_cat if c == "impression" else c for c in fam["primary"]]
        present: list[Mention] = []
        lead_cats = primary
        if flip:  # the impression itself is denied; another qualifying finding carries the call
            denied = Mention(self.pick(sc.impression["names"]), "CONDITION", imp_cat, "negated")
            self.add(sc, "complaint", self.cue("negated", denied))
            subs = [c for c in fam["associated"] if c != imp_cat and self.bank.qualifying(c)]
            lead_cats = [c for c in primary if c != imp_cat] or [self.pick(subs)]
        lead = [self.condition(sc, fam, c) for c in lead_cats]
        first = self.cue("present", lead[0], modifier=True)
        if self.chance(0.5):
            first = first + [" " + self.pick(self.t["onset"])]
        self.add(sc, "complaint", join([first] + [[m] for m in lead[1:]], self.pick([", ", " and ", " w/ "])))
        present.extend(lead)
        for cat in self.rng.sample(fam["associated"], k=min(len(fam["associated"]), self.rng.randint(0, 2))):
            if flip and cat == imp_cat:
                continue
            m = self.condition(sc, fam, cat)
            present.append(m)
            self.add(sc, "complaint", self.cue("present", m))
        present_cats = {m.category for m in present}
        neg_pool = [c for c in fam["negatives"] if c not in present_cats and c != imp_cat]
        if neg_pool and self.chance(a["but"]):
            neg = self.condition(sc, fam, neg_pool.pop(self.rng.randrange(len(neg_pool))), "negated")
            pos = self.condition(sc, fam, self.pick(sorted(present_cats)))
            present.append(pos)
            frames = self.bank.cues["but_adj" if pos.text in self._non_nouns else "but"]
            self.add(sc, "complaint", fill(self.pick(frames), neg=neg, pos=pos))
        if neg_pool:
            cats = self.rng.sample(neg_pool, k=self.rng.randint(1, min(3, len(neg_pool))))
            negs = [self.condition(sc, fam, c, "negated") for c in cats]
            if len(negs) == 1:
                self.add(sc, "complaint", self.cue("negated", negs[0]))
            else:  # a list stays in the cue's scope only when the cue comes first ("denies CP, SOB")
                frame = self.pick([f for f in self.bank.cues["negated"] if f.endswith("{m}")])
                self.add(sc, "complaint", join([fill(frame, m=negs[0])] + [[m] for m in negs[1:]],
                                               self.pick([", ", " or ", ", no "])))
        if self.chance(a["history"]):
            self._history(sc, fam)
        # assessment
        self._assessment(sc, fam, present)
        if fam.get("mobility") == "ambulate" and self.chance(0.5):
            spec = self.pick(self.bank.mobility["ambulate"]["cannot"][:2])
            self.add(sc, "assessment", self._mobility(spec, "ambulate"))
        if sc.vitals_contradicted:
            self._contradicting_term(sc, fam)
        safe = [c for c in primary + fam["associated"] if not (flip and c == imp_cat)]
        possible = [c for c in safe if c in self.t["possible_categories"]]
        if possible and self.chance(a["possible"]):
            self.add(sc, "impression", self.cue("possible", self.condition(sc, fam, self.pick(possible), "possible")))
        lead_m = self.condition(sc, fam, lead[0].category, noun=True)
        self.add(sc, "impression", fill(self.pick(self.t["impression"]), m=lead_m))
        # treatment
        self._treatment(sc, fam)
        # transport and disposition
        if self.chance(a["pseudo"]):
            m = self.condition(sc, fam, self.pick(sorted({p.category for p in present})))
            self.add(sc, "transport", self.cue("pseudo", m))
        self.add(sc, "transport", self.text("transport_emergency", **names))
        if self.chance(0.5):
            self.add(sc, "transport", self.text("moved_stretcher"))
        if sc.kind == "ift":
            self.add(sc, "history", self.text("ift_report"))
        hypothetical = [c for c in safe if c in self.t["hypothetical_categories"]]
        if hypothetical and self.chance(a["hypothetical"]):
            m = self.condition(sc, fam, self.pick(hypothetical), "hypothetical")
            self.add(sc, "disposition", self.cue("hypothetical", m))
        self.add(sc, "disposition", self.text("handoff", **names))

    def _can_flip(self, fam: dict[str, Any], impression: dict[str, Any]) -> bool:
        imp_cat = impression["category"]
        return "names" in impression and "impression" not in fam["primary"] and any(
            c != imp_cat and self.bank.qualifying(c) for c in fam["primary"] + fam["associated"])

    def _history(self, sc: Scenario, fam: dict[str, Any]) -> None:
        items: list[Sentence] = [[p] for p in self.rng.sample(self.bank.conditions["plain_history"], k=self.rng.randint(1, 3))]
        hist = [c for c in fam.get("history", []) if c in self.bank.conditions["history"]]
        for cat in self.rng.sample(hist, k=min(len(hist), self.rng.randint(0, 2))):
            form = self.pick(self.bank.conditions["history"][cat])
            items.insert(self.rng.randrange(len(items) + 1), [Mention(form, "CONDITION", cat, "historical")])
        frame = self.pick(self.t["pmh"])
        head, tail = frame.split("{list}")
        sentence = join([[head] + join(items, ", ")] + ([[tail]] if tail else []), "")
        self.add(sc, "history", sentence)
        if self.chance(0.4):
            self.add(sc, "history", [self.pick(self.t["allergies"])])

    def _assessment(self, sc: Scenario, fam: dict[str, Any], present: list[Mention]) -> None:
        posture: Piece = self.pick(self.t["posture_emergency" if sc.kind == "emergency" else "posture_nonemergency"])
        if posture in self.t["posture_seated"]:
            posture = Mention(posture, "MOBILITY", "sit_chair", "present", supports=False)
        self.add(sc, "assessment", self.text("found", age=sc.age, sex=self._sex_word(sc), posture=posture))
        poor = any(m.category in ("altered_mental_status", "cardiac_arrest") for m in present)
        self.add(sc, "assessment", [self.pick(self.t["aox_poor" if poor else "aox"])])
        for item in self.rng.sample(self.t["exam"], k=self.rng.randint(1, 3)):
            self.add(sc, "assessment", fill(item, skin=self.pick(self.t["skin"]), lungs=self.pick(self.t["lungs"])))
        if sc.als_dispatch and self.chance(0.5):
            self.add(sc, "assessment", self.text("als_assessment"))

    def _contradicting_term(self, sc: Scenario, fam: dict[str, Any]) -> None:
        """VITALS_CONTRADICT_NARRATIVE: a vitals word whose recorded values say otherwise."""
        groups = [g for g, spec in self.bank.vitals_terms.items() if spec["field"] not in sc.bound]
        if sc.family == "cardiac_arrest" or not groups:
            sc.vitals_contradicted = False
            return
        group = self.pick(groups)
        spec = self.bank.vitals_terms[group]
        form = self.pick(spec["contradict_forms"])
        category = next(c for c, forms in self.bank.conditions.items()
                        if isinstance(forms, list) and form in forms)
        m = Mention(form, "CONDITION", category, "present", group=group)
        sc.bound[spec["field"]] = "!" + group
        self.add(sc, "assessment", self.cue("present", m))
        sc.variants.append("vitals_contradict")

    def _treatment(self, sc: Scenario, fam: dict[str, Any]) -> None:
        cats = [c for c, p in fam.get("interventions", {}).items() if self.chance(p)]
        plan = self.pick(fam.get("med_plans", [[]]))
        admins = [self._admin(spec) for spec in plan]
        live = [a for a in admins if not a.prior]
        if any(a.route in ("iv", "infusion") for a in live) and not {"iv_access", "central_line"} & set(cats):
            cats.insert(0, "iv_access")
        if any(a.route == "io" for a in live) and "io_access" not in cats:
            cats.insert(0, "io_access")
        if "glucose_check" in cats and "glucose" not in sc.bound:
            sc.bound.setdefault("glucose", "normal")
        for cat in cats:
            spec = self.bank.interventions[cat]
            m = Mention(self.pick(spec["forms"]), "INTERVENTION", cat)
            d = Mention(self.pick(spec.get("devices", spec["forms"])), "INTERVENTION", cat)
            self.add(sc, "treatment", fill(self.pick(spec["frames"]), m=m, d=d, glucose="{glucose}"))
            sc.procedures.append((cat, spec["name"]))
        for a in admins:
            self.add(sc, "treatment", self._admin_sentence(a))
            sc.admins.append(a)
        given = {a.category for a in admins}
        declined = sorted({s["med"] for p in fam.get("med_plans", []) for s in p} - given)
        if declined and self.chance(0.1):  # a refused or withheld drug: negated, never coded
            cat = self.pick(declined)
            m = Mention(self.pick(self.bank.medications["meds"][cat]["forms"]), "MEDICATION", cat, "negated")
            self.add(sc, "treatment", fill(self.pick(self.bank.medications["frames"]["refused"]), m=m))

    def _admin(self, spec: dict[str, Any]) -> Admin:
        med = self.bank.medications["meds"][spec["med"]]
        count = spec.get("count", 1)
        if isinstance(count, list):
            count = self.rng.randint(*count)
        if spec.get("escalating"):
            count = 3
        prior = bool(spec.get("prior", False))
        m = Mention(self.pick(med["forms"]), "MEDICATION", spec["med"], prior=prior)
        return Admin(spec["med"], spec["route"], 1 if prior else count, prior, self.pick(med["dose"]), m)

    def _admin_sentence(self, a: Admin) -> Sentence:
        frames = self.bank.medications["frames"]
        route = self.pick(self.bank.medications["routes"][a.route]["text"])
        if a.prior:
            kind = "prior"
        elif a.category in self.bank.crystalloids:
            kind = "fluid"
        elif a.route == "infusion":
            kind = "infusion"
        elif a.category == "adenosine" and a.count == 3:
            kind = "escalating"
        else:
            kind = "repeated" if a.count > 1 else "single"
        return fill(self.pick(frames[kind]), m=a.mention, dose=a.dose, route=route, count=a.count)

    # ---- non-emergency --------------------------------------------------------------------
    def _nonemergency(self, sc: Scenario, fam: dict[str, Any], plan: set[str]) -> None:
        names = self._names(sc)
        reason = self.pick(fam["reasons"])
        self.add(sc, "dispatch", self.text("dispatch_nonemergency", unit=self.pick(self.t["unit"]), reason=reason, **names))
        self.add(sc, "complaint", self.text("complaint_nonemergency", age=sc.age, sex=self._sex_word(sc), reason=reason))
        if self.chance(0.8):
            self._history(sc, fam)
        self._assessment(sc, fam, [])
        modes = dict(self.bank.variants["mobility"])
        if sc.family == "convenience":
            modes = {"contradicted": 0.6, "none": 0.4}
            sc.convenience = True
        mode = self.rng.choices(list(modes), weights=list(modes.values()))[0]
        sc.mobility_mode = mode
        mob = self.bank.mobility
        criteria = ["get_up_from_bed", "ambulate", "sit_chair"]
        n_reasons = 0
        if mode == "complete":
            chosen = criteria
            n_reasons = self.rng.randint(1, 2)
        elif mode == "partial":
            chosen = self.rng.sample(criteria, k=self.rng.randint(1, 2))
            n_reasons = self.rng.randint(0, 1)
        elif mode == "contradicted":
            chosen = []
            n_reasons = 1
        else:
            chosen = []
        for crit in chosen:
            kinds = [k for k in ("cannot", "needs_help") if k in mob[crit]]
            spec = self.pick(mob[crit][self.pick(kinds)])
            self.add(sc, "assessment", self._mobility(spec, crit))
        if mode == "complete" and self.chance(0.3) or mode == "bare":
            self.add(sc, "assessment", self._mobility(self.pick(mob["bed_confined"]["bare"]), "bed_confined"))
        if mode == "contradicted":
            crit = self.pick(["ambulate", "ambulate", "get_up_from_bed", "sit_chair"])
            self.add(sc, "assessment", self._mobility(self.pick(mob[crit]["did"]), crit))
            sc.moved_to_ambulance = "walked" if crit == "ambulate" else "stretcher"
        pool = [c for c in fam["reasons_nonemergency"] if c in self.bank.conditions["reason_forms"]]
        for cat in self.rng.sample(pool, k=n_reasons):
            m = Mention(self.pick(self.bank.conditions["reason_forms"][cat]), "CONDITION", cat)
            sentence = self.cue("reason", m)
            if self.chance(0.5):
                sentence = sentence + [" " + self.pick(self.t["reason_explain"])]
            self.add(sc, "assessment", sentence)
        if mode == "complete" and self.chance(0.3):
            spec = self.bank.interventions["oxygen"]
            m = Mention(self.pick(spec["forms"]), "INTERVENTION", "oxygen")
            self.add(sc, "treatment", fill("pt on {m} 2 lpm at baseline, continued", m=m))
            sc.procedures.append(("oxygen", spec["name"]))
        labels = {"get_up_from_bed": "unable_to_stand", "ambulate": "unable_to_walk", "sit_chair": "unable_to_sit"}
        sc.transport_assessment = sorted(labels[c] for c in chosen)
        if mode == "none":  # a symptom that is no necessity reason: documented, just not enough
            m = Mention(self.pick(self.t["nonreason_forms"]), "CONDITION", "weakness_dizziness")
            self.add(sc, "complaint", self.cue("present", m))
        if sc.convenience:
            self.add(sc, "complaint", [self.pick(self.t["convenience"])])
        if sc.moved_to_ambulance == "stretcher":
            self.add(sc, "transport", self.text("moved_stretcher"))
        self.add(sc, "transport", self.text("transport_nonemergency", **names))
        self.add(sc, "disposition", self.text("handoff_home" if sc.destination == "R" else "handoff_nonemergency", **names))

    def _mobility(self, spec: dict[str, Any], category: str) -> Sentence:
        m = Mention(self.pick(spec["forms"]), "MOBILITY", category, spec["assertion"], supports=spec["supports"])
        return fill(spec["frame"], m=m)

    # ---- thin ------------------------------------------------------------------------------
    def _thin(self, sc: Scenario) -> None:
        """NARRATIVE_TOO_THIN: two or three throwaway lines, nothing clinical."""
        names = self._names(sc)
        variable = [t for t in self.t["thin"] if "{" in t]
        other = [t for t in self.t["thin"] if "{" not in t]
        chosen = [self.pick(variable)] + self.rng.sample(other, k=self.rng.randint(1, 2))
        for t in chosen:
            self.add(sc, "transport", fill(t, age=sc.age, sex=self._sex_word(sc),
                                           minutes=self.rng.randint(6, 40), **names))
        sc.thin = True
        sc.als_dispatch = False
        sc.variants.append("thin")

    # ---- vitals and claim fields ----------------------------------------------------------
    def _vitals(self, sc: Scenario, fam: dict[str, Any]) -> None:
        if sc.family == "cardiac_arrest" and not sc.thin:
            sc.vitals = [{"gcs": 3}]
            self.add(sc, "assessment", ["no palpable pulse, apneic on arrival"])
            return
        ranges = dict(fam["vitals"])
        ranges["glucose"] = [82, 168]
        for fld, group in sc.bound.items():
            if group == "normal":
                continue
            spec = self.bank.vitals_terms[group.lstrip("!")]
            ranges[fld] = spec["contradict" if group.startswith("!") else "agree"]
        rows = []
        for i in range(2):
            row = {k: self.rng.randint(*v) for k, v in ranges.items()}
            if i:
                for k in ("sbp", "dbp", "hr"):
                    lo, hi = ranges[k]
                    row[k] = min(hi, max(lo, rows[0][k] + self.rng.randint(-6, 6)))
                row["glucose"] = rows[0]["glucose"]
            row["dbp"] = min(row["dbp"], row["sbp"] - 20)
            rows.append(row)
        sc.vitals = rows
        v = rows[0]
        if not sc.thin:
            line = self.text("vitals_line", sbp=v["sbp"], dbp=v["dbp"], hr=v["hr"], rr=v["rr"], spo2=v["spo2"])
            self.add(sc, "assessment", line)
        for part in sc.parts.values():
            for s in part:
                for i, p in enumerate(s):
                    if isinstance(p, str) and "{glucose}" in p:
                        s[i] = p.replace("{glucose}", str(v["glucose"]))

    def _claim(self, sc: Scenario, fam: dict[str, Any]) -> None:
        year = self.rng.choice([2024, 2025])
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        sc.transport_date = f"{year}-{month:02d}-{day:02d}"
        hi = 140.0 if sc.kind == "ift" else 38.0
        sc.loaded_miles = round(self.rng.uniform(0.8, hi), 1)
        poor = any(m.category in ("altered_mental_status", "unconscious_syncope", "cardiac_arrest", "dementia")
                   and m.present for m in sc.mentions())
        if poor or sc.kind == "ift":
            sc.signatures = {"patient": False, "representative": True,
                             "reason_unable": self.pick(self.t["sig_reason"]), "pcs": False, "pcs_date": None}
        else:
            sc.signatures = {"patient": True, "representative": False, "reason_unable": None,
                             "pcs": False, "pcs_date": None}
        if not sc.emergency and (sc.needs_pcs or sc.origin not in "R"):
            back = self.rng.randint(2, 55) if sc.scheduled else self.rng.randint(0, 1)
            sc.signatures["pcs"] = True
            sc.signatures["pcs_date"] = shift(sc.transport_date, -back)


def shift(iso: str, days: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()
