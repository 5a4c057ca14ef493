"""How well tifa puts a PDF's lines back into paragraphs (src/pdf.rs), on reports laid out three ways.

Each report (a .txt file, a paragraph a line) is made into PDF files as offices make them, and the
text tifa reads from each (tifa.read_text, as `tifa tag` reads it) is compared with the report's
paragraphs:

  chromium   printed by Chromium: A4, official-document margins, 16 pt justified, first lines indented
             two characters, 28 pt line to line, page numbers in the foot
  writer     the same written as a Word user writes it (python-docx: first-line indent, exact line
             spacing) and exported by LibreOffice Writer
  left       the same Word document left-aligned, without indents, 8 pt between paragraphs

A report's expected text is its non-empty lines with the white space next to Chinese characters
removed (a PDF does not tell a typed space there from justification: tifa does not keep them), other
white space (a no-break space) a space, and invisible characters (zero-width space, joiner) left out
(of what tifa reads as well: a PDF may draw them or not). Printed: per
layout, how many documents came back exactly, and how many paragraphs came back whole.

Needs Debian's chromium, fonts-wqy-zenhei and libreoffice-writer-nogui, the Python package in .venv
(scripts/python-env.sh), and python-docx (installed into .venv when missing):

    .venv/bin/python bench/pdf-layout.py FOLDER_OF_TXT_REPORTS [WORK_DIR]

e.g. the four samples: `.venv/bin/python bench/pdf-layout.py tests/fixtures/corpus`.
"""
import html
import pathlib
import re
import subprocess
import sys
import tempfile

try:
    import docx  # noqa: F401
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "python-docx"], check=True)

import tifa
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

# the official document's page, shared with the PDF fixtures
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf"))
from official import WIDE, official_document  # noqa: E402


def paragraphs(report: pathlib.Path) -> list[str]:
    return [line.strip() for line in report.read_text(encoding="utf-8").split("\n") if line.strip()]


def chromium(lines: list[str], pdf: pathlib.Path) -> None:
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center {{ content: "— " counter(page) " —"; }} }}
body {{ font-family: 'WenQuanYi Zen Hei'; font-size: 16pt; line-height: 28pt; margin: 0; }}
p {{ text-indent: 2em; text-align: justify; margin: 0; }}
</style></head><body>{"".join("<p>" + html.escape(line) + "</p>" for line in lines)}</body></html>"""
    page_file = pdf.with_suffix(".html")
    page_file.write_text(page, encoding="utf-8")
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page_file.as_uri()],
        check=True, capture_output=True,
    )


def writer(lines: list[str], pdf: pathlib.Path, left: bool) -> None:
    document = official_document()
    for line in lines:
        p = document.add_paragraph(line)
        if left:
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            p.paragraph_format.space_after = Pt(8)
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Pt(32)
    docx_file = pdf.with_suffix(".docx")
    document.save(docx_file)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", docx_file.parent, docx_file], check=True, capture_output=True)


def main() -> None:
    reports = sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))
    work = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else pathlib.Path(tempfile.mkdtemp(prefix="pdf-layout-"))
    layouts = {
        "chromium": chromium,
        "writer": lambda lines, pdf: writer(lines, pdf, left=False),
        "left": lambda lines, pdf: writer(lines, pdf, left=True),
    }
    for name, make in layouts.items():
        (work / name).mkdir(parents=True, exist_ok=True)
        exact = whole = total = 0
        for report in reports:
            lines = paragraphs(report)
            pdf = work / name / (report.stem + ".pdf")
            make(lines, pdf)
            expected = [re.sub(r"[^\S\n]+", " ", re.sub(rf"(?<={WIDE})[^\S\n]+|[^\S\n]+(?={WIDE})", "", line)) for line in lines]
            # invisible characters (zero-width space and joiner) draw nothing
            expected = [e for e in (re.sub("[\u200b-\u200d\ufeff]", "", line) for line in expected) if e]
            got = [re.sub("[\u200b-\u200d\ufeff]", "", line) for line in tifa.read_text(pdf).split("\n")[:-1]]
            exact += got == expected
            found = set(got)
            whole += sum(line in found for line in expected)
            total += len(expected)
        print(f"{name:9} {exact}/{len(reports)} documents exactly; paragraphs whole {whole}/{total} ({whole / max(total, 1):.2%})")
    print(f"(the PDF files are in {work})")


if __name__ == "__main__":
    main()
