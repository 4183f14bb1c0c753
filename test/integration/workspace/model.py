import torch
from torch import nn


class Encoder(nn.Module):
    """Projects token embeddings and masks the padding."""

    def __init__(self, dim: int):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Encodes a batch.

        x: (B, T, D)
        mask: (B, T)
        """
        h = self.proj(x)  # (B, T, D)
        return h * mask.unsqueeze(-1)


def load_weights(path):
    """Loads a checkpoint."""
    try:
        state = torch.load(path)
    except FileNotFoundError:
        state = None
    return state
