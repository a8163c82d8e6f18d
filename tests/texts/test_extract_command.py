"""`memoria extract FILE [--language] [--json|--text]`: prints what a text names, saves nothing,
and refuses each bad file with one clear line and exit code 2."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from memoria.archive.models import Person, Place, Unit
from memoria.sources.models import Citation, Source

from .test_reading import docx_bytes, scanned_pdf, text_pdf, zip_bomb

ARTICLE = Path(__file__).parents[2] / "memoria/demo/data/source-article-2025-02-01.txt"
ROOT = Path(__file__).parents[2]

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Person, Place, Unit, Source, Citation)]


def run(capsys, *args):
    call_command("extract", *map(str, args))
    return capsys.readouterr().out


def test_json_output_has_the_issue_shape_and_nothing_is_saved(demo, capsys):
    before = counts()
    result = json.loads(run(capsys, ARTICLE, "--json"))
    assert counts() == before
    assert list(result) == ["language", "people", "places", "units", "objects", "dates"]
    text = ARTICLE.read_text(encoding="utf-8")
    omarov = next(p for p in result["people"] if p["name"] == "Kabysh Omarov")
    assert omarov["match"]["id"] == Person.objects.get(name_en="Kabysh Omarov").pk
    assert isinstance(omarov["match"]["score"], float)
    for kind in ("people", "places", "units", "objects"):
        for proposal in result[kind]:
            assert {"name", "spans", "match"} <= set(proposal)
            assert all(text[s:e] for s, e in proposal["spans"])
    assert {"value": "1941/1945", "spans": [[text.index("1941–1945"), text.index("1941–1945") + 9]]} in result["dates"]


def test_summary_and_text_outputs(demo, capsys, tmp_path):
    summary = run(capsys, ARTICLE)
    assert "Language: en" in summary
    assert "Marat Nagumanov — rank Major General" in summary and "3 mentions" in summary
    memoir = tmp_path / "memoir.docx"
    memoir.write_bytes(docx_bytes("A synthetic test memoir.", "Test Person served with Colonel Test Personov."))
    assert run(capsys, memoir, "--text") == "A synthetic test memoir.\nTest Person served with Colonel Test Personov.\n"
    result = json.loads(run(capsys, memoir, "--json", "--language", "en"))
    text = "A synthetic test memoir.\nTest Person served with Colonel Test Personov."
    (start, end), = result["people"][0]["spans"]
    assert text[start:end] == "Test Personov"


def bad_files(tmp_path):
    german = "Dies ist ein synthetischer Testtext auf Deutsch, der hier nur geprüft wird. " * 3
    files = {
        "empty.txt": (b"", "empty.txt is empty"),
        "photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8, "photo.txt is not a text file"),
        "locked.pdf": (text_pdf("A synthetic test text.", password="test-secret"), "locked.pdf is protected by a password"),
        "broken.pdf": (b"%PDF-1.7\n%%garbage", "broken.pdf is a damaged PDF"),
        "scan.pdf": (scanned_pdf(), "scan.pdf has no text layer"),
        "bomb.docx": (zip_bomb(), "bomb.docx: its part “word/document.xml” is packed"),
        "german.txt": (german.encode(), "not in Kazakh, Russian, English or French"),
    }
    for name, (data, _message) in files.items():
        (tmp_path / name).write_bytes(data)
    # 50 MB without writing 50 MB: a sparse file; its size alone refuses it.
    with open(tmp_path / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    files["huge.txt"] = (None, "huge.txt is 50 MB; a text may be at most 20 MB")
    return {name: message for name, (_data, message) in files.items()}


def test_each_bad_file_is_refused_with_its_reason_and_nothing_saved(demo, tmp_path):
    before = counts()
    for name, message in bad_files(tmp_path).items():
        with pytest.raises(CommandError, match=message) as refused:
            call_command("extract", str(tmp_path / name), "--json")
        assert refused.value.returncode == 2, name
    assert counts() == before


def test_the_command_line_prints_one_line_on_stderr_and_exits_with_2(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "MEMORIA_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-m", "memoria", "extract", str(bad), "--json"], check=False, capture_output=True,
                          text=True, env=environment, cwd=ROOT, timeout=300)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == ["CommandError: empty.txt is empty: there is no text to read."]


def test_on_a_fresh_data_directory_it_reads_without_linking_and_says_so(tmp_path):
    """Before `memoria migrate` there is no archive to link to: the text is still read."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "MEMORIA_DATA_DIR": str(tmp_path / "data")}
    environment.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "memoria", "extract", str(ARTICLE), "--json"], check=False,
                          capture_output=True, text=True, env=environment, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert "Kabysh Omarov" in [p["name"] for p in result["people"]]
    assert all(p["match"] is None for p in result["people"])
    assert "not linked to records" in done.stderr
