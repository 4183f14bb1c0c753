def load_config(path):
    """Reads the experiment's config file."""
    try:
        text = open(path).read()
    except OSError:
        text = ""
    return text


def scale(values, factor):
    """Multiplies every value by the factor."""
    # multiply each value by the factor
    return [v * factor for v in values]
