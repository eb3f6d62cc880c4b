// `/trials/{id}`: one trial's per-epoch curves, its layer table at the paper's setting (the paper's Table 1), its
// recipe and timings, its weights and compressions when its sweep kept them, and the error in full when it failed.
import {$, api, count, design, duration, echartsReady, fact, fill, frame, h, idFromPath, live, mib, pct, showError,
  statusBadge, time} from './dse.js';

const id = idFromPath();
const indicator = frame(null);
const error = $('#error');
const content = $('#content');

const facts = h('dl', {class: 'facts', id: 'facts'});
const failure = h('section', {id: 'failure', hidden: true});
const curves = h('div', {class: 'chart', id: 'chart-epochs', role: 'img'});
const recipe = h('section', {id: 'recipe'});
const layers = h('section', {id: 'layers'});
const compression = h('section', {id: 'compression', hidden: true});
fill(content, facts, failure, h('h2', {}, 'Per-epoch progress'), h('div', {class: 'charts'}, curves), compression, recipe,
  layers);
let chart = null;
let layersOf = null;

async function drawEpochs(epochs) {
  if (!chart) {
    chart = (await echartsReady()).init(curves);
    addEventListener('resize', () => chart.resize());
  }
  // The latest attempt's epochs: an earlier attempt that died is shown only by the attempt count.
  const attempt = Math.max(0, ...epochs.map((e) => e.attempt));
  const shown = epochs.filter((e) => e.attempt === attempt);
  chart.setOption({
    animation: false,
    grid: {left: 56, right: 64, top: 48, bottom: 72},
    legend: {bottom: 0},
    tooltip: {trigger: 'axis'},
    xAxis: {type: 'value', name: 'epoch', minInterval: 1, nameLocation: 'middle', nameGap: 28},
    yAxis: [{type: 'value', name: 'training loss', scale: true},
      {type: 'value', name: 'test accuracy (%)', min: 0, max: 100, position: 'right', splitLine: {show: false}}],
    series: [
      {type: 'line', name: 'training loss', yAxisIndex: 0, data: shown.map((e) => [e.epoch, e.train_loss])},
      {type: 'line', name: 'top-1', yAxisIndex: 1, data: shown.filter((e) => e.top1 !== null)
        .map((e) => [e.epoch, Math.round(e.top1 * 1000) / 10])},
      {type: 'line', name: 'top-5', yAxisIndex: 1, data: shown.filter((e) => e.top5 !== null)
        .map((e) => [e.epoch, Math.round(e.top5 * 1000) / 10])}],
  }, true);
  curves.dataset.points = String(shown.length);
  curves.setAttribute('aria-label', `training loss and test accuracy over ${shown.length} epochs`);
}

/** Each compression measured on this trial: the file's size against the dense network, and top-1 at each step. */
function drawCompression(measured) {
  compression.hidden = !measured;
  if (!measured) {
    return;
  }
  const label = (c) => c.method === 'int8' ? 'int8'
    : `deep ${Math.round(c.density * 100)}% ${c.bits}-bit${c.huffman ? ' huffman' : ''}`;
  fill(compression, h('h2', {}, 'Compression (the paper\'s Table 2)'), h('div', {class: 'table-wrap'},
    h('table', {id: 'compression-rows'},
      h('caption', {}, 'Each method of the sweep\'s compression list, applied to this trial\'s trained weights'),
      h('thead', {}, h('tr', {}, ['Method', 'File', 'Estimate', 'Reduction', 'Top-1 before', 'Top-1 compressed',
        'Top-1 fine-tuned'].map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, measured.map((c) => h('tr', {},
        h('th', {scope: 'row'}, label(c.compression)), h('td', {class: 'num'}, mib(c.compressed_bytes)),
        h('td', {class: 'num'}, mib(c.estimated_bytes)), h('td', {class: 'num'}, c.reduction.toFixed(1) + 'x'),
        h('td', {class: 'num'}, pct(c.top1_before)), h('td', {class: 'num'}, pct(c.top1_compressed)),
        h('td', {class: 'num'}, c.top1_finetuned === null || c.top1_finetuned === undefined ? '–' : pct(c.top1_finetuned))))))));
}

function drawRecipe(r) {
  if (!r) {
    fill(recipe);
    return;
  }
  fill(recipe, h('h2', {}, 'Recipe'), h('div', {class: 'table-wrap'}, h('table', {id: 'recipe-rows'},
    h('caption', {}, 'The training recipe this trial ran with'),
    h('tbody', {}, Object.entries(r).filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => h('tr', {}, h('th', {scope: 'row'}, k), h('td', {}, String(v))))))));
}

async function drawLayers(m) {
  const key = JSON.stringify(m);
  if (layersOf === key) {
    return;   // a design never changes: its table is drawn once
  }
  const q = new URLSearchParams({base_e: m.base_e, incr_e: m.incr_e, freq: m.freq, sr: m.sr, pct_3x3: m.pct_3x3,
    bypass: m.bypass, variant: m.variant || 'v1.0'});
  const a = await api('/api/v1/architectures?' + q);
  layersOf = key;
  fill(layers, h('h2', {}, 'Layers at the paper\'s setting (its Table 1)'),
    h('p', {class: 'muted'}, `${a.input} input, ${a.num_classes} classes, ${a.stem} stem: ${count(a.params)} parameters,`
      + ` ${mib(a.size_bytes)} as 32-bit floats`),
    h('div', {class: 'table-wrap'}, h('table', {id: 'layer-rows'},
      h('caption', {}, 'Layer by layer'),
      h('thead', {}, h('tr', {}, ['Layer', 'Kind', 'Output', 'Kernel / stride', 's1x1', 'e1x1', 'e3x3', 'Parameters']
        .map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, a.layers.map((l) => h('tr', {},
        h('th', {scope: 'row'}, l.name), h('td', {}, l.kind), h('td', {}, l.output),
        h('td', {}, l.kernel ? `${l.kernel} / ${l.stride}` : '–'),
        h('td', {class: 'num'}, l.s1x1 ?? '–'), h('td', {class: 'num'}, l.e1x1 ?? '–'), h('td', {class: 'num'}, l.e3x3 ?? '–'),
        h('td', {class: 'num'}, count(l.params))))))));
}

async function refresh() {
  try {
    const t = await api('/api/v1/trials/' + id);
    document.title = `Trial ${t.id} · squeezenet-dse`;
    fill($('#title'), `Trial ${t.id} `, h('span', {class: 'muted'}, 'of '),
      h('a', {href: '/sweeps/' + t.sweep_id, id: 'sweep-link'}, 'sweep ' + t.sweep_id));
    const r = t.result || {};
    fill(facts,
      fact('Status', statusBadge(t.status)),
      fact('Design', design(t.metaparameters)),
      fact('Seed', t.seed),
      fact('Top-1', pct(t.top1)), fact('Top-5', pct(t.top5)),
      fact('Size as trained', `${count(t.params)} parameters, ${mib(t.size_bytes)}`),
      fact('Size at ImageNet', `${count(t.imagenet_params)} parameters, ${mib(t.imagenet_size_bytes)}`),
      fact('Attempt', `${t.attempt} of ${t.max_attempts}`),
      fact('Worker', t.worker || '–'),
      fact('Queued', time(t.queued_at)), fact('Started', time(t.started_at)), fact('Finished', time(t.finished_at)),
      fact('Duration', duration(t.duration_seconds)),
      fact('Throughput', r.images_per_second ? Math.round(r.images_per_second) + ' images/s' : '–'),
      t.reused_from ? fact('Reused from', h('a', {href: '/trials/' + t.reused_from}, 'trial ' + t.reused_from)) : null,
      t.weights ? fact('Weights', [h('a', {href: t.weights.url, id: 'weights-link', download: `trial-${t.id}.params`},
        `download (${mib(t.weights.size_bytes)})`), ' ', h('span', {class: 'muted'}, 'sha256 ' + t.weights.sha256)]) : null);
    failure.hidden = !t.error;
    fill(failure, t.error ? [h('h2', {}, 'Error'), h('pre', {class: 'failure', id: 'trial-error'}, t.error)] : []);
    await drawEpochs(t.epochs || []);
    drawCompression(t.compression);
    drawRecipe(r.recipe);
    await drawLayers(t.metaparameters);
    showError(error, null);
  } catch (e) {
    showError(error, e);
  }
}

// Events are filtered by sweep: listen to this trial's sweep once it is known, and redraw for this trial's own events.
function start() {
  api('/api/v1/trials/' + id).then((t) => live(refresh, {sweepId: t.sweep_id, indicator,
    accept: (event) => event.trial_id === id || event.type === 'sweep'}))
    .catch((e) => {
      showError(error, e);
      setTimeout(start, 5000);
    });
}
start();
