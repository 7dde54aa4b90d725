"""Check that the compiled core and pure Python clean every file alike (CI runs it).

    python benchmarks/equal_cores.py ../shared/corpus ../shared/eval/dev fixtures

For each file under the folders given (every file, whatever its name), both paths clean it as
``dedupe clean`` would, normalised and faithful: the outputs must be the same bytes and the
removals equal, a refusal the same refusal; the keys of its paragraphs must be those Python makes,
and the features of each distinct key equal field by field. Exits 1 on the first difference,
naming the file, and 2 when the compiled core is not built (there is nothing to compare).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dedupe import DedupeError, clean_bytes, similarity
from dedupe.reader import KEY_TRANSLATION, _nfkc, make_key, read, split_paragraphs
from dedupe.similarity import features


def cleaned(data: bytes, pure: bool) -> object:
    core = similarity.CORE
    if pure:
        similarity.CORE = None
    try:
        normal, faithful = clean_bytes(data), clean_bytes(data, faithful=True)
        return normal.output, normal.removed, faithful.output, faithful.removed
    except DedupeError as err:
        return repr(err)
    finally:
        similarity.CORE = core


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    core = similarity.CORE
    if core is None:
        print(f"equal cores: the compiled core is not in use ({similarity.core_name()}): nothing to compare")
        return 2
    files = keys = 0
    for folder in args.folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if cleaned(data, pure=False) != cleaned(data, pure=True):
                print(f"equal cores: {path}: the compiled core and pure Python clean it differently")
                return 1
            try:
                paragraphs = split_paragraphs(read(data))
            except DedupeError:
                paragraphs = ()
            texts = [p.text for p in paragraphs]
            if core.keys(texts, _nfkc, KEY_TRANSLATION) != [make_key(text) for text in texts]:
                print(f"equal cores: {path}: the keys of its paragraphs differ")
                return 1
            firsts = {p.key: p for p in reversed(paragraphs)}  # the first paragraph of each key
            made = core.features(list(firsts), [p.text for p in firsts.values()])
            for (key, paragraph), feature in zip(firsts.items(), made, strict=True):
                if feature is not None and feature.fields() != features(paragraph).fields():
                    print(f"equal cores: {path}: the features of {key[:60]!r} differ")
                    return 1
            files += 1
            keys += len(firsts)
    print(f"equal cores: {files} files, {keys} paragraph keys: the same outputs, removals, keys and features")
    return 0


if __name__ == "__main__":
    sys.exit(main())
