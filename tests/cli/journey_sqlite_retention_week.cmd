retention --period week data/fixtures/journey.sqlite
