"""Story keys made the fast way equal datasketch's own MinHash path (stored keys must never change)."""
from __future__ import annotations

import base64
import hashlib
import struct

from datasketch import MinHash
from newsfacet.engine import stories

from tests.corpora import corpus


def reference_keys(shingle_set: frozenset[str]) -> list[str]:
    """The keys as first written: datasketch hashing each shingle with its default sha1_hash32."""
    if not shingle_set:
        return []
    signature = MinHash(num_perm=stories.NUM_PERM, seed=stories.SEED, scheme=stories.SCHEME)
    signature.update_batch([shingle.encode("utf-8") for shingle in shingle_set])
    keys = []
    for band in range(stories.BANDS):
        rows = signature.hashvalues[band * stories.ROWS:(band + 1) * stories.ROWS]
        digest = hashlib.blake2b(struct.pack("<H", band) + rows.astype("<u8").tobytes(),
                                 digest_size=stories.KEY_BYTES).digest()
        keys.append(base64.urlsafe_b64encode(digest).decode("ascii"))
    return keys


def reference_shingles(title: str, body: str) -> frozenset[str]:
    words = stories._WORD.findall(stories.normalise_text(body))
    if len(words) < stories.SHINGLE_WORDS:
        words = stories._WORD.findall(stories.normalise_text(f"{title}\n{body}"))
    if len(words) < stories.SHINGLE_WORDS:
        return frozenset([" ".join(words)]) if words else frozenset()
    size = stories.SHINGLE_WORDS
    return frozenset(" ".join(words[i:i + size]) for i in range(len(words) - size + 1))


def test_keys_equal_the_reference_on_real_texts():
    files = sorted((corpus("bbc-news") / "bbc").rglob("*.txt"))[::10]
    texts = [path.read_text(encoding="utf-8", errors="replace").partition("\n") for path in files]
    texts += [("Kurz", "", "zwei Wörter"), ("", "", ""), ("서울", "", "부산 대구 인천 광주 대전 울산")]
    assert len(texts) > 200
    for title, _, body in texts:
        expected = reference_shingles(title, body)
        assert stories.shingles(title, body) == expected
        assert stories.story_keys(expected) == reference_keys(expected)
    assert stories.story_keys(frozenset()) == []
