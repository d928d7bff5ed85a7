"""Fails to import: it needs a module that is not installed."""

import rmtest_module_that_does_not_exist  # noqa: F401
