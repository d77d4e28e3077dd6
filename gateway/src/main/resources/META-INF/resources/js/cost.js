// Cost panel: the catalog as a calculator (computed by the pricing-service in exact decimals), and the tenant's own usage.

import { get, post } from './api.js';
import { columns, bars, html } from './svg.js';
import { guarded, fillSelect } from './ui.js';

const $ = (id) => document.getElementById(id);

/** Exact decimal strings from the API, shown with at least two decimals and never rounded through binary floats. */
function usd(decimal) {
  const [whole, fraction = ''] = String(decimal).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped}.${fraction.padEnd(2, '0')}`;
}

function row(estimate, asked) {
  return html('tr', { class: asked ? 'asked' : '', 'data-model': estimate.model }, [
    html('th', { scope: 'row', text: estimate.model }),
    html('td', { text: `${estimate.input_tokens.tokens.toLocaleString('en-US')}` }),
    html('td', { text: usd(estimate.input_per_million_usd) }),
    html('td', { text: usd(estimate.output_per_million_usd) }),
    html('td', { class: 'input-month', text: usd(estimate.input_cost_per_month_usd) }),
    html('td', { class: 'output-month', text: usd(estimate.output_cost_per_month_usd) }),
    html('td', { class: 'total-month', text: usd(estimate.cost_per_month_usd) }),
  ]);
}

async function calculate() {
  const requests = Number($('cost-requests').value);
  const input = Number($('cost-input').value);
  const result = await post('/v1/pricing/estimate', {
    model: $('cost-model').value,
    input_tokens: input,
    expected_output_tokens: Number($('cost-output').value),
    requests_per_month: requests,
  });
  const asked = result.estimate;
  $('cost-out').replaceChildren(
    html('p', { class: 'headline' }, [
      `${requests.toLocaleString('en-US')} requests x ${input.toLocaleString('en-US')} input tokens = `
        + `${(requests * input).toLocaleString('en-US')} tokens = USD `,
      html('strong', { id: 'cost-headline', text: usd(asked.input_cost_per_month_usd) }),
      ` a month on ${asked.model} input`,
    ]),
    html('table', {}, [
      html('caption', { text: 'Every catalog model for the same workload, per month (USD), the asked model first, then cheapest first' }),
      html('thead', {}, [html('tr', {}, ['Model', 'Input tokens per request', 'Input per 1M', 'Output per 1M', 'Input per month',
        'Output per month', 'Total per month'].map((h) => html('th', { scope: 'col', text: h })))]),
      html('tbody', {}, [row(asked, true), ...result.comparisons.map((e) => row(e, false))]),
    ]),
  );
}

function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

async function usage() {
  const range = `from=${$('usage-from').value}&to=${$('usage-to').value}`;
  const [byDay, byModel] = await Promise.all([get(`/v1/usage?group_by=day&${range}`), get(`/v1/usage?group_by=model&${range}`)]);
  const empty = (report) => html('p', { class: 'note', text: `No usage for tenant ${report.tenant} in this period yet.` });
  const tokens = (r) => r.prompt_tokens + r.completion_tokens;
  const format = (v) => v.toLocaleString('en-US');
  $('usage-day').replaceChildren(byDay.data.length ? columns(byDay.data.map((r) => ({ label: r.group, value: tokens(r) })), {
    description: `Tokens by day for tenant ${byDay.tenant}`, format,
  }) : empty(byDay));
  $('usage-model').replaceChildren(byModel.data.length ? bars(byModel.data.map((r) => ({ label: r.group, value: tokens(r) })), {
    description: `Tokens by model for tenant ${byModel.tenant}`, format,
  }) : empty(byModel), usageTable(byModel));
}

function usageTable(report) {
  return html('table', { class: 'usage' }, [
    html('caption', { text: `Tenant ${report.tenant}: requests and tokens by model` }),
    html('thead', {}, [html('tr', {}, ['Model', 'Requests', 'Prompt tokens', 'Completion tokens', 'USD']
      .map((h) => html('th', { scope: 'col', text: h })))]),
    html('tbody', {}, [...report.data, report.total].map((r) => html('tr', { 'data-group': r.group }, [
      html('th', { scope: 'row', text: r.group }), html('td', { text: String(r.requests) }),
      html('td', { text: String(r.prompt_tokens) }), html('td', { text: String(r.completion_tokens) }),
      html('td', { text: usd(r.cost_usd) }),
    ]))),
  ]);
}

export function models(priced) {
  fillSelect($('cost-model'), priced, 'gpt-4o');
}

export function init() {
  const today = new Date();
  $('usage-from').value = isoDate(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)));
  $('usage-to').value = isoDate(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1)));
  $('cost-form').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(calculate);
  });
  $('usage-form').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(usage);
  });
}
