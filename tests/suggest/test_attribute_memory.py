"""A model's spans get the attributes annotators gave the same text, casualties the parser's."""

from annotator.suggest.attributes import AttributeMemory, with_casualty_figures

TEXT = "The national army shelled Ostrel, killing 12 civilians."


def test_the_most_common_attributes_of_a_text_fill_a_proposal():
    memory = AttributeMemory(
        [
            ("ACTOR", "the national army", {"actor_type": "state_forces"}),
            ("ACTOR", "The  national army", {"actor_type": "state_forces"}),
            ("ACTOR", "the national army", {"actor_type": "rebel_group"}),
            ("LOCATION", "Ostrel", {}),
        ]
    )
    start = TEXT.index("12")
    proposals = [
        (0, 17, "ACTOR", {}, None),
        (26, 32, "LOCATION", {}, 0.4),
        (start, start + 12, "CASUALTY", {}, None),
        (0, 17, "WEAPON", {"category": "other"}, None),
    ]
    assert memory.fill(proposals, TEXT) == [
        (0, 17, "ACTOR", {"actor_type": "state_forces"}, None),
        (26, 32, "LOCATION", {}, 0.4),
        (
            start,
            start + 12,
            "CASUALTY",
            {"kind": "killed", "count": 12, "qualifier": "exact"},
            None,
        ),
        (0, 17, "WEAPON", {"category": "other"}, None),
    ]


def test_casualty_figures_are_filled_without_a_memory_and_never_over_attributes():
    start = TEXT.index("12")
    typed = {"kind": "injured", "count": 3, "qualifier": "exact"}
    proposals = [
        (0, 17, "ACTOR", {}, None),
        (start, start + 12, "CASUALTY", {}, 0.9),
        (start, start + 12, "CASUALTY", typed, None),
    ]
    assert with_casualty_figures(proposals, TEXT) == [
        (0, 17, "ACTOR", {}, None),
        (start, start + 12, "CASUALTY", {"kind": "killed", "count": 12, "qualifier": "exact"}, 0.9),
        (start, start + 12, "CASUALTY", typed, None),
    ]


def test_remembered_fills_other_labels_and_leaves_casualty_figures_to_the_parser():
    memory = AttributeMemory([("ACTOR", "the national army", {"actor_type": "state_forces"})])
    start = TEXT.index("12")
    proposals = [(0, 17, "ACTOR", {}, None), (start, start + 12, "CASUALTY", {}, None)]
    assert memory.remembered(proposals, TEXT) == [
        (0, 17, "ACTOR", {"actor_type": "state_forces"}, None),
        (start, start + 12, "CASUALTY", {}, None),
    ]
