"""Build steps that pyproject.toml cannot declare: the wheel carries the front-end files gathered
from node_modules and the compiled translations, and leaves the tests out.

Everything else (name, version, dependencies) is in pyproject.toml.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent
# Modules only the test suite uses; packages named tests are left out by pyproject.toml.
TEST_MODULES = ("twinning.conftest", "twinning.testing", "*.tests", "*.tests.*", "*.conftest")


def _bundle():
    """Return twinning/bundle.py loaded by path (importing twinning would need Django)."""
    spec = importlib.util.spec_from_file_location("_twinning_bundle", ROOT / "twinning/bundle.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _prepare(*, editable: bool = False) -> None:
    """Gather the npm files into twinning/vendor/ and compile the translations. Without
    node_modules an earlier copy is used (a build from the sdist); with neither, a wheel build
    stops, and an editable install (which reads node_modules itself) goes on."""
    bundle = _bundle()
    bundle.compile_catalogues(force=not editable)
    if editable:
        return
    if bundle.NODE_MODULES.is_dir():
        count = bundle.gather()
        print(f"twinning: gathered {count} front-end files from node_modules")
    elif not (bundle.GATHERED / "README.txt").exists():
        raise SystemExit(
            "twinning: node_modules is missing and no gathered copy exists: run `npm ci` first"
        )


class BuildPy(build_py):
    def run(self):
        _prepare(editable=getattr(self, "editable_mode", False))
        super().run()

    def find_package_modules(self, package, package_dir):
        modules = super().find_package_modules(package, package_dir)
        return [
            (pkg, module, path)
            for pkg, module, path in modules
            if not any(fnmatch.fnmatch(f"{pkg}.{module}", pattern) for pattern in TEST_MODULES)
        ]


class Sdist(sdist):
    def run(self):
        _prepare()
        super().run()


setup(cmdclass={"build_py": BuildPy, "sdist": Sdist})
