from twinning.cli import main

main()
