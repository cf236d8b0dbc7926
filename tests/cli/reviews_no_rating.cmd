reviews tests/cli/reviews_no_rating.csv
exit 1
