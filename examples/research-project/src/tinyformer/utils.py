"""Seeding, optimizers, checkpoints and run bookkeeping."""

import os
import random
import subprocess
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and torch (CPU and every GPU)."""
    # set all the random seeds
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def num_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def runs_dir() -> Path:
    """Root folder of run outputs, from $TINYFORMER_RUNS."""
    return Path(os.environ.get("TINYFORMER_RUNS", "runs"))


def make_optimizer(model: nn.Module, cfg) -> torch.optim.Optimizer:
    """AdamW that decays weight matrices and embeddings but not biases or norm gains."""
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [
        {"params": [p for p in params if p.ndim >= 2], "weight_decay": cfg.weight_decay},
        {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=getattr(cfg, "lr", 1e-3), betas=(0.9, 0.95))


def save_checkpoint(model: nn.Module, optimizer: torch.optim.Optimizer, step: int, out_dir: Path) -> Path:
    """Write model and optimizer state to `out_dir/step_{step}.pt`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"step_{step}.pt"
    state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step}
    torch.save(state, path)
    write_commit(out_dir)
    return path


def save_best(model: nn.Module, optimizer: torch.optim.Optimizer, val_loss: float, out_dir: Path) -> Path:
    """Write model and optimizer state to `out_dir/best.pt`, tagged with its validation loss."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "best.pt"
    state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "val_loss": val_loss}
    torch.save(state, path)
    write_commit(out_dir)
    return path


def write_commit(out_dir: Path) -> None:
    """Record the git commit of the code next to the run outputs."""
    try:
        commit = subprocess.check_output(["git", "rev-parse", "HEAD"], text=True).strip()
        (out_dir / "commit.txt").write_text(commit + "\n")
    except:
        pass
