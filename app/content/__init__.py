"""Stories, programs and the home page written as content files, not code:
YAML front matter and a CommonMark body; `content/names.yml` lists the names
pages isolate (or translate) on their own. loader (with frontmatter
and fields) reads one file, collection every file; markdown renders; rules
vet translations; render shows a message in one language; extract feeds Babel.
"""

from __future__ import annotations

from .collection import Content, load
from .model import ContentError, Message, Problem, Program, Story

__all__ = ["Content", "ContentError", "Message", "Problem", "Program", "Story", "load"]
