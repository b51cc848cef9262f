# Two commands do all set-up on a fresh machine with Python 3.11 and pip:
#   make lab    open the course in JupyterLab (front door: workspace/index.ipynb)
#   make test   run the whole test suite
# Both create .venv on first use and reinstall when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
# VENV: the course's own environment; on the hub the grader's environment names the users' one
# (VENV=/var/cache/dystonia-hub/env in the formgrader's terminal), so `make grade` works there as typed.
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)

ASSIGNMENTS := 00_warmup 01_principles 02_applications 03_hands_on quiz_1 quiz_2 quiz_3
PORT ?= 8888
PYTEST_ARGS ?=

.PHONY: lab book book-deps test release grade feedback benchmark clean-venv help hub hub-clean \
        common-mistakes lms-export helpers-api glossary slides student-pack

help:
	@echo "make lab        open the course in JupyterLab (your copies live in workspace/)"
	@echo "make book       build the static web book into _build/book/html"
	@echo "make test       run every test (unit, notebooks, nbgrader pipeline, browser)"
	@echo "make release    regenerate release/ from source/ with nbgrader"
	@echo "make grade      autograde everything under submitted/ in sandboxes (DEMO=1, STUDENT=id, DASK=address, REPORTS=1)"
	@echo "make feedback   write per-student feedback without hidden tests"
	@echo "make student-pack  _build/student-pack(.zip): student editions, front door, helpers, set-up (no solutions)"
	@echo "make benchmark  time explorers, simulators and grading"
	@echo "make hub        the course's JupyterHub on 127.0.0.1 with demo accounts (root; HUB_PORT=8000)"
	@echo "make hub-clean  remove the demo hub's accounts and .hub/"
	@echo "make common-mistakes  regenerate course/common_mistakes.md from tests/answers/ and the checks"
	@echo "make lms-export LMS=canvas|moodle  reports/summary.csv as a grade-import file (course/lms.md)"
	@echo "make helpers-api  regenerate course/helpers_api.md (which helpers each problem may call)"
	@echo "make glossary   per notebook, the first use of each glossary term and whether it is linked"
	@echo "make slides     one offline reveal.js deck per chapter into _build/slides (course/slides/*.md)"

$(STAMP): pyproject.toml tools/fast_startup.py
	@echo "Installing the course into $(VENV)/ (JupyterLab, nbgrader, numpy, scipy, matplotlib): about 3 minutes, once..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python tools/fast_startup.py
	@touch $(STAMP)

# `make lab` serves workspace/, the student's git-ignored working copy laid out as every
# student's course folder (workspace/index.ipynb, workspace/<assignment>/...; tools/course_folder.py):
# students never edit the tracked release/, and JupyterLab's checkpoints never land in it.
# tools/workspace.py copies missing notebooks only, so work is never overwritten (and moves a
# workspace of the old layout, workspace/course/ and workspace/release/, into this one).
# tools/lab_settings.json becomes the environment's settings overrides: widget state is
# saved with the notebook (a reopened chapter shows its explorers' last figures instead of
# "Error displaying widget: model not found"), and the Jupyter news toast is off.
# Kernels talk over IPC sockets (no TCP port to collide with, and no "Kernel is running over
# TCP without encryption" warning per kernel in the terminal).  The sockets sit beside the
# kernels' connection files, so the runtime folder is a private one with a short path: a Unix
# socket's path may not exceed 107 bytes, which ~/.local/share/jupyter/runtime/kernel-<uuid>-ipc-1
# under a long $HOME does (the kernel then never answers).
# The browser test runs this target.
WORKSPACE ?= workspace
KERNEL_SOCKETS ?= $(or $(XDG_RUNTIME_DIR),/tmp)/dystonia-lab-$(shell id -u)-$(PORT)
LAB_ARGS := --ServerApp.root_dir=$(CURDIR)/$(WORKSPACE) --LabApp.default_url=/lab/tree/index.ipynb \
            --LabApp.news_url=None --KernelManager.transport=ipc
LAB_EXTRA ?=

lab: $(STAMP)
	@$(BIN)/python tools/workspace.py --settings $(WORKSPACE)
	@mkdir -p -m 700 $(KERNEL_SOCKETS)
	JUPYTER_RUNTIME_DIR=$(KERNEL_SOCKETS) $(BIN)/jupyter lab $(LAB_ARGS) --ServerApp.port=$(PORT) $(if $(filter root,$(shell whoami)),--allow-root,) $(LAB_EXTRA)

# The static web book (Sphinx + MyST-NB + the Book theme, all from PyPI; MathJax from the
# project's own npm lock file), built from the student editions and the front door.
# (Sphinx and MyST-NB come with the test extra; npm brings MathJax and axe-core.)
book-deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@echo "Installing MathJax and axe-core from package-lock.json (npm ci)..."
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

book: $(STAMP) book-deps
	$(BIN)/python tools/book.py

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

release: $(STAMP)
	@$(BIN)/python tools/glossary.py sync
	@rm -f gradebook.db.release
	@for a in $(ASSIGNMENTS); do \
	  $(BIN)/nbgrader generate_assignment $$a --force --CourseDirectory.db_url=sqlite:///gradebook.db.release || exit 1; \
	done
	@rm -f gradebook.db.release

# make grade [DEMO=1] [STUDENT=<id>] [DASK=tcp://scheduler:8786 | DASK=local] [REPORTS=1] [GRADE_ARGS="--jobs 4 ..."]
# REPORTS=1 regrades nobody: it rewrites reports/ with the written answers graded since in Formgrader.
# Ctrl-C (or killing make) stops every worker, sandbox and kernel; reports/ keeps what was graded and
# the next `make grade` resumes (GRADE_ARGS=--fresh starts over).
grade: $(STAMP)
	$(BIN)/python tools/grade.py --die-with-parent $(if $(DEMO),--demo,) $(if $(STUDENT),--student $(STUDENT),) \
	  $(if $(REPORTS),--reports-only,) \
	  $(if $(DASK),--dask $(DASK),) $(GRADE_ARGS)

# What students get without a hub: student editions, the front door, helpers and diagrams, and
# two set-up commands; no instructor edition, hidden test or answer registry (tools/student_pack.py).
student-pack: $(STAMP)
	$(BIN)/python tools/student_pack.py

feedback: $(STAMP)
	$(BIN)/python tools/grade.py --feedback-only $(if $(DEMO),--demo,)

benchmark: $(STAMP)
	$(BIN)/python tools/benchmark.py
	@test ! -f tools/benchmark_grading.py || $(BIN)/python tools/benchmark_grading.py

clean-venv:
	rm -rf $(VENV)

# The course on a JupyterHub, to try it out (deploy/README.md is the deployment guide).
# As root: demo accounts (instructor1, student1-3, grader-dystonia), an exchange and a
# course directory under .hub/, the users' environment in /var/cache/dystonia-hub/env,
# and the hub on 127.0.0.1:$(HUB_PORT) in the foreground; Ctrl-C stops it.
HUB_PORT ?= 8000

deploy/node_modules/.installed: deploy/package.json deploy/package-lock.json
	cd deploy && npm ci --no-audit --no-fund
	@touch $@

hub: $(STAMP) deploy/node_modules/.installed
	$(BIN)/python deploy/hubctl.py demo --port $(HUB_PORT)

hub-clean: $(STAMP)
	$(BIN)/python deploy/hubctl.py demo-clean

# --- the teacher's package ---------------------------------------------------------------------
# course/common_mistakes.md: every named wrong answer of tests/answers/*.py with its hint id and
# the message the checks give (tests/teacher checks that the committed sheet is current).
common-mistakes: $(STAMP)
	$(BIN)/python tools/common_mistakes.py

# reports/<lms>_import.csv from reports/summary.csv (course/lms.md); LMS_ARGS passes options
LMS ?= canvas
LMS_ARGS ?=
lms-export: $(STAMP)
	$(BIN)/python tools/lms_export.py $(LMS) $(LMS_ARGS)

# course/helpers_api.md: per problem, the helpers functions its statement and data cell name,
# with the rule the statement gives, from release/ and the docstrings (tests/teacher: current)
helpers-api: $(STAMP)
	$(BIN)/python tools/helpers_api.py

# course/glossary.md: `make glossary` reports first uses; `python tools/glossary.py apply NB`
# links them (edits source notebooks; then make release)
glossary: $(STAMP)
	$(BIN)/python tools/glossary.py check

# _build/slides: one reveal.js deck per chapter from course/slides/*.md, with the course's
# diagrams and figures drawn by helpers.plots; reveal.js from package-lock.json (npm ci), offline
slides: $(STAMP) book-deps
	$(BIN)/python tools/slides.py
