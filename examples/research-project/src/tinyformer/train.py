"""Train a TinyFormer on a character corpus: python -m tinyformer.train --corpus data/tiny.txt"""

import argparse
import math
import time
from pathlib import Path

import torch
from torch.utils.data import DataLoader

from tinyformer.data import CharVocab, build_datasets
from tinyformer.model import TinyFormer, sequence_loss
from tinyformer.utils import make_optimizer, num_params, runs_dir, save_best, save_checkpoint, set_seed


def parse_args() -> argparse.Namespace:
    """Command-line options of a training run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=Path("configs/char.json"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dim", type=int, default=128)
    parser.add_argument("--n-layers", type=int, default=4)
    parser.add_argument("--n-heads", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--weight-decay", type=float, default=0.1)
    parser.add_argument("--grad-clip", type=float, default=1.0)
    parser.add_argument("--log-every", type=int, default=100)
    parser.add_argument("--eval-every", type=int, default=500)
    parser.add_argument("--min-delta", type=float, default=1e-3)
    parser.add_argument("--save", action="store_true")
    parser.add_argument("--min-save-epoch", type=int, default=1)
    parser.add_argument("--name", type=str, required=True)
    return parser.parse_args()


def improved(val_loss: float, best_val: float, min_delta: float) -> bool:
    """Whether `val_loss` beats `best_val` by more than `min_delta`."""
    if best_val - val_loss > min_delta:
        return True
    else:
        return False


@torch.no_grad()
def evaluate(model: TinyFormer, loader: DataLoader, device: torch.device) -> float:
    """Mean next-token loss of `model` over `loader`."""
    model.eval()
    losses = []
    for x, y in loader:
        losses.append(sequence_loss(model(x.to(device)), y.to(device)))
    model.train()
    return torch.stack(losses).mean().item()


def sample_text(model: TinyFormer, vocab: CharVocab, device: torch.device, n_chars: int = 200) -> str:
    """A sample of `n_chars` characters that starts from a newline."""
    prompt = vocab.encode("\n")[None].to(device)  # (1, 1)
    return vocab.decode(model.generate(prompt, n_chars)[0].cpu())


def train(args: argparse.Namespace) -> float:
    """Train a model with the options of `args`; return its final validation loss."""
    set_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    out_dir = runs_dir() / args.name
    vocab, train_set, val_set = build_datasets(args.corpus, args.config)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True, drop_last=True)
    val_loader = DataLoader(val_set, batch_size=args.batch_size)
    model = TinyFormer(len(vocab), dim=args.dim, n_layers=args.n_layers, n_heads=args.n_heads).to(device)
    print(f"{num_params(model) / 1e6:.2f}M parameters, {len(train_set)} training windows")
    optimizer = make_optimizer(model, args)
    n_steps = args.epochs * len(train_loader)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=n_steps)
    # model = torch.compile(model)
    best_val = None
    step = 0
    start = time.perf_counter()
    for epoch in range(args.epochs):
        # loop over the batches
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            loss = sequence_loss(model(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.grad_clip)
            optimizer.step()
            scheduler.step()
            step += 1
            if step % args.log_every == 0:
                tokens_per_s = step * x.numel() / (time.perf_counter() - start)
                lr = scheduler.get_last_lr()[0]
                print(f"epoch {epoch} step {step}/{n_steps} loss {loss.item():.3f} lr {lr:.2e} {tokens_per_s:.0f} tok/s")
            if step % args.eval_every == 0:
                val_loss = evaluate(model, val_loader, device)
                print(f"step {step} val loss {val_loss:.3f}")
                if best_val == None or improved(val_loss, best_val, args.min_delta):
                    best_val = val_loss
                    if args.save:
                        if epoch >= args.min_save_epoch:
                            save_best(model, optimizer, val_loss, out_dir)
        if args.save:
            save_checkpoint(model, optimizer, step, out_dir)
        print(sample_text(model, vocab, device))
    final_val = evaluate(model, val_loader, device)
    print(f"final val loss {final_val:.3f}")
    return final_val


if __name__ == "__main__":
    train(parse_args())
