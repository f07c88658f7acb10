# The index of what can be done. Each target creates .venv/ on first use.
PY := .venv/bin/python
export GX_ANALYTICS_ENABLED := false

.PHONY: extract test lint bench score docs clean calibrate

.venv/.installed: requirements.txt
	python3 -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	.venv/bin/pip install --quiet -r requirements.txt
	touch $@

extract: .venv/.installed  ## run the pipeline on data/raw into data/processed
	$(PY) -m pipeline extract

test: lint  ## lint and run the test suite
	$(PY) -m pytest

bench: .venv/.installed  ## throughput and wall-time ratios
	$(PY) -m tools.bench

lint: .venv/.installed  ## ruff
	.venv/bin/ruff check pipeline tests tools

clean:
	rm -rf data/processed/* .venv

score: .venv/.installed  ## generic engine vs hand-checked labels in data/dev/
	$(PY) -m tools.score

docs: .venv/.installed  ## extract, and build GX Data Docs under data/processed/validation/docs
	$(PY) -m pipeline extract --docs

calibrate: .venv/.installed  ## refit the confidence calibration on the hand-checked labels
	$(PY) -m tools.calibrate
