"""Tiny real transformers for tests: random weights from small configs, real tokenizers, written
to a folder in ``save_pretrained`` format so they load through the same path as Hub checkpoints.

    folder = make_tiny_classifier_dir(tmp_path, arch="bert", num_labels=3)
    loaded = attnviz.nlp.loading.load_classifier(folder)

Every tiny model has TINY_LAYERS layers and TINY_HEADS heads and accepts at most TINY_MAX_LENGTH
tokens, so shape bugs (layers vs heads) and truncation show up quickly.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

TINY_LAYERS = 2
TINY_HEADS = 4
TINY_HIDDEN = 32
TINY_MAX_LENGTH = 64

WORDS = (
    "the a an and or but not no is was are be it this that i you he she we they of to in on for with "
    "as at by from good great bad awful movie film story plot actor actors love loved hate hated boring "
    "fun funny best worst very really so too much more most time people life world news sport sports "
    "business science what who where when why how did does do paris capital france city river long "
    "short hello world beautiful ugly happy sad angry fear joy surprise game team won lost market"
).split()
SUFFIXES = ("##s", "##ed", "##ing", "##ly", "##er", "##est", "##y", "##n", "##t")
PUNCTUATION = list(".,!?;:'\"-()")
CORPUS = [
    "the movie was good and the actors were great .",
    "a boring film with an awful plot , i hated it !",
    "what is the capital of france ? paris is the capital of france .",
    "the team won the game and the market was happy .",
    "hello world , this is a tiny tokenizer for tests .",
]


def label_names(num_labels: int) -> list[str]:
    return ["neg", "pos"] if num_labels == 2 else [f"class_{i}" for i in range(num_labels)]


def make_tiny_tokenizer_dir(folder: Path, arch: str = "distilbert") -> Path:
    """A real fast tokenizer saved in ``folder``: WordPiece (bert, distilbert) or byte-level BPE (roberta)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = _roberta_tokenizer(folder) if arch == "roberta" else _wordpiece_tokenizer(folder, arch)
    tokenizer.model_max_length = TINY_MAX_LENGTH
    tokenizer.save_pretrained(folder)
    return folder


def tiny_config(
    arch: str, vocab_size: int, pad_token_id: int, task: str = "classification", num_labels: int = 2
):
    from transformers import AutoConfig

    common = dict(vocab_size=vocab_size, pad_token_id=pad_token_id, max_position_embeddings=TINY_MAX_LENGTH)
    if arch == "distilbert":
        sizes = dict(dim=TINY_HIDDEN, n_layers=TINY_LAYERS, n_heads=TINY_HEADS, hidden_dim=37)
    else:
        sizes = dict(
            hidden_size=TINY_HIDDEN,
            num_hidden_layers=TINY_LAYERS,
            num_attention_heads=TINY_HEADS,
            intermediate_size=37,
        )
    if arch == "roberta":
        common.update(
            max_position_embeddings=TINY_MAX_LENGTH + 2, bos_token_id=0, eos_token_id=2, type_vocab_size=1
        )
    config = AutoConfig.for_model(arch, **common, **sizes)
    if task == "classification":
        names = label_names(num_labels)
        config.id2label = dict(enumerate(names))
        config.label2id = {name: i for i, name in enumerate(names)}
    return config


def make_tiny_classifier_dir(
    tmp_path: Path,
    arch: str = "distilbert",
    num_labels: int = 2,
    *,
    weights: str = "h5",
    seed: int = 0,
    name: str | None = None,
) -> Path:
    """A tiny sequence classifier folder. ``weights``: "h5" (tf_model.h5, what TF save_pretrained
    writes), "pt-safetensors" (PyTorch-format model.safetensors only, like many Hub checkpoints),
    or "pt-base-safetensors" (encoder only, no prefix: what a PyTorch ``BertModel`` saves)."""
    return _make(tmp_path, arch, "classification", num_labels, weights, seed, name)


def make_tiny_qa_dir(
    tmp_path: Path, arch: str = "distilbert", *, weights: str = "h5", seed: int = 0, name: str | None = None
) -> Path:
    """A tiny extractive question answering folder (start/end logits head)."""
    return _make(tmp_path, arch, "qa", 2, weights, seed, name)


def make_tiny_mlm_dir(
    tmp_path: Path, arch: str = "distilbert", *, weights: str = "h5", seed: int = 0, name: str | None = None
) -> Path:
    """A tiny masked-language model folder (encoder and its fill-in head)."""
    return _make(tmp_path, arch, "mlm", 2, weights, seed, name)


def _make(tmp_path, arch, task, num_labels, weights, seed, name) -> Path:
    import tensorflow as tf
    import transformers

    folder = Path(tmp_path) / (name or f"tiny-{arch}-{task}-{num_labels}-{weights}")
    make_tiny_tokenizer_dir(folder, arch)
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    config = tiny_config(arch, len(tokenizer), tokenizer.pad_token_id, task, num_labels)
    tf.keras.utils.set_random_seed(seed)
    auto = {
        "qa": transformers.TFAutoModelForQuestionAnswering,
        "mlm": transformers.TFAutoModelForMaskedLM,
    }.get(task, transformers.TFAutoModelForSequenceClassification)
    model = auto.from_config(config)
    model(model.dummy_inputs, training=False)
    if weights == "h5":
        model.save_pretrained(folder)
    elif weights in ("pt-safetensors", "pt-base-safetensors"):
        config.save_pretrained(folder)
        save_as_pytorch_safetensors(
            model, folder / "model.safetensors", base_only=weights == "pt-base-safetensors"
        )
    else:
        raise ValueError(f"unknown weights kind {weights!r}")
    return folder


def save_as_pytorch_safetensors(model, path: Path, base_only: bool = False) -> dict:
    """Write ``model``'s weights as PyTorch would (names, transposed kernels, format "pt"), without
    PyTorch. Returns the numpy state dict written."""
    import numpy as np
    from safetensors.numpy import save_file
    from transformers.modeling_tf_pytorch_utils import TransposeType, convert_tf_weight_name_to_pt_weight_name

    state = {}
    prefix = model.base_model_prefix + "."
    for weight in model.weights:
        name, transpose = convert_tf_weight_name_to_pt_weight_name(weight.name, tf_weight_shape=weight.shape)
        array = weight.numpy()
        if transpose is TransposeType.SIMPLE:
            array = np.transpose(array)
        if base_only:
            if not name.startswith(prefix):
                continue
            name = name[len(prefix) :]
        state[name] = np.ascontiguousarray(array.astype(np.float32))
    save_file(state, str(path), metadata={"format": "pt"})
    return state


def _wordpiece_tokenizer(folder: Path, arch: str):
    import transformers

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *PUNCTUATION, *WORDS, *SUFFIXES]
    vocab += [c for c in "abcdefghijklmnopqrstuvwxyz0123456789" if c not in vocab]
    vocab += [f"##{c}" for c in "abcdefghijklmnopqrstuvwxyz0123456789"]
    vocab_file = folder / "vocab.txt"
    vocab_file.write_text("\n".join(dict.fromkeys(vocab)) + "\n", encoding="utf-8")
    cls = transformers.DistilBertTokenizerFast if arch == "distilbert" else transformers.BertTokenizerFast
    return cls(vocab_file=str(vocab_file), do_lower_case=True)


def _roberta_tokenizer(folder: Path):
    import transformers
    from tokenizers import ByteLevelBPETokenizer

    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(
        CORPUS * 4,
        vocab_size=400,
        min_frequency=1,
        special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
        show_progress=False,
    )
    bpe.save_model(str(folder))  # vocab.json + merges.txt
    return transformers.RobertaTokenizerFast(
        vocab_file=str(folder / "vocab.json"), merges_file=str(folder / "merges.txt")
    )


def make_tiny_generator_dir(tmp_path, seed: int = 0, name: str = "tiny-gpt2") -> Path:
    """A tiny ``TFGPT2LMHeadModel`` with a real byte-level BPE tokenizer, in the Hub's layout."""
    import tensorflow as tf
    import transformers

    folder = Path(tmp_path) / name
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = transformers.GPT2TokenizerFast(
        vocab_file=str(_bpe_files(folder)[0]), merges_file=str(folder / "merges.txt"), eos_token="</s>"
    )
    tokenizer.model_max_length = TINY_MAX_LENGTH
    tokenizer.save_pretrained(folder)
    config = transformers.GPT2Config(
        vocab_size=len(tokenizer),
        n_positions=TINY_MAX_LENGTH,
        n_embd=TINY_HIDDEN,
        n_layer=TINY_LAYERS,
        n_head=TINY_HEADS,
        bos_token_id=tokenizer.eos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        architectures=["GPT2LMHeadModel"],
    )
    tf.keras.utils.set_random_seed(seed)
    model = transformers.TFGPT2LMHeadModel(config)
    model(model.dummy_inputs, training=False)
    model.save_pretrained(folder)
    return folder


def _bpe_files(folder: Path) -> tuple[Path, Path]:
    from tokenizers import ByteLevelBPETokenizer

    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(
        CORPUS * 4, vocab_size=400, min_frequency=1, special_tokens=["</s>"], show_progress=False
    )
    bpe.save_model(str(folder))
    return folder / "vocab.json", folder / "merges.txt"


# --- translators (encoder-decoder) ------------------------------------------------------------------

TRANSLATION_CORPUS = [
    "el gato come pescado en la casa",
    "the cat eats fish in the house",
    "la casa es muy grande y bonita",
    "the house is very big and beautiful",
    "hola mundo, buenos días",
    "hello world, good morning",
]


def _sentencepiece_model(vocab_size: int = 60) -> bytes:
    """A real sentencepiece (unigram) model trained on TRANSLATION_CORPUS, with Marian's and T5's
    special ids (pad 0, </s> 1, <unk> 2, no <s>)."""
    import io

    import sentencepiece

    written = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(TRANSLATION_CORPUS * 20),
        model_writer=written,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        pad_id=0,
        eos_id=1,
        unk_id=2,
        bos_id=-1,
        pad_piece="<pad>",
        eos_piece="</s>",
        unk_piece="<unk>",
        minloglevel=2,
    )
    return written.getvalue()


def make_tiny_translator_dir(tmp_path, arch: str = "marian", weights: str = "h5", seed: int = 0) -> Path:
    """A tiny ``TFMarianMTModel`` or ``TFT5ForConditionalGeneration`` with a real sentencepiece
    tokenizer, in the Hub's layout: Marian's source.spm / target.spm / vocab.json, or T5's
    spiece.model. ``weights``: "h5" or "pt-safetensors" (PyTorch-format model.safetensors only)."""
    import json

    import tensorflow as tf
    import transformers

    folder = Path(tmp_path) / f"tiny-{arch}-{weights}"
    folder.mkdir(parents=True, exist_ok=True)
    model_bytes = _sentencepiece_model()
    if arch == "marian":
        import sentencepiece

        for side in ("source.spm", "target.spm"):
            (folder / side).write_bytes(model_bytes)
        pieces = sentencepiece.SentencePieceProcessor(model_proto=model_bytes)
        vocab = {pieces.id_to_piece(i): i for i in range(pieces.get_piece_size())}
        (folder / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
        tokenizer = transformers.MarianTokenizer(
            str(folder / "source.spm"), str(folder / "target.spm"), str(folder / "vocab.json")
        )
        config = transformers.MarianConfig(
            vocab_size=len(tokenizer),
            decoder_vocab_size=len(tokenizer),
            d_model=TINY_HIDDEN,
            encoder_layers=TINY_LAYERS,
            decoder_layers=TINY_LAYERS,
            encoder_attention_heads=TINY_HEADS,
            decoder_attention_heads=TINY_HEADS,
            encoder_ffn_dim=2 * TINY_HIDDEN,
            decoder_ffn_dim=2 * TINY_HIDDEN,
            max_position_embeddings=TINY_MAX_LENGTH,
            pad_token_id=tokenizer.pad_token_id,
            eos_token_id=tokenizer.eos_token_id,
            decoder_start_token_id=tokenizer.pad_token_id,
            architectures=["MarianMTModel"],
        )
        model_class = transformers.TFMarianMTModel
    elif arch == "t5":
        (folder / "spiece.model").write_bytes(model_bytes)
        tokenizer = transformers.T5Tokenizer(str(folder / "spiece.model"), extra_ids=4)
        config = transformers.T5Config(
            vocab_size=len(tokenizer),
            d_model=TINY_HIDDEN,
            d_kv=TINY_HIDDEN // TINY_HEADS,
            d_ff=2 * TINY_HIDDEN,
            num_layers=TINY_LAYERS,
            num_decoder_layers=TINY_LAYERS,
            num_heads=TINY_HEADS,
            relative_attention_num_buckets=8,
            pad_token_id=tokenizer.pad_token_id,
            eos_token_id=tokenizer.eos_token_id,
            decoder_start_token_id=tokenizer.pad_token_id,
            architectures=["T5ForConditionalGeneration"],
        )
        model_class = transformers.TFT5ForConditionalGeneration
    else:
        raise ValueError(f"unknown translator architecture {arch!r}")
    tokenizer.model_max_length = TINY_MAX_LENGTH
    tokenizer.save_pretrained(folder)
    tf.keras.utils.set_random_seed(seed)
    model = model_class(config)
    model(model.dummy_inputs, training=False)
    if weights == "h5":
        model.save_pretrained(folder)
    elif weights == "pt-safetensors":
        config.save_pretrained(folder)
        save_as_pytorch_safetensors(model, folder / "model.safetensors")
    else:
        raise ValueError(f"unknown weights kind {weights!r}")
    return folder
