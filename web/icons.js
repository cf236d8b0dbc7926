/* icons.js: the few inline SVG icons the views use, built with DOM calls.
 * Stroke icons on a 24-unit grid; colour comes from CSS (currentColor). */
const NS = 'http://www.w3.org/2000/svg';

const PATHS = {
  close: ['M6 6l12 12', 'M18 6L6 18'],
  alert: ['M12 8v5', 'M12 16.5v.01', 'M10.3 3.9L2.5 17.5A2 2 0 0 0 4.2 20.5h15.6a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z'],
  file: ['M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z', 'M14 3v5h5'],
  spark: ['M12 3l2 6.5L20.5 12 14 14l-2 7-2-7-6.5-2L10 9.5z'],
  plus: ['M12 5v14', 'M5 12h14'],
  download: ['M12 4v11', 'M7.5 10.5L12 15l4.5-4.5', 'M5 19.5h14'],
  chevron: ['M7 10l5 5 5-5'],
  share: ['M8.6 13.5l6.8 4', 'M15.4 6.5l-6.8 4', 'M18 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M6 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M18 22a3 3 0 1 0 0-6 3 3 0 0 0 0 6z'],
  chart: ['M4 19h16', 'M7 16v-5', 'M12 16V7', 'M17 16v-8'],
  users: ['M16 20v-1.5a3.5 3.5 0 0 0-3.5-3.5h-5A3.5 3.5 0 0 0 4 18.5V20', 'M10 11.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z', 'M20 20v-1.5a3.5 3.5 0 0 0-2.5-3.35', 'M15.5 4.65a3.5 3.5 0 0 1 0 6.7'],
};

export function icon(name, className = 'icon') {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `${className} icon-${name}`);
  for (const d of PATHS[name] || []) {
    const p = document.createElementNS(NS, 'path');
    p.setAttribute('d', d);
    svg.append(p);
  }
  return svg;
}
