from coventry_inspect.cli import main

raise SystemExit(main())
