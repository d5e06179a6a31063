"""Turn the paths a user names into input files and the paths of their corrected copies."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from repair.document import Document
from repair.errors import InputError, OutputError
from repair.formats import known_suffixes

#: Marker inserted before the suffix of a corrected copy: ``article.txt`` -> ``article.repaired.txt``.
REPAIRED = ".repaired"


@dataclass(frozen=True)
class InputFile:
    """One file to process.

    Attributes:
        path: the file as named or found (``"-"`` for stdin).
        relative: its path below the folder it was found in (for ``--out-dir`` trees).
    """

    path: str
    relative: Path


def expand(paths: list[str], exclude: str | None = None) -> list[InputFile]:
    """Files named directly, and the known-format files under named folders (sorted).

    Folder walks skip hidden entries, corrected copies (``*.repaired.*``) and everything
    under ``exclude`` (the ``--out-dir``) when it lies inside the walked folder; a folder that
    lies inside ``exclude`` is walked whole (its copies go elsewhere in ``exclude``).

    Raises:
        InputError: for a missing path, a folder with no files of a known format, or
            ``-`` mixed with other paths.
        OutputError: when ``exclude`` is a walked folder itself (every copy would overwrite
            its input).
    """
    if "-" in paths and len(paths) > 1:
        raise InputError("-", "stdin ('-') cannot be combined with other paths")
    out: list[InputFile] = []
    suffixes = known_suffixes()
    skip = Path(exclude).resolve() if exclude else None
    for name in paths:
        p = Path(name)
        if name == "-":
            out.append(InputFile("-", Path("stdin")))
        elif p.is_dir():
            if skip is not None and skip == p.resolve():
                raise OutputError(
                    str(exclude),
                    f"--out-dir is the input folder {name} itself: each corrected copy would "
                    "overwrite its input; name another folder",
                )
            inside = skip is not None and skip.is_relative_to(p.resolve())
            found = [
                f
                for f in _walk(p)
                if f.is_file()
                and f.suffix.lower() in suffixes
                and REPAIRED not in f.name
                and not (inside and skip is not None and f.resolve().is_relative_to(skip))
            ]
            if not found:
                raise InputError(name, f"folder holds no files of a known format ({', '.join(sorted(suffixes))})")
            out.extend(InputFile(str(f), f.relative_to(p)) for f in found)
        elif not p.exists():
            raise InputError(name, "no such file or folder")
        else:
            out.append(InputFile(name, Path(p.name)))
    return out


def _walk(folder: Path) -> list[Path]:
    """Every entry but the folders below ``folder``, sorted, leaving out hidden entries (and
    everything under a hidden folder); symbolic links to folders are not followed.

    Raises:
        InputError: for a folder that cannot be read (its files would be left out unseen).
    """

    def fail(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else folder
        raise InputError(str(where), f"cannot read the folder: {exc.strerror or exc}")

    found: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=fail):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root, name) for name in names if not name.startswith(".")]
    return sorted(found)


def require_text(doc: Document) -> None:
    """Refuse a file with nothing to check: no segment holds any text but blanks (a text file
    of blank lines; an XLIFF, PO or TMX whose units have no target; a table with a header
    only). Checking it would report "no findings", which a script would take for a clean file.

    Raises:
        InputError: naming ``doc.path``.
    """
    if any(not seg.text.isspace() and seg.text for seg in doc.segments):
        return
    if doc.format in ("text", "markdown"):
        raise InputError(doc.path, "nothing to check: blank lines only")
    raise InputError(doc.path, "nothing to check: no unit has target text (untranslated, or a header only)")


def repaired_name(path: Path) -> Path:
    """``dir/article.txt`` -> ``dir/article.repaired.txt`` (``README`` -> ``README.repaired``)."""
    return path.with_name(path.stem + REPAIRED + path.suffix) if path.suffix else path.with_name(path.name + REPAIRED)


def check_out_dir(out_dir: str | None) -> None:
    """Refuse an ``--out-dir`` that exists but is no folder.

    Raises:
        OutputError: naming the path.
    """
    if out_dir and Path(out_dir).exists() and not Path(out_dir).is_dir():
        raise OutputError(out_dir, "is a file, expected a folder for --out-dir")


def output_path(item: InputFile, out_dir: str | None, output: str | None, in_place: bool) -> Path:
    """Where the corrected copy of ``item`` goes.

    Args:
        item: the input.
        out_dir: mirror the input tree under this folder (same file names).
        output: an explicit output file (one input only).
        in_place: overwrite the input.
    """
    if in_place:
        return Path(item.path)
    if output:
        return Path(output)
    if out_dir:
        return Path(out_dir) / item.relative
    return repaired_name(Path(item.path))


def check_outputs(items: list[InputFile], outputs: list[Path], in_place: bool) -> None:
    """Refuse to overwrite an input (unless in place) or to write two inputs to one file.

    Raises:
        OutputError: naming the output path and the clash.
    """
    inputs = {Path(i.path).resolve() for i in items if i.path != "-"}
    seen: dict[Path, str] = {}
    for item, out in zip(items, outputs):
        r = out.resolve()
        if not in_place and r in inputs:
            raise OutputError(str(out), "would overwrite an input file; use --in-place to do that on purpose")
        if r in seen:
            raise OutputError(str(out), f"two inputs ({seen[r]} and {item.path}) would be written here")
        if r.is_dir():
            raise OutputError(str(out), "is a folder")
        seen[r] = item.path


def backup_path(path: str, original: bytes) -> Path | None:
    """Where ``fix --in-place`` keeps the original of ``path``: ``NAME.bak`` beside it (beside
    the link, for a symbolic link). A backup is never overwritten: when ``NAME.bak`` holds
    other bytes (an earlier run's original), the first free of ``NAME.bak.1``, ``NAME.bak.2``...

    Args:
        path: the input as named.
        original: its bytes now.

    Returns:
        The path, or ``None`` when an existing backup already holds exactly ``original``.
    """
    first = Path(path + ".bak")
    candidate, n = first, 0
    while candidate.exists() or candidate.is_symlink():
        try:
            if candidate.is_file() and candidate.stat().st_size == len(original) and candidate.read_bytes() == original:
                return None
        except OSError:
            pass
        n += 1
        candidate = first.with_name(f"{first.name}.{n}")
    return candidate
