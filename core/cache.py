"""A Redis cache that degrades instead of failing when Redis is unreachable.

Cap keeps nothing in the cache that a page cannot do without: login counters, small
memos. When Redis is down (restarting, network cut, out of memory), every cache call
answers as an empty cache would (`get` → default, `add`/`set` → nothing kept, `incr` → the
delta) and the first failure of each minute is logged under `core.cache`, so that login,
pages and writes keep working and the outage shows in the logs and in /healthz.

Django's RedisCache with short socket timeouts (settings: 0.5 s connect, 1 s read) so
that an unreachable server costs at most about a second per request, never a 500.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("core.cache")

_LOG_EVERY_SECONDS = 60


def _redis_errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import RedisError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, RedisError, OSError)


class DegradingRedisCache(RedisCache):
    """RedisCache whose every operation answers like an empty cache when Redis is down."""

    _last_logged = 0.0

    def _degraded(self, operation: str, error: BaseException, default):
        now = time.monotonic()
        if now - DegradingRedisCache._last_logged >= _LOG_EVERY_SECONDS:
            DegradingRedisCache._last_logged = now
            logger.error(
                "cache-unavailable operation=%s error=%s: the cache answers as empty",
                operation,
                error.__class__.__name__,
            )
        return default

    def _guard(self, operation: str, default, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except _redis_errors() as error:
            return self._degraded(operation, error, default)

    def add(self, key, value, timeout=None, version=None):
        return self._guard("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guard("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=None, version=None):
        return self._guard("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._guard("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A missing key raises ValueError as Django documents; a down server counts as
        # the first increment, so callers comparing with a limit never lock anyone out.
        return self._guard("incr", delta, super().incr, key, delta, version)

    def set_many(self, data, timeout=None, version=None):
        return self._guard("set_many", [], super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._guard("clear", False, super().clear)
