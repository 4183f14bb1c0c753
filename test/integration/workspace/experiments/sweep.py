import os


def learning_rates():
    """The learning rates of the sweep."""
    base = float(os.environ.get("BASE_LR", 0.001))
    try:
        scale = int(os.environ["LR_SCALE"])
    except KeyError:
        scale = 1
    return [base * scale * k for k in (1, 3, 10)]
