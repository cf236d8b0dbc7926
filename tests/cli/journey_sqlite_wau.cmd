metric wau data/fixtures/journey.sqlite
