"""The simulator's receiving side: a small Flask app that records the app's messages."""
import hmac
import json
import threading

from flask import Flask, jsonify, request

from app.api import signing


def create_app(key_id: str = "", secret: str = "") -> Flask:
    app = Flask("city_platform")
    received: list[dict] = []
    lock = threading.Lock()

    def _signed() -> bool:
        if not secret:
            return True
        headers = request.headers
        if headers.get(signing.HEADER_KEY) != key_id:
            return False
        text = signing.canonical("POST", request.path, "", headers.get(signing.HEADER_TIMESTAMP, ""),
                                 headers.get(signing.HEADER_NONCE, ""), request.get_data())
        return hmac.compare_digest(signing.signature(secret, text), headers.get(signing.HEADER_SIGNATURE, ""))

    @app.post("/inbox")
    def inbox():
        if not _signed():
            return jsonify({"error": "bad_signature"}), 401
        try:
            message = json.loads(request.get_data().decode("utf-8"))
        except ValueError:
            return jsonify({"error": "invalid_json"}), 422
        with lock:
            received.append(message)
            number = len(received)
        return jsonify({"received": True, "receipt_id": number})

    @app.get("/inbox")
    def listing():
        with lock:
            return jsonify(list(received))

    return app
