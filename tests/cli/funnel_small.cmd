funnel --steps signup,resume_scan,mock_interview --window 14d data/events_small.csv
