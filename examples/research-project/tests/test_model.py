"""Shape and causality checks of the model."""

import torch

from tinyformer.model import TinyFormer


def make_model() -> TinyFormer:
    """A tiny model in eval mode, so dropout does not make outputs random."""
    torch.manual_seed(0)
    return TinyFormer(vocab_size=11, dim=32, n_layers=2, n_heads=4, max_len=16).eval()


def test_logits_shape():
    """One distribution over the vocabulary per position."""
    ids = torch.randint(0, 11, (3, 16))
    assert make_model()(ids).shape == (3, 16, 11)


def test_future_tokens_are_invisible():
    """Changing the last token leaves the logits of earlier positions unchanged."""
    model = make_model()
    ids = torch.randint(0, 11, (2, 8))
    changed = ids.clone()
    changed[:, -1] = (ids[:, -1] + 1) % 11
    assert torch.allclose(model(ids)[:, :-1], model(changed)[:, :-1], atol=1e-5)


def test_generate_appends_tokens():
    """Generation keeps the prompt and adds exactly `n_new` tokens."""
    prompt = torch.zeros(2, 3, dtype=torch.long)
    out = make_model().generate(prompt, n_new=5)
    assert out.shape == (2, 8)
    assert torch.equal(out[:, :3], prompt)
