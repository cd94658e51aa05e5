"""The review's exports go into one folder: the lead names a file, never a path.

``review.export_dir`` in config.yaml names the folder (relative: to
config.yaml's folder; empty: ``exports`` in the data folder). The lead types
a file name only: one with a path separator, ``..``, a leading dot (the
temporary files' mark) or a control or invisible character is refused with
its reason, and one without ``.csv`` gets it. The folder is made, readable
by its owner only, when the first export goes there. A name already taken is
never replaced: the export gets the next free one (``name-2.csv``), and the
lead is told where it went. The file itself is written by
:func:`agent_tui.service.review_export.write_export`, as the command line's
are.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from agent_tui.config import Config
from agent_tui.paths import data_dir
from agent_tui.service.review_export import ExportProblem

#: The folder's name in the data folder when config.yaml names none.
DEFAULT_FOLDER = "exports"
#: The longest name, in UTF-8 bytes: a file system allows 255, and the temporary
#: file beside it (``.NAME.XXXXXXXX.partial``) and a ``-NNN`` suffix need the rest.
MAX_NAME_BYTES = 200
SUFFIX = ".csv"
#: How many taken names are tried (``name-2.csv`` to this) before the export is refused.
MAX_TRIES = 999


def export_folder(config: Config) -> Path:
    """The folder the review's exports are written into (not made here)."""
    setting = config.review.export_dir.strip()
    if not setting:
        return data_dir() / DEFAULT_FOLDER
    folder = Path(setting).expanduser()
    return folder if folder.is_absolute() else Path(config.base_dir) / folder


def file_name(typed: str) -> str:
    """The file name the lead typed, checked, with ``.csv`` added if it has none.

    Raises :class:`~agent_tui.service.review_export.ExportProblem` naming what
    is wrong with it.
    """
    name = typed.strip()
    if not name:
        raise ExportProblem("no_file")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise ExportProblem("name_control")
    if "/" in name or "\\" in name:
        raise ExportProblem("name_path")
    if ".." in name:
        raise ExportProblem("name_dots")
    if name.startswith("."):
        raise ExportProblem("name_hidden")
    if not name.casefold().endswith(SUFFIX):
        name += SUFFIX
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise ExportProblem("name_long", most=MAX_NAME_BYTES)
    return name


def free_place(folder: Path, name: str) -> Path:
    """Where the export named ``name`` goes in ``folder``: that name, or the first free ``name-N.csv``.

    Makes the folder (0700) if it is missing. Raises
    :class:`~agent_tui.service.review_export.ExportProblem` when it cannot
    be made or is not a folder.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except FileExistsError:
        raise ExportProblem("folder_not_folder", folder=str(folder)) from None
    except OSError as exc:
        raise ExportProblem("folder_cannot_make", folder=str(folder), reason=exc.strerror or str(exc)) from None
    stem = name[: -len(SUFFIX)]
    for n in range(1, MAX_TRIES + 1):
        place = folder / (name if n == 1 else f"{stem}-{n}{SUFFIX}")
        if not (place.exists() or place.is_symlink()):
            return place
    raise ExportProblem("exists", path=str(folder / name))
