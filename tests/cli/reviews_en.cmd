reviews data/fixtures/reviews_en.csv
