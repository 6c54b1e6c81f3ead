"""The Python baseline of `bin/myelin bench serve`: a FastAPI + uvicorn server answering
TF-Serving's row-format :predict for one Keras model (JAX backend), as a Python shop would write it.

Usage: python serve_fastapi.py --model MODEL.keras --port PORT
The route is /v1/models/m:predict, the body {"instances": [[...], ...]}, the answer
{"predictions": [[...], ...]}, so the same load generator and request bytes drive both servers.
One worker process and one thread, as Myelin's server runs one batch worker by default.
"""

import argparse
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI, Request  # noqa: E402
from fastapi.responses import JSONResponse  # noqa: E402


def build_app(model):
    app = FastAPI()

    @app.post("/v1/models/m:predict")
    async def predict(request: Request):
        body = await request.json()
        x = np.asarray(body["instances"], dtype=np.float32)
        # predict_on_batch: Keras's one-batch call (jitted); model.predict adds a data adapter
        # and a progress loop per call, several milliseconds that no server would pay.
        y = np.asarray(model.predict_on_batch(x))
        return JSONResponse({"predictions": y.tolist()})

    @app.get("/ready")
    async def ready():
        return {"ready": True}

    return app


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    model = keras.saving.load_model(args.model)
    width = model.inputs[0].shape[1]
    for _ in range(200):  # warm-up: trace and compile the batch-1 path before the first request
        model.predict_on_batch(np.zeros((1, width), np.float32))
    uvicorn.run(build_app(model), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
