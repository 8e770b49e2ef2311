"""Sentence embeddings: paraphrases land close, unrelated claims apart; the model is the pinned one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from workers.linking import embeddings
from workers.linking.embeddings import (
    DIMENSIONS,
    ModelHashMismatchError,
    ModelNotInstalledError,
    SentenceEncoder,
    encode,
    load_model,
    model_dir,
)

PARAPHRASES = [
    ("The army shelled the town overnight", "Artillery hit the town during the night"),
    ("The minister resigned on Tuesday", "On Tuesday the minister stepped down"),
    ("Prices of bread rose by ten percent", "Bread became ten percent more expensive"),
]
UNRELATED = [
    ("The army shelled the town overnight", "The central bank kept interest rates unchanged"),
    ("The minister resigned on Tuesday", "The football club signed a new goalkeeper"),
    ("Prices of bread rose by ten percent", "Scientists found water ice on the moon"),
]


def _cosine(a: str, b: str) -> float:
    va, vb = encode([a, b])
    return float(va @ vb)


def test_rows_are_unit_float32_of_384_in_the_order_given() -> None:
    texts = ["Officials said the bridge was closed.", "Nothing", "A much longer claim " * 10]
    vectors = encode(texts)
    assert vectors.shape == (3, DIMENSIONS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Batching, sorting by length and padding change nothing: each row is its text alone.
    for text, row in zip(texts, vectors, strict=True):
        np.testing.assert_allclose(encode([text])[0], row, atol=1e-5)


def test_no_texts_give_an_empty_matrix() -> None:
    assert encode([]).shape == (0, DIMENSIONS)


def test_text_longer_than_the_model_reads_is_truncated_not_refused() -> None:
    long = "The ministry said the ceasefire held along the whole front line. " * 60
    vector = encode([long])
    assert vector.shape == (1, DIMENSIONS)
    # Only the first 256 word pieces count, so more of the same text changes nothing.
    np.testing.assert_allclose(encode([long + long])[0], vector[0], atol=1e-5)


@pytest.mark.parametrize(("paraphrase", "unrelated"), zip(PARAPHRASES, UNRELATED, strict=True))
def test_a_paraphrase_is_closer_than_an_unrelated_claim(
    paraphrase: tuple[str, str], unrelated: tuple[str, str]
) -> None:
    assert _cosine(*paraphrase) > _cosine(*unrelated) + 0.2


def test_the_shelling_paraphrase_beats_every_unrelated_pair() -> None:
    shelling = _cosine("The army shelled the town overnight", "Artillery hit the town during the night")
    assert shelling > 0.5
    assert shelling > max(_cosine(a, b) for a, b in UNRELATED)


def test_the_model_is_loaded_once_per_process() -> None:
    assert load_model() is load_model()


def test_a_different_hash_is_refused() -> None:
    with pytest.raises(ModelHashMismatchError, match="expected 0000"):
        SentenceEncoder(model_dir(), sha256="0" * 64)


def test_an_altered_weights_file_is_refused(tmp_path: Path) -> None:
    source = model_dir()
    for path in source.rglob("*"):
        if path.is_file() and path.name != "model.safetensors":
            target = tmp_path / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path)
    data = bytearray((source / "model.safetensors").read_bytes())
    data[-1] ^= 0x01  # one bit of one weight
    (tmp_path / "model.safetensors").write_bytes(bytes(data))
    with pytest.raises(ModelHashMismatchError):
        SentenceEncoder(tmp_path)


def test_a_missing_model_package_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelNotInstalledError, match=r"embedding-model\.txt"):
        model_dir()
