"""The ``tanhe`` command: a thin layer over the public API of :mod:`accounting`.

:mod:`~accounting.cli.app` holds the command group, the error guard with its exit codes and the
options several commands share; each other module registers one group of commands on it:

- :mod:`~accounting.cli.submission`: ``calc``, ``validate``, ``template``, ``demo`` (an enterprise's workbook)
- :mod:`~accounting.cli.reports`: ``report enterprise | audit | disclosure``
- :mod:`~accounting.cli.factors`: ``factors list | show``
- :mod:`~accounting.cli.store`: ``db ingest | restore | list | history | verify``
- :mod:`~accounting.cli.targets`: ``targets list``
- :mod:`~accounting.cli.region`: ``report region``
- :mod:`~accounting.cli.chain`: ``report deposits | verification | verifiers``
- :mod:`~accounting.cli.market`: ``allowances``, ``report compliance | roster``
- :mod:`~accounting.cli.portal`: ``serve``, ``users add | passwd | disable | enable | list | assign``
"""

from accounting.cli import (  # noqa: F401 (register)
    chain,
    factors,
    market,
    portal,
    region,
    reports,
    store,
    submission,
    targets,
)
from accounting.cli.app import add_english, main

add_english(main)

__all__ = ["main"]
