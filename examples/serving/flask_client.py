"""The book's Python client for the chapter 13 Flask-style server (bin/myelin example serve-flask):
posts the first five rows of X_test as {"data": [...]} and prints the predicted locations."""

import json
import sys

import requests

api_url = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:5000"
data = [[-62, -58, -59, -59, -67, -80, -77], [-49, -53, -50, -48, -67, -78, -88],
        [-52, -57, -49, -50, -66, -80, -80], [-40, -55, -52, -43, -60, -76, -72],
        [-64, -59, -51, -67, -43, -88, -92]]
payload = {"data": data}
headers = {"content-type": "application/json"}
response = requests.post(api_url, data=json.dumps(payload), headers=headers)
print(response)
print(response.json())  # the book: [0, 2, 2, 1, 3]
