"""CSV downloads that a spreadsheet opens as data: no cell the site offers can start a live formula."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP CSV injection)."""

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula(text: object) -> bool:
    """True for text a spreadsheet would run: it starts with = + - @, a tab or a CR and is not a plain number."""
    return isinstance(text, str) and text.startswith(FORMULA_LEAD) and not _NUMBER.fullmatch(text)


def neutralise(value: object) -> object:
    """The value with a leading apostrophe if a spreadsheet would run it, else unchanged."""
    return "'" + value if is_formula(value) else value


def frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of df whose text cells (and column names) are all inert."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(c) for c in out.columns]
    return out


def write(df: pd.DataFrame, path: str | Path, **to_csv: object) -> None:
    """Write df as CSV with every formula-leading text cell neutralised (defence in depth behind validation)."""
    frame(df).to_csv(path, **to_csv)
