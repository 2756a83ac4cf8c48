"""Pictures: read their facts when content loads, publish them re-encoded and resized.

`source.py` reads what a page needs to know about a picture (its size, after
the phone's rotation flag) without decoding it; `renditions.py` plans every
file a picture becomes and makes each one, a pure function of a frozen value;
`markup.py` turns a picture into `<picture>` markup that matches the layout.
"""
