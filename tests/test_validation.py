"""Tests of minidl._validation: the input checks every public function shares."""
import numpy as np
import pytest

from minidl._validation import check_array, check_bool, check_flag, check_labels


def all_dtypes():
    scalar_types = {np.dtype(t) for t in np.sctypeDict.values()}
    return sorted(scalar_types | {np.dtype("m8[s]"), np.dtype("M8[s]"), np.dtype(object)},
                  key=str)


@pytest.mark.parametrize("dtype", all_dtypes(), ids=str)
def test_check_array_accepts_exactly_real_numpy_numbers_and_bools(dtype):
    arr = np.zeros(2, dtype=dtype)
    is_number = dtype != object and (np.issubdtype(dtype, np.number)
                                     or np.issubdtype(dtype, np.bool_))
    is_real = is_number and not np.issubdtype(dtype, np.complexfloating)
    if is_real:
        assert check_array(arr, "x") is arr
    elif is_number:       # complex: minidl's maths is real, and NumPy would drop the imaginary
        with pytest.raises(TypeError, match="x: expected real numbers, got dtype complex"):
            check_array(arr, "x")
    else:
        with pytest.raises(TypeError, match="x: expected an array of numbers"):
            check_array(arr, "x")
    if is_real and np.issubdtype(dtype, np.floating) and dtype != np.float16:
        assert check_array(arr, "x", float_only=True) is arr
    elif is_real:         # integers, bools and float16 (3 digits, at most 65504)
        with pytest.raises(TypeError, match=r"x: expected a floating-point array \(float32 or "
                                            r"float64\)"):
            check_array(arr, "x", float_only=True)


@pytest.mark.parametrize("dtype", all_dtypes(), ids=str)
def test_check_labels_accepts_exactly_numpy_integers(dtype):
    arr = np.ones(2, dtype=dtype) if dtype != object else np.array([1, 1], dtype=object)
    if np.issubdtype(dtype, np.integer) and dtype.kind != "m":
        assert check_labels(arr, "y").tolist() == [1, 1]
    elif not np.issubdtype(dtype, np.integer):
        with pytest.raises(TypeError, match="y: expected integer class labels"):
            check_labels(arr, "y")


def test_check_bool_takes_only_python_bools():
    assert check_bool(True, "shuffle") is True and check_bool(False, "shuffle") is False
    for bad in (1, 0, None, "yes", np.bool_(True)):
        with pytest.raises(TypeError, match="shuffle: expected a bool, got"):
            check_bool(bad, "shuffle")


def test_check_flag_takes_python_and_numpy_bools_and_returns_a_bool():
    assert check_flag(np.bool_(True), "nesterov") is True
    assert check_flag(False, "nesterov") is False
    for bad in (1, None, "no", np.array([True])):
        with pytest.raises(TypeError, match="nesterov: expected True or False, got"):
            check_flag(bad, "nesterov")
