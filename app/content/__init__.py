"""Stories and programs written as content files, not code.

`content/stories/<slug>.md` and `content/programs/<slug>.md` are YAML front
matter and a CommonMark body; `content/names.yml` lists the names editors
write in plain English that pages isolate (or translate) on their own.

- loader, frontmatter, schema, body: read and check one file (every
  problem at its file and line);
- collection: every file of the site, in reading order;
- markdown: inline Markdown to msgids and to HTML (markdown-it-py, raw HTML off);
- rules: what a translation of a content message may not do;
- render: a message in one language, English marked where it stands in;
- extract: the Babel extraction methods babel.cfg names.
"""

from __future__ import annotations

from .collection import Content, load
from .model import ContentError, Message, Problem, Program, Story

__all__ = ["Content", "ContentError", "Message", "Problem", "Program", "Story", "load"]
