"""The per-sample checks of the two-layer networks: they pass for the true steps and fail for wrong ones."""

import sympy as sp

from derivlib.symbolic import core, derivation
from derivlib.symbolic import relu_softmax_network as relu_softmax
from derivlib.symbolic import sigmoid_network as sigmoid
from derivlib.symbolic.two_layer import (
    LayerSum, c, checked_step, d, h, h_hat, hidden_term, ordered_product, output_logit,
    output_term, r, s, v, x, y, z, z_hat,
)


def status(equation, model):
    return core.check_equation(equation, derivation(model).by_key()).status


def test_layer_sum_expands_at_numeric_size():
    total = LayerSum(ordered_product(z(d), v(d, r)), (d, 1, c))
    assert isinstance(total, sp.Sum)
    assert total.subs(c, 2) == z(1) * v(1, r) + z(2) * v(2, r)


def test_layer_sum_prints_symbolic_size():
    assert sp.latex(output_logit(), order="none") == r"\sum_{t=1}^{b} z_{t} v_{tr}"


def test_output_term_needs_labels_summing_to_one():
    unconstrained = checked_step(
        relu_softmax.NETWORK, "relu-softmax-network.test", "L", [relu_softmax.error()],
        expression=relu_softmax.NETWORK.loss, variable=h_hat(r), free=(h_hat,), labels="free",
    )
    assert status(unconstrained, "relu-softmax-network") == "failed"


def test_output_term_holds_for_labels_summing_to_one():
    constrained = checked_step(
        relu_softmax.NETWORK, "relu-softmax-network.test", "L", [relu_softmax.error()],
        expression=relu_softmax.NETWORK.loss, variable=h_hat(r), free=(h_hat,), labels="sum-to-one",
    )
    assert status(constrained, "relu-softmax-network") == "proved"


def test_hidden_term_without_slope_fails():
    back = LayerSum(ordered_product(output_term(r), v(s, r)), (r, 1, c))
    wrong = checked_step(
        sigmoid.NETWORK, "sigmoid-network.test", "L", [back],
        expression=sigmoid.NETWORK.loss, variable=z_hat(s), free=(z_hat,),
    )
    assert status(wrong, "sigmoid-network") == "failed"


def test_hidden_term_with_output_activation_slope_fails():
    # The slope of the output unit r in place of the hidden unit s: a plausible slip.
    wrong_slope = ordered_product(
        LayerSum(ordered_product(output_term(r), v(s, r)), (r, 1, c)), h(s), 1 - h(s)
    )
    wrong = checked_step(
        sigmoid.NETWORK, "sigmoid-network.test", "L", [wrong_slope],
        expression=sigmoid.NETWORK.loss, variable=z_hat(s), free=(z_hat,),
    )
    assert status(wrong, "sigmoid-network") == "failed"


def test_dv_with_x_for_z_fails():
    # Softmax regression's gradient (h_r - y_r) x_i, used for v_sr.
    wrong = checked_step(
        relu_softmax.NETWORK, "relu-softmax-network.test", "L",
        [ordered_product(relu_softmax.error(), x(s))],
        expression=relu_softmax.NETWORK.loss, variable=v(s, r), free=(),
        labels="sum-to-one",
    )
    assert status(wrong, "relu-softmax-network") == "failed"


def test_every_free_index_value_is_a_case():
    equation = derivation("sigmoid-network").by_key()["sigmoid-network.dw"]
    assert len(equation.cases) == 4  # i and s, each 1 or 2
    equation = derivation("relu-softmax-network").by_key()["relu-softmax-network.one-dh-dlogit"]
    assert len(equation.cases) == 9  # r and c*, each 1, 2 or 3


def test_error_terms_replaced_by_loss_derivatives():
    equation = derivation("sigmoid-network").by_key()["sigmoid-network.dw"]
    assert hidden_term in equation.given
    assert y in equation.given
    assert all(key is not h_hat for key in equation.given)
