"""minidl.landscapes: values, analytic gradients against finite differences, and `run`."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from minidl.landscapes import Beale, Landscape, Rosenbrock, Saddle, Valley, run

LANDSCAPES = [Valley(), Valley(curvature=(1.0, 50.0)), Rosenbrock(), Rosenbrock(a=2.0, b=10.0),
              Saddle(), Beale()]


def centred_difference(f, p, h=1e-6):
    """The obvious numerical gradient, one coordinate at a time."""
    grad = np.zeros(2)
    for k in range(2):
        step = np.zeros(2)
        step[k] = h
        grad[k] = (f(p + step) - f(p - step)) / (2 * h)
    return grad


@pytest.mark.parametrize("f", LANDSCAPES, ids=repr)
@given(x=st.floats(-2, 2), y=st.floats(-2, 2))
def test_gradient_matches_centred_differences(f, x, y):
    p = np.array([x, y])
    numerical = centred_difference(f, p)
    analytic = f.gradient(p)
    scale = max(1.0, np.abs(numerical).max())
    assert np.allclose(analytic, numerical, atol=1e-6 * scale, rtol=1e-5)


@pytest.mark.parametrize("f", LANDSCAPES, ids=repr)
def test_minimum_is_a_stationary_point_with_the_lowest_value_on_a_grid(f):
    assert np.allclose(f.gradient(f.minimum), 0.0, atol=1e-12)
    X, Y, Z = f.grid(resolution=101)
    assert f(f.minimum) <= Z.min() + 1e-12


@pytest.mark.parametrize("f", LANDSCAPES, ids=repr)
def test_batched_points_equal_one_at_a_time(f, rng):
    points = rng.uniform(-2, 2, size=(3, 4, 2))
    values, grads = f(points), f.gradient(points)
    assert values.shape == (3, 4) and grads.shape == (3, 4, 2)
    for i in range(3):
        for j in range(4):
            assert values[i, j] == f(points[i, j])
            assert np.array_equal(grads[i, j], f.gradient(points[i, j]))


def test_closed_forms():
    assert Valley(curvature=(2.0, 6.0))([1.0, 1.0]) == 4.0
    assert Rosenbrock()([0.0, 0.0]) == 1.0
    assert Saddle()([0.0, 1.0]) == -0.25 and Saddle()([0.0, -1.0]) == -0.25
    assert Beale()([0.0, 0.0]) == pytest.approx(1.5**2 + 2.25**2 + 2.625**2)


class PlainGradientDescent:
    """A stand-in optimizer written the obvious way, so `run` is tested on its own."""

    def __init__(self, params, lr):
        self.params, self.lr = params, lr

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    def step(self):
        for p in self.params:
            p.data -= self.lr * p.grad


def test_run_records_every_step_of_gradient_descent():
    f = Valley()
    path = run(PlainGradientDescent, f, start=(-5.0, 2.0), steps=30, lr=0.1)
    assert path.shape == (31, 2)
    expected = np.array([-5.0, 2.0])
    for t in range(1, 31):
        expected = expected - 0.1 * f.gradient(expected)
        assert np.allclose(path[t], expected, rtol=0, atol=1e-15)


def test_run_stops_at_the_last_finite_point_when_the_iterate_diverges():
    with np.errstate(over="ignore", invalid="ignore"):  # diverging is the point here
        path = run(PlainGradientDescent, Valley(), start=(1.0, 1.0), steps=5000, lr=10.0)
    assert 1 < len(path) < 5001
    assert np.all(np.isfinite(path))


def test_run_uses_the_landscape_start_by_default():
    path = run(PlainGradientDescent, Rosenbrock(), steps=0, lr=1e-3)
    assert np.array_equal(path, [Rosenbrock.start])


@pytest.mark.parametrize("call, name", [
    (lambda: Valley()([1.0, 2.0, 3.0]), "p"),
    (lambda: Valley(curvature=(1.0, -1.0)), "curvature"),
    (lambda: Rosenbrock(b=0.0), "b"),
    (lambda: run(PlainGradientDescent, Valley(), start=(np.nan, 0.0), lr=0.1), "start"),
    (lambda: run(PlainGradientDescent, Valley(), start=[[0.0, 0.0]], lr=0.1), "start"),
    (lambda: run(PlainGradientDescent, Valley(), steps=-1, lr=0.1), "steps"),
    (lambda: Valley().grid(resolution=1), "resolution"),
])
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=f"^{name}: expected"):
        call()


def test_run_refuses_something_that_is_not_a_landscape():
    with pytest.raises(TypeError, match="^landscape: expected"):
        run(PlainGradientDescent, lambda p: 0.0, start=(0.0, 0.0), lr=0.1)


def test_every_landscape_is_a_landscape():
    assert all(isinstance(f, Landscape) for f in LANDSCAPES)
