"""Jar discovery: MYELIN_CLASSPATH, the checkout's built tree, and a clear error when unbuilt."""

import pytest

from myelin import _jvm


def test_explicit_classpath_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("MYELIN_CLASSPATH", f"{tmp_path}/a.jar:{tmp_path}/b.jar")
    assert _jvm.classpath() == [f"{tmp_path}/a.jar", f"{tmp_path}/b.jar"]


def test_unbuilt_tree_says_to_build(monkeypatch, tmp_path):
    monkeypatch.delenv("MYELIN_CLASSPATH", raising=False)
    monkeypatch.setenv("MYELIN_HOME", str(tmp_path))
    with pytest.raises(_jvm.MyelinSetupError, match="bin/myelin build"):
        _jvm.classpath()


def test_checkout_tree_is_found(monkeypatch):
    monkeypatch.delenv("MYELIN_CLASSPATH", raising=False)
    monkeypatch.delenv("MYELIN_HOME", raising=False)
    cp = _jvm.classpath()
    assert any("myelin-core" in p for p in cp) and any("myelin-data" in p for p in cp)
