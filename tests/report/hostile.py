"""Documents written to attack a page that shows them: script tags, event handlers,
``javascript:`` links, huge attributes, entity bombs, closing tags of raw-text elements. Each
sets ``window.__pwned`` or opens an alert if it ever runs. They share sentences, so the attacks
land inside shared passages and word edits as well as in unique text and boilerplate."""

from __future__ import annotations

HUGE = "A" * 200_000
"""A 200,000-character attribute value."""

BOMB = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>'
)
"""The billion-laughs entity bomb, in small."""

ATTACKS = (
    "<script>window.__pwned = 1; alert(1)</script>",
    '<img src=x onerror="window.__pwned=2;alert(2)">',
    '<a href="javascript:window.__pwned=3">read more</a>',
    '"><svg onload="window.__pwned=4">',
    "</textarea></title></style></script><script>window.__pwned=5</script>",
    "&lt;script&gt;window.__pwned=6&lt;/script&gt; &amp;amp;lt; &#x3C;b&#x3E; &#60;i&#62;",
    f'<div title="{HUGE}" onmouseover="window.__pwned=7">',
    '<iframe srcdoc="<script>parent.__pwned=8</script>"></iframe> <!-- ]]> -->',
    f"{BOMB}",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=9">',
    '<base href="javascript:/"><form action="javascript:window.__pwned=10"><button>go</button>',
    "<style>body{background:url(javascript:window.__pwned=11)}</style>",
)

_STORY = (
    "Harbour workers walked out on Tuesday after talks over night-shift pay collapsed, the union "
    "said {0} in a statement issued from the picket line.",
    "The port authority said {1} that cargo handling would resume once an agreement was reached "
    "with the crane operators and their representatives.",
    "About four hundred vessels are expected at the terminal this month, {2} according to the "
    "shipping schedule published by the harbour master.",
    "Negotiators for both sides will meet again on Friday {3} at the offices of the regional "
    "labour mediation service in the old customs house.",
)


def story(attacks: tuple[str, ...], *, copy: bool) -> str:
    """Four shared paragraphs carrying attacks, plus lines only one side has; the copy changes
    a few words (so word edits surround attacks) and has a dateline (boilerplate)."""
    parts = [s.format(*attacks[:4]) for s in _STORY]
    if copy:
        parts[0] = parts[0].replace("on Tuesday", "yesterday " + attacks[4])
        parts.insert(0, "HARBOUR CITY (Wire) –")
        parts.append("Only the copy says this: " + " ".join(attacks[5:9]))
    else:
        parts.append("Only the original says this: " + " ".join(attacks[9:]))
    parts.append("Copyright 2024 Wire Service. All rights reserved. " + attacks[0])
    return "\n\n".join(parts) + "\n"


ORIGINAL = story(ATTACKS, copy=False)
COPY = story(ATTACKS, copy=True)
NAMES = (
    "<script>window.__pwned=20<\\script> original.txt",
    '"><img src=x onerror=alert(21)> copy &amp; javascript:alert(22).txt',
)
"""File names are attacks too (no ``/``: they must be valid names on disk)."""
