"""What the CJK bigram fields cost: write time and index size of Korean text on the embedded index.

    .venv/bin/python scripts/bench_cjk.py                   # this tree
    .venv/bin/python scripts/bench_cjk.py --compare main    # git ref `main` too, alternating, same run

Writes the 50 articles of ../shared/corpora/sci-news-sum-kr-50 (read in place), repeated `--copies`
times with distinct URLs so the write is long enough to time, into a fresh tantivy index, `--rounds`
times; prints the median write seconds and the index folder's size. With `--compare REF` the same is
measured with the code at REF (exported by bench_index.export_ref) in a child process.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpora" / "sci-news-sum-kr-50" / "data"


def korean_articles(copies: int) -> list:
    from newsfacet.engine.model import Article

    articles = []
    for copy in range(copies):
        for path in sorted(CORPUS.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            articles.append(Article(title=data["title"], body="\n".join(data["sentences"]),
                                    url=f"{data['source']}&copy={copy}", language="ko", outlet="Naver"))
    return articles


def measure(copies: int) -> dict:
    """Seconds to write and commit the articles, and the bytes of the index folder."""
    from newsfacet.engine.backends.tantivy_backend import TantivyBackend

    articles = korean_articles(copies)
    with tempfile.TemporaryDirectory(prefix="bench-cjk-") as tmp:
        backend = TantivyBackend(Path(tmp), "articles")
        started = time.perf_counter()
        assert all(result.ok for result in backend.write(articles))
        seconds = time.perf_counter() - started
        backend.close()
        size = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file())
    return {"documents": len(articles), "seconds": seconds, "bytes": size}


def child(copies: int, pythonpath: str | None) -> dict:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    done = subprocess.run([sys.executable, __file__, "--child", "--copies", str(copies)], env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"measurement failed ({pythonpath or 'this tree'}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--compare", metavar="REF")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.copies)))
        return
    sides = {"current": None}
    with tempfile.TemporaryDirectory(prefix="bench-ref-") as tmp:
        if args.compare:
            sys.path.insert(0, str(ROOT / "scripts"))
            from bench_index import export_ref

            sides = {"ref": str(export_ref(args.compare, Path(tmp))), "current": None}
        runs: dict[str, list[dict]] = {side: [] for side in sides}
        for number in range(args.rounds):
            order = list(sides.items())
            for side, path in order if number % 2 == 0 else order[::-1]:
                runs[side].append(child(args.copies, path))
    for side, results in runs.items():
        seconds = statistics.median(r["seconds"] for r in results)
        documents, megabytes = results[0]["documents"], results[-1]["bytes"] / 1e6
        print(f"{side:<8} {documents} documents: write {seconds:.2f} s (median of {len(results)}), "
              f"{documents / seconds:.0f} docs/s, index {megabytes:.2f} MB")


if __name__ == "__main__":
    main()
