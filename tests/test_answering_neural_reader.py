from __future__ import annotations

from pathlib import Path

import pytest

from qa_bot.answering.neural_reader import (
    DEFAULT_MODEL_DIR,
    NeuralReader,
    _same_answer,
    read_model_info,
)
from qa_bot.answering.span_text import after_break, cut_at_sentence
from qa_bot.config import ReaderSettings, load_settings
from qa_bot.errors import ModelLoadError
from qa_bot.types import Chunk, Hit

FRANCE = (
    "France is a country in Western Europe. Paris is the capital and largest city of France, "
    "with an estimated population of 2,102,650 residents. The city is a major centre of finance, "
    "diplomacy, commerce, fashion and science."
)
# The seed article's passage that answers "How many kids …?" without naming Robert Rodriguez.
FILMMAKER = (
    "“The kids are going to have to take over sooner or later,” the popular filmmaker "
    "tells Yahoo Entertainment. “That was first and foremost on my mind. I had just raised "
    "five kids.” The production was a family affair for the Rodriguez clan."
)
PHOTOSYNTHESIS = (
    "Photosynthesis is a process used by plants and other organisms to convert light energy into "
    "chemical energy. This chemical energy is stored in carbohydrate molecules, such as sugars, "
    "which are synthesized from carbon dioxide and water."
)


def _article_hit(article: str, start: int, end: int, score: float = 1.0, chunk_id: int = 0) -> Hit:
    return Hit(Chunk(chunk_id, "article-1", article[start:end], start, end), score)


@pytest.fixture(scope="module")
def reader() -> NeuralReader:
    return NeuralReader(load_settings(environ={}).reader)


def test_empty_hits_give_no_spans() -> None:
    result = NeuralReader(ReaderSettings(), model_dir=Path("/nonexistent")).read("Who?", [])
    assert result.spans == ()


def test_missing_model_raises_model_load_error(tmp_path: Path) -> None:
    reader = NeuralReader(ReaderSettings(), model_dir=tmp_path)
    with pytest.raises(ModelLoadError, match="missing"):
        reader.read("Who?", [_article_hit(FRANCE, 0, len(FRANCE))])


def test_shipped_model_is_small() -> None:
    model = DEFAULT_MODEL_DIR / read_model_info(DEFAULT_MODEL_DIR).model_file
    assert model.exists()
    assert model.stat().st_size < 30_000_000


@pytest.mark.slow
def test_answers_an_obvious_question(reader: NeuralReader) -> None:
    result = reader.read("What is the capital of France?", [_article_hit(FRANCE, 0, len(FRANCE))])
    assert result.spans
    best = result.spans[0]
    assert "Paris" in best.text
    assert best.margin is not None and best.margin > 0  # the span beats the null answer
    assert len({span.text for span in result.spans}) == len(result.spans)
    assert [s.score for s in result.spans] == sorted((s.score for s in result.spans), reverse=True)


@pytest.mark.slow
def test_offsets_point_into_the_article(reader: NeuralReader) -> None:
    article = "Intro line about nothing.\n\n" + FRANCE + "\n\nClosing remark."
    start = article.index("France is")
    hit = _article_hit(article, start, start + len(FRANCE), chunk_id=7)
    result = reader.read("How many residents does Paris have?", [hit])
    assert result.spans
    for span in result.spans:
        assert article[span.start : span.end] == span.text
        local = span.start - hit.chunk.start
        assert hit.chunk.text[local : local + len(span.text)] == span.text
        assert article[span.sentence_start : span.sentence_end] == span.sentence
        assert span.sentence_start <= span.start and span.end <= span.sentence_end
        assert span.chunk_id == 7 and span.article_id == "article-1"
    best = result.spans[0]
    assert "2,102,650" in best.text
    assert best.sentence.startswith("Paris is the capital")


@pytest.mark.slow
def test_declines_on_an_unrelated_passage(reader: NeuralReader) -> None:
    hit = _article_hit(PHOTOSYNTHESIS, 0, len(PHOTOSYNTHESIS))
    result = reader.read("Who won the football World Cup in 1998?", [hit])
    assert not result.spans or (result.spans[0].margin or 0.0) < 0  # the null answer wins
    assert result.no_answer_score > 0.5


@pytest.mark.slow
def test_finds_the_answer_beyond_the_first_window(reader: NeuralReader) -> None:
    filler = " ".join(
        f"In year {1900 + i} the village council met to talk about roads." for i in range(40)
    )
    article = filler + " The lighthouse keeper was named Ebenezer Tolliver. " + filler
    hit = _article_hit(article, 0, len(article))
    result = reader.read("What was the name of the lighthouse keeper?", [hit])
    assert result.spans
    best = result.spans[0]
    assert "Tolliver" in best.text
    assert article[best.start : best.end] == best.text


@pytest.mark.slow
def test_reads_several_passages_and_picks_the_right_one(reader: NeuralReader) -> None:
    article = PHOTOSYNTHESIS + "\n\n" + FRANCE
    second = article.index("France is")
    hits = [
        _article_hit(article, 0, len(PHOTOSYNTHESIS), chunk_id=0),
        _article_hit(article, second, len(article), chunk_id=1),
    ]
    result = reader.read("What is the capital of France?", hits)
    assert result.spans
    assert result.spans[0].chunk_id == 1
    assert "Paris" in result.spans[0].text


def _spans_of(result, chunk_id: int) -> list[tuple[str, float | None]]:
    return [(span.text, span.margin) for span in result.spans if span.chunk_id == chunk_id]


@pytest.mark.slow
def test_a_passage_reads_the_same_whatever_is_read_beside_it(reader: NeuralReader) -> None:
    # The int8 model quantizes activations per batch: read together, passages changed each
    # other's logits (on seeds/ the answer to a near tie flipped with the passages beside it).
    long_text = " ".join([PHOTOSYNTHESIS] * 4)
    others = [
        Hit(Chunk(1, "other", long_text, 0, len(long_text)), 0.9),
        Hit(Chunk(2, "other", PHOTOSYNTHESIS, 0, len(PHOTOSYNTHESIS)), 0.8),
    ]
    france = _article_hit(FRANCE, 0, len(FRANCE), chunk_id=0)
    question = "What is the population of Paris?"
    alone = reader.read(question, [france])
    beside = reader.read(question, [others[0], france, others[1]])
    assert _spans_of(alone, 0) and _spans_of(alone, 0) == _spans_of(beside, 0)


@pytest.mark.slow
def test_a_trailing_phrase_naming_the_article_is_read_as_the_passage_implies(
    reader: NeuralReader,
) -> None:
    text = "The mayor opened the bridge in 1932. Anna Berg designed it."
    hit = Hit(Chunk(0, "bridge-article", text, 0, len(text)), 1.0)
    titles = {"bridge-article": "The Old Town Bridge of Kessel"}
    asked = reader.read("Who designed the bridge in Kessel?", [hit], titles)
    plain = reader.read("Who designed the bridge?", [hit])
    as_asked = reader.read("Who designed the bridge in Kessel?", [hit])
    assert _spans_of(asked, 0) == _spans_of(plain, 0) != _spans_of(as_asked, 0)


@pytest.mark.slow
def test_a_passage_that_does_not_name_the_rewrites_person_is_read_as_asked(
    reader: NeuralReader,
) -> None:
    hit = Hit(Chunk(0, "a", FILMMAKER, 0, len(FILMMAKER)), 1.0)
    rewrite, asked = "How many kids had Robert Rodriguez raised?", "How many kids had he raised?"
    followed = reader.read(rewrite, [hit], as_asked=asked)
    assert _spans_of(followed, 0) == _spans_of(reader.read(asked, [hit]), 0)
    assert _spans_of(followed, 0) != _spans_of(reader.read(rewrite, [hit]), 0)
    named = Hit(Chunk(1, "a", "Robert Rodriguez had raised five kids by 2020.", 0, 46), 1.0)
    both = reader.read(rewrite, [named], as_asked=asked)
    assert _spans_of(both, 1) == _spans_of(reader.read(rewrite, [named]), 1)


@pytest.mark.slow
def test_read_as_asked_only_where_it_finds_what_the_rewrite_finds(reader: NeuralReader) -> None:
    # "he" unresolved fits anyone: read as asked, this passage about the film answers
    # "assembles"; read with the rewrite (about Rebel) it comes nowhere near an answer and
    # points elsewhere, so the rewrite's reading stands
    text = (
        "The movie assembles a crew of pre-teen superhero spawn who must jump into action when "
        "invading aliens seize their planet-protecting parents."
    )
    hit = Hit(Chunk(0, "a", text, 0, len(text)), 1.0)
    rewrite, asked = "And what did Rebel do for the film?", "And what did he do for the film?"
    alone, as_asked = reader.read(rewrite, [hit]), reader.read(asked, [hit])
    assert alone.spans[0].text != as_asked.spans[0].text
    followed = reader.read(rewrite, [hit], as_asked=asked)
    assert _spans_of(followed, 0) == _spans_of(alone, 0)


@pytest.mark.slow
def test_a_question_longer_than_the_window_still_reads_the_passage(reader: NeuralReader) -> None:
    text = "The bridge was opened in 1932 by the mayor of the town."
    hit = Hit(Chunk(0, "a", text, 0, len(text)), 1.0)
    result = reader.read("When was the bridge opened? " + "please " * 400, [hit])
    for span in result.spans:
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    "text", ['{"margin_scale": 0}', '{"margin_scale": -1}', '{"margin_scale": "x"}', "{not json"]
)
def test_bad_reader_json_is_a_model_load_error(tmp_path: Path, text: str) -> None:
    (tmp_path / "reader.json").write_text(text, encoding="utf-8")
    with pytest.raises(ModelLoadError, match="reader.json"):
        read_model_info(tmp_path)


def test_shipped_reader_json_spreads_confidence() -> None:
    info = read_model_info(DEFAULT_MODEL_DIR)
    assert info.margin_scale > 1.0
    assert info.threshold == load_settings(environ={}).reader.neural_threshold


def test_two_readings_agree_when_their_best_spans_share_half_their_words() -> None:
    assert _same_answer("five", "five")
    assert _same_answer("son rebel", "20-year-old son rebel")
    assert not _same_answer("assembles", "assembles a crew of pre-teen superhero spawn")
    assert not _same_answer(None, "five") and not _same_answer("five", "")


@pytest.mark.slow
def test_a_passage_that_does_not_name_the_headlines_person_is_read_with_a_pronoun(
    reader: NeuralReader,
) -> None:
    hit = Hit(Chunk(0, "a", FILMMAKER, 0, len(FILMMAKER)), 1.0)
    titles = {"a": "Robert Rodriguez reveals surprising help he got"}
    asked, pronoun = "How many kids has Robert Rodriguez raised?", "How many kids has he raised?"
    headlined = reader.read(asked, [hit], titles)
    assert _spans_of(headlined, 0) == _spans_of(reader.read(pronoun, [hit], titles), 0)
    assert _spans_of(headlined, 0) != _spans_of(reader.read(asked, [hit]), 0)
    off = NeuralReader(ReaderSettings(subject_as_pronoun=False))
    assert _spans_of(off.read(asked, [hit], titles), 0) == _spans_of(reader.read(asked, [hit]), 0)


@pytest.mark.parametrize(
    ("text", "span", "kept"),
    [
        ("Warsaw\n\nWarsaw is the capital.", "Warsaw\n\nWarsaw", "Warsaw"),
        ("Oxygen\n\n  The element oxygen", "Oxygen\n\n  The element", "The element"),
        ("one.\n\ntwo.\n\nthree words", "one.\n\ntwo.\n\nthree", "three"),
        ("no break here", "no break", "no break"),
        ("ends at the break\n\n", "ends at the break\n\n", "ends at the break\n\n"),
    ],
)
def test_a_span_over_a_blank_line_keeps_its_last_part(text: str, span: str, kept: str) -> None:
    start = text.index(span)
    end = start + len(span)
    assert text[after_break(text, start, end) : end] == kept


@pytest.mark.parametrize(
    ("text", "span", "kept"),
    [
        ("They meet on Thursday. It will be the first time.", "Thursday. It will be", "Thursday"),
        ("The U.S. Army won in 1944. Then it left.", "U.S. Army", "U.S. Army"),
        ("A storm hit Lisbon on Monday, officials said.", "Lisbon on Monday", "Lisbon on Monday"),
    ],
)
def test_a_span_running_into_the_next_sentence_keeps_its_first(
    text: str, span: str, kept: str
) -> None:
    from qa_bot.ingest.chunking import split_sentences

    start = text.index(span)
    end = cut_at_sentence(start, start + len(span), split_sentences(text), text)
    assert text[start:end] == kept


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (5, 15, "Brandauer Werke"),  # "auer Werke": the reader began at a word piece
        (0, 7, "Brandauer"),
        (0, 15, "Brandauer Werke"),
        (16, 19, "cut"),
        (26, 31, "2,400"),  # whole already: "2,400" keeps its comma
        (33, 35, "jobs"),  # "ob" of "jobs"
    ],
)
def test_a_span_is_widened_to_whole_words(start: int, end: int, expected: str) -> None:
    from qa_bot.answering.span_text import whole_words

    text = "Brandauer Werke cut about 2,400 jobs."
    new_start, new_end = whole_words(text, start, end)
    assert text[new_start:new_end] == expected


def test_regions_to_avoid_are_placed_in_the_chunk() -> None:
    from qa_bot.answering.span_text import in_chunk
    from qa_bot.types import Region

    chunk = Chunk(0, "a", "x" * 50, 100, 150)
    regions = [Region("a", 90, 105), Region("a", 120, 125), Region("b", 120, 125)]
    regions.append(Region("a", 150, 160))  # just after the chunk
    assert in_chunk(regions, chunk) == [(0, 5), (20, 25)]
