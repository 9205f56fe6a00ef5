"""Reading settings from environment variables: typed, and refusing values that cannot work.

A bad value stops the app at start-up with ImproperlyConfigured naming the variable, rather
than failing later in a request, an email or a worker on another machine.
"""

import os
import uuid
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    """A string variable, surrounding spaces removed; the default when unset or blank."""
    return os.environ.get(name, "").strip() or default


def env_secret(name: str) -> str:
    """A secret exactly as given, or "" when unset: a key or password is never trimmed."""
    return os.environ.get(name, "")


def env_flag(name: str, default: bool = False) -> bool:
    """A yes/no variable: "1", "true", "yes" or "on" mean yes."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated variable."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or default


def env_int(name: str, default: int) -> int:
    """A whole-number variable."""
    value = env_str(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_uuid(name: str) -> str:
    """A UUID variable (a GOV.UK Notify template id, say), or "" when unset."""
    value = env_str(name)
    if value:
        try:
            uuid.UUID(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a UUID, not {value!r}.") from None
    return value


def site_url(name: str, value: str) -> str:
    """The installation's public address: absolute http(s), no trailing slash.

    Links that leave a request (emails, calendar feeds) are built as SITE_URL + path, so a
    trailing slash is removed here rather than doubled there. A path prefix is kept, for an
    installation served under one (https://example.gov.uk/send-tracker).
    """
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 (reading the port checks it: "https://host:abc" raises)
        absolute = parts.scheme in {"http", "https"} and bool(parts.hostname)
    except ValueError:
        absolute = False
    if not absolute:
        raise ImproperlyConfigured(
            f"{name} must be an absolute http:// or https:// address such as "
            f"https://send-tracker.example.gov.uk, not {value!r}."
        )
    if any(char in value for char in "?# ") or parts.username or parts.password:
        raise ImproperlyConfigured(
            f"{name} must be a plain address (no query, fragment, user name or spaces), "
            f"not {value!r}."
        )
    return value.rstrip("/")


def redis_url(name: str, value: str) -> str:
    """A Redis address as the redis package reads it: redis://, rediss:// or unix://."""
    if urlsplit(value).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            f"{name} must start with redis://, rediss:// or unix://, not {value!r}."
        )
    return value
