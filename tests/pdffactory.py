"""Small PDFs made with pikepdf for the PDF lint: a scan, a text PDF, a tagged one."""

from __future__ import annotations

import zlib
from pathlib import Path

import pikepdf


def make_pdf(path: Path, *, text: bool, tagged: bool = False, lang: str = "") -> Path:
    """A one-page PDF that draws text (a text layer) or only a picture (a scan)."""
    pdf = pikepdf.new()
    resources = pikepdf.Dictionary()
    if text:
        font = pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
        resources.Font = pikepdf.Dictionary(F1=font)
        drawing = b"BT /F1 24 Tf 72 720 Td (National Night Out, Aug. 4) Tj ET"
    else:
        resources.XObject = pikepdf.Dictionary(Im0=_picture(pdf))
        drawing = b"q 612 0 0 792 0 0 cm /Im0 Do Q"
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 612, 792],
        Resources=resources,
        Contents=pdf.make_stream(drawing),
    )
    pdf.pages.append(pikepdf.Page(page))
    if tagged:
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.Root.StructTreeRoot = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot)
        )
    if lang:
        pdf.Root.Lang = pikepdf.String(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path)
    return path


def _picture(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    return pikepdf.Stream(
        pdf,
        zlib.compress(b"\x80" * 100),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=10,
        Height=10,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
    )
