"""The compiled core (``dedupe/_core.c``): built when a C compiler is there, skipped when not.

Everything else about the package is in ``pyproject.toml``. Without a compiler, or with
``DEDUPE_PURE_PYTHON=1`` at install time, the package installs as pure Python, which gives the
same outputs (``dedupe --version`` says which core is in use).
"""

from __future__ import annotations

import os

from setuptools import Extension, setup

pure = os.environ.get("DEDUPE_PURE_PYTHON", "").strip().lower() not in ("", "0", "false", "no", "off")
setup(ext_modules=[] if pure else [Extension("dedupe._core", ["dedupe/_core.c"], optional=True)])
