"""HOT-10 (004 Art 16): the reply checker. A pure function over the six elements of a reply
and the phrases in data/reply_rules.json; no database, no clock."""
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "reply_rules.json"
_PUNCT = re.compile(r"[\s，。、；：！？,.;:!?“”\"'（）()…—-]+")


@dataclass(frozen=True)
class Finding:
    field: str
    message: str


@lru_cache(maxsize=1)
def default_rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def _bare(text: str) -> str:
    return _PUNCT.sub("", text)


def check_reply(fields: dict, rules: dict | None = None, return_reasons=()) -> list[Finding]:
    """The problems of a reply, each for its field, in field order. `return_reasons`: the
    reasons of this order's return requests, which must not come back as its result."""
    rules = rules or default_rules()
    found: list[Finding] = []
    values = {name: (fields.get(name) or "").strip() for name in rules["required"]}
    for name, message in rules["required"].items():  # the six elements
        if not values[name]:
            found.append(Finding(name, message))
    for name, minimum in rules.get("min_length", {}).items():
        if values.get(name) and len(_bare(values[name])) < minimum:
            found.append(Finding(name, f"内容过于简单（至少{minimum}个字），请写明具体情况"))
    for name in ("process", "result"):
        bare = _bare(values.get(name, ""))
        for phrase in rules["bare_phrases"]:  # a banned phrase with (almost) nothing else
            if bare and phrase in bare and len(bare) - len(phrase) <= 4:
                found.append(Finding(name, rules["bare_message"].format(phrase=phrase)))
                break
    for name in rules["process_only_fields"]:
        for pattern in rules["process_only"]:
            match = re.search(pattern, values.get(name, ""))
            if match:
                found.append(Finding(name, rules["process_only_message"].format(phrase=match.group(0))))
                break
    for name in rules["template_fields"]:
        for phrase in rules["templates"]:
            if values.get(name, "").startswith(phrase):
                found.append(Finding(name, rules["template_message"].format(phrase=phrase)))
                break
    result = values.get("result", "")
    own = [_bare(x)[:30] for x in return_reasons]
    reasons = [*rules["return_reasons"], *(r for r in own if len(r) >= 6)]
    if result and any(r in _bare(result) for r in reasons):
        found.append(Finding("result", rules["return_reason_message"]))
    return found


def by_field(findings: list[Finding]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for f in findings:
        grouped.setdefault(f.field, []).append(f.message)
    return grouped
