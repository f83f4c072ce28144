"""Warm start from a shipped int8 ONNX reader: dequantize its weights into a torch state dict.

The fp32 checkpoint of a shipped reader may be gone (a new machine starts bare), but its int8
ONNX model holds every weight as ``scale * (q - zero_point)``: close enough to continue training.
Linear layers appear as ``MatMulInteger`` nodes named after their module
(``/bert/encoder/layer.0/attention/self/query/MatMul_quant``) with the weight as ``[in, out]``;
embeddings as quantized ``Gather`` tables; biases and LayerNorms keep their torch names.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import torch

logger = logging.getLogger(__name__)

_LINEAR = re.compile(r"^/(?P<module>.+)/MatMul(?:_quant)?$")


def _dequantize(values: np.ndarray, scale: np.ndarray, zero_point: np.ndarray) -> np.ndarray:
    """``scale * (q - zero_point)``; per-channel parameters apply along the last axis."""
    return (values.astype(np.float32) - zero_point.astype(np.float32)) * scale.astype(np.float32)


def _linear_weights(graph: object, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Torch ``<module>.weight`` ([out, in]) for every (quantized or fp32) MatMul with a weight."""
    weights: dict[str, np.ndarray] = {}
    for node in graph.node:  # type: ignore[attr-defined]
        match = _LINEAR.match(node.name)
        if match is None or node.op_type not in ("MatMul", "MatMulInteger"):
            continue
        name = node.input[1]
        if name not in arrays:
            continue  # attention's activation x activation MatMul
        module = match["module"].replace("/", ".")
        if node.op_type == "MatMulInteger":
            base = name.removesuffix("_quantized")
            matrix = _dequantize(
                arrays[name], arrays[base + "_scale"], arrays[base + "_zero_point"]
            )
        else:
            matrix = arrays[name].astype(np.float32)
        weights[f"{module}.weight"] = matrix.T.copy()
    return weights


def dequantized_state_dict(onnx_path: Path) -> dict[str, torch.Tensor]:
    """A ``BertForQuestionAnswering`` state dict rebuilt from an int8 (or fp32) ONNX export."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(onnx_path))
    arrays = {init.name: numpy_helper.to_array(init) for init in model.graph.initializer}
    state = {
        name: array.astype(np.float32)
        for name, array in arrays.items()
        if not name.startswith("onnx::") and re.search(r"\.(weight|bias)$", name)
    }
    for name, array in arrays.items():
        if name.endswith(".weight_quantized"):
            base = name.removesuffix("_quantized")
            state[base] = _dequantize(array, arrays[base + "_scale"], arrays[base + "_zero_point"])
    state.update(_linear_weights(model.graph, arrays))
    return {name: torch.from_numpy(array) for name, array in state.items()}


def load_warm_start(model: torch.nn.Module, onnx_path: Path) -> None:
    """Overwrite ``model``'s weights with the ONNX model's; every trained tensor must be found."""
    state = dequantized_state_dict(onnx_path)
    own = model.state_dict()
    unknown = sorted(set(state) - set(own))
    if unknown:
        raise ValueError(f"{onnx_path}: tensors the model lacks: {unknown[:5]}")
    missing = sorted(
        name for name in own if name not in state and not name.startswith("bert.pooler")
    )
    missing = [name for name in missing if not name.endswith("position_ids")]
    if missing:
        raise ValueError(f"{onnx_path}: tensors not found in the ONNX model: {missing[:5]}")
    for name, tensor in state.items():
        if tuple(own[name].shape) != tuple(tensor.shape):
            raise ValueError(f"{name}: shape {tuple(tensor.shape)} != {tuple(own[name].shape)}")
    model.load_state_dict(state, strict=False)
    logger.info("warm start: %d tensors dequantized from %s", len(state), onnx_path)
