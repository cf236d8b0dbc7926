lifecycle --period week data/fixtures/journey.sqlite
