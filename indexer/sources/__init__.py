"""Inputs: what `newsfacet index PATH...` reads, one `Source` per input, and the formats that read them.

model.py holds the shared types; files.py opens and reads files; one module per format
(documents.py for HTML and text, jsonl.py, warc.py, reuters.py); registry.py lists the formats;
walk.py finds the inputs under paths through the registry. Imports point one way:
walk -> registry -> formats -> files, model.
"""
from newsfacet.indexer.sources.model import FileStamp, Source, SourceFormat, rejected
from newsfacet.indexer.sources.registry import format_named, format_of_file, formats, register, unregister
from newsfacet.indexer.sources.walk import iter_sources, read_path_list

__all__ = ["FileStamp", "Source", "SourceFormat", "format_named", "format_of_file", "formats", "iter_sources",
           "read_path_list", "register", "rejected", "unregister"]
