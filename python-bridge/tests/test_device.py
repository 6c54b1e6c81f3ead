"""myelin.device: tf.device-like placement scopes over dev.myelin.DeviceScope."""

import re

import jpype
import pytest


def test_device_scope_places_on_the_cpu_nests_and_refuses_cuda_with_the_reason(myelin):
    Tensor = myelin.Tensor
    FLOAT32 = jpype.JClass("dev.myelin.DType").FLOAT32
    assert myelin.current_device() == "cpu"
    with myelin.device("cpu") as outer:
        assert str(outer) == "cpu"
        with myelin.device("cpu"):
            t = Tensor.ones(FLOAT32, jpype.JArray(jpype.JLong)([2]))
            assert str(t.device()) == "cpu"
        assert myelin.current_device() == "cpu"
    reason = str(jpype.JClass("dev.myelin.Device").cudaUnavailableReason())
    if reason == "":
        pytest.skip("a CUDA device serves here: the refusal cannot be observed")
    with pytest.raises(myelin.MyelinStateError, match=re.escape(reason)):
        with myelin.device("cuda:0"):
            pytest.fail("the block ran without a CUDA device")
    assert myelin.current_device() == "cpu"
