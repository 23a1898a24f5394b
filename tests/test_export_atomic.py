"""Export files are written whole or not at all."""

import os
import shutil

import pytest

from annotator.exporters.atomic import (
    atomic_folder,
    atomic_text_file,
    file_system_reason,
    remove_stale_staging,
)


def test_finished_write_replaces_the_file(tmp_path):
    output = tmp_path / "gold.conll"
    output.write_text("old\n")
    with atomic_text_file(output) as handle:
        handle.write("new\n")
        assert output.read_text() == "old\n"
    assert output.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["gold.conll"]


def test_failed_write_leaves_the_old_file_and_no_staging_file(tmp_path):
    output = tmp_path / "gold.conll"
    output.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_text_file(output) as handle:
        handle.write("half")
        raise RuntimeError("disk gone")
    assert output.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["gold.conll"]


def test_a_folder_is_swapped_in_whole_and_keeps_the_users_own_files(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    (output / "train.spacy").write_text("old train")
    (output / "dev.spacy").write_text("old dev")
    (output / "notes.txt").write_text("mine")
    with atomic_folder(output, own_names={"train.spacy", "dev.spacy"}.__contains__) as staging:
        (staging / "train.spacy").write_text("new train")
        assert (output / "train.spacy").read_text() == "old train"
    assert sorted(p.name for p in output.iterdir()) == ["notes.txt", "train.spacy"]
    assert (output / "train.spacy").read_text() == "new train"
    assert (output / "notes.txt").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_failed_folder_export_leaves_the_old_folder(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    (output / "train.spacy").write_text("old train")
    with pytest.raises(RuntimeError), atomic_folder(output, own_names=bool) as staging:
        (staging / "train.spacy").write_text("new train")
        raise RuntimeError("disk gone")
    assert [p.name for p in output.iterdir()] == ["train.spacy"]
    assert (output / "train.spacy").read_text() == "old train"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_old_folder_a_kill_left_aside_is_put_back(tmp_path):
    output = tmp_path / "out"
    dead = 2**22 + 1  # above Linux's pid_max: no such process
    aside = tmp_path / f".out.{dead}-0123abcd.replaced"
    aside.mkdir()
    (aside / "train.spacy").write_text("old train")
    (tmp_path / f".out.{dead}-4567abcd.exporting").mkdir()
    (tmp_path / f".other.{dead}-4567abcd.exporting").mkdir()
    (tmp_path / f".out.{os.getpid()}-89abcdef.exporting").mkdir()  # a live export's
    remove_stale_staging(output)
    assert (output / "train.spacy").read_text() == "old train"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f".other.{dead}-4567abcd.exporting",
        f".out.{os.getpid()}-89abcdef.exporting",
        "out",
    ]


def test_the_parts_folder_of_a_killed_events_export_is_removed(tmp_path):
    output = tmp_path / "events.csv"
    dead = 2**22 + 1  # above Linux's pid_max: no such process
    parts = tmp_path / f".events.csv.{dead}-0123abcd.4567cdef.parts"
    parts.mkdir()
    (parts / "000000").write_text("half a part")
    live = tmp_path / f".events.csv.{os.getpid()}-89abcdef.0123abcd.parts"  # a live export's
    live.mkdir()
    other = tmp_path / f".other.csv.{dead}-0123abcd.4567cdef.parts"
    other.mkdir()
    with atomic_text_file(output) as handle:
        handle.write("new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [live.name, other.name, "events.csv"]
    )


def test_a_file_system_reason_is_a_few_words_even_for_a_failed_copy_of_many_files():
    copy = shutil.Error(
        [
            ("a/x", "b/x", "[Errno 28] No space left on device: 'a/x' -> 'b/x'"),
            ("a/y", "b/y", "[Errno 28] No space left on device: 'a/y' -> 'b/y'"),
        ]
    )
    assert file_system_reason(copy) == "[Errno 28] No space left on device"
    assert file_system_reason(OSError(28, "No space left on device")) == "No space left on device"
