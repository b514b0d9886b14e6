"""The models and data sets the app offers by name. Plain data: no TensorFlow, no network.

Sizes are what ``prefetch`` downloads (weights in TensorFlow format plus tokenizer files), rounded;
memory is the approximate resident size of the app with the model loaded for inference, and, where
measured, the peak while fine-tuning at 64 tokens x 8 examples per batch (see DESIGN.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

CLASSIFICATION = "classification"
QUESTION_ANSWERING = "qa"
TRANSLATION = "translation"
GENERATION = "generation"
ARCHITECTURES = ("distilbert", "bert", "roberta")


@dataclass(frozen=True)
class ModelEntry:
    name: str  # what users type; also the folder name under ATTNVIZ_HOME/models
    repo_id: str  # the canonical Hub repository
    architecture: str  # transformers' model_type
    task: str  # CLASSIFICATION or QUESTION_ANSWERING
    layers: int
    heads: int
    hidden_size: int
    parameters_millions: float
    download_mb: int
    memory_mb: int  # inference, whole process with TensorFlow
    finetune_memory_mb: int | None = None
    cased: bool = False
    default: bool = False
    prefix: str = ""  # written before the source text (T5 names its task this way)

    @property
    def tokenizer(self) -> str:
        """The Hub id of its tokenizer (shipped in the same repository)."""
        return self.repo_id


MODELS: dict[str, ModelEntry] = {
    entry.name: entry
    for entry in (
        ModelEntry(
            "distilbert-base-uncased",
            "distilbert/distilbert-base-uncased",
            "distilbert",
            CLASSIFICATION,
            layers=6,
            heads=12,
            hidden_size=768,
            parameters_millions=66,
            download_mb=364,
            memory_mb=900,
            finetune_memory_mb=2400,
            default=True,
        ),
        ModelEntry(
            "bert-base-uncased",
            "google-bert/bert-base-uncased",
            "bert",
            CLASSIFICATION,
            layers=12,
            heads=12,
            hidden_size=768,
            parameters_millions=110,
            download_mb=537,
            memory_mb=1200,
            finetune_memory_mb=3800,
        ),
        ModelEntry(
            "roberta-base",
            "FacebookAI/roberta-base",
            "roberta",
            CLASSIFICATION,
            layers=12,
            heads=12,
            hidden_size=768,
            parameters_millions=125,
            download_mb=659,
            memory_mb=1300,
            finetune_memory_mb=4200,
            cased=True,
        ),
        ModelEntry(
            "distilbert-base-cased-distilled-squad",
            "distilbert/distilbert-base-cased-distilled-squad",
            "distilbert",
            QUESTION_ANSWERING,
            layers=6,
            heads=12,
            hidden_size=768,
            parameters_millions=65,
            download_mb=262,
            memory_mb=900,
            cased=True,
            default=True,
        ),
        # Translators (encoder-decoder). Layers and heads are the decoder's; sizes are the Hub files'.
        ModelEntry(
            "opus-mt-es-en",
            "Helsinki-NLP/opus-mt-es-en",
            "marian",
            TRANSLATION,
            layers=6,
            heads=8,
            hidden_size=512,
            parameters_millions=78,
            download_mb=315,
            memory_mb=1000,
            cased=True,
            default=True,
        ),
        ModelEntry(
            "opus-mt-en-es",
            "Helsinki-NLP/opus-mt-en-es",
            "marian",
            TRANSLATION,
            layers=6,
            heads=8,
            hidden_size=512,
            parameters_millions=78,
            download_mb=315,
            memory_mb=1000,
            cased=True,
        ),
        ModelEntry(
            "t5-small",
            "google-t5/t5-small",
            "t5",
            TRANSLATION,
            layers=6,
            heads=8,
            hidden_size=512,
            parameters_millions=61,
            download_mb=245,
            memory_mb=900,
            cased=True,
            prefix="translate English to German: ",
        ),
        # A decoder-only generator (GPT-2 distilled: 6 layers instead of 12).
        ModelEntry(
            "distilgpt2",
            "distilbert/distilgpt2",
            "gpt2",
            GENERATION,
            layers=6,
            heads=12,
            hidden_size=768,
            parameters_millions=82,
            download_mb=333,
            memory_mb=1000,
            default=True,
        ),
    )
}


@dataclass(frozen=True)
class DatasetEntry:
    name: str  # what users type; also the folder name under ATTNVIZ_HOME/datasets
    repo_id: str  # the Hub dataset repository
    files: tuple[str, ...]  # which parquet files to fetch (glob patterns in the repository)
    text_column: str
    label_column: str
    label_names: tuple[str, ...]
    rows: dict[str, int] = field(default_factory=dict)  # labelled rows per split on the Hub
    download_mb: int = 0
    default: bool = False
    mean_chars: int = 0  # a text's mean length in characters (the cost estimate's typical length)
    language: str = "en"


DATASETS: dict[str, DatasetEntry] = {
    entry.name: entry
    for entry in (
        DatasetEntry(
            "imdb",
            "stanfordnlp/imdb",
            ("plain_text/train-*.parquet", "plain_text/test-*.parquet"),
            "text",
            "label",
            ("neg", "pos"),
            {"train": 25_000, "test": 25_000},
            download_mb=42,
            default=True,
            mean_chars=1300,
        ),
        DatasetEntry(
            "rotten_tomatoes",
            "cornell-movie-review-data/rotten_tomatoes",
            ("*train*.parquet", "*validation*.parquet", "*test*.parquet"),
            "text",
            "label",
            ("neg", "pos"),
            {"train": 8_530, "validation": 1_066, "test": 1_066},
            download_mb=1,
            mean_chars=113,
        ),
        DatasetEntry(
            # The Hub's sst2 test split has no labels (-1), so only train and validation are fetched.
            "sst2",
            "stanfordnlp/sst2",
            ("*train*.parquet", "*validation*.parquet"),
            "sentence",
            "label",
            ("negative", "positive"),
            {"train": 67_349, "validation": 872},
            download_mb=4,
            mean_chars=55,
        ),
        DatasetEntry(
            "ag_news",
            "fancyzhx/ag_news",
            ("*train*.parquet", "*test*.parquet"),
            "text",
            "label",
            ("World", "Sports", "Business", "Sci/Tech"),
            {"train": 120_000, "test": 7_600},
            download_mb=19,
            mean_chars=236,
        ),
        DatasetEntry(
            "emotion",
            "dair-ai/emotion",
            ("split/*.parquet",),
            "text",
            "label",
            ("sadness", "joy", "love", "anger", "fear", "surprise"),
            {"train": 16_000, "validation": 2_000, "test": 2_000},
            download_mb=2,
            mean_chars=97,
        ),
    )
}


def default_model(task: str = CLASSIFICATION) -> ModelEntry:
    return next(entry for entry in MODELS.values() if entry.task == task and entry.default)


def default_dataset() -> DatasetEntry:
    return next(entry for entry in DATASETS.values() if entry.default)


def models_for(task: str) -> list[ModelEntry]:
    return [entry for entry in MODELS.values() if entry.task == task]


def find_model(name: str) -> ModelEntry | None:
    """The entry for a catalog name or its Hub repo id (``distilbert/distilbert-base-uncased``)."""
    return MODELS.get(name) or next((e for e in MODELS.values() if e.repo_id == name), None)


def find_dataset(name: str) -> DatasetEntry | None:
    return DATASETS.get(name) or next((e for e in DATASETS.values() if e.repo_id == name), None)


BASE_MODEL = "base"  # a folder with no task head (e.g. ``BertModel``): pages add a fresh one


@dataclass(frozen=True)
class LocalModelInfo:
    """What a ``save_pretrained`` folder says about itself, read from its config.json."""

    task: str | None  # CLASSIFICATION, QUESTION_ANSWERING, BASE_MODEL, or None if unknown
    layers: int | None
    heads: int | None
    size_mb: int


def _read_config(folder) -> dict:
    """A model folder's config.json as a dict; {} when missing or unreadable."""
    import json
    from pathlib import Path

    try:
        config = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return config if isinstance(config, dict) else {}


def _task_of(config: dict) -> str | None:
    names = " ".join(str(a) for a in config.get("architectures") or [])
    return (
        GENERATION
        if "LMHeadModel" in names or "CausalLM" in names
        else TRANSLATION
        if "MTModel" in names or "ConditionalGeneration" in names
        else QUESTION_ANSWERING
        if "QuestionAnswering" in names
        else CLASSIFICATION
        if "SequenceClassification" in names
        else BASE_MODEL
        if names
        else None
    )


def local_model_task(folder) -> str | None:
    """The task a model folder's config.json names (None when it names none or cannot be read)."""
    return _task_of(_read_config(folder))


def describe_local_model(folder) -> LocalModelInfo:
    """Task, layers, heads and size on disk of a model folder, without loading it (a missing or
    unreadable config gives None fields)."""
    from pathlib import Path

    size = sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
    config = _read_config(folder)

    def first_int(*keys):
        for key in keys:
            if isinstance(config.get(key), int):
                return config[key]
        return None

    return LocalModelInfo(
        task=_task_of(config),
        layers=first_int("num_hidden_layers", "n_layers", "decoder_layers", "num_decoder_layers"),
        heads=first_int("num_attention_heads", "n_heads", "decoder_attention_heads", "num_heads"),
        size_mb=round(size / 2**20),
    )
