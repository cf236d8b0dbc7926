metric dau data/fixtures/journey_posthog.csv
