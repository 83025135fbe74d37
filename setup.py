# What pre-commit installs for the `alpost` hook (`language: python` runs `pip install .`): no
# code, only a dependency on the wheel of the same version, which carries the binary, so the
# hook installs in seconds and needs no compiler. The version is Cargo.toml's (a test checks).
from setuptools import setup

ALPOST_VERSION = "0.1.0"

setup(
    name="alpost-pre-commit-placeholder",
    version="0.0.0",
    install_requires=[f"alpost=={ALPOST_VERSION}"],
    py_modules=[],
)
