"""The writing loop: plain-language and accessibility lints on what PIOs write.

Every lint is a warning (`path:line: warning: name: message (fix)`), never an
error unless `--strict`. Lints that read a story's Markdown run inside the
conversion (`run.lint_text`), so the speed layer caches them with the HTML;
lints of front matter run where the header is read (`header.header_lints`);
a linked PDF is opened once per version of the file (`pdf.py`).
"""
