"""PyTorch-format safetensors -> a TensorFlow model, without PyTorch.

transformers 4.57's TF ``from_pretrained`` fails on PyTorch-format ``model.safetensors``
("'builtins.safe_open' object is not iterable", huggingface/transformers#40028): the file is read
here with ``safetensors.numpy`` and handed, as a dict, to transformers' own PT->TF name mapping.
"""

from __future__ import annotations

import json
from pathlib import Path

SINGLE = "model.safetensors"
INDEX = "model.safetensors.index.json"


def safetensors_format(folder: Path) -> str | None:
    """The ``format`` written in the safetensors header ("pt", "tf", ...), or None when absent."""
    from safetensors import safe_open

    first = _files(folder)[0]
    with safe_open(str(first), framework="numpy") as handle:
        return (handle.metadata() or {}).get("format")


def load_pytorch_safetensors(model, folder: Path, ignore_mismatched_sizes: bool = False) -> dict:
    """Fill ``model``'s weights from the folder's PyTorch safetensors. Returns the loading info
    (``missing_keys``, ``unexpected_keys``, ``mismatched_keys``, in PyTorch names)."""
    from safetensors.numpy import load_file
    from transformers.modeling_tf_pytorch_utils import load_pytorch_state_dict_in_tf2_model

    state: dict = {}
    for path in _files(folder):
        state.update(load_file(str(path)))
    _, info = load_pytorch_state_dict_in_tf2_model(
        model,
        state,
        allow_missing_keys=True,
        output_loading_info=True,
        ignore_mismatched_sizes=ignore_mismatched_sizes,
        tf_to_pt_weight_rename=getattr(model, "tf_to_pt_weight_rename", None),
    )
    return info


def _files(folder: Path) -> list[Path]:
    folder = Path(folder)
    if (folder / SINGLE).is_file():
        return [folder / SINGLE]
    index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    return [folder / name for name in sorted(set(index["weight_map"].values()))]
