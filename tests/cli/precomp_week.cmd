metric new_users data/precomputed/new_users.week.csv
