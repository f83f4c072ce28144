"""python -m qa_bot -> the qa-bot command line."""

from qa_bot.fronts.cli import main

raise SystemExit(main())
