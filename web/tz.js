/* tz.js: the workspace time zones offered, the default, and the choice kept
 * in localStorage. The engine accepts "UTC", offsets such as "+08:00" and the
 * IANA names below (with their DST rules). */

export const ZONES = [
  'UTC',
  '-08:00', '-05:00', '+01:00', '+05:30', '+08:00', '+09:00',
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles',
  'Europe/London', 'Europe/Berlin', 'Europe/Paris',
  'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Asia/Seoul', 'Asia/Kolkata',
];

const STORAGE_KEY = 'lodestar.tz';

/* The stored choice, else the browser's zone when it is one of ZONES, else UTC. */
export function initialZone() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && ZONES.includes(saved)) return saved;
  } catch { /* private mode */ }
  let browser = '';
  try { browser = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch { /* no Intl zone */ }
  return ZONES.includes(browser) ? browser : 'UTC';
}

export function saveZone(zone) {
  try { localStorage.setItem(STORAGE_KEY, zone); } catch { /* private mode */ }
}

/* "UTC", "UTC+08:00", or the IANA name with its city part readable. */
export function zoneLabel(zone) {
  if (/^[+-]\d{2}:\d{2}$/.test(zone)) return `UTC${zone}`;
  return zone.replace(/_/g, ' ');
}
