// `/new`: the new-sweep form. As the user edits, the server plans the request without queuing it
// (POST /api/v1/sweeps/preview) and the page shows the trial count and each design's exact size, or the server's
// problem beside the field it names. Submitting is the same request to POST /api/v1/sweeps.
import {$, ApiError, api, count, fill, frame, h, mib, problemText, design} from './dse.js';

frame('/new');
const content = $('#content');
const error = $('#error');
// One key per form: a double click or a retried submit answers with the first sweep instead of a second one.
const idempotencyKey = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now());

const GRID = [['base_e', 'base_e: expand filters of the first Fire module', '128'],
  ['incr_e', 'incr_e: expand filters added every freq modules', '128'],
  ['freq', 'freq: Fire modules per increment', '2'],
  ['sr', 'SR: squeeze ratio, squeeze filters over expand filters', '0.125'],
  ['pct_3x3', 'pct_3x3: share of 3x3 expand filters', '0.5']];
const TRAINING = [['epochs', 'Epochs', 'number'], ['train_subset', 'Training images (subset)', 'number'],
  ['test_subset', 'Test images (subset)', 'number'], ['batch_size', 'Batch size', 'number'],
  ['input_size', 'Input (CxHxW)', 'text'], ['learning_rate', 'Learning rate', 'text'], ['data_dir', 'Data directory', 'text']];
const DATASETS = ['fashion-mnist', 'cifar10', 'cifar100', 'synthetic', 'folder'];

/** A labelled input with its hint and a slot for the server's complaint; `field` is the name problems use. */
function field(field, label, input, hint) {
  const errorId = 'error-' + field.replace(/\W/g, '-');
  input.setAttribute('aria-describedby', hint ? errorId + ' ' + errorId + '-hint' : errorId);
  input.dataset.field = field;
  return h('div', {class: 'field', dataset: {field}},
    h('label', {for: input.id}, label), input,
    hint ? h('span', {class: 'hint', id: errorId + '-hint'}, hint) : null,
    h('span', {class: 'field-error', id: errorId}));
}

const inputs = {};
function text(name, attrs = {}) {
  inputs[name] = h('input', Object.assign({id: 'f-' + name.replace('.', '-'), name, type: 'text', oninput: changed}, attrs));
  return inputs[name];
}

const presetSelect = h('select', {id: 'f-preset', name: 'preset', onchange: changed}, h('option', {value: ''}, 'none: the grid below'));
const datasetSelect = h('select', {id: 'f-dataset', name: 'training.dataset', onchange: changed},
  DATASETS.map((d) => h('option', {value: d}, d)));
const bypass = ['none', 'simple', 'complex'].map((b) => h('input', {type: 'checkbox', id: 'f-bypass-' + b, value: b,
  onchange: changed}));
const previewBox = h('section', {id: 'preview'});
const submit = h('button', {type: 'submit', class: 'primary', id: 'submit'}, 'Queue the sweep');
const formError = h('p', {class: 'error', id: 'form-error', role: 'alert', hidden: true});

const form = h('form', {class: 'sweep', id: 'new-sweep', novalidate: true, onsubmit: send},
  h('fieldset', {}, h('legend', {}, 'Sweep'),
    field('name', 'Name', text('name', {required: true, maxlength: 200, placeholder: 'e.g. squeeze ratio on CIFAR-10'})),
    field('preset', 'Preset (one of the paper\'s studies)', presetSelect, 'The grid below overrides the preset\'s lists.'),
    field('priority', 'Priority (1 to 10)', text('priority', {inputmode: 'numeric', placeholder: '1'})),
    field('max_attempts', 'Attempts per trial', text('max_attempts', {inputmode: 'numeric', placeholder: '3'}))),
  h('fieldset', {}, h('legend', {}, 'Grid: every combination is one design'),
    h('p', {class: 'hint muted'}, 'Comma-separated values; empty takes the preset\'s list or SqueezeNet v1.0\'s value.'),
    GRID.map(([name, label, example]) => field('grid.' + name, label,
      text('grid.' + name, {placeholder: 'e.g. ' + example + (name === 'sr' ? ', 0.25, 0.5' : '')}))),
    h('fieldset', {class: 'field', dataset: {field: 'grid.bypass'}, 'aria-describedby': 'error-grid-bypass'},
      h('legend', {}, 'Bypass (none checked: the preset\'s, or none)'),
      h('div', {class: 'checks'}, bypass.map((b) => h('label', {for: b.id}, b, ' ' + b.value))),
      h('span', {class: 'field-error', id: 'error-grid-bypass'})),
    h('span', {class: 'field-error', dataset: {field: 'grid'}, id: 'error-grid'})),
  h('fieldset', {}, h('legend', {}, 'Training'),
    field('training.dataset', 'Dataset', datasetSelect),
    TRAINING.map(([name, label, kind]) => field('training.' + name, label,
      text('training.' + name, {inputmode: kind === 'number' ? 'numeric' : null, placeholder: 'default'}))),
    field('training.seeds', 'Seeds (one trial per design and seed)', text('training.seeds', {placeholder: '42'}))),
  h('div', {class: 'wide'}, formError, h('p', {class: 'toolbar'}, submit), previewBox));
fill(content, form);

/** "0.125, 0.25 x" → [0.125, 0.25, "x"]: what is not a number goes as typed, and the server names it. */
function list(value) {
  const items = value.split(/[\s,]+/).filter((s) => s.length > 0);
  return items.length === 0 ? undefined : items.map(scalar);
}

function scalar(s) {
  const n = Number(s);
  return s.trim() !== '' && Number.isFinite(n) ? n : s;
}

function value(name) {
  const v = inputs[name].value.trim();
  return v === '' ? undefined : scalar(v);
}

function request() {
  const grid = {};
  for (const [name] of GRID) {
    const l = list(inputs['grid.' + name].value);
    if (l !== undefined) {
      grid[name] = l;
    }
  }
  const checked = bypass.filter((b) => b.checked).map((b) => b.value);
  if (checked.length > 0) {
    grid.bypass = checked;
  }
  const training = {dataset: datasetSelect.value};
  for (const [name] of TRAINING) {
    const v = value('training.' + name);
    if (v !== undefined) {
      training[name] = name === 'input_size' || name === 'data_dir' ? String(v) : v;
    }
  }
  const seeds = list(inputs['training.seeds'].value);
  if (seeds !== undefined) {
    training.seeds = seeds;
  }
  return {name: inputs.name.value, preset: presetSelect.value || undefined,
    grid: Object.keys(grid).length ? grid : undefined, training, priority: value('priority'),
    max_attempts: value('max_attempts')};
}

function clearErrors() {
  form.querySelectorAll('.field-error').forEach((e) => fill(e));
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  fill(formError);
  formError.hidden = true;
}

/** Puts the server's problem beside the field it names (grid.sr[1] → the grid.sr input), else above the button. */
function showProblem(e) {
  const named = e instanceof ApiError ? e.problem.field : null;
  let key = named ? named.replace(/\[\d+\]/g, '') : null;
  while (key) {
    const slot = form.querySelector(`.field[data-field="${CSS.escape(key)}"] .field-error, .field-error[data-field="${CSS.escape(key)}"]`);
    if (slot) {
      fill(slot, problemText(e));
      const input = form.querySelector(`[data-field="${CSS.escape(key)}"]:is(input, select)`);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
      }
      return;
    }
    key = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : null;
  }
  fill(formError, problemText(e));
  formError.hidden = false;
}

function drawPreview(p) {
  const designs = p.designs.length;
  fill(previewBox, h('h2', {}, 'Preview'),
    h('p', {class: 'preview-summary', id: 'preview-count', 'aria-live': 'polite'},
      `${count(p.trial_count)} trials: ${count(designs)} design${designs === 1 ? '' : 's'} × ${p.seeds.length}`
      + ` seed${p.seeds.length === 1 ? '' : 's'}, ${p.epochs} epochs each on ${p.dataset}`),
    h('div', {class: 'table-wrap'}, h('table', {id: 'preview-designs'},
      h('caption', {}, 'Each design\'s exact size, before any training'),
      h('thead', {}, h('tr', {}, ['Design', 'Parameters', 'Size as trained', 'Size at ImageNet', 'Memory per step']
        .map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, p.designs.slice(0, 200).map((d) => h('tr', {},
        h('td', {}, design(d.metaparameters)), h('td', {class: 'num'}, count(d.params)),
        h('td', {class: 'num'}, mib(d.size_bytes)), h('td', {class: 'num'}, mib(d.imagenet_size_bytes)),
        h('td', {class: 'num'}, mib(d.training_memory_bytes))))))),
    designs > 200 ? h('p', {class: 'muted'}, `… and ${count(designs - 200)} more designs`) : null);
}

let pending = null;
let asked = 0;
function changed() {
  clearTimeout(pending);
  pending = setTimeout(preview, 250);
}

async function preview() {
  const mine = ++asked;
  const body = request();
  body.name = body.name.trim() === '' ? 'preview' : body.name;   // a name is required to queue, not to look
  try {
    const p = await api('/api/v1/sweeps/preview', {method: 'POST', body});
    if (mine === asked) {
      clearErrors();
      drawPreview(p);
      submit.disabled = false;
    }
  } catch (e) {
    if (mine === asked) {
      clearErrors();
      showProblem(e);
      fill(previewBox, h('h2', {}, 'Preview'), h('p', {class: 'muted', id: 'preview-count'}, 'Fix the marked field to see the sweep.'));
    }
  }
}

async function send(event) {
  event.preventDefault();
  clearTimeout(pending);
  asked++;   // a preview still on its way must not clear this answer or enable the button again
  submit.disabled = true;
  try {
    const created = await api('/api/v1/sweeps', {method: 'POST', body: request(), headers: {'Idempotency-Key': idempotencyKey}});
    location.assign('/sweeps/' + created.id);
  } catch (e) {
    clearErrors();
    showProblem(e);
    submit.disabled = false;
  }
}

api('/api/v1/presets').then((presets) => {
  presets.forEach((p) => presetSelect.append(h('option', {value: p.name}, p.name
    + (p.budget ? ` (${p.budget.train_subset}/${p.budget.test_subset} images, ${p.budget.epochs} epochs)` : ''))));
  const preset = new URLSearchParams(location.search).get('preset');
  if (preset) {
    presetSelect.value = preset;
  }
  preview();
}).catch((e) => {
  fill(error, problemText(e));
  error.hidden = false;
});
