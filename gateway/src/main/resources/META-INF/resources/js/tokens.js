// Tokens panel: the text split by each vocabulary side by side, and English against Russian in tokens and money.

import { get, post } from './api.js';
import { html } from './svg.js';
import { guarded, fillSelect } from './ui.js';

const $ = (id) => document.getElementById(id);

const TIKTOKEN = ['r50k_base', 'cl100k_base', 'o200k_base'];

/** The tiktoken encodings of the lesson, then the served models' own vocabularies (SentencePiece, WordPiece). */
async function vocabularies() {
  const served = await get('/v1/encodings');
  const others = served.data.filter((e) => e.family !== 'tiktoken');
  return [
    ...TIKTOKEN.map((name) => ({ name, family: 'tiktoken', note: served.data.find((e) => e.name === name)?.models?.slice(0, 3).join(', ') })),
    ...others.map((e) => ({ name: e.name, family: e.family, note: `${e.family}: ${(e.models || []).join(', ')}` })),
  ];
}

/**
 * Each token's text. Byte-level BPE gives it with the ids (return_offsets); for other vocabularies it
 * is what decoding the first i + 1 ids adds to decoding the first i, so that word-start markers and
 * merged spaces come out as the tokenizer itself renders them.
 */
async function pieces(vocabulary, text) {
  if (vocabulary.family === 'tiktoken') {
    const result = await post('/v1/tokenize', { text, encoding: vocabulary.name, return_offsets: true });
    return result.data[0];
  }
  const result = await post('/v1/tokenize', { text, encoding: vocabulary.name });
  const ids = result.data[0].tokens;
  const prefixes = await Promise.all(ids.map((_, i) => post('/v1/detokenize', { tokens: ids.slice(0, i + 1), encoding: vocabulary.name })));
  const offsets = ids.map((id, i) => {
    const before = i === 0 ? '' : prefixes[i - 1].text;
    const after = prefixes[i].text;
    // A token ending inside a UTF-8 character decodes to U+FFFD, which the next token's bytes replace.
    let common = 0;
    while (common < before.length && before[common] === after[common]) {
      common++;
    }
    return { id, text: after.slice(common) };
  });
  return { ...result.data[0], offsets };
}

function column(vocabulary, text, data) {
  const spans = data.offsets.map((token, i) => html('span', {
    class: `token t${i % 6}`, 'data-token-id': token.id, title: `id ${token.id}`, tabindex: '0',
    'aria-label': `${JSON.stringify(token.text)}, id ${token.id}`, text: token.text,
  }));
  const chars = [...text].length;
  const perToken = data.count ? (chars / data.count).toFixed(2) : '-';
  return html('article', { class: 'vocabulary', 'data-encoding': vocabulary.name }, [
    html('h3', { text: vocabulary.name }),
    html('p', { class: 'note', text: vocabulary.note || '' }),
    html('p', { class: 'count' }, [
      html('strong', { class: 'token-count', text: String(data.count) }), ` tokens, ${chars} characters, `,
      html('span', { class: 'chars-per-token', text: perToken }), ' characters per token',
    ]),
    html('p', { class: 'tokens', 'aria-label': `${vocabulary.name} tokens` }, spans),
    html('details', {}, [html('summary', { text: 'Token ids' }), html('code', { class: 'ids', text: data.tokens.join(', ') })]),
  ]);
}

async function tokenize() {
  const text = $('tokens-text').value;
  const out = $('tokens-out');
  const list = await vocabularies();
  const results = await Promise.all(list.map((v) => pieces(v, text)));
  out.replaceChildren(...list.map((v, i) => column(v, text, results[i])));
}

function money(value) {
  return Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 });
}

async function compareLanguages() {
  const result = await post('/v1/pricing/estimate/languages', {
    model: $('lang-model').value,
    texts: { en: $('lang-en').value, ru: $('lang-ru').value },
    requests_per_month: Number($('lang-requests').value),
  });
  const rows = result.languages.map((l) => html('tr', { 'data-language': l.language }, [
    html('th', { scope: 'row', text: l.language === 'en' ? 'English' : l.language === 'ru' ? 'Russian' : l.language }),
    html('td', { text: String(l.characters) }),
    html('td', { class: 'lang-tokens', text: String(l.tokens) }),
    html('td', { text: `${Number(l.tokens_vs_first).toFixed(2)}x` }),
    html('td', { text: money(l.cost_per_request_usd) }),
    html('td', { text: money(l.cost_per_month_usd) }),
  ]));
  const counts = await post('/v1/tokens/count', { texts: [$('lang-en').value, $('lang-ru').value], encodings: TIKTOKEN });
  const perVocabulary = html('table', { class: 'per-vocabulary' }, [
    html('caption', { text: 'Tokens of the two texts in each vocabulary: older vocabularies split Cyrillic much finer' }),
    html('thead', {}, [html('tr', {}, ['Vocabulary', 'English', 'Russian', 'Russian vs English']
      .map((h) => html('th', { scope: 'col', text: h })))]),
    html('tbody', {}, counts.data.map((c) => html('tr', { 'data-encoding': c.encoding }, [
      html('th', { scope: 'row', text: c.encoding }),
      html('td', { class: 'en', text: String(c.counts[0]) }),
      html('td', { class: 'ru', text: String(c.counts[1]) }),
      html('td', { text: `${(c.counts[1] / c.counts[0]).toFixed(2)}x` }),
    ]))),
  ]);
  $('languages-out').replaceChildren(perVocabulary, html('table', {}, [
    html('caption', { text: `${result.model}, counted with ${result.encoding}${result.exact ? '' : ' (approximate)'}, `
        + `${result.requests_per_month.toLocaleString('en-US')} requests a month` }),
    html('thead', {}, [html('tr', {}, ['Language', 'Characters', 'Tokens', 'Tokens vs English', 'USD per request', 'USD per month']
      .map((h) => html('th', { scope: 'col', text: h })))]),
    html('tbody', {}, rows),
  ]));
}

export function models(priced) {
  fillSelect($('lang-model'), priced, 'gpt-4o');
}

export function init() {
  $('tokens-form').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(tokenize);
  });
  $('languages-form').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(compareLanguages);
  });
}
