paths --after signup --steps 2 --dropoff data/events_small.csv
