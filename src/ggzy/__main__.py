from ggzy.cli import main

main()
