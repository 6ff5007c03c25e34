"""Inputs: what `newsfacet index PATH...` reads, one `Source` per input (see model.py)."""
from newsfacet.indexer.sources.model import KINDS, FileStamp, Source, iter_sources, read_path_list, rejected

__all__ = ["KINDS", "FileStamp", "Source", "iter_sources", "read_path_list", "rejected"]
