"""Primary keys derived from natural keys, so generated fixtures are stable.

The same source gives the same rows with the same ids on every run, whatever
order documents are ingested in. 48 bits keep ids exact in JavaScript clients
too; a collision is checked for when fixtures are built.
"""

import hashlib


def stable_pk(model_label: str, *natural_key: object) -> int:
    material = "\x1f".join([model_label, *map(str, natural_key)]).encode("utf-8")
    return int.from_bytes(hashlib.sha256(material).digest()[:6], "big") or 1
