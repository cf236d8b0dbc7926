/* health.js: the healthy marks of the revenue metrics (monthly) on the KPI
 * cards (which metrics are better when they fall: the catalog's
 * lower_is_better).
 *
 *   healthOf('ltv_cac', 4.2)      // 'good'   (3 or more is healthy)
 *   healthOf('cac_payback_months', 15)  // 'bad' (under 12 is healthy)
 *   markText('customer_churn_rate')     // "under 5%"
 * The marks: LTV:CAC ≥ 3, CAC payback < 12 months, monthly customer churn < 5%,
 * task success rate ≥ 95%. */
import { t } from './i18n/index.js';
import { formatValue } from './format.js';

export const MARKS = {
  customer_churn_rate: { below: 0.05, unit: 'ratio' },
  ltv_cac: { atLeast: 3, unit: 'multiple' },
  cac_payback_months: { below: 12, unit: 'months' },
  task_success_rate: { atLeast: 0.95, unit: 'ratio' },
};

/* 'good' | 'bad' for a value of a metric with a mark; null otherwise. */
export function healthOf(metric, v) {
  const m = MARKS[metric];
  if (!m || !Number.isFinite(v)) return null;
  return (m.below !== undefined ? v < m.below : v >= m.atLeast) ? 'good' : 'bad';
}

/* "under 5%", "3× or more", "under 12 months"; '' without a mark. */
export function markText(metric) {
  const m = MARKS[metric];
  if (!m) return '';
  const value = formatValue(m.below ?? m.atLeast, m.unit);
  return m.below !== undefined ? t('health.below', { value }) : t('health.atLeast', { value });
}
