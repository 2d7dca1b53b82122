"""The command line: parse, call the library, map the outcome to an exit code.

The only unit that prints or exits. Exit codes are listed in ``errors.py`` and in
``--help``. Each command imports the pipeline when it runs: ``check``, a pre-commit hook,
answers from what recall remembers without it.
"""

from .app import app, main
from .check import check
from .commands import docs, explain, init, plan, render, schema

for command in (init, render, check, plan, explain, schema, docs):  # in --help's order
    app.command()(command)

__all__ = ["app", "main"]
