/* dom.js: build elements with DOM calls; text always goes in as text.
 *
 *   el('p', {className: 'note', dataset: {q: 'rows'}}, 'plain text', childNode)
 * props: className, dataset, title, any attribute as a string (set with
 * setAttribute), or a property when its name is a known one (hidden,
 * disabled, value, type). Children: nodes, strings (text nodes), null. */

const PROPS = new Set(['hidden', 'disabled', 'value', 'type', 'selected']);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'className') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (PROPS.has(k)) node[k] = v;
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

/* An <option> with value and label. */
export function option(value, label, selected = false) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  o.selected = selected;
  return o;
}

/* Size canvas to width x height CSS pixels at the screen's pixel ratio: its
 * 2D context, scaled so that drawing is in CSS pixels. */
export function sizeCanvas(canvas, width, height) {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/* Hand blob to the browser as a download named name (a link clicked once;
 * the object URL is revoked after the download has had time to start). */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
