"""Stories, programs and the home page as content files (YAML front matter, a
CommonMark body; names.yml): loader reads one file, collection every file;
markdown renders; rules vet translations; render shows; extract feeds Babel."""

from __future__ import annotations

from .collection import Content, load

__all__ = ["Content", "load"]
