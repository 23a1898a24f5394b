"""Agreement of a project's annotators: which documents count, the report, and the command."""

import json

import krippendorff
import numpy as np
import pytest

from annotator.agreement_report import AgreementError, project_agreement
from annotator.model import GOLD, Span, Status
from annotator.tokens import document_uid
from tests.conftest import add_text, run_cli

# Tokens: Rebels(0-6) shelled(7-14) Ostrel(15-21) near(22-26) Varna(27-32) today(33-38)
TEXT = "Rebels shelled Ostrel near Varna today"
QUIET = "Nothing happened here"  # three tokens, no spans by anyone


def _spans(project, document, annotator, *spans):
    for start, end, label in spans:
        project.add_span(
            Span(document=document, annotator=annotator, start=start, end=end, label=label)
        )


@pytest.fixture
def two_annotators(project):
    """amira and ben both finish TEXT and QUIET; amira alone finishes a third document."""
    text, quiet = add_text(project, TEXT), add_text(project, QUIET)
    alone = add_text(project, "Shelling near Ostrel again")
    _spans(project, text, "amira", (0, 6, "ACTOR"), (15, 21, "LOCATION"), (27, 32, "LOCATION"))
    _spans(project, text, "ben", (0, 14, "ACTOR"), (15, 21, "LOCATION"))
    _spans(project, alone, "amira", (14, 20, "LOCATION"))
    _spans(project, alone, "ben", (0, 8, "WEAPON"))  # not done by ben: never counts
    for document in (text, quiet):
        project.set_status(document, "amira", Status.done)
        project.set_status(document, "ben", Status.done)
    project.set_status(alone, "amira", Status.done)
    return project


def test_pair_metrics_by_hand(two_annotators):
    report = project_agreement(two_annotators)
    assert report.documents == 2
    assert report.annotators == ["amira", "ben"]
    (pair,) = report.pairs
    assert (pair.a, pair.b, pair.documents) == ("amira", "ben", 2)
    # Exact: ACTOR 0 of 1 + 1, LOCATION 1 of 2 + 1; overall 2 * 1 / 5 = 0.4
    assert pair.exact_f1 == pytest.approx(0.4)
    assert pair.per_label["ACTOR"].exact_f1 == 0.0
    assert pair.per_label["LOCATION"].exact_f1 == pytest.approx(2 / 3)
    # Overlap: the ACTOR spans share "Rebels": 2 matches of 5 spans, 2 * 2 / 5 = 0.8
    assert pair.overlap_f1 == pytest.approx(0.8)
    assert pair.per_label["ACTOR"].overlap_f1 == 1.0
    # Tokens: 6 + 3 = 9 units. ACTOR a = 100000|000, b = 110000|000: n = 9, a1 = 1, b1 = 2,
    # 8 agree. n^2 * p_e = 1 * 2 + 8 * 7 = 58; kappa = (8 * 9 - 58) / (81 - 58) = 14/23.
    # LOCATION a = 001010|000, b = 001000|000: the same counts, 14/23.
    assert pair.per_label["ACTOR"].token_kappa == pytest.approx(14 / 23)
    assert pair.per_label["LOCATION"].token_kappa == pytest.approx(14 / 23)
    # No WEAPON or CASUALTY on the shared documents: undefined, and left out of the mean.
    assert pair.per_label["WEAPON"].model_dump() == {
        "exact_f1": None,
        "overlap_f1": None,
        "token_kappa": None,
    }
    assert pair.token_kappa == pytest.approx(14 / 23)


def test_krippendorff_alpha_by_hand(two_annotators):
    alpha = project_agreement(two_annotators).krippendorff_alpha
    # ACTOR units (zeros, ones): (0, 2) once, (1, 1) once, (2, 0) seven times.
    # o11 = 2, o01 = o10 = 1, o00 = 14; n0 = 15, n1 = 3, n = 18.
    # alpha = 1 - 17 * 2 / (2 * 15 * 3) = 56/90; LOCATION the same.
    assert alpha["ACTOR"] == pytest.approx(56 / 90)
    assert alpha["LOCATION"] == pytest.approx(56 / 90)
    assert alpha["WEAPON"] is None and alpha["CASUALTY"] is None
    assert alpha["macro"] == pytest.approx(56 / 90)


def test_identical_annotations_agree_fully(project):
    document = add_text(project, TEXT)
    for name in ("amira", "ben", "chen"):
        _spans(project, document, name, (0, 14, "ACTOR"), (0, 6, "ACTOR"), (27, 32, "LOCATION"))
        project.set_status(document, name, Status.done)
    report = project_agreement(project)
    assert [(p.a, p.b) for p in report.pairs] == [
        ("amira", "ben"),
        ("amira", "chen"),
        ("ben", "chen"),
    ]
    for pair in report.pairs:
        assert (pair.exact_f1, pair.overlap_f1, pair.token_kappa) == (1.0, 1.0, 1.0)
    assert report.krippendorff_alpha["ACTOR"] == 1.0
    assert report.krippendorff_alpha["macro"] == 1.0


def test_gold_is_left_out_unless_named(two_annotators):
    document = two_annotators.document_id(document_uid(TEXT))
    _spans(two_annotators, document, GOLD, (0, 6, "ACTOR"))
    two_annotators.set_status(document, GOLD, Status.done)
    assert project_agreement(two_annotators).annotators == ["amira", "ben"]
    report = project_agreement(two_annotators, annotators=["amira", GOLD])
    assert [(p.a, p.b, p.documents) for p in report.pairs] == [("amira", GOLD, 1)]
    # amira has 3 spans there, gold 1 of them: 2 * 1 / 4
    assert report.pairs[0].exact_f1 == pytest.approx(0.5)


def test_labels_option_limits_the_labels(two_annotators):
    report = project_agreement(two_annotators, labels=["LOCATION"])
    assert list(report.pairs[0].per_label) == ["LOCATION"]
    assert report.pairs[0].exact_f1 == pytest.approx(2 / 3)
    assert list(report.krippendorff_alpha) == ["LOCATION", "macro"]


def test_fewer_than_two_annotators_with_a_shared_document_is_an_error(project):
    document = add_text(project, TEXT)
    project.set_status(document, "amira", Status.done)
    project.set_status(document, "ben", Status.skipped)
    with pytest.raises(
        AgreementError,
        match=r"two annotators \(gold aside\) who marked documents done; only amira did",
    ):
        project_agreement(project)


def test_unknown_names_list_the_known_ones(two_annotators):
    with pytest.raises(AgreementError, match="unknown annotator zoe .known: amira, ben"):
        project_agreement(two_annotators, annotators=["amira", "zoe"])
    with pytest.raises(AgreementError, match="unknown label PLACE .known: ACTOR, LOCATION"):
        project_agreement(two_annotators, labels=["PLACE"])


def test_command_prints_one_json_object(two_annotators):
    result = run_cli("agreement", two_annotators.path, "--json", "--labels", "ACTOR,LOCATION")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"documents", "annotators", "pairs", "krippendorff_alpha"}
    assert data["pairs"][0]["exact_f1"] == pytest.approx(0.4)
    assert data["pairs"][0]["per_label"]["ACTOR"]["token_kappa"] == pytest.approx(14 / 23)
    assert data["krippendorff_alpha"]["macro"] == pytest.approx(56 / 90)


def test_command_prints_tables(two_annotators):
    result = run_cli("agreement", two_annotators.path)
    assert result.exit_code == 0
    assert "amira / ben" in result.stdout
    assert "0.400" in result.stdout and "0.800" in result.stdout


def test_command_fails_clearly_without_a_shared_document(project):
    add_text(project, TEXT)
    result = run_cli("agreement", project.path, "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"✘ {project.path}: agreement needs two annotators (gold aside) who marked documents"
        " done; none did\n"
    )
    result = run_cli("agreement", project.path, "--annotators", "nobody")
    assert result.exit_code == 2
    assert "unknown annotator nobody" in result.stderr


def test_a_document_counts_only_once_every_compared_annotator_finished_it(two_annotators):
    project = two_annotators
    text = project.document_id(document_uid(TEXT))
    _spans(project, text, "chen", (0, 14, "ACTOR"), (27, 32, "LOCATION"))
    project.set_status(text, "chen", Status.done)
    steps = []
    report = project_agreement(project, progress=lambda done, total: steps.append((done, total)))
    assert steps == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    # QUIET is finished by amira and ben, not yet by chen: it counts for no pair.
    assert report.documents == 1
    assert [(p.a, p.b, p.documents) for p in report.pairs] == [
        ("amira", "ben", 1),
        ("amira", "chen", 1),
        ("ben", "chen", 1),
    ]
    # Units: TEXT's 6 tokens.
    actor = [[1, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0]]
    place = [[0, 0, 1, 0, 1, 0], [0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 1, 0]]
    expected = {
        "ACTOR": krippendorff.alpha(np.array(actor), level_of_measurement="nominal"),
        "LOCATION": krippendorff.alpha(np.array(place), level_of_measurement="nominal"),
    }
    assert report.krippendorff_alpha["ACTOR"] == pytest.approx(expected["ACTOR"])
    assert report.krippendorff_alpha["LOCATION"] == pytest.approx(expected["LOCATION"])
    # ben / chen on TEXT: ACTOR identical; LOCATION [15, 21) against [27, 32): no match.
    assert report.pairs[2].per_label["ACTOR"].exact_f1 == 1.0
    assert report.pairs[2].per_label["LOCATION"].overlap_f1 == 0.0
    # Leaving chen out, both documents amira and ben finished count again.
    assert project_agreement(project, annotators=["amira", "ben"]).documents == 2


def test_by_default_only_annotators_who_finished_something_take_part(two_annotators):
    text = two_annotators.document_id(document_uid(TEXT))
    _spans(two_annotators, text, "imported", (0, 6, "ACTOR"))
    two_annotators.set_status(text, "dana", Status.todo)
    assert project_agreement(two_annotators).annotators == ["amira", "ben"]
    # Named, they take part, but finished nothing alongside amira.
    with pytest.raises(AgreementError, match="amira, imported share none"):
        project_agreement(two_annotators, annotators=["amira", "imported"])
