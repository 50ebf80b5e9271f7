"""SMS gateways (NTF-1). SMS_GATEWAY selects one:

- `log` (default): nothing leaves the machine; every SMS is kept as a 短信发送记录 row that
  admins see at /notify/sms.
- `http`: POST {"phone", "text", "key"} as JSON to SMS_GATEWAY_URL with
  `Authorization: Bearer SMS_GATEWAY_TOKEN` and a timeout of SMS_GATEWAY_TIMEOUT seconds; any
  answer but 2xx (or no answer) is a failure, and the delivery job is retried.
Both keep the 短信发送记录 row of what the gateway accepted."""
import json
import urllib.error
import urllib.request

from flask import current_app


class GatewayError(Exception):
    """The gateway did not accept the message; the delivery is retried."""


class LogGateway:
    name = "log"

    def send(self, phone: str, text: str, key: str) -> None:
        # No phone or text in the log (issue 15 item 7): the record row keeps them.
        current_app.logger.info("SMS %s kept by the log gateway", key)


class HttpGateway:
    name = "http"

    def __init__(self, url: str, token: str, timeout: float):
        if not url:
            raise GatewayError("未配置短信网关地址（SMS_GATEWAY_URL）")
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, phone: str, text: str, key: str) -> None:
        body = json.dumps({"phone": phone, "text": text, "key": key}, ensure_ascii=False).encode()
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {self.token or ''}",
            "Idempotency-Key": key,
        })
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (OSError, ValueError) as error:  # refused, timeout, bad URL
            raise GatewayError(f"短信网关不可达：{error}") from error
        if not 200 <= status < 300:
            raise GatewayError(f"短信网关返回 HTTP {status}")


def gateway():
    config = current_app.config
    if config.get("SMS_GATEWAY", "log") == "http":
        return HttpGateway(config.get("SMS_GATEWAY_URL") or "", config.get("SMS_GATEWAY_TOKEN") or "",
                           float(config.get("SMS_GATEWAY_TIMEOUT") or 5))
    return LogGateway()
