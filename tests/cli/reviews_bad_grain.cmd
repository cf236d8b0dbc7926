reviews --grain hour data/fixtures/reviews_en.csv
exit 2
