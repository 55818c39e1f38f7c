USE main
