"""Deterministic randomness: seeded generators per chunk/step and counter-based hashes per record id.

Attributes that must be the same wherever they are needed (a person's name or self-ID, a job's salary band)
are hashes of (seed, salt, id) instead of draws from a stream, so any chunk or time move can recompute
them without shared state.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

_MASK = (1 << 64) - 1


def _key(part: int | str) -> int:
    # Strings become stable 32-bit ints (Python's hash() is salted per process).
    return zlib.crc32(part.encode()) if isinstance(part, str) else int(part) & 0xFFFFFFFF


def rng_for(seed: int, *parts: int | str) -> np.random.Generator:
    """A generator for one named stream, e.g. ``rng_for(seed, chunk_no)`` or ``rng_for(seed, 'advance', 3)``."""
    return np.random.default_rng([seed & 0xFFFFFFFF, *(_key(p) for p in parts)])


def hash_u64(seed: int, salt: str, ids: np.ndarray) -> np.ndarray:
    """splitmix64 of (seed, salt, id): 64 well-mixed bits per id."""
    offset = np.uint64(((seed & 0xFFFFFFFF) << 32 | zlib.crc32(salt.encode())) * 0x9E3779B97F4A7C15 & _MASK)
    x = np.asarray(ids).astype(np.uint64) * np.uint64(0xBF58476D1CE4E5B9) + offset
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def hash_uniform(seed: int, salt: str, ids: np.ndarray) -> np.ndarray:
    """Uniform [0, 1) per id."""
    return (hash_u64(seed, salt, ids) >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))


def hash_choice(seed: int, salt: str, ids: np.ndarray, weights: np.ndarray | int) -> np.ndarray:
    """Index into ``weights`` (or range(n) uniformly when an int) per id."""
    u = hash_uniform(seed, salt, ids)
    if isinstance(weights, int):
        return np.minimum((u * weights).astype(np.int64), weights - 1)
    cum = np.cumsum(np.asarray(weights, dtype=np.float64))
    return np.minimum(np.searchsorted(cum / cum[-1], u, side="right"), len(cum) - 1)


def hash_normal(seed: int, salt: str, ids: np.ndarray) -> np.ndarray:
    """Standard normal per id (Box-Muller over two hashed uniforms)."""
    u1 = 1.0 - hash_uniform(seed, salt + ".1", ids)
    u2 = hash_uniform(seed, salt + ".2", ids)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


def choice(rng: np.random.Generator, n: int, weights: np.ndarray | list[float]) -> np.ndarray:
    """n weighted draws of indices (vectorised, cheaper than Generator.choice for repeated calls)."""
    cum = np.cumsum(np.asarray(weights, dtype=np.float64))
    return np.minimum(np.searchsorted(cum / cum[-1], rng.random(n), side="right"), len(cum) - 1)


def stratified_uniform(rng: np.random.Generator, keys: np.ndarray) -> np.ndarray:
    """Uniforms that are marginally U(0, 1) but spread evenly within each stratum of ``keys``.

    Why: with independent draws a 2,000-application world shows conversion rates (and the planted impact
    ratio) several points off their settings by chance; stratifying keeps every Bernoulli count within one
    of its expectation per stratum while each decision stays individually random.
    """
    n = len(keys)
    if n == 0:
        return np.zeros(0)
    order = np.lexsort((rng.random(n), keys))
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, n])
    group = np.repeat(np.arange(len(starts)), sizes)
    rank = np.arange(n) - starts[group]
    u = np.empty(n)
    u[order] = (rank + rng.random(n)) / sizes[group]
    return u


_erfc = np.vectorize(math.erfc, otypes=[np.float64])


def norm_sf(z: np.ndarray) -> np.ndarray:
    """P(Z > z) for a standard normal."""
    return 0.5 * _erfc(np.asarray(z, dtype=np.float64) / math.sqrt(2.0))


def norm_isf(q: np.ndarray) -> np.ndarray:
    """z with P(Z > z) = q (Acklam's rational approximation plus one Newton step; |error| < 1e-12)."""
    q = np.clip(np.asarray(q, dtype=np.float64), 1e-300, 1 - 1e-16)
    p = 1.0 - q
    a = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02, 1.383577518672690e02,
         -3.066479806614716e01, 2.506628277459239e00)  # fmt: skip
    b = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02, 6.680131188771972e01,
         -1.328068155288572e01)  # fmt: skip
    c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00, -2.549732539343734e00,
         4.374664141464968e00, 2.938163982698783e00)  # fmt: skip
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
    z = np.empty_like(q)
    lo, hi = p < 0.02425, q < 0.02425
    mid = ~(lo | hi)
    r = np.sqrt(-2 * np.log(p[lo]))
    z[lo] = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / (
        (((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1
    )
    r = np.sqrt(-2 * np.log(q[hi]))
    z[hi] = -(((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / (
        (((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1
    )
    t = p[mid] - 0.5
    r = t * t
    z[mid] = (
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * t
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    )
    # One Newton step on the survival function sharpens the tails.
    err = norm_sf(z) - q
    z = z + err * math.sqrt(2 * math.pi) * np.exp(z * z / 2)
    return z


def lognormal_above(rng: np.random.Generator, mu: np.ndarray, sigma: np.ndarray, floor: np.ndarray) -> np.ndarray:
    """Lognormal(mu, sigma) draws conditioned on being > floor (a stage visit already ``floor`` long)."""
    z0 = (np.log(np.maximum(floor, 1e-9)) - mu) / sigma
    q = norm_sf(z0) * (1.0 - rng.random(len(mu)))
    z = norm_isf(np.maximum(q, 1e-300))
    return np.maximum(np.exp(mu + sigma * z), floor * (1 + 1e-9) + 1.0)
