#!/usr/bin/env bash
# Debian packages for the TeX tests (tests/cite/test_cite_tex.py): classic bibtex with the
# plain, unsrt, alpha and apalike styles; pdflatex; biblatex with biber; pdftotext.
# Idempotent and quiet: installs nothing when every tool and style file is already there, and runs
# `apt-get update` at most once per CI run (it sets CI_APT_UPDATED=1 for the steps after it).
# About 100 MB to download, 360 MB on disk, 25-30 s on the CI machine.
# Source it from .ci/run (`source .ci/tex.sh`) or run it with bash.
set -euo pipefail

tex_ready() {
  command -v bibtex >/dev/null 2>&1 && command -v pdflatex >/dev/null 2>&1 \
    && command -v biber >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 \
    && kpsewhich apalike.bst biblatex.sty etoolbox.sty apa.bbx >/dev/null 2>&1
}

if ! tex_ready; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "tex.sh: apt-get is not available; install bibtex, pdflatex, biblatex, biber and pdftotext by hand" >&2
    exit 1
  fi
  if [ "${CI_APT_UPDATED:-}" != 1 ]; then
    apt-get update -qq
    export CI_APT_UPDATED=1
  fi
  # texlive-binaries: bibtex, pdflatex; texlive-base: the classic .bst files; texlive-latex-base:
  # LaTeX itself; texlive-latex-recommended: etoolbox, kvoptions, url (biblatex needs them);
  # texlive-bibtex-extra: biblatex and biblatex-apa; biber; poppler-utils: pdftotext.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    texlive-binaries texlive-base texlive-latex-base texlive-latex-recommended \
    texlive-bibtex-extra biber poppler-utils >/dev/null
  tex_ready || { echo "tex.sh: the TeX tools are still missing after apt-get install" >&2; exit 1; }
fi
