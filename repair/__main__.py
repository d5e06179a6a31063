"""``python -m repair``: the same as the ``repair`` console script."""

from repair.cli import main

main(prog_name="repair")
