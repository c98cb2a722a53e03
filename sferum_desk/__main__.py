from sferum_desk.cli import main

raise SystemExit(main())
