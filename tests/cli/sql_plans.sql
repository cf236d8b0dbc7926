/* subscriptions per plan: counts, list-price totals and the first start */
SELECT Plan, COUNT(*) AS subs, SUM(Amount * Quantity) AS list_total,
       MIN("Start Date (UTC)") AS first_start, SUM(Status = 'active') AS active
FROM subscriptions
GROUP BY Plan
ORDER BY Plan;
