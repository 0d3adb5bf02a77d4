"""The command line: ``collaboratory serve``, ``collaboratory user add``, ..."""
