lifecycle --period week data/fixtures/journey_posthog.csv
