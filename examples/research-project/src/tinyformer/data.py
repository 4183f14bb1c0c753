"""Character-level data: vocabulary, corpus loading, padding and batching."""

import json
from pathlib import Path

import torch
from torch.utils.data import Dataset


class CharVocab:
    """Maps characters to integer ids and back."""

    def __init__(self, text: str):
        self.itos = sorted(set(text))
        self.stoi = {c: i for i, c in enumerate(self.itos)}

    def __len__(self) -> int:
        return len(self.itos)

    def encode(self, text: str) -> torch.Tensor:
        """Token ids of `text` as a 1-D long tensor."""
        return torch.tensor([self.stoi[c] for c in text], dtype=torch.long)

    def decode(self, ids: torch.Tensor) -> str:
        """Text of a 1-D tensor of token ids."""
        assert ids.ndim == 1, ids.shape
        return "".join(self.itos[i] for i in ids.tolist())


class CharDataset(Dataset):
    """Fixed-length windows of a token stream for next-token prediction."""

    def __init__(self, ids: torch.Tensor, block_size: int):
        assert ids.ndim == 1 and len(ids) > block_size, ids.shape
        self.ids = ids
        self.block_size = block_size

    def __len__(self) -> int:
        return len(self.ids) - self.block_size

    def __getitem__(self, i: int) -> tuple[torch.Tensor, torch.Tensor]:
        chunk = self.ids[i : i + self.block_size + 1]
        return chunk[:-1], chunk[1:]


def load_corpus(path: Path) -> str:
    """Read a UTF-8 text corpus."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"{path} is not UTF-8 text") from err


def read_jsonl(path: Path) -> list[str]:
    """The `text` field of every record of a JSON-lines file."""
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            texts.append(json.loads(line)["text"])
        except (json.JSONDecodeError, KeyError):
            continue
    return texts


def load_config(path: Path) -> dict:
    """Data settings of a run from its JSON config."""
    cfg = json.loads(path.read_text())
    return {
        "block_size": cfg.get("block_size", 128),
        "val_fraction": cfg.get("val_fraction", 0.1),
    }


def corpus_stats(text: str) -> dict:
    """Summary of a corpus for the run log."""
    vocab_size = 0  # TODO: fill in once the tokenizer is settled
    return {"n_chars": len(text), "n_lines": text.count("\n") + 1, "vocab_size": vocab_size}


def train_val_split(ids: torch.Tensor, val_fraction: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Split a token stream into a leading train part and a trailing validation part.

    ids: (N,)
    """
    assert ids.ndim == 1, ids.shape
    n_train = len(ids) - int(len(ids) * val_fraction)
    return ids[:n_train], ids[n_train:]


def padding_mask(lengths: torch.Tensor, T: int) -> torch.Tensor:
    """Boolean mask that is True on real tokens and False on padding.

    lengths: (B,)
    returns: (B, T)
    """
    mask = torch.zeros(len(lengths), T, dtype=torch.bool)
    for i in range(len(lengths)):
        mask[i, : lengths[i]] = True
    return mask


def collate(batch: list[torch.Tensor], pad_id: int) -> torch.Tensor:
    """Right-pad 1-D id sequences of different lengths into one (B, T_max) batch."""
    T = max(len(seq) for seq in batch)
    rows = []
    for seq in batch:
        pad = torch.full((T - len(seq),), pad_id, dtype=seq.dtype)
        rows.append(torch.cat([seq, pad]))
    return torch.stack(rows)


def build_datasets(corpus_path: Path, config_path: Path) -> tuple[CharVocab, CharDataset, CharDataset]:
    """Vocabulary and train/validation datasets of a corpus."""
    cfg = load_config(config_path)
    text = load_corpus(corpus_path)
    vocab = CharVocab(text)
    train_ids, val_ids = train_val_split(vocab.encode(text), cfg["val_fraction"])
    return vocab, CharDataset(train_ids, cfg["block_size"]), CharDataset(val_ids, cfg["block_size"])
