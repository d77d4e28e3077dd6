// Attention panel: the attention maps of a prompt per layer and head, and what the KV-cache holds.

import { post } from './api.js';
import { heatmap, columns, html } from './svg.js';
import { guarded, fillSelect } from './ui.js';

const $ = (id) => document.getElementById(id);

function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

function tokenLabel(token, i) {
  return `${i}:${JSON.stringify(token.text).slice(1, -1)}`;
}

/** One head's map at full size: token labels on both axes, the weight of each cell on hover. */
function detail(result, map) {
  const labels = result.tokens.map(tokenLabel);
  const n = labels.length;
  $('attention-detail').replaceChildren(
    html('h3', { id: 'attention-detail-title', text: `Layer ${map.layer}, head ${map.head}` }),
    heatmap(map.weights, {
      rowLabels: labels, colLabels: labels, cell: Math.max(14, Math.min(36, Math.floor(560 / n))), labelWidth: 110, labelHeight: 80,
      description: `Attention weights of layer ${map.layer}, head ${map.head}: ${n} queries (rows) by ${n} keys (columns)`,
      cellTitle: (r, c, v) => `query ${labels[r]} -> key ${labels[c]}: ${(100 * v).toFixed(2)}%`,
    }),
  );
}

function grid(result) {
  const thumbnails = result.attention.map((map) => {
    const button = html('button', {
      type: 'button', class: 'thumb', 'data-layer': map.layer, 'data-head': map.head,
      'aria-label': `Show layer ${map.layer}, head ${map.head}`,
    }, [
      heatmap(map.weights, { cell: Math.max(2, Math.floor(96 / map.weights.length)), description: `layer ${map.layer} head ${map.head}` }),
      html('span', { text: `L${map.layer} H${map.head}` }),
    ]);
    button.addEventListener('click', () => detail(result, map));
    return button;
  });
  $('attention-grid').replaceChildren(...thumbnails);
}

/** Keys and values of every layer for every token: the cache grows by bytes_per_token with each token. */
function kvCache(result) {
  const kv = result.kv_cache;
  const s = result.shape;
  const growth = result.tokens.map((_, i) => ({ label: String(i + 1), value: kv.bytes_per_token * (i + 1) }));
  $('attention-kv').replaceChildren(
    html('h3', { text: 'KV-cache' }),
    html('p', { class: 'kv-formula' }, [
      `2 (keys and values) x ${s.layers} layers x ${s.kv_heads} KV heads x ${s.head_size} values x `
        + `${kv.bytes_per_token / (2 * s.layers * s.kv_heads * s.head_size)} bytes (${kv.type}) = `,
      html('strong', { class: 'kv-per-token', text: `${kv.bytes_per_token.toLocaleString('en-US')} bytes per token` }),
      `; x ${kv.tokens} tokens = `,
      html('strong', { class: 'kv-bytes', text: `${kv.bytes.toLocaleString('en-US')} bytes (${bytes(kv.bytes)})` }),
      `. At the full context of ${kv.context_length.toLocaleString('en-US')} tokens: ${bytes(kv.bytes_at_context_length)}.`,
    ]),
    columns(growth, { description: `KV-cache bytes after each of the ${kv.tokens} prompt tokens`, format: bytes, column: 28, height: 120 }),
    html('p', { class: 'note', text: `The model would continue with ${JSON.stringify(result.next_token.text)} (the most probable next token of this same pass).` }),
  );
}

/** 'all' plus 0 .. count-1, keeping the current choice. */
function fillIndexes(select, count) {
  const current = select.value;
  const options = [['', 'all'], ...Array.from({ length: count }, (_, i) => [String(i), String(i)])];
  select.replaceChildren(...options.map(([value, text]) => html('option', { value, text })));
  select.value = Number(current) < count ? current : '';
}

async function show() {
  const body = { model: $('attention-model').value, prompt: $('attention-prompt').value };
  if ($('attention-layer').value !== '') {
    body.layer = Number($('attention-layer').value);
  }
  if ($('attention-head').value !== '') {
    body.head = Number($('attention-head').value);
  }
  let result;
  try {
    result = await post('/v1/explain/attention', body);
  } catch (e) {
    // A large model's every layer and head exceed the size limit: show its first layer, which the user can change.
    if (e.code !== 'explain_limit_exceeded' || e.param !== 'layer' || body.layer !== undefined) {
      throw e;
    }
    result = await post('/v1/explain/attention', { ...body, layer: 0 });
  }
  fillIndexes($('attention-layer'), result.shape.layers);
  fillIndexes($('attention-head'), result.shape.heads);
  if (body.layer === undefined && result.attention.every((map) => map.layer === 0)) {
    $('attention-layer').value = '0';
  }
  kvCache(result);
  grid(result);
  detail(result, result.attention[0]);
}

export function models(list) {
  fillSelect($('attention-model'), list, list[0]);
}

export function init() {
  $('attention-form').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(show);
  });
}
