"""Sub-commands of the ``kpi766`` CLI: each module has ``add_parser(subparsers)`` and ``run(args)``."""
