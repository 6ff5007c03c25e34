"""`newsfacet entities` end to end on both engines: real BBC politics stories, real entity extraction,
choices made through the real click commands, `newsfacet reindex`, then the facet counts.

Stories 1-20 are indexed before the choices, stories 21-30 after them (new articles must get the
choices at once). The names are ones the extractors (with consolidation) really produce on these
stories ("Department for Education", the cut name of the Department for Education and Skills;
"Cabinet" as an organization,
the town "Bournemouth" as an organization; "Mr Blair" is folded into "Tony Blair" by
indexer/consolidate.py); each
test first asserts that they are there, so a change of extractor fails loudly instead of passing
vacuously.
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from newsfacet.cli import main
from newsfacet.engine.model import ENTITY_TYPES

from tests.articles import bbc_politics_files

pytestmark = pytest.mark.corpus


def politics(first: int, last: int) -> list[str]:
    return [str(path) for path in bbc_politics_files(first, last)]


def runner_for(args: list[str]):
    def run(*more: str, expect: int | None = 0):
        result = CliRunner().invoke(main, [*args, *more])
        if expect is not None:
            assert result.exit_code == expect, f"{more}: exit {result.exit_code}\n{result.output}"
        return result
    return run


@pytest.fixture(params=["tantivy", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def cli(request, tmp_path):
    """Runs `newsfacet [backend options] ...` on a fresh index of the parametrized engine."""
    args = ["--data-dir", str(tmp_path / "data")]
    if request.param == "elasticsearch":
        from tests.es_support import drop_everything, es_url, unique_index

        url, index = es_url(), unique_index("entities")
        args += ["--backend", "elasticsearch", "--es-url", url, "--index", index]
        request.addfinalizer(lambda: drop_everything(url, index))
    return runner_for(args)


def index(run, paths: list[str]) -> None:
    summary = json.loads(run("index", "--json", "--no-progress", "--workers", "1", *paths).stdout)
    assert summary["indexed"] == len(paths), summary


def values(run) -> dict[tuple[str, str], dict]:
    """(type, value) -> the `entities list --json` row."""
    rows = [json.loads(line) for line in run("entities", "list", "--json", "--limit", "1000").stdout.splitlines()]
    return {(row["type"], row["value"]): row for row in rows}


def hits(run, *args: str) -> list[dict]:
    return json.loads(run("search", "--json", "--size", "100", *args).stdout)["hits"]


def holding(found: list[dict], *names: str) -> set[str]:
    """Ids of the hits that hold any of `names` under any entity type."""
    return {hit["id"] for hit in found if any(name in hit["entities"].get(kind, [])
                                                 for kind in ENTITY_TYPES for name in names)}


def kinds_of(listed: dict, name: str) -> set[str]:
    return {kind for kind, value in listed if value == name}


DFES = "Department for Education and Skills"


def test_merge_block_retype_then_reindex_moves_the_counts_and_new_articles_follow_at_once(cli, tmp_path):
    index(cli, politics(1, 20))
    before = values(cli)
    assert before[("organization", "Department for Education")]["count"] >= 1
    assert ("organization", "Cabinet") in before and ("organization", "Bournemouth") in before
    dfe_articles = holding(hits(cli), "Department for Education")
    bournemouth = before[("organization", "Bournemouth")]["count"]

    cli("entities", "merge", "Department for Education", DFES)
    cli("entities", "block", "Cabinet")
    cli("entities", "retype", "Bournemouth", "location")
    choices = json.loads(cli("entities", "choices").stdout)
    assert choices["merges"] == {"Department for Education": DFES} and choices["blocked"] == ["Cabinet"]
    # Before the reindex stored articles are unchanged; the list says what the reindex will do.
    assert values(cli)[("organization", "Department for Education")]["pending"] == f"shows as {DFES}"

    assert "switched" in cli("reindex", "--no-progress").stdout
    after = values(cli)
    assert after[("organization", DFES)]["count"] == len(dfe_articles)
    assert after[("organization", DFES)]["aliases"] == ["Department for Education"]
    assert kinds_of(after, "Department for Education") == set() and kinds_of(after, "Cabinet") == set()
    assert kinds_of(after, "Bournemouth") == {"location"}
    assert after[("location", "Bournemouth")]["count"] == bournemouth
    assert {hit["id"] for hit in hits(cli, "--facet", f"organization={DFES}")} == dfe_articles
    assert hits(cli, "--facet", "organization=Cabinet") == []
    assert hits(cli, "--facet", "organization=Department for Education") == []

    # The same new stories, indexed without choices elsewhere, show the raw names...
    control = runner_for(["--data-dir", str(tmp_path / "control")])
    index(control, politics(21, 30))
    raw = hits(control)
    with_dfe, with_cabinet = holding(raw, "Department for Education"), holding(raw, "Cabinet")
    assert with_dfe and with_cabinet
    # ...and here get the choices when they are written, with no reindex.
    index(cli, politics(21, 30))
    curated = hits(cli)
    assert len(curated) == 30 and holding(curated, "Department for Education", "Cabinet") == set()
    assert with_dfe <= holding(curated, DFES)


HOSTILE = [
    (("merge", "Tony Blair", "Mr Blair"), "cycle"),
    (("merge", "Mr Blair", "Mr Blair"), "itself"),
    (("merge", "Labour", "Skills"), "blocked"),
    (("rename", "Skills", "Skills Ltd"), "blocked"),
    (("block", "Skills"), "blocked already"),
    (("unblock", "Nobody"), "not blocked"),
    (("retype", "Bournemouth", "town"), "unknown kind"),
    (("retype", "Mr Blair", "person"), "retype that name instead"),
    (("block", "bell\x07name"), "control character"),
    (("merge", "esc\x1b[31mred", "Labour"), "control character"),
    (("merge", "x" * 301, "Labour"), "longer than 300"),
    (("rename", "   ", "Labour"), "empty"),
    (("list", "--type", "planet"), "unknown kind"),
    (("list", "--limit", "0"), "between 1 and 1000"),
    (("list", "--limit", "1e9"), "whole number"),
    (("list", "--prefix", "a\x00b"), "control character"),
]


def refuse(run, args: tuple[str, ...], message: str) -> None:
    """`newsfacet entities ARGS` is refused with one `Error:` line, exit 2, and the choices unchanged."""
    before = run("entities", "choices").stdout
    result = run("entities", *args, expect=2)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.output
    assert "Traceback" not in result.output
    assert run("entities", "choices").stdout == before


@pytest.fixture
def seeded(tmp_path):
    run = runner_for(["--data-dir", str(tmp_path)])
    run("entities", "merge", "Mr Blair", "Tony Blair")
    run("entities", "block", "Skills")
    return run


@pytest.mark.parametrize("args,message", HOSTILE, ids=[" ".join(a)[:30] for a, _ in HOSTILE])
def test_refused_choices_print_one_line_exit_2_and_change_nothing(seeded, args, message):
    refuse(seeded, args, message)


def test_refusals_change_nothing_on_either_engine(cli):
    # The rules are the engine's (one module); this checks each store leaves its copy untouched.
    cli("entities", "merge", "Mr Blair", "Tony Blair")
    cli("entities", "block", "Skills")
    for args, message in HOSTILE[:4]:
        refuse(cli, args, message)


def test_a_chain_is_followed_to_its_end(cli):
    cli("entities", "merge", "Blair", "Mr Blair")
    cli("entities", "merge", "Mr Blair", "Tony Blair")
    result = cli("entities", "merge", "Tony Blair", "Blair", expect=2)
    assert "cycle" in result.output
    choices = json.loads(cli("entities", "choices").stdout)
    assert choices["merges"] == {"Blair": "Mr Blair", "Mr Blair": "Tony Blair"}


def test_a_damaged_choices_file_is_reported_not_a_traceback(tmp_path):
    run = runner_for(["--data-dir", str(tmp_path)])
    run("entities", "block", "Skills")
    (tmp_path / "tantivy" / "articles.entities.json").write_bytes(b'{"format": 1, "merges": [1]')
    for command in (("choices",), ("block", "Labour")):
        result = run("entities", *command, expect=1)
        assert "damaged" in result.output and "Traceback" not in result.output


def _jsonl(path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return str(path)


GERMAN_SHIPPING = ("Die Reederei Nordwave Lines hat am Dienstag in Hamburg neue Containerschiffe bestellt. "
                   "Nach Angaben des Unternehmens sollen die Schiffe ab dem kommenden Jahr zwischen Europa "
                   "und Asien fahren. Der Vorstand sprach von einer wichtigen Investition für die Zukunft.")


def test_a_name_the_user_confirms_is_found_in_other_languages_and_a_blocked_one_is_not(cli, tmp_path):
    # Named in one English article only: too rare for the known-names table on its own.
    english = {"title": "Ferry operator orders ships", "text": "A shipping company ordered new vessels.",
               "language": "en", "entities": {"organization": ["Nordwave Lines", "Nordwave"]}}
    cli("index", "--json", "--no-progress", "--workers", "1", _jsonl(tmp_path / "en.jsonl", [english]))
    # Each run's German story differs by a word: the same text again would be folded as a copy.
    german = {"title": "Reederei bestellt Schiffe", "language": "de"}

    def german_organisations(name: str) -> list[str]:
        cli("index", "--json", "--no-progress", "--workers", "1", _jsonl(tmp_path / f"{name}.jsonl",
                                                                           [{**german, "url": f"https://e.de/{name}",
                                                                             "text": f"{GERMAN_SHIPPING} ({name})"}]))
        found = hits(cli, "--facet", "language=de")
        return next(hit for hit in found if hit["url"].endswith(name))["entities"]["organization"]

    assert "Nordwave Lines" not in german_organisations("before")
    cli("entities", "merge", "Nordwave", "Nordwave Lines")
    assert "Nordwave Lines" in german_organisations("confirmed")
    cli("entities", "block", "Nordwave Lines")
    assert "Nordwave Lines" not in german_organisations("blocked")
