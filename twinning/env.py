"""Read configuration from environment variables, failing loudly on a bad value.

Every setting that can change between machines is read here, once, by the settings module.
A typo such as DEBUG=ture must stop the process at start-up instead of silently meaning False.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    """Return the variable's text, the default when unset, or fail when required and unset."""
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    """Return True or False for 1/0, true/false, yes/no, on/off; anything else is an error."""
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no).")


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Return the variable as an integer, at least `minimum` and at most `maximum` when given."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum {minimum}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name}={number} is above the maximum {maximum}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """Return the variable if it is one of `choices`, else fail naming the allowed values."""
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def env_map(name: str, *, value_pattern: str | None = None) -> dict[str, str]:
    """Return a comma-separated list of key=value pairs as a dict; a pair without "=", an empty
    key, a repeated key or a value not matching `value_pattern` (a regular expression, matched
    whole) is an error."""
    import re

    value = os.environ.get(name)
    if value is None or not value.strip():
        return {}
    pairs: dict[str, str] = {}
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        key, sep, val = (part.strip() for part in item.partition("="))
        if not sep or not key or not val:
            raise ImproperlyConfigured(f"{name}: {item!r} is not of the form key=value.")
        if key in pairs:
            raise ImproperlyConfigured(f"{name}: {key!r} is given twice.")
        if value_pattern and not re.fullmatch(value_pattern, val):
            raise ImproperlyConfigured(
                f"{name}: {val!r} (for {key!r}) is not of the expected form."
            )
        pairs[key] = val
    return pairs
