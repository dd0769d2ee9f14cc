"""A labelled real-wire evaluation set, made by reading (see ``PROTOCOL.md``).

The modules, in the order they are run:

- ``materialize``: the Reuters-21578 and BBC corpora as one text file per story, for scanning;
- ``draw``: seeded random draws of pairs and the blind reading packets built from them;
- ``collect``: the readers' filled label templates merged back into ``labels/<draw>.jsonl``;
- ``precision``: the precision and recall of any scan's verdicts on a labelled draw.

Only ids, labels and short notes are kept in the repository: corpus text stays outside it.
"""
