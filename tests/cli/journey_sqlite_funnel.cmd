funnel --steps signup,upload,upgrade --window 14d data/fixtures/journey.sqlite
