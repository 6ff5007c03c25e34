"""`python -m cli`: the `newsfacet` command without the installed console script."""
from cli.group import main

main(prog_name="newsfacet")
