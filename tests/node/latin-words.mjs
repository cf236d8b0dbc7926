// latin-words.mjs: the Latin words a Chinese text may hold (LATIN_OK: metric
// acronyms, units, formats, brands, key caps, names the user's data or files
// must hold) and englishLeft(text), the others. Code-like text passes too:
// placeholders {x}, "quoted" literals, extensions .json, words with _ . / or
// digits (latency_ms, rules.json, GA4). Used by tests/node/i18n-complete.test.mjs
// (the messages) and tests/browser/languages.test.mjs (the page's text).
export const LATIN_OK = new Set([
  // metrics and statistics
  'MRR', 'ARR', 'NRR', 'GRR', 'LTV', 'CAC', 'ARPA', 'ARPU', 'ARPPU', 'DAU', 'WAU', 'MAU', 'GMV', 'QPS',
  'MAD', 'EWMA', 'IP', 'email' /* a token's kind: email:3f9a0c12be47 (docs/privacy.md) */, 'SaaS', 'k', 'n', 'z', 'x', 'y', 'p', 'i' /* the information sign (explain.js) */, 'P0', 'P1', 'P2', 'Q1', 'Q2', 'Q3', 'Q4', 'ID', 'AI',
  // formats, protocols, encodings, units, currencies, time zones
  'SQL', 'CSV', 'TSV', 'PNG', 'SVG', 'PDF', 'JSON', 'JSON Lines', 'HTML', 'Markdown', 'URL', 'API', 'HTTP', 'HTTPS',
  'http', 'https', 'localhost', 'UTC', 'GMT', 'ISO', 'BOM', 'NUL', 'OPFS', 'IndexedDB', 'SQLite', 'gzip', 'Webhook',
  'MB', 'KB', 'GB', 'ms', 's', 'USD', 'EUR', 'GBP', 'CNY', 'JPY', 'TWD', 'HKD',
  // brands and products
  'Lodestar', 'Stripe', 'PostHog', 'Mixpanel', 'Amplitude', 'Segment', 'Shopify', 'ChartMogul', 'Baremetrics',
  'Excel', 'Slack', 'OpenAI', 'Anthropic', 'Claude', 'Ollama', 'LM Studio', 'vLLM', 'DeepSeek', 'Moonshot', 'Qwen',
  'Google Analytics', 'BigQuery', 'Mac',
  // statistics: the CUPED method, the Beta distribution, min()
  'CUPED', 'Beta', 'min',
  // SQL keywords the SQL console names
  'SELECT', 'LIMIT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'PRAGMA', 'select', 'from',
  // menu names in the English UI of a product the guide points to (Stripe, PostHog)
  'Billing', 'Subscriptions', 'Payments', 'Activity', 'Events',
  // the demo's data: its control variant and its events table
  'control', 'events',
  // key caps
  'Enter', 'Shift', 'Esc', 'Ctrl', 'Cmd', 'Tab',
  // column names the user's events may hold, and the CLI's command
  'success', 'status', 'duration', 'cac', 'lodestar alerts --post',
]);

/* The Latin words of s left once the allowed ones and code-like text are out. */
export function englishLeft(s) {
  let rest = String(s).replace(/\{\w+\}/g, ' ').replace(/"[^"]*"|`[^`]*`/g, ' ').replace(/(^|[^\w])\.[\w.]+/g, ' ');
  // phrases first (longest first), then single words
  for (const ok of [...LATIN_OK].filter((w) => w.includes(' ')).sort((a, b) => b.length - a.length)) rest = rest.split(ok).join(' ');
  return (rest.match(/[A-Za-z][\w.\/-]*/g) || [])
    .map((w) => w.replace(/[.\-/]+$/, ''))
    .filter((w) => !LATIN_OK.has(w) && !/[_.\/\d]/.test(w));
}

