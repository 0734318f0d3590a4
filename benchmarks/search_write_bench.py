"""Benchmark: what keeping the search vocabulary costs each write (migrations 0015, 0016).

    .venv/bin/python benchmarks/search_write_bench.py JOURNAL [--writes 200] [--columns]

Works on a copy of JOURNAL (a journal at head, e.g. one search_bench.py built).
Writes reviews and edits films through ``JournalService``, one transaction
each, in blocks that alternate between the ``search_sync_`` triggers as they
are (learning the words of the rows they add, ``search.words``) and the same
triggers without the learning statements (as before 0015), and prints the CPU
time per write of both, so the difference is the vocabulary's cost (writes that
bring a word the journal never had apart: only those compose the row twice).
``--columns`` compares with 0015's triggers instead (learning words, but not the
columns they are in, ``search_words.cols``): the cost of keeping the masks.
"""

from __future__ import annotations

import argparse
import importlib
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import Connection, create_engine

from watchjournal.journal import JournalService, ReviewFields
from watchjournal.search import index, words

BLOCK = 10


def _set_triggers(connection: Connection, learning: bool, columns: bool) -> None:
    sixteenth = importlib.import_module(
        "watchjournal.storage.migrations.versions.0016_search_word_columns"
    )
    for name, sql in index.sync_triggers(connection):
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
        plain = words.unlearning_trigger(sql)
        if learning:
            connection.exec_driver_sql(words.learning_trigger(plain))
        elif columns:  # 0015's learning: the words, not their columns
            connection.exec_driver_sql(words.learning_trigger(plain, sixteenth.LEARN_0015))
        else:
            connection.exec_driver_sql(plain)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("journal", type=Path)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--columns", action="store_true", help="against 0015's triggers, not none")
    args = parser.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory(dir=args.journal.parent) as scratch:
        path = Path(scratch) / "journal.sqlite"
        shutil.copy(args.journal, path)
        engine = create_engine(f"sqlite:///{path}")
        service = JournalService.open(path, Path(scratch) / "backups")
        with engine.connect() as connection:
            film_ids = [r[0] for r in connection.exec_driver_sql("SELECT id FROM films")]
            pool = [
                word
                for (body,) in connection.exec_driver_sql(
                    "SELECT body FROM reviews ORDER BY random() LIMIT 50"
                )
                for word in body.split()
            ]
        for film_id in rng.sample(film_ids, 3):  # warm up: the first writes read the file
            service.write_review(film_id, ReviewFields(body=" ".join(rng.choices(pool, k=200))))
        times: dict[bool, list[float]] = {True: [], False: []}
        new_word: dict[bool, list[float]] = {True: [], False: []}
        for block in range(args.writes // BLOCK):
            learning = block % 2 == 0
            with engine.begin() as connection:
                _set_triggers(connection, learning, args.columns)
            for number in range(BLOCK):
                film_id = rng.choice(film_ids)
                body = " ".join(rng.choices(pool, k=200))
                if number % 5 == 0:  # now and then a word the journal has never had
                    body += f" zq{block}x{number}word"
                started = time.process_time()
                service.write_review(film_id, ReviewFields(body=body))
                spent = (time.process_time() - started) * 1000
                (new_word if number % 5 == 0 else times)[learning].append(spent)
        service.close()
        engine.dispose()
    without = "0015's triggers (no columns)" if args.columns else "triggers without the vocabulary"
    for learning, label in ((False, without), (True, "with it")):
        for kind, values in (("known words", times[learning]), ("a new word", new_word[learning])):
            print(
                f"{label}, {kind}: median {statistics.median(values):.2f} ms CPU a write,"
                f" mean {statistics.fmean(values):.2f} ms, max {max(values):.2f}"
                f" ({len(values)} writes)"
            )


if __name__ == "__main__":
    main()
