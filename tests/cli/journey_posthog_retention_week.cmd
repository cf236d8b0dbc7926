retention --period week data/fixtures/journey_posthog.csv
