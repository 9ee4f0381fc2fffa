"""CLONED_NARRATIVE: near-identical narratives across a batch (copy-paste documentation).

Streaming and sub-quadratic: MinHash (datasketch) over word shingles of the normalised
narrative, cut into LSH bands. Only a few uint32 band hashes per record are kept (never the
MinHash objects); colliding bands are found by sorting, and only the candidates' signatures
are recomputed on a second pass to verify the estimated Jaccard similarity.

Normalisation lower-cases and masks digits so that "BP 120/80 HR 88" and "BP 130/85 HR 92"
still count as the same text: cloned narratives typically differ only by vitals and times.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import islice
from typing import Callable, Iterable, Iterator

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from ..records import RawLine, materialize
from ..records.errors import RecordError
from ..records.model import Record
from ..result import Finding
from ..rules import make_finding

# a word, or a number, time or vital ("120/80", "14:32", "0.4"): the number group is empty in findall
_TOKEN = re.compile(r"([a-z]+)|\d+(?:[.:/]\d+)*")
MAX_RELATED = 20  # ids listed per finding; the message still counts them all
WORD_CACHE = 200_000  # distinct words whose hash a Signer remembers (bounded memory)


@dataclass(frozen=True)
class CloneConfig:
    threshold: float = 0.8  # estimated Jaccard similarity of word shingles
    num_perm: int = 128
    shingle: int = 3  # words per shingle
    min_words: int = 12  # shorter narratives are left to NARRATIVE_TOO_THIN
    seed: int = 1


@dataclass
class CloneHit:
    """What one record clones: the other records' ids and the lowest similarity among them."""

    related: list[str]
    count: int
    similarity: float
    length: int  # narrative length, for the whole-narrative evidence span

    def finding(self) -> Finding:
        """The CLONED_NARRATIVE finding, which the Scorer scores with the record's other findings."""
        pct = "100%" if self.similarity >= 0.999 else f"about {round(self.similarity * 100)}%"
        return make_finding("CLONED_NARRATIVE", [{"start": 0, "end": self.length}], self.related,
                            similarity=pct, count=self.count)


def normalise(text: str) -> list[str]:
    """Lower-case words with numbers, times and vitals masked to "0"."""
    return [word or "0" for word in _TOKEN.findall(text.lower())]


# the hashing below wraps on purpose: numpy integer arrays wrap silently on overflow (no errstate needed)
_SHINGLE_MIX = np.uint64(0x9E3779B1)
_MASK32 = np.uint64(0xFFFFFFFF)
# MurmurHash3's 32-bit finalizer, which datasketch's "affine32" scheme applies to each input hash
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@lru_cache(maxsize=8)
def _band_params(threshold: float, num_perm: int) -> tuple[int, int]:
    # weigh missed clones 9:1 over extra candidates: every candidate is verified on its signature anyway
    # (datasketch integrates the collision curves: ~10 ms, so once per configuration, not per chunk)
    return _optimal_param(threshold, num_perm, 0.1, 0.9)


class Signer:
    """MinHash signatures and LSH band hashes of narratives, with fixed seeds (same on every worker)."""

    def __init__(self, config: CloneConfig = CloneConfig()) -> None:
        self.config = config
        self.bands, self.rows = _band_params(config.threshold, config.num_perm)
        template = MinHash(num_perm=config.num_perm, seed=config.seed, hashfunc=int)
        if template.scheme != "affine32":
            raise ValueError(f"datasketch MinHash scheme {template.scheme!r}: Signer computes 'affine32' values")
        self._a, self._b = template.permutations
        self._empty = template.hashvalues
        mix = np.random.default_rng(config.seed).integers(1, 2**63, size=self.rows, dtype=np.uint64) | np.uint64(1)
        self._mix = mix
        self._words: dict[str, int] = {}

    def signature(self, text: str | None) -> np.ndarray | None:
        """The MinHash hash values (uint32), or None for a narrative too short to compare.

        Word hashes (crc32) are combined into 32-bit shingle hashes in numpy, so the MinHash
        update needs no string building or hashing per shingle.
        """
        words = normalise(text or "")
        k = self.config.shingle
        if len(words) < max(self.config.min_words, k):
            return None
        h = np.array(self._word_ids(words), dtype=np.uint64)
        n = len(words) - k + 1
        shingles = h[:n].copy()
        for j in range(1, k):
            shingles = shingles * _SHINGLE_MIX + h[j:j + n]
        # a repeated shingle changes no minimum: no need to deduplicate (np.unique sorts)
        return self.minhash((shingles & _MASK32).astype(np.uint32))

    def minhash(self, values: np.ndarray) -> np.ndarray:
        """What ``MinHash(num_perm, seed, hashfunc=int).update_batch(values)`` leaves in ``hashvalues``
        (datasketch's default "affine32" scheme: fmix32 of each value, then ``a * h + b`` mod 2**32 per
        permutation, the minimum over the values), computed without copying a MinHash per narrative."""
        if not len(values):
            return self._empty.copy()
        s1, m1, s2, m2, s3 = _FMIX32
        hv = values ^ (values >> s1)
        hv *= m1
        hv ^= hv >> s2
        hv *= m2
        hv ^= hv >> s3
        permuted = np.multiply.outer(hv, self._a)  # (values, permutations)
        permuted += self._b
        return np.minimum(self._empty, permuted.min(axis=0))

    def _word_ids(self, words: list[str]) -> list[int]:
        """crc32 of each word, cached: EMS vocabulary is small, so most words are dictionary hits."""
        cache = self._words
        ids = list(map(cache.get, words))
        if None in ids:
            if len(cache) > WORD_CACHE:
                cache.clear()
            for i, word in enumerate(words):
                if ids[i] is None:
                    ids[i] = cache[word] = zlib.crc32(word.encode())
        return ids

    def band_hashes(self, sig: np.ndarray) -> np.ndarray:
        """One uint32 per LSH band: a fixed polynomial mix of the band's rows (wraps mod 2**64)."""
        rows = sig[: self.bands * self.rows].reshape(self.bands, self.rows)
        mixed = (rows * self._mix).sum(axis=1, dtype=np.uint64)
        return (mixed ^ (mixed >> np.uint64(32))).astype(np.uint32)


def _narratives(items: Iterable[Record | RecordError | RawLine]) -> Iterator[tuple[int, str | RawLine]]:
    """(position, narrative) of each readable record; deferred lines are passed on unparsed."""
    for position, item in enumerate(items):
        if isinstance(item, Record):
            yield position, item.narrative
        elif isinstance(item, RawLine):
            yield position, item


class BandIndex:
    """Band hashes of every record in a batch, appended in blocks: about 4 bytes x bands per record."""

    BLOCK = 65536

    def __init__(self, signer: Signer) -> None:
        self.signer = signer
        self._blocks: list[np.ndarray] = []
        self._positions: list[np.ndarray] = []
        self._block = np.zeros((self.BLOCK, signer.bands), dtype=np.uint32)
        self._pos = np.zeros(self.BLOCK, dtype=np.int64)
        self._n = 0

    def add(self, position: int, text: str | None) -> None:
        sig = self.signer.signature(text)
        if sig is None:
            return
        self._block[self._n] = self.signer.band_hashes(sig)
        self._pos[self._n] = position
        self._n += 1
        if self._n == self.BLOCK:
            self._flush()

    def extend(self, other: tuple[np.ndarray, np.ndarray]) -> None:
        """Merge band hashes computed elsewhere (a Dask partition): (positions, hashes)."""
        self._flush()
        self._positions.append(other[0])
        self._blocks.append(other[1])

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        self._flush()
        if not self._blocks:
            return np.zeros(0, dtype=np.int64), np.zeros((0, self.signer.bands), dtype=np.uint32)
        return np.concatenate(self._positions), np.concatenate(self._blocks)

    def _flush(self) -> None:
        if self._n:
            self._blocks.append(self._block[: self._n].copy())
            self._positions.append(self._pos[: self._n].copy())
            self._n = 0

    def candidates(self) -> list[np.ndarray]:
        """Groups of positions sharing at least one band (union-find over sorted runs)."""
        positions, hashes = self.arrays()
        n = len(positions)
        parent = np.arange(n)

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for band in range(hashes.shape[1] if n else 0):
            col = hashes[:, band]
            order = np.argsort(col, kind="stable")
            same = np.flatnonzero(col[order][1:] == col[order][:-1])
            for j in same:
                a, b = find(order[j]), find(order[j + 1])
                if a != b:
                    parent[max(a, b)] = min(a, b)
        roots = np.array([find(i) for i in range(n)], dtype=np.int64)
        groups: dict[int, list[int]] = {}
        for i in np.flatnonzero(np.bincount(roots, minlength=n)[roots] > 1):
            groups.setdefault(int(roots[i]), []).append(int(positions[i]))
        return [np.array(sorted(g)) for g in groups.values()]


@dataclass
class Member:
    """A candidate record's signature, kept only for records in a colliding band."""

    position: int
    id: str
    length: int
    sig: np.ndarray


def collect(items: Iterable[tuple[int, Record | RecordError | RawLine]], wanted: set[int],
            signer: Signer) -> list[Member]:
    """Second pass: recompute the signatures of the candidate records only (parsing only those)."""
    members = []
    for position, item in items:
        if position not in wanted:
            continue
        record = materialize(item)
        if isinstance(record, Record):
            sig = signer.signature(record.narrative)
            if sig is not None:
                members.append(Member(position, record.id, len(record.narrative), sig))
    return members


def cluster(groups: list[np.ndarray], members: Iterable[Member], threshold: float) -> dict[int, CloneHit]:
    """Keep the real near-duplicates among the candidates, as CloneHits by position.

    Within a candidate group, records join the first cluster whose representative they match at
    the threshold (input order, so results are deterministic); every member of a cluster of two or
    more records gets a CloneHit listing the others.
    """
    by_position = {m.position: m for m in members}
    hits: dict[int, CloneHit] = {}
    for group in groups:
        clusters: list[list[tuple[Member, float]]] = []
        for p in group:
            m = by_position.get(int(p))
            if m is None:
                continue
            for c in clusters:
                sim = float(np.mean(c[0][0].sig == m.sig))
                if sim >= threshold:
                    c.append((m, sim))
                    break
            else:
                clusters.append([(m, 1.0)])
        for c in clusters:
            if len(c) < 2:
                continue
            low = min(s for _, s in c)
            for m, _ in c:
                others = [o.id for o, _ in c if o is not m]
                hits[m.position] = CloneHit(others[:MAX_RELATED], len(others), low, m.length)
    return hits


def wanted_positions(groups: list[np.ndarray]) -> set[int]:
    return {int(p) for g in groups for p in g}


@lru_cache(maxsize=4)
def process_signer(config: CloneConfig) -> Signer:
    """One Signer per configuration in a process: a pool worker computes many chunks, and a Signer
    costs ~1 ms to build (its MinHash permutations) and keeps a cache of word hashes."""
    return Signer(config)


def band_chunk(config: CloneConfig, chunk: list[tuple[int, str | RawLine]]) -> tuple[np.ndarray, np.ndarray]:
    """(positions, band hashes) of a chunk of (position, narrative or unparsed line): the unit a pool
    worker computes."""
    index = BandIndex(process_signer(config))
    for position, text in chunk:
        index.add(position, text.narrative() if isinstance(text, RawLine) else text)
    return index.arrays()


def find_clones(items: Callable[[], Iterable[Record | RecordError | RawLine]], config: CloneConfig = CloneConfig(),
                imap: Callable[[Callable, Iterable], Iterable] = map, chunk: int = 2000) -> dict[int, CloneHit]:
    """Clone hits by input position; ``items()`` must return a fresh iterator over the inputs each call.

    ``imap`` is an ordered, lazy map (the builtin, or :meth:`narrative.batch.workers.Pool.imap` to
    spread the signatures over the worker processes); ``chunk`` records go to one call.
    """
    signer = Signer(config)
    index = BandIndex(signer)
    texts = _narratives(items())
    chunks = iter(lambda: list(islice(texts, chunk)), [])
    for arrays in imap(partial(band_chunk, config), chunks):
        index.extend(arrays)
    groups = index.candidates()
    if not groups:
        return {}
    return cluster(groups, collect(enumerate(items()), wanted_positions(groups), signer), config.threshold)

