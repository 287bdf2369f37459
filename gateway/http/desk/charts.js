// Small inline SVG charts, no library. Sizes and colours are SVG attributes and CSS classes only
// (the Content Security Policy allows no inline styles).
import { h, s } from './format.js';

const W = 420;
const H = 190;
const PAD = { left: 54, right: 8, top: 10, bottom: 26 };

// The axis: a round step (1, 2 or 5 times a power of ten, whole for counts) and 3 to 5 ticks.
function axis(v, whole) {
  if (!(v > 0)) return { max: whole ? 4 : 1, ticks: 4 };
  const raw = v / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * p).find((x) => x >= raw);
  if (whole) step = Math.max(1, Math.ceil(step));
  const ticks = Math.max(1, Math.ceil(v / step));
  return { max: ticks * step, ticks };
}

function frame(title, { max: yMax, ticks }, yFormat, labels) {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: '100%',
    class: 'chart',
    role: 'img',
    'aria-label': title,
    preserveAspectRatio: 'xMidYMid meet',
  });
  svg.append(s('title', null, title));
  for (let i = 0; i <= ticks; i++) {
    const v = (yMax * i) / ticks;
    const y = PAD.top + plotH - (plotH * i) / ticks;
    svg.append(
      s('line', { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: i === 0 ? 'axis' : 'grid' }),
      s('text', { x: PAD.left - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, yFormat(v)),
    );
  }
  const n = Math.max(labels.length, 1);
  const step = plotW / n;
  const every = Math.ceil(n / 12);
  labels.forEach((label, i) => {
    if (i % every !== 0) return;
    svg.append(s('text', { x: PAD.left + step * (i + 0.5), y: H - 8, 'text-anchor': 'middle', class: 'tick' }, label));
  });
  const yOf = (v) => PAD.top + plotH - (plotH * Math.max(0, v)) / yMax;
  return { svg, step, yOf, plotH, x0: PAD.left };
}

// Grouped bars: rows = [{label, values: [..]}], series = [{label, cls}].
export function barChart({ title, rows, series, format, whole = false, testid }) {
  const scale = axis(Math.max(0, ...rows.flatMap((r) => r.values.map(Number))), whole);
  const { svg, step, yOf, x0 } = frame(title, scale, format, rows.map((r) => r.label));
  const group = step * 0.76;
  const bw = group / series.length;
  rows.forEach((r, i) => {
    r.values.forEach((v, k) => {
      const y = yOf(Number(v));
      const height = Math.max(0, yOf(0) - y);
      const rect = s('rect', {
        x: (x0 + step * i + (step - group) / 2 + bw * k).toFixed(1),
        y: y.toFixed(1),
        width: Math.max(1, bw - 1).toFixed(1),
        height: height.toFixed(1),
        class: `bar ${series[k].cls}`,
      });
      rect.append(s('title', null, `${r.label} · ${series[k].label}: ${format(v)}`));
      svg.append(rect);
    });
  });
  return wrap(svg, series, testid);
}

// A line with dots: rows = [{label, value}].
export function lineChart({ title, rows, label, cls, format, whole = false, testid }) {
  const scale = axis(Math.max(0, ...rows.map((r) => Number(r.value))), whole);
  const { svg, step, yOf, x0 } = frame(title, scale, format, rows.map((r) => r.label));
  const points = rows.map((r, i) => [x0 + step * (i + 0.5), yOf(Number(r.value))]);
  if (points.length > 1) {
    svg.append(
      s('polyline', {
        points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '),
        class: `line ${cls}`,
        fill: 'none',
      }),
    );
  }
  points.forEach(([x, y], i) => {
    const dot = s('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 3.5, class: `dot ${cls}` });
    dot.append(s('title', null, `${rows[i].label} · ${label}: ${format(rows[i].value)}`));
    svg.append(dot);
  });
  return wrap(svg, [{ label, cls }], testid);
}

function wrap(svg, series, testid) {
  return h(
    'figure',
    { class: 'chart-box', testid },
    svg,
    h(
      'figcaption',
      { class: 'legend' },
      series.map((x) => h('span', { class: 'legend-item' }, h('span', { class: `swatch ${x.cls}`, 'aria-hidden': 'true' }), x.label)),
    ),
  );
}
