"""``watchjournal year-in-review YEAR [--out FILE.html] [--png FILE.png | --no-png] [--query Q]``:
the year as one self-contained web page, and as a picture for sharing (beside the
page unless told otherwise)."""

from __future__ import annotations

import argparse
from pathlib import Path

from watchjournal.cli.context import CliContext
from watchjournal.errors import ValidationError
from watchjournal.interchange.targets import ExportExistsError, ProtectedFiles, check_file_target
from watchjournal.interchange.year_review import (
    gather_year_review,
    write_year_review,
    year_review_html,
)
from watchjournal.metadata.cache import PosterCache


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "year-in-review",
        help="write a year in review (one offline web page, and a PNG)",
        description="Writes YEAR's review as one self-contained HTML file (posters"
        " embedded, no external links) and as a picture to share (FILE.png beside it)."
        " --query leaves out films (e.g. -tag:private). An existing file is never"
        " replaced without --force.",
    )
    parser.add_argument("year", type=int, metavar="YEAR", help="the year, e.g. 2025")
    parser.add_argument("--out", metavar="FILE.html", help="the page (default YEAR-in-review.html)")
    picture = parser.add_mutually_exclusive_group()
    picture.add_argument(
        "--png", metavar="FILE.png", help="the picture (default: the page's name, .png)"
    )
    picture.add_argument("--no-png", action="store_true", help="write the page only")
    parser.add_argument(
        "--query",
        metavar="Q",
        help="only films matching Q (the search language; --query=-tag:x for a leading -)",
    )
    parser.add_argument("--force", action="store_true", help="replace files that exist")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    if not 1 <= args.year <= 9999:
        raise ValidationError(f"{args.year} is not a year")
    service = ctx.service
    out = Path(args.out or f"{args.year}-in-review.html")
    png = None if args.no_png else Path(args.png) if args.png else out.with_suffix(".png")
    protected = ProtectedFiles.of(service)
    existing = [p for p in (out, png) if p is not None and check_file_target(p, protected)]
    if existing and not args.force:
        hint = "nothing was written; add --force to replace it"
        raise ValidationError(f"{ExportExistsError(existing)}: {hint}")
    review = gather_year_review(service, args.year, args.query, PosterCache(ctx.paths.cache_dir))
    write_year_review(year_review_html(review), out, protected, overwrite=args.force)
    films = review.stats.films.value
    ctx.print(f"Wrote {out} ({films:,} film{'' if films == 1 else 's'}).")
    if png is not None:
        # Lazy: Qt loads only when a picture is asked for (ui/ holds the Qt code).
        from watchjournal.ui.stats.review_png import ensure_gui_application, save_year_review_png

        ensure_gui_application()
        save_year_review_png(review, png)
        ctx.print(f"Wrote {png}.")
    return 0
