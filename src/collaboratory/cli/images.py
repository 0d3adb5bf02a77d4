"""``collaboratory images build NAME`` and ``collaboratory images list``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from collaboratory.config import Settings


def cmd_images_build(args: argparse.Namespace, settings: Settings) -> int:
    from collaboratory.runtimes.images import ImageBuildError, ImageStore

    store = ImageStore(settings)
    if args.name not in settings.runtimes.images:
        known = ", ".join(sorted(settings.runtimes.images))
        print(f"error: no runtime image {args.name!r} (configured: {known})", file=sys.stderr)
        return 2
    if not args.upgrade and (ready := store.up_to_date(args.name)) is not None:
        print(f"Runtime image {args.name} is up to date: version {ready.version}.")
        return 0
    print(f"Building runtime image {args.name} in {store.root / args.name}", flush=True)
    try:
        version = asyncio.run(
            store.build(args.name, upgrade=args.upgrade, echo=lambda line: print(line, flush=True))
        )
    except ImageBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    manifest = version.manifest()
    size = int(manifest.get("size_bytes") or 0) / 1e6
    print(
        f"Runtime image {args.name} version {version.version}: Python {manifest.get('python')}, "
        f"{len(manifest.get('packages', []))} packages, {size:.0f} MB."
    )
    return 0


def cmd_images_list(args: argparse.Namespace, settings: Settings) -> int:
    from collaboratory.runtimes.images import ImageStore

    store = ImageStore(settings)
    for name in sorted(settings.runtimes.images):
        info = store.describe(name)
        size = f"{int(info['size_bytes']) / 1e6:.0f} MB" if info["size_bytes"] else "-"
        print(f"{name:12} {info['state']:9} {info['version'] or '-':17} {size}")
    return 0


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    settings_of: Callable[[argparse.Namespace], Settings],
) -> None:
    images = commands.add_parser("images", help="runtime images").add_subparsers(
        dest="action", required=True
    )

    def add(name: str, help_text: str, run: Callable[..., int]) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = images.add_parser(name, help=help_text)
        sub.add_argument("--config", type=Path, help="TOML file")
        sub.add_argument("--data-dir", type=Path, help="data directory")
        sub.set_defaults(run=lambda args: run(args, settings_of(args)))
        return sub

    build = add("build", "build a runtime image (when it is not up to date)", cmd_images_build)
    build.add_argument("name", help="the image's name, as in [runtimes.images.<name>]")
    build.add_argument("--upgrade", action="store_true", help="resolve the packages afresh")
    add("list", "the runtime images and their state", cmd_images_list)
