metric wau data/fixtures/journey_posthog.csv
