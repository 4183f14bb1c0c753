"""A small decoder-only transformer for quick attention experiments."""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def causal_mask(T: int, device: torch.device) -> torch.Tensor:
    return torch.ones(T, T, dtype=torch.bool, device=device).tril()


class Attention(nn.Module):
    """Multi-head causal self-attention."""

    def __init__(self, dim: int, n_heads: int, dropout: float = 0.0):
        super().__init__()
        assert dim % n_heads == 0, (dim, n_heads)
        self.n_heads = n_heads
        self.head_dim = dim // n_heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Attend over earlier positions of the sequence.

        x: (B, T, D)
        returns: (B, T, D)
        """
        assert x.ndim == 3 and x.shape[-1] == self.n_heads * self.head_dim, x.shape
        B, T, D = x.shape
        q, k, v = self.qkv(x).split(D, dim=-1)
        q, k, v = (t.view(B, T, self.n_heads, self.head_dim).transpose(1, 2) for t in (q, k, v))  # (B, H, T, hd)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.head_dim)  # (B, H, T, T)
        scores = scores.masked_fill(~causal_mask(T, x.device), float("-inf"))
        weights = self.dropout(scores.softmax(dim=-1))
        out = (weights @ v).transpose(1, 2).reshape(B, T, D)
        return self.proj(out)


class MLP(nn.Module):
    """Position-wise feed-forward block."""

    def __init__(self, dim: int, hidden_mult: int = 4, dropout: float = 0.0):
        super().__init__()
        self.fc_in = nn.Linear(dim, hidden_mult * dim)
        self.fc_out = nn.Linear(hidden_mult * dim, dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Expand, GELU, project back.

        x: (B, T, D)
        returns: (B, T, D)
        """
        return self.dropout(self.fc_out(F.gelu(self.fc_in(x))))


class Block(nn.Module):
    """Pre-norm transformer block: attention then MLP, each with a residual connection."""

    def __init__(self, dim: int, n_heads: int, dropout: float = 0.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, n_heads, dropout)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = MLP(dim, dropout=dropout)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))  # (B, T, D)
        return x + self.mlp(self.norm2(x))


class TinyFormer(nn.Module):
    """Decoder-only language model: token and position embeddings, blocks, tied output head."""

    def __init__(self, vocab_size: int, dim: int = 128, n_layers: int = 4, n_heads: int = 4, max_len: int = 256, dropout: float = 0.1):
        super().__init__()
        self.max_len = max_len
        self.tok_emb = nn.Embedding(vocab_size, dim)
        self.pos_emb = nn.Embedding(max_len, dim)
        self.blocks = nn.ModuleList([Block(dim, n_heads, dropout) for _ in range(n_layers)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab_size, bias=False)
        self.head.weight = self.tok_emb.weight  # weight tying, Press & Wolf 2017

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        """Next-token logits.

        ids: (B, T) token ids, T <= max_len
        returns: (B, T, V)
        """
        assert ids.ndim == 2 and ids.shape[1] <= self.max_len, ids.shape
        T = ids.shape[1]
        x = self.tok_emb(ids) + self.pos_emb(torch.arange(T, device=ids.device))  # (B, T, D)
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x))

    @torch.no_grad()
    def generate(self, ids: torch.Tensor, n_new: int, temperature: float = 1.0) -> torch.Tensor:
        """Sample `n_new` tokens after the prompt.

        ids: (B, T)
        returns: (B, T + n_new)
        """
        assert ids.ndim == 2, ids.shape
        for _ in range(n_new):
            logits = self(ids[:, -self.max_len :])[:, -1] / temperature  # (B, V)
            next_id = torch.multinomial(logits.softmax(dim=-1), num_samples=1)
            ids = torch.cat([ids, next_id], dim=1)
        return ids


def sequence_loss(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean next-token cross-entropy.

    logits: (B, T, V)
    targets: (B, T)
    """
    return F.cross_entropy(logits.flatten(0, 1), targets.flatten())
