// Embeddings panel: the cosine similarity matrix of some sentences as a heatmap, and their vectors in 2-D (PCA).

import { post } from './api.js';
import { heatmap, scatter, html } from './svg.js';
import { guarded, fillSelect } from './ui.js';
import { project2d } from './pca.js';

const $ = (id) => document.getElementById(id);

/** The lesson's pair: "Cosine similarity between embeddings of ... will be: ~0.64". */
const LESSON = ['JavaScript is a programming language', 'JS is a PL for the web'];

function short(text) {
  return text.length > 28 ? `${text.slice(0, 26)}...` : text;
}

async function compare() {
  const texts = $('embeddings-text').value.split('\n').map((t) => t.trim()).filter((t) => t);
  if (texts.length < 2) {
    throw new Error('Enter at least two sentences, one per line.');
  }
  const model = $('embeddings-model').value || undefined;
  const [similarity, embeddings] = await Promise.all([
    post('/v1/similarity', { texts, model }),
    post('/v1/embeddings', { input: texts, model }),
  ]);
  const labels = texts.map((t, i) => `${i + 1}. ${short(t)}`);
  $('similarity-out').replaceChildren(
    heatmap(similarity.matrix, {
      rowLabels: labels, colLabels: labels.map((_, i) => `${i + 1}`), cell: 56, showValues: true, labelWidth: 230, labelHeight: 24,
      description: `Cosine similarity of ${texts.length} sentences (${similarity.model})`,
      cellTitle: (r, c, v) => `"${texts[r]}" vs "${texts[c]}": ${v.toFixed(4)}`,
    }),
    html('p', { class: 'note', text: `Model ${similarity.model}; 1.00 on the diagonal: each sentence with itself.` }),
  );
  const points = project2d(embeddings.data.map((d) => d.embedding))
    .map(([x, y], i) => ({ x, y, label: texts[i] }));
  $('pca-out').replaceChildren(
    scatter(points, { description: `${texts.length} sentence vectors of ${embeddings.data[0].embedding.length} dimensions on their first two principal components` }),
    html('ol', { class: 'legend' }, texts.map((t, i) => html('li', { class: `c${i % 8}`, text: t }))),
  );
}

export function models(list) {
  fillSelect($('embeddings-model'), list, list[0]);
}

export function init() {
  $('embeddings-form').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(compare);
  });
  $('embeddings-lesson').addEventListener('click', () => {
    $('embeddings-text').value = LESSON.join('\n');
    guarded(compare);
  });
}
