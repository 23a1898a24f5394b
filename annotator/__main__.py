"""`python -m annotator` runs the command line."""

if __name__ == "__main__":  # not when a spawned worker re-imports this module (the CLI
    # and what it imports would cost each worker about half a second)
    from annotator.cli import main

    main()
