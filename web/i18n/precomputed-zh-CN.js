/* precomputed-zh-CN.js: 仓库预计算结果（docs/precomputed.md）与映射导出。 */
export default {
  'kind.metric_values': '预计算指标',
  'kind.retention_matrix': '预计算留存',
  'kind.funnel_steps': '预计算漏斗',
  'whmap.export': '导出映射（用于数据仓库 SQL）',
  'whmap.hint': '所有已加载数据集的表和列，供 {command} 使用。',
  'whmap.error': '无法导出映射：{message}',
};
