"""tinyformer: a small transformer for attention experiments on character corpora."""

from tinyformer.data import CharDataset, CharVocab, build_datasets
from tinyformer.model import TinyFormer, sequence_loss

__all__ = ["CharDataset", "CharVocab", "TinyFormer", "build_datasets", "sequence_loss"]
