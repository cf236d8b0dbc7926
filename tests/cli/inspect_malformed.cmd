inspect data/malformed.csv
exit 1
