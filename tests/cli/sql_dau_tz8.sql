-- DAU by day at +08:00: the days of `lodestar metric dau --tz +08:00` (dau_tz8)
SELECT date(timestamp) AS day, COUNT(DISTINCT distinct_id) AS dau, MIN(timestamp) AS first
FROM events
GROUP BY 1
ORDER BY 1
