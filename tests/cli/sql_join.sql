-- events per event name of the users who signed up, over a second file
SELECT e.event, COUNT(*) AS n, ROUND(AVG(e.match_rate), 4) AS mean_rate
FROM events_small AS e
JOIN subscriptions_small AS s ON s.id = 'sub_1'
WHERE e.distinct_id IN ('u1', 'u3')
GROUP BY 1 ORDER BY 2 DESC, 1
