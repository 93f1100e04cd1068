"""Installs the repository's top-level packages under one import name, `vortex_pulse`.

The folders stay where the product was specified (agents/, graphs/, contracts/, ...); each is
mapped to `vortex_pulse.<folder>` so nothing but `vortex_pulse` lands in site-packages.
Why a setup.py: pyproject's `packages.find` cannot add a prefix (docs/decisions/).
"""

from setuptools import find_packages, setup

# Bottom floor first (docs/architecture.md); prompts/ is package data for core/templates.py.
FLOORS = ("core", "contracts", "signals", "report", "agents", "graphs", "pulse", "prompts")

package_dir = {f"vortex_pulse.{floor}": floor for floor in FLOORS}
packages = [
    f"vortex_pulse.{floor}{'.' + sub if sub else ''}"
    for floor in FLOORS
    for sub in ["", *find_packages(floor)]
]
setup(package_dir=package_dir, packages=packages)
