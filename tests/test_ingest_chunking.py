import re

from qa_bot.config import ChunkingSettings
from qa_bot.ingest.chunking import chunk_article, split_sentences
from qa_bot.types import Article


def count(texts):
    return [len(re.findall(r"\w+|[^\w\s]", t)) for t in texts]


def article(text: str) -> Article:
    return Article("a1", "T", text, "t.txt", "h")


def test_sentences_are_spans_of_the_text() -> None:
    text = "Dr. Smith went to Washington. He arrived at 5 p.m. on Monday!\n\nA new paragraph? Yes."
    spans = split_sentences(text)
    sentences = [text[a:b] for a, b in spans]
    assert sentences[0] == "Dr. Smith went to Washington."
    assert sentences[-1] == "Yes."
    assert all(text[a:b].strip() == text[a:b] for a, b in spans)


def test_chunks_are_offsets_into_the_article_with_overlap() -> None:
    text = " ".join(f"Sentence number {i} talks about topic {i}." for i in range(40))
    settings = ChunkingSettings(max_tokens=30, overlap_sentences=1, max_sentences=6)
    chunks = chunk_article(article(text), settings, count)
    assert len(chunks) > 5
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert count([chunk.text])[0] <= 30
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert after.start < before.end  # one sentence shared
    covered: set[int] = set()
    for chunk in chunks:
        covered.update(range(chunk.start, chunk.end))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_a_sentence_longer_than_the_limit_is_cut_to_fit() -> None:
    text = "word " * 500 + "end."
    chunks = chunk_article(article(text.strip()), ChunkingSettings(max_tokens=50), count)
    assert all(count([c.text])[0] <= 50 for c in chunks)
    assert chunks[0].start == 0 and chunks[-1].end == len(text.strip())


def test_one_huge_word_is_cut_by_characters() -> None:
    text = "x" * 5000
    chunks = chunk_article(
        article(text), ChunkingSettings(max_tokens=100), lambda ts: [len(t) for t in ts]
    )
    assert all(len(c.text) <= 100 for c in chunks)
    assert "".join(c.text for c in chunks) == text


def test_max_sentences_is_respected() -> None:
    text = " ".join(f"S{i}." for i in range(20))
    chunks = chunk_article(
        article(text), ChunkingSettings(max_tokens=500, max_sentences=3, overlap_sentences=1), count
    )
    assert all(len(split_sentences(c.text)) <= 3 for c in chunks)
