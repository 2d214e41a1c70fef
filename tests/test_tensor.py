"""Tests of the autograd engine: every op against a slow numerical gradient, and the engine's
bookkeeping (accumulation, forks, deep graphs, no_grad, dtypes, bad input)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, mutually_broadcastable_shapes

from tolerances import tol
from minidl.engine import record_kinks, topological_order
from minidl.tensor import Tensor, is_grad_enabled, no_grad


def slow_numerical_gradient(f, arrays, which, h=1e-5):
    """Centred differences of the scalar f(*arrays) with respect to arrays[which], one
    coordinate at a time, on a copy (independent of minidl.gradcheck)."""
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    x = arrays[which]
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        plus = f(*arrays)
        x[idx] = old - h
        minus = f(*arrays)
        x[idx] = old
        grad[idx] = (plus - minus) / (2 * h)
    return grad


def engine_gradients(build, arrays, weights):
    """Gradients of sum(build(*tensors) * weights) from the engine."""
    tensors = [Tensor(np.array(a, dtype=np.float64), requires_grad=True) for a in arrays]
    out = build(*tensors)
    (out * weights).sum().backward()
    return [t.grad for t in tensors]


def assert_matches_numerical(build, arrays, rng, bound=1e-6):
    """The engine's gradient of every input equals the slow numerical one (float64)."""
    with no_grad():
        shape = build(*[Tensor(a) for a in arrays]).shape
    weights = rng.normal(size=shape)  # a random upstream gradient exercises every output

    def scalar(*arrs):
        with no_grad():
            return float((build(*[Tensor(a) for a in arrs]).data * weights).sum())

    grads = engine_gradients(build, arrays, weights)
    for i, g in enumerate(grads):
        expected = slow_numerical_gradient(scalar, arrays, i)
        assert g.shape == np.shape(arrays[i])
        denom = np.maximum(np.maximum(np.abs(g), np.abs(expected)), 1e-8)
        err = np.max(np.abs(g - expected) / denom) if g.size else 0.0
        # Centred differences of O(1) inputs: truncation and round-off near 1e-10 each, so a
        # right rule stays near 1e-9 and a wrong one near 1 (tol: see tolerances.py).
        assert err < tol(bound), f"input {i}: relative error {err:.2e}\n{g}\n{expected}"


BINARY = {
    "add": (lambda a, b: a + b, (-2, 2), (-2, 2)),
    "sub": (lambda a, b: a - b, (-2, 2), (-2, 2)),
    "mul": (lambda a, b: a * b, (-2, 2), (-2, 2)),
    "div": (lambda a, b: a / b, (-2, 2), (0.5, 2)),
    "pow": (lambda a, b: a ** b, (0.5, 2), (-2, 2)),
    "maximum": (lambda a, b: a.maximum(b), (-2, 2), (-2, 2)),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@settings(max_examples=25)
@given(shapes=mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3),
       seed=st.integers(0, 2**16))
def test_binary_op_gradients_match_numerical_under_broadcasting(name, shapes, seed):
    build, (alo, ahi), (blo, bhi) = BINARY[name]
    rng = np.random.default_rng(seed)
    a = rng.uniform(alo, ahi, size=shapes.input_shapes[0])
    b = rng.uniform(blo, bhi, size=shapes.input_shapes[1])
    if name == "div":
        b = b * rng.choice([-1.0, 1.0], size=b.shape)
    assert_matches_numerical(build, [a, b], rng)


UNARY = {
    "exp": (lambda a: a.exp(), (-2, 2)),
    "log": (lambda a: a.log(), (0.2, 3)),
    "tanh": (lambda a: a.tanh(), (-2, 2)),
    "sigmoid": (lambda a: a.sigmoid(), (-4, 4)),
    "relu": (lambda a: a.relu(), (-2, 2)),
    "neg": (lambda a: -a, (-2, 2)),
    "square": (lambda a: a ** 2, (-2, 2)),
    "reciprocal": (lambda a: 1.0 / a, (0.5, 2)),
    "rsub": (lambda a: 1.0 - a, (-2, 2)),
    "rpow": (lambda a: 2.0 ** a, (-2, 2)),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@settings(max_examples=15)
@given(shape=array_shapes(min_dims=0, max_dims=3, max_side=4), seed=st.integers(0, 2**16))
def test_unary_op_gradients_match_numerical(name, shape, seed):
    build, (lo, hi) = UNARY[name]
    rng = np.random.default_rng(seed)
    a = rng.uniform(lo, hi, size=shape)
    if name == "relu":  # stay away from the kink at 0
        a = np.where(np.abs(a) < 0.1, 0.5, a)
    assert_matches_numerical(build, [a], rng)


@pytest.mark.parametrize("op", ["sum", "mean", "max"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduction_gradients_match_numerical(op, axis, keepdims, rng):
    a = rng.permutation(24).reshape(2, 3, 4) / 7.0  # distinct values: no ties for max
    assert_matches_numerical(lambda t: getattr(t, op)(axis=axis, keepdims=keepdims), [a], rng)


@pytest.mark.parametrize("op", ["sum", "mean", "max"])
@settings(max_examples=20)
@given(shape=array_shapes(min_dims=1, max_dims=3, max_side=4), data=st.data(),
       keepdims=st.booleans(), seed=st.integers(0, 2**16))
def test_reduction_gradients_match_numerical_for_generated_shapes(op, shape, data, keepdims,
                                                                 seed):
    ndim = len(shape)
    axis = data.draw(st.one_of(st.none(), st.integers(-ndim, ndim - 1),
                               st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim,
                                        unique=True).map(tuple)))
    rng = np.random.default_rng(seed)
    size = int(np.prod(shape))
    a = (rng.permutation(size).reshape(shape) + rng.uniform(0.1, 0.9)) / size  # no ties
    assert_matches_numerical(lambda t: getattr(t, op)(axis=axis, keepdims=keepdims), [a], rng)


@pytest.mark.parametrize("shapes", [((3, 4), (4, 2)), ((4,), (4, 2)), ((3, 4), (4,)),
                                    ((4,), (4,)), ((2, 3, 4), (4, 5)), ((2, 3, 4), (2, 4, 2)),
                                    ((3, 4), (2, 4, 2))])
def test_matmul_gradients_match_numerical(shapes, rng):
    a, b = (rng.normal(size=s) for s in shapes)
    assert_matches_numerical(lambda x, y: x @ y, [a, b], rng)


@pytest.mark.parametrize("build", [
    lambda t: t.reshape(4, 6),
    lambda t: t.reshape((-1,)),
    lambda t: t.transpose(),
    lambda t: t.transpose(1, 0, 2),
    lambda t: t.transpose(-1, 0, 1),
    lambda t: t.T,
    lambda t: t[1],
    lambda t: t[:, 1:3, ::2],
    lambda t: t[np.array([0, 1, 1]), np.array([2, 0, 0])],  # a repeated index adds up
    lambda t: t[t.data > 0],
], ids=["reshape", "flatten", "transpose", "transpose-axes", "transpose-negative", "T", "int-index", "slices",
        "advanced-repeats", "boolean-mask"])
def test_shape_op_gradients_match_numerical(build, rng):
    a = rng.normal(size=(2, 3, 4))
    assert_matches_numerical(build, [a], rng)


def test_maximum_routes_the_gradient_to_the_larger_input():
    z = Tensor(np.array([2.0, -3.0, 1.0]), requires_grad=True)
    w = Tensor(np.array([-1.0, 0.0, 1.0]), requires_grad=True)
    z.maximum(w).sum().backward()
    assert z.grad.tolist() == [1.0, 0.0, 0.5] and w.grad.tolist() == [0.0, 1.0, 0.5]


def test_repeated_advanced_index_sums_the_gradient():
    x = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    x[np.array([0, 0, 2])].sum().backward()
    assert x.grad.tolist() == [2.0, 0.0, 1.0]


def test_gradients_add_at_forks():
    x = Tensor(3.0, requires_grad=True)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert x.grad == pytest.approx(7.0)


def test_lecture_example_f_equals_x_plus_y_times_z():
    x, y, z = (Tensor(v, requires_grad=True) for v in (-2.0, 5.0, -4.0))
    f = (x + y) * z
    f.backward()
    assert (f.item(), x.grad, y.grad, z.grad) == (-12.0, -4.0, -4.0, 3.0)


def test_repeated_backward_accumulates_until_zero_grad():
    w = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    for _ in range(3):
        (w * w).sum().backward()
    np.testing.assert_allclose(w.grad, 3 * 2 * w.data)
    w.zero_grad()
    assert w.grad is None
    (w * w).sum().backward()
    np.testing.assert_allclose(w.grad, 2 * w.data)


def test_a_chain_of_100000_operations_backpropagates_without_recursion():
    x = Tensor(1.0, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0


def test_no_grad_records_no_graph_and_restores_the_flag():
    w = Tensor(np.ones(3), requires_grad=True)
    with no_grad():
        assert not is_grad_enabled()
        y = (w * 2).sum()
    assert is_grad_enabled()
    assert not y.requires_grad and y.parents == () and y.edges == ()
    with pytest.raises(RuntimeError, match="does not require a gradient"):
        y.backward()


def test_no_grad_restores_the_flag_after_an_exception():
    with pytest.raises(ZeroDivisionError):
        with no_grad():
            1 / 0
    assert is_grad_enabled()


def test_constants_get_no_gradient_and_are_not_recorded():
    w = Tensor(np.ones(2), requires_grad=True)
    c = Tensor(np.array([2.0, 3.0]))
    (w * c).sum().backward()
    assert c.grad is None
    np.testing.assert_allclose(w.grad, [2.0, 3.0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved_through_ops_and_gradients(dtype, rng):
    x = Tensor(rng.normal(size=(4, 3)).astype(dtype), requires_grad=True)
    w = Tensor(rng.normal(size=(3, 2)).astype(dtype), requires_grad=True)
    y = ((x @ w + 1.0) * 2 - 0.5).relu().sigmoid().tanh().exp() / 3.0
    loss = (y ** 2).mean() + y.max() + y.sum(axis=0).log().sum() + (x[0] * 2).sum()
    assert y.dtype == dtype and loss.dtype == dtype
    loss.backward()
    assert x.grad.dtype == dtype and w.grad.dtype == dtype


def test_python_numbers_lists_and_int_arrays_become_float64():
    assert Tensor(2).dtype == np.float64
    assert Tensor([1, 2]).dtype == np.float64
    assert Tensor(np.array([1, 2], dtype=np.int32)).dtype == np.float64
    assert Tensor(np.zeros(2, dtype=np.float32)).dtype == np.float32


def test_tensor_shares_memory_with_a_float_array():
    a = np.zeros(3)
    t = Tensor(a)
    a[0] = 5.0
    assert t.data[0] == 5.0


def test_numpy_array_on_the_left_defers_to_the_tensor(rng):
    X = rng.normal(size=(4, 3))
    w = Tensor(rng.normal(size=(3, 2)), requires_grad=True)
    for out in (X @ w, np.ones((4, 2)) + X @ w, 2.0 * (X @ w), np.float64(2.0) * w):
        assert isinstance(out, Tensor)
    (X @ w).sum().backward()
    np.testing.assert_allclose(w.grad, X.T @ np.ones((4, 2)))


def test_optimizer_updates_in_place_and_assigned_grads_accumulate(rng):
    p = Tensor(rng.normal(size=(3,)), requires_grad=True)
    data_id = id(p.data)
    p.grad = np.ones(3)                 # an analytic gradient assigned by a model
    p.data -= 0.1 * p.grad              # an optimizer's in-place update
    assert id(p.data) == data_id
    (p * 2).sum().backward()            # engine gradients add to the assigned one
    np.testing.assert_allclose(p.grad, 3 * np.ones(3))


def test_leaf_gradients_are_private_writeable_arrays():
    x = Tensor(np.ones(3), requires_grad=True)
    y = Tensor(np.ones(3), requires_grad=True)
    z = x + y                              # add hands the same upstream array to both
    z.sum().backward()
    assert x.grad is not y.grad and x.grad.flags.writeable
    x.grad *= 10                           # an in-place update must not leak into y
    np.testing.assert_allclose(y.grad, np.ones(3))


def test_intermediate_tensors_keep_their_gradient_for_diagrams():
    x, y, z = (Tensor(v, requires_grad=True) for v in (-2.0, 5.0, -4.0))
    q = x + y
    f = q * z
    f.backward()
    assert q.grad == -4.0 and f.grad == 1.0


def test_max_shares_the_gradient_among_ties():
    x = Tensor(np.array([1.0, 3.0, 3.0]), requires_grad=True)
    x.max().backward()
    np.testing.assert_allclose(x.grad, [0.0, 0.5, 0.5])


def test_sigmoid_is_stable_for_large_inputs():
    x = Tensor(np.array([-1000.0, 0.0, 1000.0]), requires_grad=True)
    with np.errstate(all="raise"):
        s = x.sigmoid()
        s.sum().backward()
    np.testing.assert_allclose(s.data, [0.0, 0.5, 1.0])
    assert np.all(np.isfinite(x.grad))


def test_backward_on_a_non_scalar_needs_an_explicit_gradient():
    x = Tensor(np.ones((2, 2)), requires_grad=True)
    y = x * 2
    with pytest.raises(ValueError, match=r"grad: expected an explicit gradient.*\(2, 2\)"):
        y.backward()
    with pytest.raises(ValueError, match=r"grad: expected shape \(2, 2\).*got \(3,\)"):
        y.backward(np.ones(3))
    y.backward(np.full((2, 2), 0.5))
    np.testing.assert_allclose(x.grad, np.ones((2, 2)))


def test_matmul_with_mismatched_shapes_names_both_shapes():
    a = Tensor(np.ones((2, 3)), requires_grad=True)
    with pytest.raises(ValueError, match=r"other: expected.*3.*\(2, 3\).*got shape \(4, 2\)"):
        a @ np.ones((4, 2))
    with pytest.raises(ValueError, match="at least 1 dimension"):
        a @ Tensor(2.0)


@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_broadcasting_mismatch_names_the_shapes(op):
    a = Tensor(np.ones((2, 3)))
    b = Tensor(np.ones((4,)))
    with pytest.raises(ValueError, match=r"other: expected a shape that broadcasts with "
                                         r"\(2, 3\).*got \(4,\)"):
        {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b}[op]()


@pytest.mark.parametrize("bad", ["abc", None, np.array(["a"]), [[1, 2], [3]]])
def test_constructor_rejects_non_numeric_data(bad):
    with pytest.raises(TypeError, match="data: expected an array of numbers"):
        Tensor(bad)


def test_operands_of_the_wrong_kind_are_refused():
    with pytest.raises(TypeError, match="other: expected a Tensor, an array or a number"):
        Tensor(1.0) + "x"
    with pytest.raises(TypeError, match="requires_grad: expected a bool"):
        Tensor(1.0, requires_grad="yes")


def test_transpose_needs_a_permutation():
    with pytest.raises(ValueError, match=r"axes: expected a permutation of \(0, 1\)"):
        Tensor(np.ones((2, 3))).transpose(0, 0)
    with pytest.raises(ValueError, match=r"axes: expected a permutation"):
        Tensor(np.ones((2, 3))).transpose(0, 2)


def test_reduction_axis_out_of_range_is_named():
    with pytest.raises(ValueError, match=r"axis: expected axes in -2..1.*got 2"):
        Tensor(np.ones((2, 3))).sum(axis=2)


def test_item_needs_one_element_and_reshape_needs_the_same_size():
    with pytest.raises(ValueError, match=r"item: expected a tensor with one element"):
        Tensor(np.ones(2)).item()
    with pytest.raises(ValueError, match=r"shape: expected a shape with 6 elements"):
        Tensor(np.ones((2, 3))).reshape(4, 2)


def test_repr_shows_values_and_flags():
    assert repr(Tensor([1.0, 2.0], requires_grad=True, name="w")) == \
        "Tensor([1., 2.], requires_grad=True, name='w')"


# -- the engine's structure: one traversal, public accessors, one way to build a node ----------

def test_topological_order_walks_a_chain_of_100000_operations_without_recursion():
    x = Tensor(1.0, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    order = topological_order(y)
    assert order[0] is x and order[-1] is y
    assert len(order) == 1 + 2 * 100_000          # x, then a constant 1.0 and a product per step
    assert len(set(map(id, order))) == len(order)


@settings(max_examples=30)
@given(seed=st.integers(0, 2**16))
def test_topological_order_puts_every_node_after_its_parents(seed):
    rng = np.random.default_rng(seed)
    pool = [Tensor(rng.normal(size=2), requires_grad=bool(rng.integers(2))) for _ in range(3)]
    ops = [lambda a, b: a + b, lambda a, b: a * b, lambda a, b: a - b,
           lambda a, b: a.maximum(b), lambda a, b: (a * 2).exp() / (b.tanh() + 3)]
    for _ in range(12):                            # a random DAG: later nodes reuse earlier ones
        a, b = rng.choice(len(pool), size=2)
        pool.append(ops[rng.integers(len(ops))](pool[a], pool[b]))
    root = pool[-1]
    order = topological_order(root)
    position = {id(t): i for i, t in enumerate(order)}
    assert order[-1] is root and len(position) == len(order)
    for t in order:
        for p in t.parents:
            assert position[id(p)] < position[id(t)]
    reachable, stack = {id(root)}, [root]          # exactly the nodes root depends on
    while stack:
        for p in stack.pop().parents:
            if id(p) not in reachable:
                reachable.add(id(p))
                stack.append(p)
    assert set(position) == reachable


def test_topological_order_refuses_what_is_not_a_tensor():
    with pytest.raises(TypeError, match="root: expected a Tensor"):
        topological_order(np.ones(3))


def test_results_expose_their_parents_operation_and_rules():
    x, y = Tensor(2.0, requires_grad=True), Tensor(3.0)
    z = x * y
    assert z.op == "*" and z.parents == (x, y) and [p for p, _ in z.edges] == [x, y]
    assert [float(rule(np.array(1.0))) for _, rule in z.edges] == [3.0, 2.0]
    assert x.op == "" and x.parents == () and x.edges == ()
    with no_grad():
        w = x * y
    assert w.op == "*" and w.parents == () and not w.requires_grad


def test_a_rule_is_called_only_for_parents_that_need_a_gradient():
    calls = []

    def rule(name):
        def backward(g):
            calls.append(name)
            return g
        return backward

    x, c = Tensor(np.ones(2), requires_grad=True), Tensor(np.ones(2))
    out = Tensor.from_op(x.data + c.data, "add", (x, rule("x")), (c, rule("c")))
    assert out.requires_grad and out.parents == (x, c)
    out.sum().backward()
    assert calls == ["x"] and c.grad is None
    constant = Tensor.from_op(c.data * 2, "twice", (c, rule("c")))
    assert not constant.requires_grad and constant.parents == ()


def test_from_op_builds_a_node_of_the_class_it_is_called_on():
    x = Tensor(np.array([1.0, -3.0]), requires_grad=True)
    square = Tensor.from_op(x.data ** 2, "square", (x, lambda g: 2 * x.data * g))
    assert type(square) is Tensor and square.grad is None and square.name is None
    square.sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, -6.0])
    assert type(x.detach()) is Tensor and not x.detach().requires_grad


def test_relu_and_sigmoid_are_the_staged_layers_formulas():
    from minidl import layers
    rng = np.random.default_rng(5)
    x = rng.normal(size=(4, 3))
    g = rng.normal(size=(4, 3))
    for method, forward, backward in (("relu", layers.relu_forward, layers.relu_backward),
                                      ("sigmoid", layers.sigmoid_forward,
                                       layers.sigmoid_backward)):
        t = Tensor(x.copy(), requires_grad=True)
        out = getattr(t, method)()
        out.backward(g)
        expected, cache = forward(x)
        np.testing.assert_array_equal(out.data, expected)
        np.testing.assert_array_equal(t.grad, backward(g, cache))


# -- kinks: an explicit, nestable recorder -----------------------------------------------------

def test_kinked_operations_report_their_side_only_to_open_recorders():
    x = Tensor(np.array([-1.0, 2.0, 0.5]))
    x.relu()                                       # no recorder open: nothing is kept
    with record_kinks() as record:
        x.relu()
        x.max()
        x.maximum(1.0)
    np.testing.assert_array_equal(record.sides[0], [False, True, True])
    np.testing.assert_array_equal(record.sides[1], [False, True, False])
    np.testing.assert_array_equal(record.sides[2], [False, True, False])
    assert len(record.sides) == 3


def test_kink_recorders_nest_and_each_sees_what_ran_inside_it():
    x = Tensor(np.array([-1.0, 2.0]))
    with record_kinks() as outer:
        x.relu()
        with record_kinks() as inner:
            x.max()
        x.relu()
    assert len(inner.sides) == 1 and len(outer.sides) == 3
    with record_kinks() as after:                  # closing the inner one left no trace
        pass
    assert after.sides == []
    with pytest.raises(RuntimeError, match="open already"):
        with outer:
            with outer:
                pass
