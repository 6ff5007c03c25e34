"""`python -m newsfacet.cli`: the `newsfacet` command without the installed console script."""
from newsfacet.cli.group import main

main(prog_name="newsfacet")
