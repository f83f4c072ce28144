"""A PDF brief, a help page, a match report, an interview, a review, a recipe and a news story,
through the real model and index."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_bot.config import load_settings

DATA = Path(__file__).resolve().parent.parent / "benchmarks" / "data"
ARTICLES = [
    DATA / name
    for name in (
        "brief-heat.pdf",
        "help-router.html",
        "news-match.txt",
        "review-ebike.md",
        "recipe-flatbread.html",
        "news-cnn-study.txt",
    )
]
INTERVIEW = DATA / "interview-chef.txt"


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory, real_embedder):  # type: ignore[no-untyped-def]
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    index = tmp_path_factory.mktemp("kinds") / "index"
    settings = load_settings(environ={})
    build_index(read_paths([*ARTICLES, INTERVIEW]).articles, index, settings, real_embedder)
    return load_pipeline(settings, index, embedder=real_embedder)


def _alone(article: Path, tmp_path: Path, embedder):  # type: ignore[no-untyped-def]
    """A pipeline over a library of ``article`` alone (the shared one would change others)."""
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    settings = load_settings(environ={})
    build_index(read_paths([article]).articles, tmp_path / "index", settings, embedder)
    return load_pipeline(settings, tmp_path / "index", embedder=embedder)


@pytest.mark.parametrize(
    ("question", "cell", "article"),
    [
        ("How many heat-related admissions did Northside have in 2025?", "263", "brief-heat.pdf"),
        (
            "By how much did admissions in Eastgate rise from 2024 to 2025?",
            "+88%",
            "brief-heat.pdf",
        ),
        ("How much does the Lumen R7 Pro cost?", "£199", "help-router.html"),
        ("What is the warranty on the R7?", "2 years", "help-router.html"),
    ],
)
def test_a_table_of_a_pdf_or_a_web_page_answers_from_its_cell(  # type: ignore[no-untyped-def]
    pipeline, question: str, cell: str, article: str
) -> None:
    answer = pipeline.answer(question)
    assert answer.text == cell and answer.confident
    assert answer.source is not None and answer.source.path.endswith(article)


def test_a_pdf_sentence_that_crossed_the_page_is_quoted_whole(pipeline) -> None:  # type: ignore[no-untyped-def]
    answer = pipeline.answer("Why did the heat plan stop handing out printed leaflets?")
    assert answer.sentence is not None and "Page" not in answer.sentence
    assert "dropped in 2023 to save money" in answer.sentence


def test_who_wrote_the_match_report_is_its_byline(pipeline) -> None:  # type: ignore[no-untyped-def]
    # with several articles indexed, the question names which one
    answer = pipeline.answer("Who wrote the match report about Kingsmere City?")
    assert answer.text == "Daniel Price"
    assert answer.source is not None and answer.source.path.endswith("news-match.txt")


def test_it_in_an_interview_is_the_restaurant_an_earlier_question_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    from qa_bot.answering.conversation import Conversation

    conversation = Conversation(pipeline)
    conversation.ask("What was the name of Ada Mensah's first restaurant?")
    conversation.ask("Where was it?")
    lent = conversation.ask("Who lent her the money?")
    assert lent.understood_as == "Who lent Ada Mensah the money?"  # she: the one who answers
    closed = conversation.ask("Why did it close?")
    assert closed.understood_as == "Why did Peel close?"


@pytest.mark.parametrize(
    ("question", "value", "article"),
    [
        ("How much does the Voltera Glide 2 cost?", "£1,899 / $2,199", "review-ebike.md"),
        ("How heavy is the Glide 2?", "24.8kg (size M, with battery)", "review-ebike.md"),
        ("How many calories are in one flatbread?", "335 kcal", "recipe-flatbread.html"),
    ],
)
def test_a_fact_box_or_a_specifications_table_answers_by_its_label(  # type: ignore[no-untyped-def]
    pipeline, question: str, value: str, article: str
) -> None:
    answer = pipeline.answer(question)
    assert answer.text == value and answer.confident
    assert answer.source is not None and answer.source.path.endswith(article)
    assert answer.sentence is not None and value in answer.sentence


def test_on_what_date_is_not_answered_with_a_phone_number(  # type: ignore[no-untyped-def]
    tmp_path: Path, real_embedder
) -> None:
    press_release = DATA / "press-release-recall.docx"
    pipeline = _alone(press_release, tmp_path, real_embedder)
    answer = pipeline.answer("On what date was the recall announced?")
    assert answer.text == "3 March 2026"
    assert answer.source is not None and answer.source.path.endswith(press_release.name)


def test_it_after_which_rival_is_the_rival_named_in_the_answer(pipeline) -> None:  # type: ignore[no-untyped-def]
    from qa_bot.answering.conversation import Conversation

    conversation = Conversation(pipeline)
    rival = conversation.ask(
        "Which e-bike does the review call the Voltera Glide 2's obvious rival?"
    )
    assert rival.text == "Brennan Metro+"
    price = conversation.ask("How much is it?")
    assert price.understood_as == "How much is Brennan Metro+?"
    assert price.text == "£2,299"


def test_no_answer_quotes_the_place_a_story_was_filed_from(  # type: ignore[no-untyped-def]
    tmp_path: Path, real_embedder
) -> None:
    from qa_bot.ingest.dateline import find_place_line

    story = DATA / "news-cnn-verdict.txt"
    pipeline = _alone(story, tmp_path, real_embedder)
    place = find_place_line(story.read_text(encoding="utf-8"))
    assert place is not None
    answer = pipeline.answer(
        "Who is the former county treasurer convicted of stealing public funds?"
    )
    assert answer.text is not None or answer.alternatives  # other candidates, not none at all
    quoted = [(answer.start, answer.end), *((s.start, s.end) for s in answer.alternatives)]
    for start, end in quoted:
        assert start is None or end is None or end <= place.start or start >= place.end


@pytest.mark.parametrize(
    "question",
    [
        "On how many counts did the jury find Linda Haskins guilty?",
        "How much public money was Linda Haskins convicted of stealing?",
    ],
)
def test_a_figure_is_not_answered_with_the_persons_age(  # type: ignore[no-untyped-def]
    tmp_path: Path, real_embedder, question: str
) -> None:
    from qa_bot.answering.ages import ages_in

    story = DATA / "news-cnn-verdict.txt"
    text = story.read_text(encoding="utf-8")
    answer = _alone(story, tmp_path, real_embedder).answer(question)
    shown = answer if answer.text is not None else answer.alternatives[0]  # or the hint
    assert shown.text is not None and shown.start is not None and shown.end is not None
    assert any(ch.isdigit() for ch in shown.text)  # a figure, ...
    assert ages_in(text, shown.start, shown.end) == []  # ... not "Linda Haskins, 58,"


def test_the_company_a_which_question_found_is_the_one_a_follow_up_means(  # type: ignore[no-untyped-def]
    tmp_path: Path, real_embedder
) -> None:
    from qa_bot.answering.conversation import Conversation

    conversation = Conversation(_alone(DATA / "news-cnn-launch.txt", tmp_path, real_embedder))
    first = conversation.ask("Which company built the rocket that broke apart after launching?")
    assert first.text is not None
    follow_up = conversation.ask("Who founded the company?")
    assert follow_up.understood_as == f"Who founded {first.text}?"


def test_a_story_is_not_answered_with_its_own_outlet(  # type: ignore[no-untyped-def]
    tmp_path: Path, real_embedder
) -> None:
    from qa_bot.answering.outlet import outlet_of

    story = DATA / "news-cnn-transfer.txt"
    outlet = outlet_of(story.read_text(encoding="utf-8"))
    assert outlet == "CNN"
    answer = _alone(story, tmp_path, real_embedder).answer(
        "Who will take charge of Castlebridge City until a permanent replacement is found?"
    )
    shown = [answer.text, *(span.text for span in answer.alternatives[:1])]
    assert any(shown) and outlet not in shown


def test_most_in_a_table_of_years_is_the_latest_years_top_row(pipeline) -> None:  # type: ignore[no-untyped-def]
    from qa_bot.answering.table_cells import tables_in
    from qa_bot.ingest.articles import read_paths

    text = read_paths([DATA / "brief-heat.pdf"]).articles[0].text
    header, *rows = next(t for t in tables_in(text) if t[0].cells[0].text == "District")
    years = [c for c in range(1, len(header.cells)) if header.cells[c].text.strip().isdigit()]
    latest = max(years, key=lambda c: int(header.cells[c].text))  # "2025", not "Change"
    counted = [r for r in rows if r.cells[0].text != "Total"]
    top = max(counted, key=lambda r: int(r.cells[latest].text.replace(",", "")))
    answer = pipeline.answer("Which Port Ellery district had the most heat-related admissions?")
    assert answer.text == top.cells[0].text
    assert answer.start == top.cells[0].start  # quoted from the table's row, not from prose


def test_a_match_report_dialog_keeps_he_off_the_referee_and_asks_the_second(  # type: ignore[no-untyped-def]
    tmp_path: Path, real_embedder
) -> None:
    from qa_bot.answering.conversation import Conversation

    conversation = Conversation(_alone(DATA / "news-match.txt", tmp_path, real_embedder))
    sent_off = conversation.ask("Which Eastmoor player was sent off?")
    assert sent_off.text is not None
    why = conversation.ask("Why?")
    assert why.understood_as == f"Why was {sent_off.text} sent off?"
    card = conversation.ask(f"Who showed {sent_off.text} the card?")
    assert card.text is not None and "Helen" in card.text
    banned = conversation.ask("How long is he banned for?")
    assert banned.understood_as == f"How long is {sent_off.text} banned for?"
    conversation.reset()
    scorer = conversation.ask("Who scored twice for Kingsmere City?")
    assert scorer.text is not None
    conversation.ask("When did he get his first?")
    second = conversation.ask("And the second?")
    assert second.understood_as == f"When did {scorer.text} get his second?"


def test_it_in_a_wildfire_story_is_the_fire_the_last_question_named(  # type: ignore[no-untyped-def]
    tmp_path: Path, real_embedder
) -> None:
    from qa_bot.answering.conversation import Conversation

    conversation = Conversation(_alone(DATA / "news-cnn-wildfire.txt", tmp_path, real_embedder))
    conversation.ask("How many acres has the Granite Ridge Fire in Colorado burned?")
    contained = conversation.ask("How much of it is contained?")
    assert contained.understood_as == "How much of Granite Ridge Fire is contained?"
