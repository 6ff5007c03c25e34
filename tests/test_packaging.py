"""The repository's folders install as one import namespace, `newsfacet.*`, editable and plain alike."""
from __future__ import annotations

import configparser
import subprocess
import sys
import zipfile

from tests.indexing import REPO

ROOMS = ("cli", "engine", "indexer", "webapp", "mappings")


def setup_options() -> configparser.SectionProxy:
    parser = configparser.ConfigParser()
    parser.read(REPO / "setup.cfg", encoding="utf-8")
    return parser["options"]


def test_every_package_folder_is_listed_under_the_namespace() -> None:
    listed = set(setup_options()["packages"].split())
    folders = {"newsfacet." + ".".join(init.parent.relative_to(REPO).parts)
               for room in ROOMS for init in (REPO / room).rglob("__init__.py")}
    assert listed == folders


def test_the_editable_install_imports_the_namespace() -> None:
    code = "import newsfacet.engine.model as m, newsfacet.cli; print(m.__file__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd="/")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(REPO / "engine" / "model.py")


def test_a_plain_wheel_holds_only_the_namespace_and_its_data(tmp_path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(tmp_path), str(REPO)], check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("newsfacet-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"newsfacet"}
    for expected in ("newsfacet/engine/model.py", "newsfacet/cli/group.py", "newsfacet/mappings/articles.json",
                     "newsfacet/webapp/templates/search.html", "newsfacet/webapp/static/app.css",
                     "newsfacet/webapp/gunicorn.conf.py"):
        assert expected in names
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "newsfacet = newsfacet.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
