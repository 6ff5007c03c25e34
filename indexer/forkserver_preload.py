"""Imported only in the forkserver, as its preload module: it dies with the indexer that started it.

Never import this anywhere else: in the indexer itself it would tie the run to its shell.
See indexer/lifeline.py for why and how the run's processes end together.
"""
from newsfacet.indexer.lifeline import arm_forkserver

arm_forkserver()
