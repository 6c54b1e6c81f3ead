"""bin/myelin serve and the chapter 13 Flask-style example, called by the real Python clients the
book and the serving world use: ``requests`` (TF-Serving REST, the Flask route) and
``tritonclient.http`` (KServe v2 / Open Inference Protocol, JSON and binary tensors). The servers
run as subprocesses on loopback with a free port; answers must equal ``model.predict`` to 1e-6."""

import json
import os
import pathlib
import re
import subprocess
import threading

import numpy as np
import pytest
import requests

ROOT = pathlib.Path(os.environ.get("MYELIN_HOME", pathlib.Path(__file__).resolve().parents[2]))
X = np.array([[-62, -58, -59, -59, -67, -80, -77], [-49, -53, -50, -48, -67, -78, -88],
              [-52, -57, -49, -50, -66, -80, -80], [-40, -55, -52, -43, -60, -76, -72],
              [-64, -59, -51, -67, -43, -88, -92]], dtype=np.float32)


def wifi_model(myelin):
    from myelin.keras import Model, layers

    myelin.set_seed(13)
    inputs = layers.Input(shape=(7,))
    h = layers.Dense(16, activation="relu")(inputs)
    return Model(inputs=inputs, outputs=layers.Dense(4, activation="softmax")(h))


class Server:
    """A bin/myelin subprocess; the port comes from the line it prints when it listens."""

    def __init__(self, args, pattern):
        self.proc = subprocess.Popen([str(ROOT / "bin" / "myelin"), *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, cwd=ROOT)
        self.lines = []
        found = threading.Event()

        def pump():
            for line in self.proc.stdout:
                self.lines.append(line)
                m = re.search(pattern, line)
                if m and not found.is_set():
                    self.port = int(m.group(1))
                    found.set()
            found.set()

        threading.Thread(target=pump, daemon=True).start()
        if not found.wait(180) or not hasattr(self, "port"):
            self.stop()
            raise AssertionError("the server did not start: " + "".join(self.lines))

    def stop(self):
        self.proc.terminate()  # SIGTERM: the graceful shutdown hook runs
        try:
            return self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise


def serve_wifi(myelin, tmp_path_factory, extra_args=(), pattern=r"Running ModelServer at 127\.0\.0\.1:(\d+)"):
    """Saves the wifi model as version 1 and serves it: yields the port ``pattern`` matched and
    ``model.predict(X)``; the server must then stop cleanly."""
    base = tmp_path_factory.mktemp("repo") / "wifi"
    (base / "1").mkdir(parents=True)
    model = wifi_model(myelin)
    model.save(base / "1" / "model.keras")
    expected = np.array(model.predict(X), dtype=np.float32)
    server = Server(["serve", "--model", f"wifi={base}", "--host", "127.0.0.1", "--port", "0", *extra_args], pattern)
    yield server.port, expected
    assert server.stop() in (0, 143)


@pytest.fixture(scope="module")
def served(myelin, tmp_path_factory):
    yield from serve_wifi(myelin, tmp_path_factory)


def test_tf_serving_rest_with_requests(served):
    port, expected = served
    url = f"http://127.0.0.1:{port}/v1/models/wifi"
    r = requests.post(url + ":predict", data=json.dumps(
        {"signature_name": "predict", "instances": X.tolist()}), headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    np.testing.assert_allclose(np.array(r.json()["predictions"]), expected, rtol=0, atol=1e-6)
    r = requests.post(url + "/versions/1:predict", json={"inputs": X[:2].tolist()})
    np.testing.assert_allclose(np.array(r.json()["outputs"]), expected[:2], rtol=0, atol=1e-6)
    assert np.array(r.json()["outputs"]).argmax(axis=1).tolist() == expected[:2].argmax(axis=1).tolist()
    status = requests.get(url).json()["model_version_status"][0]
    assert (status["version"], status["state"]) == ("1", "AVAILABLE")
    bad = requests.post(url + ":predict", json={"instances": [[1, 2, 3]]})
    assert bad.status_code == 400
    assert "expected shape [-1, 7] but was [1, 3]" in bad.json()["error"]
    assert requests.get(f"http://127.0.0.1:{port}/v1/models/nosuch").status_code == 404


def test_kserve_v2_with_tritonclient(served):
    import tritonclient.http as httpclient
    from tritonclient.utils import InferenceServerException

    port, expected = served
    client = httpclient.InferenceServerClient(url=f"127.0.0.1:{port}")
    assert client.is_server_live() and client.is_server_ready() and client.is_model_ready("wifi")
    meta = client.get_model_metadata("wifi")
    name_in, name_out = meta["inputs"][0]["name"], meta["outputs"][0]["name"]
    assert meta["inputs"][0]["shape"] == [-1, 7] and meta["outputs"][0]["datatype"] == "FP32"
    # FP16 too: the book's rows are small integers, exact in half precision
    for binary, dtype, x in ((True, "FP32", X), (False, "FP32", X), (True, "FP16", X.astype(np.float16)),
                             (False, "FP16", X.astype(np.float16))):
        inp = httpclient.InferInput(name_in, list(X.shape), dtype)
        inp.set_data_from_numpy(x, binary_data=binary)
        result = client.infer("wifi", [inp], outputs=[httpclient.InferRequestedOutput(name_out, binary_data=binary)])
        np.testing.assert_allclose(result.as_numpy(name_out), expected, rtol=0, atol=1e-6)
    inp = httpclient.InferInput(name_in, [1, 7], "FP64")
    inp.set_data_from_numpy(X[:1].astype(np.float64))
    result = client.infer("wifi", [inp], model_version="1")  # no outputs named: all, in binary
    np.testing.assert_allclose(result.as_numpy(name_out), expected[:1], rtol=0, atol=1e-6)
    wrong = httpclient.InferInput(name_in, [1, 3], "FP32")
    wrong.set_data_from_numpy(X[:1, :3])
    with pytest.raises(InferenceServerException, match=r"expected shape \[-1, 7\] but was \[1, 3\]"):
        client.infer("wifi", [wrong])
    client.close()


def test_book_flask_example_with_requests(myelin, tmp_path):
    model = wifi_model(myelin)
    export = tmp_path / "flask" / "1"
    export.mkdir(parents=True)
    (export / "model.json").write_text(model.to_json())
    model.save_weights(export / "weights.h5")
    labels = np.array(model.predict(X)).argmax(axis=1).tolist()
    server = Server(["example", "serve-flask", str(export), "--port", "0"], r"Running on http://0\.0\.0\.0:(\d+)/")
    try:
        assert any("Model loaded." in line for line in server.lines)
        api_url = f"http://localhost:{server.port}"
        headers = {"content-type": "application/json"}
        response = requests.post(api_url, data=json.dumps({"data": X.tolist()}), headers=headers)
        assert response.status_code == 200
        assert response.json() == labels
        assert response.text.startswith("[\n  ")  # Flask's debug-mode jsonify layout
        assert requests.post(api_url, data="{oops", headers=headers).status_code == 400
    finally:
        server.stop()
