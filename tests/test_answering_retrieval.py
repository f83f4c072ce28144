import pytest

from qa_bot.answering.pipeline import load_pipeline
from qa_bot.answering.retrieval import fuse
from qa_bot.config import RetrievalSettings
from qa_bot.index.build import build_index
from qa_bot.ingest.articles import make_article

DOCS = [
    make_article("Nile", "Nile\n\nThe Nile is the longest river in Africa.", "n.txt"),
    make_article("Cats", "Cats\n\nDomestic cats sleep sixteen hours a day.", "c.txt"),
    make_article("Bread", "Bread\n\nSourdough bread rises with wild yeast.", "b.txt"),
]


def test_weighted_fusion_mixes_normalised_scores() -> None:
    fused = fuse({1: 0.9, 2: 0.5}, {2: 12.0, 3: 2.0}, RetrievalSettings(dense_weight=0.3))
    assert fused[2] == pytest.approx(0.7 * 1.0 + 0.3 * 0.0)
    assert fused[1] == pytest.approx(0.3)
    assert fused[3] == pytest.approx(0.0)


def test_rrf_fusion_rewards_agreement() -> None:
    fused = fuse({1: 0.9, 2: 0.5}, {2: 9.0, 1: 1.0, 3: 0.5}, RetrievalSettings(fusion="rrf"))
    assert max(fused, key=fused.__getitem__) in (1, 2)
    assert fused[3] < fused[1]


@pytest.mark.parametrize("mode", ["fused", "dense", "bm25"])
def test_each_mode_finds_the_right_article(tmp_path, settings, fake_embedder, mode) -> None:
    build_index(DOCS, tmp_path, settings, fake_embedder)
    pipeline = load_pipeline(settings, tmp_path, embedder=fake_embedder)
    hits = pipeline.retriever.search("Which river is the longest in Africa?", 2, mode=mode)
    assert pipeline.source(hits[0].chunk.article_id).title == "Nile"
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_unknown_words_still_return_dense_hits(tmp_path, settings, fake_embedder) -> None:
    build_index(DOCS, tmp_path, settings, fake_embedder)
    pipeline = load_pipeline(settings, tmp_path, embedder=fake_embedder)
    assert pipeline.retriever.bm25_scores("zzzz qqqq", 5) == {}
    assert len(pipeline.retriever.search("zzzz qqqq", 2)) == 2


TITLED = make_article(
    "Apollo Eleven",
    "Apollo Eleven\n\n"
    + " ".join(f"Apollo Eleven fact number {n} is recorded here." for n in range(7))
    + " The archive keeps many records."
    + " Neil Armstrong commanded the crew. The launch drew crowds. Millions watched on television."
    + " The flight lasted eight days. The capsule is in a museum. Schools still teach it.",
    "apollo.txt",
)


@pytest.mark.parametrize("credit", [True, False])
def test_title_words_do_not_crowd_out_the_answering_passage(
    tmp_path, settings, fake_embedder, credit
) -> None:
    settings = settings.replace("retrieval", title_credit=credit)
    build_index([TITLED, *DOCS], tmp_path, settings, fake_embedder)
    pipeline = load_pipeline(settings, tmp_path, embedder=fake_embedder)
    hits = pipeline.retriever.search("Who commanded Apollo Eleven?", 3, mode="bm25")
    best = hits[0].chunk.text
    assert pipeline.source(hits[0].chunk.article_id).title == "Apollo Eleven"
    # Without the credit the opening passage, which only repeats the title, comes first.
    assert ("Armstrong" in best) is credit
