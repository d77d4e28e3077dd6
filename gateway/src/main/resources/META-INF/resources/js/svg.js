// Small SVG drawing helpers: elements, a sequential colour scale, heatmaps, bar and scatter charts.

const NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attributes = {}, children = []) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  for (const child of children) {
    element.append(child);
  }
  return element;
}

export function html(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') {
      element.textContent = value;
    } else {
      element.setAttribute(name, value);
    }
  }
  for (const child of children) {
    element.append(child);
  }
  return element;
}

function title(text) {
  const t = svg('title');
  t.textContent = text;
  return t;
}

function label(x, y, text, attributes = {}) {
  const t = svg('text', { x, y, ...attributes });
  t.textContent = text;
  return t;
}

/** White to dark blue for 0..1 (values outside are clamped). */
export function blues(value) {
  const v = Math.max(0, Math.min(1, value));
  const r = Math.round(247 - v * (247 - 8));
  const g = Math.round(251 - v * (251 - 48));
  const b = Math.round(255 - v * (255 - 107));
  return `rgb(${r},${g},${b})`;
}

/**
 * A matrix as coloured cells with row and column labels. Each cell carries data-row, data-col and
 * data-value (the number it shows) and a tooltip; showValues prints the value, rounded, in the cell.
 */
export function heatmap(matrix, { rowLabels, colLabels, cell = 28, showValues = false, digits = 2, min = 0, max = 1,
                                   labelWidth = 90, labelHeight = labelWidth, description, cellTitle }) {
  const rows = matrix.length;
  const cols = rows ? matrix[0].length : 0;
  const top = colLabels ? labelHeight : 4;
  const left = rowLabels ? labelWidth : 4;
  const chart = svg('svg', {
    width: left + cols * cell + 4, height: top + rows * cell + 4, role: 'img', 'aria-label': description, class: 'heatmap',
  });
  chart.append(title(description));
  for (let c = 0; c < cols && colLabels; c++) {
    const x = left + c * cell + cell / 2;
    chart.append(label(x, top - 6, colLabels[c], { transform: `rotate(-60 ${x} ${top - 6})`, class: 'axis' }));
  }
  for (let r = 0; r < rows; r++) {
    if (rowLabels) {
      chart.append(label(left - 6, top + r * cell + cell / 2 + 4, rowLabels[r], { 'text-anchor': 'end', class: 'axis' }));
    }
    for (let c = 0; c < cols; c++) {
      const value = matrix[r][c];
      const shade = (value - min) / (max - min || 1);
      const rect = svg('rect', {
        x: left + c * cell, y: top + r * cell, width: cell - 1, height: cell - 1, fill: blues(shade),
        'data-row': r, 'data-col': c, 'data-value': value, class: 'cell',
      });
      rect.append(title(cellTitle ? cellTitle(r, c, value) : value.toFixed(digits)));
      chart.append(rect);
      if (showValues) {
        chart.append(label(left + c * cell + cell / 2, top + r * cell + cell / 2 + 4, value.toFixed(digits), {
          'text-anchor': 'middle', class: shade > 0.55 ? 'value light' : 'value', 'aria-hidden': 'true',
        }));
      }
    }
  }
  return chart;
}

/** Horizontal bars for {label, value, marked}; values in 0..max, printed with format. */
export function bars(items, { max, format, description, width = 520, row = 24, labelWidth = 150 }) {
  const top = max || Math.max(...items.map((i) => i.value), 1e-12);
  const chart = svg('svg', { width, height: items.length * row + 8, role: 'img', 'aria-label': description, class: 'bars' });
  chart.append(title(description));
  const room = width - labelWidth - 90;
  items.forEach((item, i) => {
    const y = 4 + i * row;
    const group = svg('g', { class: item.marked ? 'bar marked' : 'bar', 'data-label': item.label, 'data-value': item.value });
    group.append(label(labelWidth - 8, y + row / 2 + 4, item.label, { 'text-anchor': 'end', class: 'axis' }));
    group.append(svg('rect', { x: labelWidth, y: y + 3, width: Math.max(1, (item.value / top) * room), height: row - 6 }));
    group.append(label(labelWidth + Math.max(1, (item.value / top) * room) + 6, y + row / 2 + 4,
      format(item.value) + (item.marked ? '  \u2190 chosen' : ''), { class: 'axis' }));
    group.append(title(`${item.label}: ${format(item.value)}${item.marked ? ' (chosen)' : ''}`));
    chart.append(group);
  });
  return chart;
}

/** Points {x, y, label} scaled into a square plot with a margin. */
export function scatter(points, { description, size = 360 }) {
  const chart = svg('svg', { width: size, height: size, role: 'img', 'aria-label': description, class: 'scatter' });
  chart.append(title(description));
  const pad = 40;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x) => pad + ((x - x0) / (x1 - x0 || 1)) * (size - 2 * pad);
  const sy = (y) => size - pad - ((y - y0) / (y1 - y0 || 1)) * (size - 2 * pad);
  chart.append(svg('rect', { x: 1, y: 1, width: size - 2, height: size - 2, class: 'frame' }));
  points.forEach((p, i) => {
    const dot = svg('circle', { cx: sx(p.x), cy: sy(p.y), r: 6, class: `dot c${i % 8}`, 'data-label': p.label });
    dot.append(title(`${p.label} (${p.x.toFixed(3)}, ${p.y.toFixed(3)})`));
    chart.append(dot);
    chart.append(label(sx(p.x) + 9, sy(p.y) + 4, `${i + 1}`, { class: 'axis' }));
  });
  return chart;
}

/** Vertical bars for {label, value}, e.g. cost per day, with the value on each bar. */
export function columns(items, { description, format, height = 220, column = 40 }) {
  const top = Math.max(...items.map((i) => i.value), 1e-12);
  const width = Math.max(200, items.length * column + 20);
  const chart = svg('svg', { width, height: height + 60, role: 'img', 'aria-label': description, class: 'columns' });
  chart.append(title(description));
  items.forEach((item, i) => {
    const h = (item.value / top) * height;
    const x = 10 + i * column;
    const group = svg('g', { class: 'column', 'data-label': item.label, 'data-value': item.value });
    group.append(svg('rect', { x, y: height - h + 20, width: column - 8, height: Math.max(1, h) }));
    // Narrow columns print their value only on the last one (every value is in its tooltip).
    if (column >= 36 || i === items.length - 1) {
      group.append(label(x + (column - 8) / 2, height - h + 14, format(item.value), { 'text-anchor': 'middle', class: 'axis small' }));
    }
    const xl = x + (column - 8) / 2;
    group.append(label(xl, height + 34, item.label, { 'text-anchor': 'end', transform: `rotate(-45 ${xl} ${height + 34})`, class: 'axis small' }));
    group.append(title(`${item.label}: ${format(item.value)}`));
    chart.append(group);
  });
  return chart;
}
