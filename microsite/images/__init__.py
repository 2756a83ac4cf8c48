"""Pictures: read their facts when content loads, publish them re-encoded and resized.

`source.py` reads what a page needs to know about a picture (its size, after
the phone's rotation flag) and makes sure it can be published, decoding only
what is cheap to decode (`whole.py` finds a file cut short without it);
`renditions.py` plans every file a picture becomes and makes each one, a pure
function of a frozen value; `markup.py` turns a picture into `<picture>`
markup that matches the layout. `decoding.py` is how both open a picture, and
turns whatever goes wrong into a problem at the picture's path.
"""
