funnel --steps signup,mock_interview --exclude resume_scan data/events_small.csv
