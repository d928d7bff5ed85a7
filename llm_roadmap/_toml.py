"""The one TOML reader: every data file, lint and round-trip check parses through it.

It is tomli, the parser that Python 3.11 vendored as `tomllib`: the same
grammar, the same values and the same `TOMLDecodeError` messages. Its wheels
for CPython 3.11 and newer are compiled with mypyc, which parses our data
files about three times as fast as `tomllib` does (``bench/bench_scale.py``
measures both), and parsing is the largest part of a load; elsewhere its
pure-Python wheel is as fast as `tomllib`.
"""

from tomli import TOMLDecodeError, loads

__all__ = ["TOMLDecodeError", "loads"]
