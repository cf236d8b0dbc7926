/* precomputed-zh-TW.js: 倉儲預先計算結果（docs/precomputed.md）與對應匯出。 */
export default {
  'kind.metric_values': '預先計算指標',
  'kind.retention_matrix': '預先計算留存',
  'kind.funnel_steps': '預先計算漏斗',
  'whmap.export': '匯出對應（供資料倉儲 SQL 使用）',
  'whmap.hint': '所有已載入資料集的資料表與欄位，供 {command} 使用。',
  'whmap.error': '無法匯出對應：{message}',
};
