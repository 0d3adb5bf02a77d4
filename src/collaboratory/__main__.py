from collaboratory.cli.main import main

raise SystemExit(main())
