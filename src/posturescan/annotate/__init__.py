"""The researcher's loop: export a run's masked sentences to an annotation tool (Label Studio, Doccano,
Prodigy), import the annotated file back into ``corpus/sources/``, and measure agreement between annotators.

Convention shared by the three tools (``corpus/GUIDE.md`` § 12): an annotator ticks the frein ids and one
status. For ``asserted`` / ``reported`` the ids are the corpus ``labels``; for ``negated`` /
``hypothetical`` / ``mention`` exactly one id is ticked, the frein concerned (``meta.target``); with no
id and no status the sentence is ``none``.
"""
