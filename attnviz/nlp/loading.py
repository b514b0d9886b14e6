"""Load a transformer for classification or question answering, in TensorFlow.

Sources: a folder in ``save_pretrained`` format (a path, or a folder name under
ATTNVIZ_HOME/models), a Hub id (fetched once into ATTNVIZ_HOME/models, then loaded from there), or
random weights from an architecture's config (:func:`build_from_scratch`).
Weights: ``tf_model.h5`` natively; PyTorch-format ``model.safetensors`` through our numpy path.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from attnviz.nlp import catalog, hub
from attnviz.nlp.catalog import CLASSIFICATION, QUESTION_ANSWERING
from attnviz.nlp.errors import HubUnreachable, NlpError
from attnviz.nlp.paths import is_model_dir, models_dir

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TF's C++ start-up chatter

__all__ = [
    "HubUnreachable",
    "LoadedModel",
    "load_classifier",
    "load_question_answering",
    "build_from_scratch",
    "resolve_model_folder",
    "save_model",
]

# Weights a fresh head may lack; anything else missing means the checkpoint does not fit.
HEAD_WEIGHTS = re.compile(r"classifier|qa_outputs|pooler")
# Keras numbers weightless layers per process (dropout_7 vs dropout_15): not a missing weight.
WEIGHTLESS = re.compile(r"(^|[/.])dropout(_\d+)?($|[/.])")


@dataclass
class LoadedModel:
    model: object  # a transformers TF keras model
    tokenizer: object  # a transformers (fast) tokenizer
    source: str  # what the user asked for (Hub id, folder, "scratch:bert")
    task: str  # CLASSIFICATION or QUESTION_ANSWERING
    num_labels: int  # 0 for question answering
    id2label: dict[int, str]
    num_layers: int
    num_heads: int
    architecture: str = ""  # transformers' model_type: distilbert, bert, roberta
    folder: Path | None = None  # where the weights came from (None when built from scratch)
    max_length: int = 512  # most tokens the model accepts
    new_head: bool = (
        False  # the task head has random weights (a base checkpoint): predictions mean nothing yet
    )
    notes: list[str] = field(default_factory=list)

    @property
    def label_names(self) -> list[str]:
        return [self.id2label[i] for i in range(self.num_labels)]


def load_classifier(
    source: str | Path,
    num_labels: int | None = None,
    id2label: dict[int, str] | None = None,
    *,
    progress: hub.ProgressCallback | None = None,
) -> LoadedModel:
    """A sequence classifier. ``num_labels`` / ``id2label`` replace the checkpoint's head when they differ."""
    folder = resolve_model_folder(source, progress=progress)
    return _load(folder, str(source), CLASSIFICATION, num_labels, id2label)


def load_question_answering(
    source: str | Path, *, progress: hub.ProgressCallback | None = None
) -> LoadedModel:
    folder = resolve_model_folder(source, progress=progress)
    return _load(folder, str(source), QUESTION_ANSWERING, None, None)


def build_from_scratch(
    architecture: str,
    tokenizer_source: str | Path,
    num_labels: int = 2,
    *,
    task: str = CLASSIFICATION,
    seed: int | None = None,
    **config_overrides,
) -> LoadedModel:
    """Random weights from ``architecture``'s default config (sized by ``config_overrides``, e.g.
    ``num_hidden_layers=2``), with the tokenizer of ``tokenizer_source`` (folder or Hub id)."""
    if architecture not in catalog.ARCHITECTURES:
        raise NlpError(
            "unsupported_architecture",
            f"Unknown architecture '{architecture}'; choose one of {', '.join(catalog.ARCHITECTURES)}.",
            architecture=architecture,
        )
    tokenizer = _load_tokenizer(_tokenizer_folder(tokenizer_source))
    from transformers import AutoConfig

    settings = {"vocab_size": len(tokenizer), "pad_token_id": tokenizer.pad_token_id}
    if architecture == "roberta":  # RoBERTa's positions start after the padding index
        settings.update(
            bos_token_id=tokenizer.bos_token_id,
            eos_token_id=tokenizer.eos_token_id,
            max_position_embeddings=514,
            type_vocab_size=1,
        )
    if task == CLASSIFICATION:
        settings["num_labels"] = num_labels
    config = AutoConfig.for_model(architecture, **{**settings, **config_overrides})
    tf = _tf()
    if seed is not None:
        tf.keras.utils.set_random_seed(seed)
    model = _auto_class(task).from_config(config)
    model(model.dummy_inputs, training=False)  # create the weights
    return _loaded(model, tokenizer, f"scratch:{architecture}", task, None, new_head=True)


def save_model(loaded: LoadedModel, folder: str | Path) -> Path:
    """Write model and tokenizer in ``save_pretrained`` format (``tf_model.h5``), loadable again here."""
    return save_model_files(loaded.model, loaded.tokenizer, folder)


def save_model_files(model, tokenizer, folder: str | Path) -> Path:
    """A model and its tokenizer in the Hub's layout (config.json, tf_model.h5, the tokenizer's
    files): a fine-tuned run, or a small model trained live on a page."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def resolve_model_folder(source: str | Path, *, progress: hub.ProgressCallback | None = None) -> Path:
    """The local folder for ``source``: an existing folder, a folder name under ATTNVIZ_HOME/models,
    or a Hub id (downloaded now unless fetched before)."""
    text = str(source).strip()
    if not text:
        raise NlpError("empty_source", "No model given.", source=text)
    path = Path(text).expanduser()
    if path.is_dir():
        if not is_model_dir(path):
            raise NlpError(
                "not_a_model",
                f"{path} is not a model folder (it needs config.json and tf_model.h5 or model.safetensors).",
                source=text,
            )
        return path
    named = models_dir() / text
    if "/" not in text and is_model_dir(named):
        return named
    downloaded = hub.downloaded_model(text)
    if downloaded:
        return downloaded
    if path.exists() or _looks_like_path(text):
        raise NlpError("model_not_found", f"No model folder at {path}.", source=text)
    return hub.download_model(text, progress=progress)


def _looks_like_path(text: str) -> bool:
    return text.startswith((".", "/", "~", "\\")) or text.count("/") > 1 or "\\" in text or ":" in text


def _load(folder: Path, source: str, task: str, num_labels: int | None, id2label: dict | None) -> LoadedModel:
    config = read_config(folder, source)
    resized = _set_labels(config, task, num_labels, id2label)
    tokenizer = _load_tokenizer(folder, source)
    model, info = read_weights(
        _auto_class(task, config), folder, config, source, ignore_mismatched_sizes=resized
    )
    missing = [str(k) for k in info.get("missing_keys", [])] + [
        str(k[0]) for k in info.get("mismatched_keys", [])
    ]
    missing = [k for k in missing if not WEIGHTLESS.search(k)]
    body = [k for k in missing if not HEAD_WEIGHTS.search(k)]
    if body:
        raise NlpError(
            "weights_mismatch",
            f"The weights in {folder} do not fit a {config.model_type} model ({len(body)} missing, e.g. {body[0]}).",
            source=source,
        )
    return _loaded(model, tokenizer, source, task, folder, new_head=bool(missing))


def read_config(folder: Path, source: str):
    """A model folder's config, or a sentence saying it has none usable."""
    from transformers import AutoConfig

    try:
        return AutoConfig.from_pretrained(folder)
    except (OSError, ValueError) as error:
        raise NlpError(
            "not_a_model", f"{folder} has no usable config.json ({_first_line(error)}).", source=source
        ) from None


def read_weights(auto, folder: Path, config, source: str, *, ignore_mismatched_sizes: bool = False):
    """``auto``'s model (a transformers TF auto class) with the folder's weights: ``tf_model.h5``
    or TensorFlow-format ``model.safetensors`` natively, PyTorch-format ones through our numpy path.
    Returns (model, loading info); an unreadable file is a sentence naming the folder."""
    from attnviz.nlp import pt_weights

    _tf()
    try:
        if (folder / "tf_model.h5").is_file() or (folder / "tf_model.h5.index.json").is_file():
            return auto.from_pretrained(
                folder,
                config=config,
                use_safetensors=False,
                ignore_mismatched_sizes=ignore_mismatched_sizes,
                output_loading_info=True,
            )
        if pt_weights.safetensors_format(folder) == "tf":
            return auto.from_pretrained(
                folder,
                config=config,
                use_safetensors=True,
                ignore_mismatched_sizes=ignore_mismatched_sizes,
                output_loading_info=True,
            )
        model = auto.from_config(config)
        model(model.dummy_inputs, training=False)
        return model, pt_weights.load_pytorch_safetensors(
            model, folder, ignore_mismatched_sizes=ignore_mismatched_sizes
        )
    except NlpError:
        raise
    except Exception as error:  # a corrupt or foreign file: say which folder, keep it one line
        raise NlpError(
            "bad_weights", f"Could not read the weights in {folder}: {_first_line(error)}", source=source
        ) from error


def _set_labels(config, task: str, num_labels: int | None, id2label: dict | None) -> bool:
    """Apply the wanted labels to ``config``; True when the checkpoint's head no longer fits."""
    if task != CLASSIFICATION or (num_labels is None and id2label is None):
        return False
    before = config.num_labels
    if id2label is not None:
        names = {int(k): str(v) for k, v in dict(id2label).items()}
        if num_labels is not None and num_labels != len(names):
            raise NlpError(
                "bad_labels", f"{num_labels} labels asked for but {len(names)} names given.", count=len(names)
            )
        config.id2label = names
        config.label2id = {v: k for k, v in names.items()}
    else:
        if num_labels < 1:
            raise NlpError(
                "bad_labels", f"A classifier needs at least 1 label, not {num_labels}.", count=num_labels
            )
        if num_labels != before:
            config.num_labels = num_labels  # resets id2label to LABEL_0..
    return config.num_labels != before


def _loaded(model, tokenizer, source: str, task: str, folder: Path | None, new_head: bool) -> LoadedModel:
    config = model.config
    positions = getattr(config, "max_position_embeddings", 512)
    if config.model_type in ("roberta", "xlm-roberta", "camembert"):
        positions -= config.pad_token_id + 1  # position ids start after the padding index
    tokenizer_limit = getattr(tokenizer, "model_max_length", positions) or positions
    is_qa = task == QUESTION_ANSWERING
    loaded = LoadedModel(
        model=model,
        tokenizer=tokenizer,
        source=source,
        task=task,
        num_labels=0 if is_qa else config.num_labels,
        id2label={} if is_qa else {int(k): str(v) for k, v in config.id2label.items()},
        num_layers=config.num_hidden_layers,
        num_heads=config.num_attention_heads,
        architecture=config.model_type,
        folder=folder,
        max_length=int(min(positions, tokenizer_limit)),
        new_head=new_head,
    )
    if new_head:
        loaded.notes.append("The task head has random weights: fine-tune before trusting its predictions.")
    return loaded


def _load_tokenizer(folder: Path, source: str | None = None):
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(folder)
    except Exception as error:  # noqa: BLE001 - transformers raises OSError, ValueError or TypeError here
        raise NlpError(
            "no_tokenizer",
            f"No usable tokenizer in {folder} ({_first_line(error)}).",
            source=source or str(folder),
        ) from None


def _tokenizer_folder(source: str | Path) -> Path:
    text = str(source).strip()
    path = Path(text).expanduser()
    if path.is_dir():
        return path
    candidates = ([models_dir() / text] if "/" not in text else []) + [hub.model_download_dir(text)]
    for folder in candidates:
        if (folder / "tokenizer_config.json").is_file():
            return folder
    if _looks_like_path(text):
        raise NlpError("model_not_found", f"No tokenizer folder at {path}.", source=text)
    return hub.download_model(text, files="tokenizer")


def _auto_class(task: str, config=None):
    _tf()
    import transformers

    name = (
        "TFAutoModelForQuestionAnswering"
        if task == QUESTION_ANSWERING
        else "TFAutoModelForSequenceClassification"
    )
    auto = getattr(transformers, name)
    if config is not None and type(config) not in auto._model_mapping:
        raise NlpError(
            "unsupported_architecture",
            f"transformers has no TensorFlow {task} model for architecture '{config.model_type}'.",
            architecture=config.model_type,
        )
    return auto


def _tf():
    import tensorflow as tf

    return tf


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
