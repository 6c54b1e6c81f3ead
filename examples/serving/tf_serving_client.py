"""The book's TF-Serving REST round trip against bin/myelin serve --model wifi=PATH: POST the rows
to /v1/models/wifi:predict with signature "predict" and print the probabilities and their argmax."""

import json
import sys

import numpy as np
import requests

url = (sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8501") + "/v1/models/wifi:predict"
data = [[-62.0, -58.0, -59.0, -59.0, -67.0, -80.0, -77.0], [-49.0, -53.0, -50.0, -48.0, -67.0, -78.0, -88.0],
        [-52.0, -57.0, -49.0, -50.0, -66.0, -80.0, -80.0]]
response = requests.post(url, data=json.dumps({"signature_name": "predict", "instances": data}))
predictions = response.json()["predictions"]
print(json.dumps({"predictions": predictions}, indent=2))
print(np.argmax(predictions, axis=1))  # the book: [0 2 2]
