"""The indicator registry: one module per source domain, each with its INDICATORS."""
from . import commitment, feedback, hall, hotline, linkage, matters
from .base import COUNT, MINUTES, PERCENT, UNIT_LABELS, Indicator  # noqa: F401

REGISTRY: dict[str, Indicator] = {
    ind.key: ind
    for module in (hotline, matters, commitment, hall, linkage, feedback)
    for ind in module.INDICATORS
}


def get(key: str) -> Indicator | None:
    return REGISTRY.get(key)


def all_keys() -> tuple[str, ...]:
    return tuple(REGISTRY)
