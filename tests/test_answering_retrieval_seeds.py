"""Retrieval over the real index of seeds/: the passage that answers is among those read."""

from pathlib import Path

from qa_bot.answering.pipeline import load_pipeline
from qa_bot.config import load_settings


def test_title_words_leave_the_missy_passage_in_the_first_three(
    seed_index: Path, real_embedder
) -> None:
    # "We Can Be Heroes" names the article; the opening passage repeats it, the answer does not.
    pipeline = load_pipeline(load_settings(environ={}), seed_index, embedder=real_embedder)
    hits = pipeline.retriever.search("Who plays Missy in We Can Be Heroes?", 3)
    assert any("Yaha Gosselin" in hit.chunk.text for hit in hits)
