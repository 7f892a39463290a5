"""The sentence classifier: features, training, persistence (skops) and evaluation."""
