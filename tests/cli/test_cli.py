"""The command line, called in-process (``main([...])``) as calibre tests its db CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.cli.main import _default_to_gui
from annotator.services import operations as ops
from annotator.services.project import ProjectService


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def demo(tmp_path, capsys) -> Path:
    path = tmp_path / "demo.annot"
    code, out, _ = run(capsys, "init", path, "--demo")
    assert code == 0
    assert "imported 5" in out
    return Path(path)


def test_init_demo_gives_the_five_seed_articles_with_titles_and_sources(demo):
    with ProjectService.open(demo, read_only=True) as project:
        documents = project.document_summaries()
        actors = {a.name for a in project.actors()}
        claims = {c.label for c in project.claims()}
    assert len(documents) == 5
    titles = [d.title for d in documents]
    assert "North Korea Using Ties with Russia to Boost Standing with China" in titles
    assert all(titles)
    assert {d.source for d in documents} >= {"VOA News", "Kyiv Independent", "Divya Bharat"}
    assert {"Kim Jong Un", "Vladimir Putin", "North Korea"} <= actors
    assert "North Korea supplies arms to Russia" in claims


def test_stats_json_is_a_flat_object_of_the_six_counts_and_the_coding_progress(demo, capsys):
    with ProjectService.open(demo) as project:
        done = [d.id for d in project.document_summaries()[:2]]
        project.apply(ops.SetDocumentStatus(tuple(done), "done"))
    code, out, _ = run(capsys, "stats", demo, "--json")
    stats = json.loads(out)
    assert code == 0
    assert set(stats) == {"documents", "statements", "mentions", "actors", "claims", "coders"} | {
        "documents_not_started",
        "documents_in_progress",
        "documents_done",
    }
    assert stats["documents"] == 5
    assert (stats["documents_not_started"], stats["documents_in_progress"]) == (3, 0)
    assert stats["documents_done"] == 2
    code, out, _ = run(capsys, "stats", demo)
    assert "documents_done: 2" in out


def test_import_reports_duplicates_and_rejects_with_exit_code_3(demo, tmp_path, capsys):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "new.md").write_text("# A headline\n\nBody 😊 text.\n", encoding="utf-8")
    (folder / "again.md").write_text("# A headline\n\nBody 😊 text.\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin.txt").write_bytes("Caf\xe9 au lait, cr\xe8me.".encode("cp1252"))
    (folder / "picture.png").write_bytes(b"\x89PNG")  # skipped inside folders
    code, out, err = run(capsys, "import", demo, folder)
    assert code == 3
    assert "imported 2, duplicates 1, near-duplicates 0, rejected 2" in out
    assert "binary.txt: looks like a binary file" in err
    assert "empty.txt: the file is empty" in err
    assert "duplicate:" in err
    assert "again.md" in err
    with ProjectService.open(demo, read_only=True) as project:
        by_title = {d.title: d for d in project.document_summaries()}
        assert "A headline" in by_title
        latin = [d for d in project.document_summaries() if d.title.startswith("Café")]
        assert latin
        assert project.document(latin[0].id).extra["encoding"] == "cp1252"
        assert project.stats()["documents"] == 7  # nothing from the rejected files


def test_import_of_the_seeds_again_adds_nothing(demo, capsys):
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    code, out, _ = run(capsys, "import", demo, seeds)
    assert code == 0
    assert "imported 0, duplicates 5, near-duplicates 0, rejected 0" in out


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["stats"])
    assert caught.value.code == 2


def test_errors_exit_1_with_a_message(tmp_path, capsys):
    code, _, err = run(capsys, "stats", tmp_path / "missing.annot")
    assert code == 1
    assert "does not exist" in err


def _code_emoji_statement(path: Path) -> str:
    with ProjectService.open(path) as project:
        coder = project.ensure_coder("analyst")
        document = next(d for d in project.document_summaries() if d.source == "VOA News")
        text = project.document(document.id).text
        actors = {a.name: a.id for a in project.actors()}
        claims = {c.label: c.id for c in project.claims()}
        start = text.index("“The DPRK will further")
        end = text.index("countries,”", start) + len("countries,”")
        statement = ops.AddStatement(
            document.id,
            start,
            end,
            claims["North Korea–Russia military cooperation"],
            coder.id,
            speaker_id=actors["North Korea"],
            stance="support",
            note='emoji 😊, tab\t, "quotes"; =SUM(A1)',
        )
        project.apply(statement)
        mention = text.index("Kim Jong Un")
        project.apply(
            ops.AddMention(document.id, mention, mention + 11, actors["Kim Jong Un"], coder.id)
        )
        return statement.id


def test_a_statement_with_an_emoji_survives_export_and_load_byte_for_byte(demo, tmp_path, capsys):
    # An emoji before the quote shifts UTF-16 offsets; code points must not move.
    emoji_doc = tmp_path / "emoji.txt"
    emoji_doc.write_text("👨‍👩‍👧 🇰🇵 Kim said “we stand with 😊 Russia” today.\n", encoding="utf-8")
    run(capsys, "import", demo, emoji_doc)
    statement_id = _code_emoji_statement(demo)
    with ProjectService.open(demo) as project:
        document = next(d for d in project.document_summaries() if d.title.startswith("👨"))
        text = project.document(document.id).text
        start = text.index("“we")
        end = text.index("”", start) + 1
        claim = project.claims()[0].id
        coder = project.ensure_coder("analyst").id
        project.apply(
            ops.AddStatement(document.id, start, end, claim, coder, id="emoji-1", stance="oppose")
        )
    first = tmp_path / "export1"
    assert run(capsys, "export", demo, "--format", "jsonl", "--out", first)[0] == 0
    rows = [json.loads(line) for line in (first / "statements.jsonl").read_text().splitlines()]
    emoji_row = next(r for r in rows if r["statement_id"] == "emoji-1")
    assert emoji_row["quote"] == "“we stand with 😊 Russia”"
    assert emoji_row["start"] == text.index("“we")  # code points, not UTF-16 units
    assert any(r["statement_id"] == statement_id for r in rows)

    fresh = tmp_path / "fresh.annot"
    run(capsys, "init", fresh)
    code, _out, err = run(capsys, "load", fresh, first)
    assert code == 0, err
    second = tmp_path / "export2"
    run(capsys, "export", fresh, "--out", second)
    for name in (
        "statements.jsonl",
        "mentions.jsonl",
        "actors.jsonl",
        "claims.jsonl",
        "codebook.json",
    ):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_loading_the_same_dataset_twice_changes_nothing(demo, tmp_path, capsys):
    _code_emoji_statement(demo)
    dataset = tmp_path / "ds"
    run(capsys, "export", demo, "--out", dataset)
    target = tmp_path / "target.annot"
    run(capsys, "init", target)
    code, out, _ = run(capsys, "load", target, dataset, "--json")
    first = json.loads(out)
    assert code == 0
    assert first["inserted"] >= 2 + 5
    with ProjectService.open(target) as project:
        mark = project.watermark()
        before = project.annotations()
    code, out, _ = run(capsys, "load", target, dataset, "--json")
    second = json.loads(out)
    assert code == 0
    assert second["inserted"] == second["updated"] == second["rejected"] == 0
    with ProjectService.open(target) as project:
        assert project.annotations() == before
        assert project.watermark() == mark  # not even the journal moved


def test_load_reanchors_a_shifted_quote_and_rejects_a_missing_one(demo, tmp_path, capsys):
    _code_emoji_statement(demo)
    dataset = tmp_path / "ds"
    run(capsys, "export", demo, "--out", dataset)
    rows = [json.loads(x) for x in (dataset / "statements.jsonl").read_text().splitlines()]
    shifted = dict(
        rows[0], statement_id="shifted", start=rows[0]["start"] + 3, end=rows[0]["end"] + 3
    )
    missing = dict(rows[0], statement_id="missing", quote="words that are nowhere")
    single = tmp_path / "statements.jsonl"
    single.write_text("\n".join(json.dumps(r) for r in (shifted, missing)) + "\n")
    code, _out, err = run(capsys, "load", demo, single)
    assert code == 3
    assert "line 2" in err
    assert "not in the document" in err
    with ProjectService.open(demo, read_only=True) as project:
        moved = project.annotation("shifted")
        assert (moved.start, moved.end) == (rows[0]["start"], rows[0]["end"])
        assert moved.anchor_status == "reanchored"
        with pytest.raises(KeyError):
            project.annotation("missing")


def test_check_passes_on_a_sound_project(demo, capsys):
    code, out, _ = run(capsys, "check", demo, "--json")
    report = json.loads(out)
    assert code == 0
    assert report["ok"]
    assert report["integrity"] == "ok"


def test_check_finds_a_broken_anchor(demo, capsys):
    _code_emoji_statement(demo)
    raw = sqlite3.connect(demo)
    raw.execute('UPDATE annotation SET start = start + 1, "end" = "end" + 1')
    raw.commit()
    raw.close()
    code, out, _ = run(capsys, "check", demo, "--json")
    report = json.loads(out)
    assert code == 1
    assert any("is not its stored quote" in p for p in report["problems"])


def test_check_finds_a_corrupted_file(demo, capsys):
    data = bytearray(demo.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[page + 100 : 3 * page] = b"\xde\xad\xbe\xef" * ((2 * page - 100) // 4)
    demo.write_bytes(bytes(data))
    code, _, err = run(capsys, "check", demo)
    assert code == 1
    assert "damaged" in err or "integrity" in err or "malformed" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ["gui"]),
        (["p.annot"], ["gui", "p.annot"]),
        (["--screenshot", "x.png"], ["gui", "--screenshot", "x.png"]),
        (["--coder", "ann", "p.annot"], ["--coder", "ann", "gui", "p.annot"]),
        (["-v", "stats", "p.annot"], ["-v", "stats", "p.annot"]),
        (["--version"], ["--version"]),
    ],
)
def test_no_command_means_the_app(argv, expected):
    assert _default_to_gui(argv) == expected


def test_search_json_has_the_documented_shape(demo, capsys):
    code, out, _ = run(capsys, "search", demo, '"invariably support"', "--json")
    result = json.loads(out)
    assert code == 0
    assert set(result) == {"query", "took_ms", "total", "notes", "hits"}
    assert result["notes"] == []
    (hit,) = result["hits"]
    assert set(hit) == {
        "document_id",
        "title",
        "source",
        "published_at",
        "score",
        "snippets",
        "offsets",
        "statements",  # those a statement:( … ) found the document by; none here
    }
    assert hit["statements"] == []
    with ProjectService.open(demo, read_only=True) as project:
        text = project.document(hit["document_id"]).text
    assert all(text[start:end].lower() == "invariably support" for start, end in hit["offsets"])
    for snippet in hit["snippets"]:  # plain text, matches as document offsets
        assert set(snippet) == {"text", "start", "end", "marks"}
        assert snippet["text"] == text[snippet["start"] : snippet["end"]].replace("\n", " ")
        assert "<" not in snippet["text"]
        for start, end in snippet["marks"]:
            assert text[start:end].lower() == "invariably support"
    assert any(snippet["marks"] for snippet in hit["snippets"])


def test_search_text_output_and_kwic(demo, capsys):
    code, out, _ = run(capsys, "search", demo, "Belousov", "--kwic")
    assert code == 0
    assert "1 document matches" in out
    assert "[Belousov]" in out


def test_a_malformed_query_is_a_usage_error_with_a_message(demo, capsys):
    code, out, err = run(capsys, "search", demo, '"unclosed')
    assert code == 2
    assert "quotation mark" in err
    assert out == ""


def test_reindex_rebuilds(demo, capsys):
    code, out, _ = run(capsys, "reindex", demo)
    assert code == 0
    assert "rebuilt" in out


def test_export_filters(demo_template, tmp_path, capsys):
    demo = tmp_path / "uncoded.annot"  # the demo without its example coding
    shutil.copy(demo_template, demo)
    with ProjectService.open(demo) as project:
        docs = {d.source: d.id for d in project.document_summaries()}
        claims = {c.label: c.id for c in project.claims()}
        ann = project.ensure_coder("ann").id
        bob = project.ensure_coder("bob").id
        for coder, source, claim in (
            (ann, "VOA News", "North Korea supplies arms to Russia"),  # a sub-claim
            (bob, "Kyiv Independent", "Sanctions on North Korea should be enforced"),
        ):
            project.apply(ops.AddStatement(docs[source], 0, 20, claims[claim], coder))
        with project.database.write() as session:
            session.connection().exec_driver_sql(
                "UPDATE document SET published_at = '2023-10-20' WHERE source = 'VOA News'"
            )

    def statements(*flags: str) -> list[dict[str, object]]:
        out = tmp_path / "x"
        shutil.rmtree(out, ignore_errors=True)
        code, _, err = run(capsys, "export", demo, "--out", out, *flags)
        assert code == 0, err
        text = (out / "statements.jsonl").read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines()]

    assert len(statements()) == 2
    (only,) = statements("--claim", "North Korea–Russia military cooperation")  # subtree
    assert only["claim"] == "North Korea supplies arms to Russia"
    assert [r["coder"] for r in statements("--only-coder", "bob")] == ["bob"]
    assert [
        r["document_source"] for r in statements("--from", "2023-01-01", "--to", "2023-12-31")
    ] == ["VOA News"]
    assert [r["document_source"] for r in statements("--query", "Kirby")] == ["Kyiv Independent"]
    manifest = json.loads((tmp_path / "x" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["selection"] == {"query": "Kirby"}
    code, _, err = run(capsys, "export", demo, "--out", tmp_path / "y", "--claim", "nope")
    assert code == 1
    assert "no claim 'nope'" in err


def test_load_refuses_ids_that_are_not_ids_and_renames_foreign_actor_ids(demo, tmp_path, capsys):
    """The exporter writes ids as they are (unquoted, unguarded), so ids from outside must
    have the shape of an id."""
    _code_emoji_statement(demo)
    dataset = tmp_path / "ds"
    run(capsys, "export", demo, "--out", dataset)
    row = json.loads((dataset / "statements.jsonl").read_text("utf-8").splitlines()[0])
    formula = dict(row, statement_id="=HYPERLINK(1)")
    foreign = dict(row, statement_id="fresh-1", speaker_id='a,"b"', speaker="New Speaker")
    single = tmp_path / "statements.jsonl"
    single.write_text("\n".join(json.dumps(r) for r in (formula, foreign)) + "\n", "utf-8")
    code, _out, err = run(capsys, "load", demo, single)
    assert code == 3
    assert "line 1" in err
    assert "is not an id" in err
    with ProjectService.open(demo, read_only=True) as project:
        with pytest.raises(KeyError):
            project.annotation("=HYPERLINK(1)")
        speaker_id = project.annotation("fresh-1").actor_id
        assert speaker_id is not None
        assert speaker_id != 'a,"b"'
        assert {a.id: a.name for a in project.actors()}[speaker_id] == "New Speaker"


def test_import_of_a_corpus_with_a_column_map(demo, tmp_path, capsys):
    corpus = tmp_path / "export.csv"
    corpus.write_text(
        "Kopf,Inhalt,Datum\n"
        'Gipfel,"Kim Jong Un traf Wladimir Putin, sagte die Agentur.",14.09.2023\n'
        "Leer,,15.09.2023\n",
        "utf-8",
    )
    code, out, err = run(
        capsys, "import", demo, corpus, "--map", "text=Inhalt,title=Kopf,date=Datum"
    )
    assert code == 3  # one row rejected
    assert "imported 1, duplicates 0, near-duplicates 0, rejected 1" in out
    assert "rejected: export.csv row 2: no text in column 'Inhalt'" in err
    with ProjectService.open(demo, read_only=True) as project:
        summary = next(d for d in project.document_summaries() if d.title == "Gipfel")
        assert str(summary.published_at) == "2023-09-14"
    with pytest.raises(SystemExit):
        main(["import", str(demo), str(corpus), "--map", "body"])
    assert "FIELD=COLUMN" in capsys.readouterr().err


def test_the_progress_bar_shows_on_a_terminal_and_not_when_piped():
    import io

    from annotator.cli.output import progress as _progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert _progress("importing", stream=io.StringIO()) is None
    terminal = Terminal()
    show = _progress("importing", stream=terminal)
    assert show is not None
    show(1, 4)
    show(4, 4)
    assert "\rimporting [" + "#" * 8 in terminal.getvalue()
    assert terminal.getvalue().endswith("] 4/4 100%\n")


def test_a_lone_surrogate_in_a_dataset_is_stored_as_a_replacement_character(demo, tmp_path, capsys):
    _code_emoji_statement(demo)
    dataset = tmp_path / "ds"
    run(capsys, "export", demo, "--out", dataset)
    line = (dataset / "statements.jsonl").read_text("utf-8").splitlines()[0]
    row = json.loads(line)
    broken = json.dumps(dict(row, statement_id="surrogate", note="x")).replace(
        '"note": "x"', '"note": "bad \\ud800 half"'
    )
    single = tmp_path / "statements.jsonl"
    single.write_text(broken + "\n", "utf-8")
    code, _out, err = run(capsys, "load", demo, single)
    assert code == 0, err
    with ProjectService.open(demo, read_only=True) as project:
        assert project.annotation("surrogate").note == "bad \ufffd half"


def test_restore_brings_back_the_newest_good_backup_of_a_damaged_project(demo, tmp_path, capsys):
    statement = _code_emoji_statement(demo)
    code, out, _ = run(capsys, "backup", demo)
    assert code == 0
    assert "verified backup written to" in out
    data = bytearray(demo.read_bytes())
    data[4096 + 100 : 3 * 4096] = b"\xde\xad\xbe\xef" * ((2 * 4096 - 100) // 4)
    demo.write_bytes(bytes(data))
    assert run(capsys, "check", demo)[0] == 1
    code, out, err = run(capsys, "restore", demo)
    assert code == 0, err
    assert "restored demo.annot from demo." in out
    assert run(capsys, "check", demo)[0] == 0
    with ProjectService.open(demo, read_only=True) as project:
        assert project.annotation(statement).note.startswith("emoji")
    kept = list((tmp_path / "demo.annot.backups").glob("demo.*.replaced.annot"))
    assert len(kept) == 1  # the damaged file is kept, never deleted


def test_restore_is_refused_while_the_project_is_open_for_writing(demo, capsys):
    run(capsys, "backup", demo)
    with ProjectService.open(demo):
        code, _out, err = run(capsys, "restore", demo)
    assert code == 1
    assert "open for writing" in err


def test_opening_for_writing_keeps_a_few_periodic_backups(demo, tmp_path):
    import datetime as dt

    from annotator.core.backup import backup_if_due, list_backups

    folder = tmp_path / "demo.annot.backups"
    before = len(list(folder.glob("*.open.annot"))) if folder.exists() else 0
    with ProjectService.open(demo):
        pass
    with ProjectService.open(demo):
        pass
    opened = list(folder.glob("*.open.annot"))
    assert len(opened) == max(before, 1)  # one per interval, not one per opening
    later = dt.datetime.now(dt.UTC)
    for days in range(1, 8):
        assert backup_if_due(demo, now=later + dt.timedelta(days=days)) is not None
    assert len(list(folder.glob("*.open.annot"))) == 5  # rotated
    assert all(path.suffix == ".annot" for path in list_backups(demo))
