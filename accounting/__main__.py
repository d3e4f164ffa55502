"""``python -m accounting`` runs the ``tanhe`` command."""

from accounting.cli import main

main()
