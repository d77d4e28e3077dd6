// Generation panel: one token at a time (or streamed), with the top-10 next-token probabilities of each step.

import { post, stream } from './api.js';
import { bars, html } from './svg.js';
import { guarded, fillSelect } from './ui.js';

const $ = (id) => document.getElementById(id);

const TOP = 10;

/** Each generated token with its log-probability and the top alternatives: OpenAI's logprobs.content entries. */
let steps = [];
let shown = -1;

/** Whitespace made visible, so that " the" and "the" read differently. */
function visible(token) {
  return JSON.stringify(token).slice(1, -1).replace(/ /g, '\u2423');
}

function request(maxTokens) {
  const body = {
    model: $('generation-model').value,
    messages: [{ role: 'user', content: $('generation-prompt').value }],
    max_tokens: maxTokens,
    temperature: Number($('temperature').value),
    top_p: Number($('top-p').value),
    seed: Number($('seed').value),
    logprobs: true,
    top_logprobs: TOP,
  };
  const topK = Number($('top-k').value);
  if (topK > 0) {
    body.top_k = topK;
  }
  return body;
}

function renderText(note) {
  const chips = steps.map((step, i) => html('button', {
    type: 'button', class: i === shown ? 'chip shown' : 'chip', 'data-step': i, 'aria-pressed': String(i === shown),
    'aria-label': `token ${i + 1}: ${visible(step.token)}`, text: visible(step.token),
  }));
  chips.forEach((chip, i) => chip.addEventListener('click', () => {
    shown = i;
    render();
  }));
  const children = [html('span', { class: 'prompt', text: $('generation-prompt').value }), ...chips];
  if (note) {
    children.push(html('p', { class: 'note', text: note }));
  }
  $('generation-text').replaceChildren(...children);
}

function renderBars() {
  const out = $('generation-bars');
  if (shown < 0) {
    out.replaceChildren();
    return;
  }
  const step = steps[shown];
  const items = step.top_logprobs.slice(0, TOP).map((t) => ({
    label: visible(t.token), value: Math.exp(t.logprob), marked: t.token === step.token,
  }));
  const children = [
    html('h3', { text: `Step ${shown + 1}: the ${items.length} most probable next tokens` }),
    bars(items, {
      max: 1, format: (p) => `${(100 * p).toFixed(1)}%`,
      description: `Top ${items.length} probabilities at step ${shown + 1}; chosen: ${visible(step.token)}`,
    }),
  ];
  if (!items.some((i) => i.marked)) {
    children.push(html('p', { class: 'note', text: `Chosen: ${visible(step.token)} with ${(100 * Math.exp(step.logprob)).toFixed(2)}%, `
        + 'outside the top 10 (sampling at this temperature can pick it).' }));
  }
  out.replaceChildren(...children);
}

function render(note) {
  renderText(note);
  renderBars();
}

async function next() {
  const response = await post('/v1/chat/completions', request(steps.length + 1));
  const choice = response.choices[0];
  const content = choice.logprobs?.content || [];
  const ended = content.length <= steps.length;
  steps = content;
  shown = steps.length - 1;
  render(ended ? `The model ended its answer (finish_reason: ${choice.finish_reason}).` : undefined);
}

async function streamed() {
  steps = [];
  shown = -1;
  render();
  let finish;
  await stream('/v1/chat/completions', request(Number($('stream-tokens').value)), (chunk) => {
    const choice = chunk.choices && chunk.choices[0];
    if (!choice) {
      return;
    }
    for (const entry of choice.logprobs?.content || []) {
      steps.push(entry);
      shown = steps.length - 1;
    }
    finish = choice.finish_reason || finish;
    render();
  });
  render(finish ? `finish_reason: ${finish}` : undefined);
}

export function models(list) {
  fillSelect($('generation-model'), list, list[0]);
}

export function init() {
  for (const id of ['temperature', 'top-p', 'top-k']) {
    const slider = $(id);
    const output = $(`${id}-value`);
    slider.addEventListener('input', () => {
      output.textContent = slider.value;
    });
  }
  $('generation-form').addEventListener('submit', (event) => event.preventDefault());
  $('generation-step').addEventListener('click', () => guarded(next));
  $('generation-stream').addEventListener('click', () => guarded(streamed));
  $('generation-reset').addEventListener('click', () => {
    steps = [];
    shown = -1;
    render();
  });
}
