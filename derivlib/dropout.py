"""Dropout masks for the hidden layer of the two-layer networks.

While training, each hidden activation z is kept with the keep probability
p and set to 0 otherwise: z becomes xi z with xi ~ Bernoulli(p). Two
scalings make the expected activation during training equal to the value
used at test time:

- inverted: divide by p while training (xi z / p); at test time use z as is.
  The expectation is p (z / p) + (1 - p) 0 = z.
- classic: nothing while training (xi z); multiply by p at test time.
  The expectation is p z + (1 - p) 0 = p z.

Two mask styles choose which entries share a draw:

- ``"element"``: one draw per entry of Z (n, b), so every sample of the
  batch drops its own units;
- ``"neuron"``: one draw per hidden unit, shape (1, b), shared by every
  sample of the batch (a column mask).

A mask is drawn by ``Dropout.mask`` only with ``training=True``. The
networks' ``loss_and_gradient(X, Y, W, V, dropout_mask=M)`` never draws one:
it uses the fixed mask M in the forward pass and again in the backward
pass, so a gradient check with a fixed M compares like with like. The
derivation and the checks are on the page models/dropout; the SymPy form is
``derivlib.symbolic.dropout``.
"""

from dataclasses import dataclass

import numpy as np

__all__ = ["SCALINGS", "STYLES", "Dropout"]

SCALINGS = ("inverted", "classic")
STYLES = ("element", "neuron")


def _check_shape(shape):
    if not isinstance(shape, tuple) or len(shape) != 2:
        raise ValueError(f"shape is {shape!r}; pass the shape (n, b) of Z as a tuple of two integers.")
    for name, value in zip(("n", "b"), shape):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"shape is {shape!r}; {name} = {value!r} must be a positive integer.")
    return int(shape[0]), int(shape[1])


@dataclass(frozen=True)
class Dropout:
    """Dropout of the hidden activations with keep probability p.

    Parameters
    ----------
    keep_probability : float
        p in (0, 1]: the probability that a hidden activation is kept.
        p = 1 keeps every unit.
    scaling : str
        ``"inverted"`` (divide by p while training) or ``"classic"``
        (multiply by p at test time).
    style : str
        ``"element"`` (one draw per entry of Z) or ``"neuron"`` (one draw
        per hidden unit, shared by the batch).

    Examples
    --------
    >>> dropout = Dropout(0.5)
    >>> dropout.mask(np.random.default_rng(0), (2, 3), training=True).tolist()
    [[0.0, 2.0, 2.0], [2.0, 0.0, 0.0]]
    >>> dropout.mask(None, (2, 3), training=False) is None
    True
    >>> Dropout(0.5, scaling="classic").mask(None, (2, 3), training=False).tolist()
    [[0.5, 0.5, 0.5]]
    """

    keep_probability: float
    scaling: str = "inverted"
    style: str = "element"

    def __post_init__(self):
        p = self.keep_probability
        if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
            raise ValueError(f"keep_probability is {p!r}; pass a number in (0, 1], e.g. 0.5.")
        if not (np.isfinite(p) and 0 < p <= 1):
            raise ValueError(
                f"keep_probability is {p}; it is the probability of keeping a unit and must be "
                "in (0, 1]. For a drop probability q, pass 1 - q."
            )
        if self.scaling not in SCALINGS:
            raise ValueError(f"scaling is {self.scaling!r}; expected one of {SCALINGS}.")
        if self.style not in STYLES:
            raise ValueError(f"style is {self.style!r}; expected one of {STYLES}.")

    @property
    def training_scale(self):
        """The factor of a kept activation while training: 1/p (inverted) or 1 (classic)."""
        return 1.0 / self.keep_probability if self.scaling == "inverted" else 1.0

    @property
    def test_scale(self):
        """The factor of every activation at test time: 1 (inverted) or p (classic)."""
        return 1.0 if self.scaling == "inverted" else float(self.keep_probability)

    def mask(self, rng, shape, *, training):
        """Return the mask that multiplies Z (n, b), or None for the network as it is.

        Parameters
        ----------
        rng : numpy.random.Generator or None
            The source of the draws; needed only when ``training`` is True.
        shape : tuple (n, b)
            The shape of Z: n samples and b hidden units.
        training : bool
            True draws a random mask. False draws nothing: inverted dropout
            returns None (no mask), and classic dropout returns the constant
            test-time factor p, shape (1, b).

        Returns
        -------
        array (n, b) or (1, b), or None
            While training, entries 0 for dropped units and the training
            scale for kept ones; the ``"neuron"`` style has one row, shared
            by every sample. In float64: the networks cast it to the dtype
            of X.
        """
        n, b = _check_shape(shape)
        if not isinstance(training, bool):
            raise ValueError(f"training is {training!r}; pass True while training and False otherwise.")
        if not training:
            return None if self.scaling == "inverted" else np.full((1, b), self.test_scale)
        if not isinstance(rng, np.random.Generator):
            raise ValueError(
                f"rng is {type(rng).__name__}; a training mask needs a numpy.random.Generator, "
                "e.g. np.random.default_rng(0)."
            )
        rows = n if self.style == "element" else 1
        kept = rng.random((rows, b)) < self.keep_probability
        return kept * self.training_scale
