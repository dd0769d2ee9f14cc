from dupcheck.cli.entry import main

main()
