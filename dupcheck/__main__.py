from dupcheck.cli import main

main()
