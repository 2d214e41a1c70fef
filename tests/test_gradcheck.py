"""Tests of minidl.gradcheck: the numerical gradient against closed forms, relative error's
edge cases, gradcheck's verdicts (including a planted wrong backward rule), sparse mode and
warnings."""
import warnings

import numpy as np
import pytest

from minidl.gradcheck import (GradcheckResult, GradcheckWarning, gradcheck,
                              numerical_gradient, relative_error)
from minidl.tensor import Tensor
from tolerances import tol

# Centred differences (h = 1e-5) of smooth functions of O(1) inputs err by truncation
# h^2 |f'''| / 6 ~ 1e-11 plus round-off eps |f| / h ~ 1e-11: a right gradient's relative
# error stays near 1e-9, while a wrong rule gives errors near 1. tol() keeps the 10x margin
# checkable (MINIDL_TOLERANCE_MARGIN=10, see tolerances.py).


def test_numerical_gradient_matches_closed_forms_and_restores_x(rng):
    x = rng.normal(size=(3, 4))
    before = x.copy()
    g = numerical_gradient(lambda v: float(np.sum(np.sin(v) * v)), x)
    np.testing.assert_allclose(g, np.cos(before) * before + np.sin(before), rtol=1e-8)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_with_upstream_is_a_vector_jacobian_product(rng):
    A = rng.normal(size=(3, 4))
    x = rng.normal(size=4)
    df = rng.normal(size=3)
    g = numerical_gradient(lambda v: A @ v, x, df=df)
    np.testing.assert_allclose(g, A.T @ df, rtol=1e-8)


def test_centred_differences_beat_forward_differences():
    x = np.array([1.0])
    g = numerical_gradient(lambda v: float(np.exp(v[0])), x, h=1e-3)
    forward = (np.exp(1.001) - np.exp(1.0)) / 1e-3
    assert abs(g[0] - np.e) < abs(forward - np.e) / 100


def test_numerical_gradient_validates_its_arguments():
    with pytest.raises(TypeError, match="f: expected a callable"):
        numerical_gradient(3, np.ones(2))
    with pytest.raises(TypeError, match="x: expected a numpy.ndarray"):
        numerical_gradient(np.sum, [1.0, 2.0])
    with pytest.raises(TypeError, match="x: expected a floating-point array"):
        numerical_gradient(np.sum, np.ones(2, dtype=int))
    with pytest.raises(ValueError, match=r"h: expected a number > 0, got 0.0"):
        numerical_gradient(np.sum, np.ones(2), h=0)


def test_relative_error_edge_cases():
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error([1e-20], [0.0]) == pytest.approx(1e-12)  # below the floor
    assert relative_error([2.0, 1.0], [1.0, 1.0]) == pytest.approx(0.5)
    assert relative_error([1.0], [-1.0]) == pytest.approx(2.0)
    assert relative_error([3.0, -1.0], [1.0, 2.0]) == relative_error([1.0, 2.0], [3.0, -1.0])
    with pytest.raises(ValueError, match=r"b: expected shape \(2,\).*got \(3,\)"):
        relative_error(np.ones(2), np.ones(3))


def test_gradcheck_passes_a_correct_function_and_is_usable_in_assert(rng):
    W = Tensor(rng.normal(size=(3, 2)), requires_grad=True)
    x = Tensor(rng.normal(size=(4, 3)), requires_grad=True)
    result = gradcheck(lambda W, x: (x @ W).tanh().sum(), W, x)
    assert result
    assert isinstance(result, GradcheckResult)
    assert result.checked == 6 + 12 and len(result.errors) == 2
    assert 0 < result.max_error < tol(1e-6)
    assert "passed" in repr(result)


def bad_square(x):
    """x ** 2 with a planted bug: the backward rule forgets the factor 2."""
    return Tensor.from_op(x.data ** 2, "bad_square", (x, lambda g: g * x.data))


def test_gradcheck_catches_a_planted_wrong_backward_rule(rng):
    x = Tensor(rng.normal(size=(5,)) + 2.0, requires_grad=True)
    result = gradcheck(lambda t: bad_square(t).sum(), x)
    assert not result
    assert result.max_error == pytest.approx(1 / 2)  # |x - 2x| / |2x|
    text = repr(result)
    assert "FAILED" in text and "index" in text and "analytic" in text
    assert result.numerical == pytest.approx(2 * x.data[result.index])


def test_sparse_mode_checks_k_coordinates_per_tensor_reproducibly(rng):
    W = Tensor(rng.normal(size=(10, 10)), requires_grad=True)
    b = Tensor(rng.normal(size=(10,)), requires_grad=True)
    x = Tensor(rng.normal(size=(3, 10)))

    def f(W, b, x):
        return ((x @ W + b).sigmoid()).sum()

    first = gradcheck(f, W, b, x, k=7, rng=3)
    again = gradcheck(f, W, b, x, k=7, rng=np.random.default_rng(3))
    assert first and first.checked == 14
    assert (first.max_error, first.index) == (again.max_error, again.index)


def test_sparse_mode_can_still_catch_a_bug(rng):
    x = Tensor(rng.normal(size=(50,)) + 3.0, requires_grad=True)
    assert not gradcheck(lambda t: bad_square(t).sum(), x, k=5, rng=0)


def test_float32_inputs_trigger_a_warning(rng):
    x = Tensor(rng.normal(size=3).astype(np.float32), requires_grad=True)
    with pytest.warns(GradcheckWarning, match="float64"):
        gradcheck(lambda t: (t * t).sum(), x, tol=1e-2)


def test_a_kink_within_h_is_reported():
    x = Tensor(np.array([1e-7, 1.0, -1.0]), requires_grad=True)
    with pytest.warns(GradcheckWarning, match="kink"):
        result = gradcheck(lambda t: t.relu().sum(), x)
    assert result.kinks == [(0, (0,))]


def test_a_kink_of_the_svm_hinge_and_of_max_is_reported():
    from minidl.functional import svm_loss
    s = Tensor(np.array([[1.0, 2.0 + 1e-7, 0.0]]), requires_grad=True)  # margin at 0
    with pytest.warns(GradcheckWarning, match="kink"):
        result = gradcheck(lambda t: svm_loss(t, [1]), s)
    assert (0, (0, 0)) in result.kinks
    m = Tensor(np.array([1.0, 1.0 + 1e-7]), requires_grad=True)
    with pytest.warns(GradcheckWarning, match="kink"):
        gradcheck(lambda t: t.max(), m)


def test_no_warning_away_from_kinks(rng):
    x = Tensor(np.array([0.5, -0.5, 2.0]), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = gradcheck(lambda t: t.relu().sum(), x)
    assert result and result.kinks == []


def test_gradcheck_validates_its_arguments():
    x = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(TypeError, match="f: expected a callable"):
        gradcheck(None, x)
    with pytest.raises(ValueError, match="expected at least one Tensor with requires_grad"):
        gradcheck(lambda t: t.sum(), Tensor(np.ones(2)))
    with pytest.raises(TypeError, match=r"tensors\[0\]: expected a Tensor"):
        gradcheck(lambda t: t.sum(), np.ones(2))
    with pytest.raises(ValueError, match="f: expected a function returning a scalar Tensor"):
        gradcheck(lambda t: t * 2, x)
    with pytest.raises(ValueError, match=r"tensors\[0\]: expected finite values"):
        gradcheck(lambda t: t.sum(), Tensor(np.array([np.nan]), requires_grad=True))
    with pytest.raises(ValueError, match=r"k: expected an integer >= 1"):
        gradcheck(lambda t: t.sum(), x, k=0)


def data_with_a_zero_column(seed, n, d, c, column):
    """Data X (n, d) whose column ``column`` is 0, and weights W (d, c) to check: the row
    ``column`` of W gets no gradient through ``X @ W``."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    X[:, column] = 0.0
    return X, Tensor(rng.normal(size=(d, c)), requires_grad=True)


def test_default_floor_accepts_exact_zero_gradients_that_finite_differences_cannot_resolve():
    # Row 2 of W meets a zero column of X, and two terms whose derivatives cancel exactly:
    # its true gradient is 0, but the centred difference returns round-off there. A tiny fixed
    # floor calls that a mismatch; the default floor, set by the round-off level, does not.
    X, W = data_with_a_zero_column(seed=3, n=6, d=5, c=3, column=2)

    def f(W):
        return (Tensor(X) @ W).tanh().sum() * 1e3 + (W * 0.3).sum() * 1e3 - (W * 0.1).sum() * 3e3

    assert gradcheck(f, W)
    tiny_floor = gradcheck(f, W, eps=1e-12)
    assert not tiny_floor and tiny_floor.index[0] == 2


def test_default_floor_still_catches_a_missing_derivative_of_1e5_where_the_rest_is_zero():
    # W[0, :] gets no gradient from the data term (X's column 0 is zero). A term whose
    # derivative 1e-5 bypasses the graph (computed from W.data) is missed by backward: the
    # analytic entry is 0, the numerical one 1e-5, and the default floor must not hide that.
    X, W = data_with_a_zero_column(seed=4, n=5, d=4, c=3, column=0)

    def f(W):
        hidden = Tensor(np.array(1e-5 * W.data[0, 0]))  # derivative 1e-5, invisible to backward
        return (Tensor(X) @ W).tanh().sum() + hidden

    result = gradcheck(f, W)
    assert not result
    assert result.index == (0, 0)


def test_numerical_gradient_of_the_identity_is_one_even_though_f_returns_x_itself():
    x = np.array([1.0, -2.0, 3.0])
    g = numerical_gradient(lambda z: z, x, df=np.ones(3))
    np.testing.assert_allclose(g, np.ones(3), rtol=1e-9)   # f(x) shares x's memory: copied
    np.testing.assert_array_equal(x, [1.0, -2.0, 3.0])


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0, 3.0])
    calls = []

    def f(v):
        calls.append(v.copy())
        if len(calls) == 3:                 # the second coordinate, perturbed by +h
            raise ArithmeticError("boom")
        return float(v.sum())

    with pytest.raises(ArithmeticError, match="boom"):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])
    assert calls[2][1] == pytest.approx(2.0 + 1e-5, rel=1e-9)


def test_numerical_gradient_refuses_a_df_of_the_wrong_shape_and_arrays_without_df():
    x = np.ones(3)
    with pytest.raises(ValueError, match=r"df: expected shape \(3,\) \(the shape of f\(x\)\), "
                                         r"got \(2,\)"):
        numerical_gradient(lambda z: 2 * z, x, df=np.ones(2))
    with pytest.raises(ValueError, match=r"f: expected a function returning one number.*df.*"
                                         r"got shape \(3,\)"):
        numerical_gradient(lambda z: 2 * z, x)
    np.testing.assert_array_equal(x, np.ones(3))


def test_numerical_gradient_refuses_float16_and_read_only_arrays():
    with pytest.raises(TypeError, match=r"x: expected a floating-point array \(float32 or "
                                        r"float64\), got dtype float16"):
        numerical_gradient(np.sum, np.ones(3, dtype=np.float16))
    frozen = np.ones(3)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="x: expected a writeable array"):
        numerical_gradient(np.sum, frozen)


def test_gradcheck_restores_the_input_when_f_raises():
    x = Tensor(np.array([0.5, 1.5]), requires_grad=True)
    evaluations = []

    def f(t):
        evaluations.append(t.data.copy())
        if len(evaluations) == 3:           # the first perturbed evaluation after backward
            raise ArithmeticError("boom")
        return (t * t).sum()

    with pytest.raises(ArithmeticError, match="boom"):
        gradcheck(f, x)
    np.testing.assert_array_equal(x.data, [0.5, 1.5])


def test_gradcheck_refuses_a_tensor_with_nothing_to_check():
    empty = Tensor(np.zeros((0, 3)), requires_grad=True)
    other = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(ValueError, match=r"tensors\[1\]: expected a tensor with at least one "
                                         r"element to check, got shape \(0, 3\)"):
        gradcheck(lambda a, b: a.sum() + b.sum(), other, empty)
    half = Tensor(np.ones(2), requires_grad=True)
    half.data = np.ones(2, dtype=np.float16)     # a Tensor refuses float16 data at construction
    with pytest.raises(TypeError, match=r"tensors\[0\]: expected float32 or float64"):
        gradcheck(lambda a: a.sum(), half)


def test_kink_recording_is_re_entrant_in_nested_gradchecks():
    inner_results = []

    def f(t):                               # a check that runs another check on every call
        u = Tensor(np.array([0.3, -0.7]), requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            inner_results.append(gradcheck(lambda v: (v * v).relu().sum(), u))
        return t.relu().sum()

    x = Tensor(np.array([1e-7, 1.0, -1.0]), requires_grad=True)
    with pytest.warns(GradcheckWarning, match="kink"):
        outer = gradcheck(f, x)
    assert outer.kinks == [(0, (0,))]           # the outer relu's kink is still seen
    assert inner_results and all(r and r.kinks == [] for r in inner_results)


def test_gradcheck_result_is_a_dataclass_with_a_readable_repr():
    import dataclasses
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    result = gradcheck(lambda t: (t ** 3).sum(), x)
    fields = [f.name for f in dataclasses.fields(result)]
    assert fields == ["passed", "max_error", "tensor_index", "index", "analytic", "numerical",
                      "errors", "checked", "kinks", "tol"]
    assert bool(result) is True and str(result) == repr(result)
    assert repr(result).startswith("GradcheckResult(passed: max relative error ")
    assert "worst at input 0, index (" in repr(result)
