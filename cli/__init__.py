"""The `newsfacet` command line: thin click commands over engine, indexer and webapp.

Arrows point one way: cli imports engine, indexer and webapp; none of them imports cli.
"""
from newsfacet.cli.group import main

__all__ = ["main"]
