VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
NARRATIVE := $(VENV)/bin/narrative
SAMPLE ?= corpora/records/scored.jsonl
OUT ?= out

.PHONY: run test bench model accuracy chromium clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[dev]"
	touch $@

# Debian's Chromium for the review report's end-to-end test (no browser download from a hub).
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

run: $(VENV)/.installed
	mkdir -p $(OUT)
	$(NARRATIVE) score $(SAMPLE) -o $(OUT)/scored.jsonl --review $(OUT)/review.html
	@echo "wrote $(OUT)/scored.jsonl and $(OUT)/review.html"

test: $(VENV)/.installed chromium
	$(PY) -m pytest -q

# Throughput and memory of `narrative score` (benchmarks/README.md). BENCH_N records compared,
# BENCH_STREAM records streamed for the memory check (1000000 for the full check, ~20 min on 2 cores).
BENCH_N ?= 2000
BENCH_STREAM ?= 20000
bench: $(VENV)/.installed
	PYTHONPATH=. $(PY) benchmarks/bench_score.py -n $(BENCH_N) --stream $(BENCH_STREAM)

# The figures of docs/accuracy.md: span P/R/F1 and assertion accuracy on the gold corpora, level and
# finding accuracy on the scored and generated records (rules only), and two annotators' agreement.
accuracy: $(VENV)/.installed
	@for c in corpora/annotated/dev.txt corpora/annotated/dev2.txt corpora/annotated/dev3.txt \
	          corpora/annotated/dev4.txt corpora/annotated/dev5.txt corpora/annotated/dev6.txt \
	          corpora/annotated/dev7.txt corpora/annotated/dev8.txt corpora/annotated/dev9.txt \
	          corpora/annotated/dev10.txt corpora/annotated/dev11.txt corpora/annotated/dev12.txt \
	          corpora/annotated/dev13.txt corpora/annotated/dev14.txt corpora/annotated/dev15.txt \
	          corpora/annotated/dev16.txt corpora/annotated/dev17.txt corpora/annotated/dev18.txt \
	          corpora/annotated/dev19.txt corpora/annotated/dev20.txt corpora/annotated/dev21.txt \
	          corpora/annotated/dev22.txt corpora/annotated/dev23.txt corpora/annotated/dev24.txt \
	          corpora/annotated/dev25.txt corpora/annotated/dev26.txt corpora/annotated/dev27.txt \
	          corpora/annotated/dev28.txt corpora/annotated/dev29.txt corpora/annotated/dev30.txt \
	          corpora/annotated/dev31.txt corpora/annotated/dev32.txt corpora/annotated/dev33.txt \
	          corpora/annotated/test.txt \
	          corpora/records/scored.jsonl corpora/synthetic/test.jsonl; do \
	  echo "== $$c"; $(NARRATIVE) evaluate $$c; done
	@for c in test dev4 dev23; do \
	  echo "== agreement: corpora/annotated/$$c.txt against a second annotator (agreement/$$c.txt)"; \
	  $(NARRATIVE) evaluate corpora/annotated/$$c.txt --against corpora/annotated/agreement/$$c.txt; done

model: $(VENV)/.installed
	$(PY) training/build_default_model.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
