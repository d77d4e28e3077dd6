// The explorer's shell: the API key, the tab list (WAI-ARIA tabs pattern), errors, and the five panels.

import { apiKey, get } from './api.js';
import { guarded } from './ui.js';
import * as tokens from './tokens.js';
import * as embeddings from './embeddings.js';
import * as generation from './generation.js';
import * as attention from './attention.js';
import * as cost from './cost.js';

const $ = (id) => document.getElementById(id);

function setUpKey() {
  const input = $('api-key');
  const status = $('key-status');
  const show = () => {
    status.textContent = apiKey.get() ? 'Key set for this browser tab.' : 'No key yet: enter one to use the panels.';
  };
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim()) {
      apiKey.set(input.value.trim());
      input.value = '';
    }
    show();
    loadLists();
  });
  $('key-forget').addEventListener('click', () => {
    apiKey.forget();
    show();
  });
  show();
}

function setUpTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab, focus) => {
    for (const t of tabs) {
      const chosen = t === tab;
      t.setAttribute('aria-selected', String(chosen));
      t.tabIndex = chosen ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !chosen;
    }
    if (focus) {
      tab.focus();
    }
    history.replaceState(null, '', `#${tab.id.replace('tab-', '')}`);
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (event) => {
      const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
      if (event.key in moves) {
        event.preventDefault();
        select(tabs[(moves[event.key] + tabs.length) % tabs.length], true);
      }
    });
  });
  const wanted = $(`tab-${location.hash.slice(1)}`);
  if (wanted) {
    select(wanted, false);
  }
}

/** The served models (generation and embedding, merged by the gateway) and the price catalog, for the selects. */
async function loadLists() {
  if (!apiKey.get()) {
    return;
  }
  await guarded(async () => {
    const [models, catalog] = await Promise.all([get('/v1/models'), get('/v1/pricing/models')]);
    const embedding = models.data.filter((m) => 'dimensions' in m).map((m) => m.id);
    const generative = models.data.filter((m) => !('dimensions' in m)).map((m) => m.id);
    const priced = catalog.data.map((m) => m.id);
    embeddings.models(embedding);
    generation.models(generative);
    attention.models(generative);
    cost.models(priced);
    tokens.models(priced);
  });
}

setUpKey();
setUpTabs();
tokens.init();
embeddings.init();
generation.init();
attention.init();
cost.init();
loadLists();
