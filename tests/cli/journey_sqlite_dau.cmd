metric dau data/fixtures/journey.sqlite
