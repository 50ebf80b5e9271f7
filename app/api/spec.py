"""Endpoints declared once, with pydantic models, and the OpenAPI 3.1 document built from them.

`operation(bp, rule, method, scope=..., summary=..., body=Model, query=Model, response=Model)`
registers the view on the blueprint behind @partner_required(scope), validates the query and
the JSON body into the models (422 with the field on failure, never a 500) and records the
operation for openapi(). pydantic 2 writes JSON Schema 2020-12, the dialect of OpenAPI 3.1, so
the models' schemas go into the document unchanged."""
import json
from dataclasses import dataclass, field

from flask import request
from pydantic import BaseModel, ValidationError

from . import signing
from .auth import partner_required
from .problems import DEFAULTS, ApiError

TYPE_MESSAGES = {
    "missing": "缺少必填字段", "extra_forbidden": "不允许的字段", "string_too_long": "超过最大长度",
    "string_too_short": "不能为空或过短", "string_pattern_mismatch": "格式不正确",
    "string_type": "须为字符串", "int_parsing": "须为整数", "int_type": "须为整数",
    "greater_than_equal": "数值过小", "less_than_equal": "数值过大",
    "date_from_datetime_parsing": "日期格式须为 YYYY-MM-DD", "date_parsing": "日期格式须为 YYYY-MM-DD",
    "date_type": "日期格式须为 YYYY-MM-DD", "model_type": "须为 JSON 对象", "model_attributes_type": "须为 JSON 对象",
    "literal_error": "取值不在允许范围内", "enum": "取值不在允许范围内", "bool_parsing": "须为 true 或 false",
}


@dataclass
class Operation:
    rule: str
    method: str
    endpoint: str
    scope: str
    summary: str
    description: str = ""
    tag: str = ""
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    errors: tuple = ()
    headers: dict = field(default_factory=dict)
    csv: bool = False


OPERATIONS: list[Operation] = []


def invalid(error: ValidationError, where: str) -> ApiError:
    first = error.errors()[0]
    loc = ".".join(str(p) for p in first.get("loc", ()))
    text = TYPE_MESSAGES.get(first.get("type", ""), "取值不正确")
    return ApiError(422, "invalid", f"{'字段' if where == 'body' else '查询参数'} {loc or where}：{text}。",
                    field=loc or where)


def _json_body(model: type[BaseModel]):
    if not request.mimetype == "application/json":
        raise ApiError(415, "unsupported_media_type", DEFAULTS[415][1], field="Content-Type")
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(422, "invalid_json", "请求体不是有效的 JSON（UTF-8）。", field="body") from None
    if not isinstance(data, dict):
        raise ApiError(422, "invalid", "请求体须为 JSON 对象。", field="body")
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise invalid(e, "body") from None


def _query(model: type[BaseModel]):
    values = {k: v for k, v in request.args.items()}
    try:
        return model.model_validate(values)
    except ValidationError as e:
        raise invalid(e, "query") from None


def operation(bp, rule: str, method: str, **kwargs):
    """Register a partner endpoint; the view gets `body=` / `query=` model instances."""

    def decorator(view):
        op = Operation(rule=(bp.url_prefix or "") + rule, method=method.upper(),
                       endpoint=f"{bp.name}.{view.__name__}", **kwargs)

        def handler(**path):
            if op.query is not None:
                path["query"] = _query(op.query)
            if op.body is not None:
                path["body"] = _json_body(op.body)
            return view(**path)

        handler.__name__ = view.__name__
        handler.__doc__ = view.__doc__
        bp.add_url_rule(rule, view.__name__, partner_required(op.scope)(handler), methods=[op.method])
        OPERATIONS.append(op)
        return view

    return decorator


# ---------------------------------------------------------------- the document

ERROR_SCHEMA = {
    "type": "object", "required": ["error", "message"],
    "properties": {"error": {"type": "string", "description": "机器可读的错误代码"},
                   "message": {"type": "string", "description": "中文说明"},
                   "field": {"type": ["string", "null"], "description": "出错的字段或请求头"}},
}
SIGNATURE_HEADERS = {
    signing.HEADER_KEY: "接入标识（key id）",
    signing.HEADER_TIMESTAMP: f"Unix 时间（秒），与服务器相差不超过 {signing.SKEW_SECONDS} 秒",
    signing.HEADER_NONCE: "随机数，8–64 位 [A-Za-z0-9_-]，时间窗口内不得重复",
    signing.HEADER_SIGNATURE: "HMAC-SHA256 签名（十六进制），见文档说明",
}
COMMON_ERRORS = (401, 403, 409, 413, 429)


def _schemas(models) -> dict:
    out = {}
    for model in models:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        out.update(schema.pop("$defs", {}))
        out[model.__name__] = schema
    out["Problem"] = ERROR_SCHEMA
    return out


def _ref(model) -> dict:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _query_parameters(model) -> list[dict]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    required = set(schema.get("required", []))
    return [{"name": name, "in": "query", "required": name in required, "schema": prop,
             "description": prop.get("description", "")}
            for name, prop in schema.get("properties", {}).items()]


def _path_parameters(rule: str) -> tuple[str, list[dict]]:
    params, path = [], rule
    for part in rule.split("/"):
        if part.startswith("<") and part.endswith(">"):
            name = part[1:-1].split(":")[-1]
            path = path.replace(part, "{" + name + "}")
            params.append({"name": name, "in": "path", "required": True,
                           "schema": {"type": "string", "maxLength": 40, "pattern": "^[A-Za-z0-9]+$"}})
    return path, params


def _operation(op: Operation) -> dict:
    path, params = _path_parameters(op.rule)
    if op.query is not None:
        params += _query_parameters(op.query)
    for name, description in op.headers.items():
        params.append({"name": name, "in": "header", "required": False, "description": description,
                       "schema": {"type": "string", "maxLength": 80, "pattern": "^[A-Za-z0-9_-]{1,80}$"}})
    content = {"application/json": {"schema": _ref(op.response)}} if op.response else {}
    if op.csv:
        content["text/csv"] = {"schema": {"type": "string"}}
    responses = {str(op.status): {"description": "成功", **({"content": content} if content else {})}}
    problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for status in sorted({*COMMON_ERRORS, *op.errors, *([422] if op.body or op.query else [])}):
        responses[str(status)] = {"description": DEFAULTS[status][1], "content": problem}
    item = {"operationId": op.endpoint.split(".", 1)[1], "summary": op.summary,
            "description": op.description, "tags": [op.tag] if op.tag else [],
            "parameters": params, "responses": responses,
            "security": [{name: []} for name in ("ApiKey",)],
            "x-scope": op.scope}
    if op.body is not None:
        item["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(op.body)}}}
    return path, item


def openapi(server_url: str = "/") -> dict:
    paths: dict = {}
    for op in OPERATIONS:
        path, item = _operation(op)
        paths.setdefault(path, {})[op.method.lower()] = item
    models = {m for op in OPERATIONS for m in (op.body, op.query, op.response) if m is not None}
    return {
        "openapi": "3.1.0",
        "info": {"title": "政务服务运行与监察考核系统 接口", "version": "1.0.0",
                 "description": "面向网上办事大厅、12345 政务服务便民热线等接入系统的接口。"
                                "每个请求须按文档签名（HMAC-SHA256，含时间戳和随机数）。"},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": _schemas(sorted(models, key=lambda m: m.__name__)),
            "securitySchemes": {"ApiKey": {
                "type": "apiKey", "in": "header", "name": signing.HEADER_KEY,
                "description": "另须 " + "、".join(f"{k}（{v}）" for k, v in SIGNATURE_HEADERS.items()
                                                  if k != signing.HEADER_KEY)}},
        },
    }


