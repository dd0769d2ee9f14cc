from dupcheck.cli.app import main

# prog_name: usage lines say "dupcheck", not "python -m dupcheck" or "__main__.py".
main(prog_name="dupcheck")
