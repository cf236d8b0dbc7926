metrics
