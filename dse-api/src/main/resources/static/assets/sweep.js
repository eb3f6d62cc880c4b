// `/sweeps/{id}`: the sweep's figure (drawn from its summary), its Pareto front, Table 3 for bypass sweeps, and its
// trials a page at a time, sorted and filtered by the server; all redrawn as trials finish.
import {$, api, count, duration, fill, frame, h, idFromPath, live, mib, pct, progressBar, showError, statusBadge, time}
  from './dse.js';

const id = idFromPath();
const indicator = frame(null);
const error = $('#error');
const content = $('#content');
const PAGE_SIZE = 100;
const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const view = {page: 0, sort: 'id', status: ''};
let sweep = null;

// The page's fixed parts, filled by each refresh.
const facts = h('dl', {class: 'facts', id: 'facts'});
const actions = h('p', {class: 'toolbar', id: 'actions'});
const figure = h('div', {class: 'chart', id: 'chart-figure', role: 'img'});
const front = h('div', {class: 'chart', id: 'chart-pareto', role: 'img'});
const figureNote = h('p', {class: 'muted', id: 'figure-note'});
const table3 = h('section', {id: 'table3', hidden: true});
const trials = h('section', {id: 'trials'});
fill(content, facts, actions, h('h2', {}, 'Figure'), figureNote, h('div', {class: 'charts'}, figure, front), table3, trials);
const charts = [echarts.init(figure, null, {renderer: 'svg'}), echarts.init(front, null, {renderer: 'svg'})];
addEventListener('resize', () => charts.forEach((c) => c.resize()));

function fact(name, value) {
  return h('div', {}, h('dt', {}, name), h('dd', {}, value));
}

function renderSweep(s) {
  document.title = s.name + ' · squeezenet-dse';
  fill($('#title'), s.name);
  const t = s.training || {};
  fill(facts,
    fact('Status', statusBadge(s.status)),
    fact('Progress', progressBar(s.progress, 'progress of the sweep')),
    fact('Trials', STATUSES.filter((k) => s.counts[k] > 0).map((k) => k.toLowerCase() + ' ' + count(s.counts[k])).join(', ')
      || '0'),
    fact('ETA', s.eta_seconds === undefined || s.eta_seconds === null ? '–' : s.eta_seconds === 0 ? 'done' : duration(s.eta_seconds)),
    fact('Preset', s.preset || '–'),
    fact('Dataset', `${t.dataset || '–'}, ${t.epochs ?? '–'} epochs, batch ${t.batch_size ?? '–'}`),
    fact('Seeds', (t.seeds || []).join(', ') || '–'),
    fact('Owner', s.owner || '–'),
    fact('Created', time(s.created_at)));
  const running = s.status === 'QUEUED' || s.status === 'RUNNING';
  const api1 = '/api/v1/sweeps/' + s.id;
  fill(actions,
    h('button', {type: 'button', id: 'cancel', class: 'danger', disabled: !running, onclick: cancel}, 'Cancel sweep'),
    h('button', {type: 'button', id: 'retry-failed', disabled: !(s.counts.FAILED > 0) || !!s.cancelled_at,
      onclick: retry}, 'Retry failed trials'),
    h('a', {href: api1 + '/results.csv', download: ''}, 'results.csv'),
    h('a', {href: api1 + '/results.json'}, 'results.json'),
    h('a', {href: api1 + '/figure.svg'}, 'figure.svg'),
    h('a', {href: api1 + '/report.md'}, 'report.md'));
}

async function act(path, question) {
  if (!confirm(question)) {
    return;
  }
  try {
    renderSweep(await api(path, {method: 'POST'}));
    showError(error, null);
    refreshTrials();
  } catch (e) {
    showError(error, e);
  }
}

const cancel = () => act(`/api/v1/sweeps/${id}/cancel`, 'Cancel this sweep? Queued trials will not run; running ones stop.');
const retry = () => act(`/api/v1/sweeps/${id}/retry-failed`, 'Queue the failed trials again?');

// ---- the figure

function percent(v) {
  return v === null || v === undefined ? null : Math.round(v * 10000) / 100;
}

/** Whiskers from mean - sd to mean + sd, drawn as a custom series (ECharts has no error-bar series). */
function errorBars(data, yAxisIndex) {
  return {
    type: 'custom', name: '± 1 sd over seeds', yAxisIndex, data, z: 1, itemStyle: {color: '#57606a'},
    renderItem(params, apiOf) {
      const x = apiOf.value(0);
      const low = apiOf.coord([x, apiOf.value(1)]);
      const high = apiOf.coord([x, apiOf.value(2)]);
      const w = 5;
      const style = {stroke: '#57606a', lineWidth: 1.2};
      return {type: 'group', children: [
        {type: 'line', shape: {x1: low[0], y1: low[1], x2: high[0], y2: high[1]}, style},
        {type: 'line', shape: {x1: low[0] - w, y1: low[1], x2: low[0] + w, y2: low[1]}, style},
        {type: 'line', shape: {x1: high[0] - w, y1: high[1], x2: high[0] + w, y2: high[1]}, style}]};
    },
  };
}

function drawFigure(summary) {
  const metric = summary.metric === 'top1' ? 'top-1' : 'top-5';
  const mean = (p) => percent(summary.metric === 'top1' ? p.top1_mean : p.top5_mean);
  const std = (p) => percent(summary.metric === 'top1' ? p.top1_std : p.top5_std);
  const points = summary.points.filter((p) => mean(p) !== null);
  const categorical = points.some((p) => typeof p.x === 'string') || summary.x_values.some((v) => typeof v === 'string');
  const sorted = categorical ? points : [...points].sort((a, b) => a.x - b.x);
  const paper = (summary.paper || []).map((p) => [p.x, percent(summary.metric === 'top1' && p.top1 !== null ? p.top1 : p.top5)])
    .filter((p) => p[1] !== null);
  const paperMetric = (summary.paper || []).some((p) => summary.metric === 'top1' && p.top1 !== null) ? 'top-1' : 'top-5';
  const series = [
    {type: categorical ? 'bar' : 'line', name: `ours: ${metric}, mean over seeds`, yAxisIndex: 0, symbolSize: 8, z: 2,
      barMaxWidth: 48, data: sorted.map((p) => [p.x, mean(p)])},
    errorBars(sorted.filter((p) => std(p) !== null).map((p) => [p.x, mean(p) - std(p), mean(p) + std(p)]), 0)];
  // bars start at 0; a line over a numeric axis may zoom in on its range
  const yAxis = [{type: 'value', name: `ours: ${metric} (%)`, scale: !categorical, min: categorical ? 0 : null,
    nameTextStyle: {align: 'left'}}];
  if (paper.length > 0) {
    series.push({type: 'line', name: `paper: ImageNet ${paperMetric}`, yAxisIndex: 1, data: paper,
      lineStyle: {type: 'dashed'}, symbol: 'diamond', symbolSize: 9});
    yAxis.push({type: 'value', name: `paper: ImageNet ${paperMetric} (%)`, scale: true, position: 'right',
      nameTextStyle: {align: 'right'}, splitLine: {show: false}});
  }
  charts[0].setOption({
    animation: false,
    grid: {left: 56, right: paper.length > 0 ? 64 : 24, top: 48, bottom: 72},
    legend: {bottom: 0},
    tooltip: {trigger: 'item'},
    xAxis: categorical ? {type: 'category', name: summary.x, data: summary.x_values.map(String), nameLocation: 'middle',
      nameGap: 28} : {type: 'value', name: summary.x, scale: true, nameLocation: 'middle', nameGap: 28},
    yAxis,
    series,
  }, true);
  figure.dataset.points = String(sorted.length);
  figure.setAttribute('aria-label', `${metric} against ${summary.x}: ${sorted.length} designs`
    + (paper.length ? `, with the paper's ${paper.length} published points` : ''));

  const onFront = points.filter((p) => p.pareto).sort((a, b) => a.size_mib - b.size_mib);
  charts[1].setOption({
    animation: false,
    grid: {left: 56, right: 24, top: 48, bottom: 72},
    legend: {bottom: 0},
    tooltip: {trigger: 'item'},
    xAxis: {type: 'value', name: 'model size as trained (MiB)', scale: true, nameLocation: 'middle', nameGap: 28},
    yAxis: {type: 'value', name: `${metric} (%)`, scale: true},
    series: [
      {type: 'scatter', name: 'designs', data: points.map((p) => [Math.round(p.size_mib * 1000) / 1000, mean(p)]),
        symbolSize: 9},
      {type: 'line', name: 'Pareto front (smaller and at least as accurate)', step: 'end', symbol: 'none',
        data: onFront.map((p) => [Math.round(p.size_mib * 1000) / 1000, mean(p)])}],
  }, true);
  front.dataset.points = String(points.length);
  front.setAttribute('aria-label', `Pareto front of ${metric} against model size: ${onFront.length} of ${points.length}`
    + ' designs on it');
  fill(figureNote, summary.setup, summary.complete ? '' : ' · so far: the figure covers the finished trials',
    summary.study ? ` · the paper's ${summary.study.replace('figure', 'Figure ').replace('table3', 'Table 3')} on the`
      + ' right axis (ImageNet)' : '');
}

// ---- Table 3

async function drawTable3(summary) {
  if (summary.x !== 'bypass') {
    table3.hidden = true;
    return;
  }
  const t = await api(`/api/v1/sweeps/${id}/table3`);
  table3.hidden = false;
  fill(table3, h('h2', {}, 'Table 3: bypass'),
    h('p', {class: 'muted'}, t.setup, ' · ', h('a', {href: `/api/v1/sweeps/${id}/table3`}, 'JSON')),
    h('div', {class: 'table-wrap'}, h('table', {id: 'table3-rows'},
      h('caption', {}, 'Ours beside the paper (ImageNet): accuracy, change against no bypass, model size'),
      h('thead', {}, h('tr', {}, ['Bypass', 'Seeds', 'Top-1', 'Top-5', 'Δ top-1', 'Size', 'Paper top-1', 'Paper top-5',
        'Paper Δ top-1', 'Paper size'].map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, t.rows.map((r) => h('tr', {},
        h('th', {scope: 'row'}, r.bypass), h('td', {class: 'num'}, r.n),
        h('td', {class: 'num'}, pct(r.top1_mean) + (r.top1_std !== null && r.top1_std !== undefined ? ' ± ' + pct(r.top1_std) : '')),
        h('td', {class: 'num'}, pct(r.top5_mean)),
        h('td', {class: 'num'}, r.top1_vs_vanilla === null || r.top1_vs_vanilla === undefined ? '–'
          : (r.top1_vs_vanilla >= 0 ? '+' : '') + (r.top1_vs_vanilla * 100).toFixed(1) + ' pt'),
        h('td', {class: 'num'}, mib(r.size_bytes)),
        h('td', {class: 'num'}, pct(r.paper_top1)), h('td', {class: 'num'}, pct(r.paper_top5)),
        h('td', {class: 'num'}, r.paper_top1_vs_vanilla === null || r.paper_top1_vs_vanilla === undefined ? '–'
          : (r.paper_top1_vs_vanilla >= 0 ? '+' : '') + (r.paper_top1_vs_vanilla * 100).toFixed(1) + ' pt'),
        h('td', {class: 'num'}, r.paper_size_mb === null || r.paper_size_mb === undefined ? '–' : r.paper_size_mb + ' MB')))))));
}

// ---- the trials

const COLUMNS = [['ID', 'id'], ['base_e'], ['incr_e'], ['freq'], ['SR'], ['pct_3x3'], ['bypass'], ['Seed'],
  ['Params'], ['Size', 'size'], ['Top-1', 'accuracy'], ['Top-5'], ['Status'], ['Attempt'], ['Worker'], ['Duration'],
  ['Reused from']];

function header([label, sort]) {
  if (!sort) {
    return h('th', {scope: 'col'}, label);
  }
  const active = view.sort === sort;
  return h('th', {scope: 'col', 'aria-sort': active ? (sort === 'accuracy' ? 'descending' : 'ascending') : null},
    h('button', {type: 'button', class: 'sort', dataset: {sort}, onclick: () => {
      view.sort = sort;
      view.page = 0;
      refreshTrials();
    }}, label + (active ? (sort === 'accuracy' ? ' ▼' : ' ▲') : '')));
}

function trialRow(t) {
  const m = t.metaparameters;
  return h('tr', {dataset: {trialId: t.id}},
    h('td', {class: 'num'}, h('a', {href: '/trials/' + t.id}, t.id)),
    h('td', {class: 'num'}, m.base_e), h('td', {class: 'num'}, m.incr_e), h('td', {class: 'num'}, m.freq),
    h('td', {class: 'num'}, m.sr), h('td', {class: 'num'}, m.pct_3x3), h('td', {}, m.bypass),
    h('td', {class: 'num'}, t.seed), h('td', {class: 'num'}, count(t.params)), h('td', {class: 'num'}, mib(t.size_bytes)),
    h('td', {class: 'num'}, pct(t.top1)), h('td', {class: 'num'}, pct(t.top5)), h('td', {}, statusBadge(t.status)),
    h('td', {class: 'num'}, `${t.attempt}/${t.max_attempts}`), h('td', {}, t.worker || '–'),
    h('td', {class: 'num'}, duration(t.duration_seconds)),
    h('td', {}, t.reused_from ? h('a', {href: '/trials/' + t.reused_from}, t.reused_from) : '–'));
}

async function refreshTrials() {
  const query = `page=${view.page}&size=${PAGE_SIZE}&sort=${view.sort}` + (view.status ? '&status=' + view.status : '');
  const found = await api(`/api/v1/sweeps/${id}/trials?${query}`);
  const paging = found.page || found;
  const filter = h('select', {id: 'status-filter', onchange: (e) => {
    view.status = e.target.value;
    view.page = 0;
    refreshTrials();
  }}, h('option', {value: ''}, 'all'), STATUSES.map((s) => h('option', {value: s.toLowerCase(),
    selected: view.status === s.toLowerCase()}, s.toLowerCase())));
  const go = (p) => {
    view.page = p;
    refreshTrials();
  };
  fill(trials, h('h2', {}, 'Trials'),
    h('p', {class: 'toolbar'}, h('label', {for: 'status-filter'}, 'Status '), filter,
      h('span', {class: 'muted'}, 'Sort by the ID, Size or Top-1 header.')),
    h('div', {class: 'table-wrap'}, h('table', {id: 'trial-rows'},
      h('caption', {}, `${count(paging.totalElements)} trials` + (view.status ? ' ' + view.status : '')),
      h('thead', {}, h('tr', {}, COLUMNS.map(header))),
      h('tbody', {}, found.content.map(trialRow)))),
    h('nav', {class: 'pager', 'aria-label': 'pages of trials'},
      h('button', {type: 'button', disabled: paging.number === 0, onclick: () => go(view.page - 1)}, '← Previous'),
      h('span', {}, `page ${paging.number + 1} of ${Math.max(1, paging.totalPages)}`),
      h('button', {type: 'button', disabled: paging.number + 1 >= paging.totalPages, onclick: () => go(view.page + 1)},
        'Next →')));
}

async function refresh() {
  try {
    sweep = await api('/api/v1/sweeps/' + id);
    renderSweep(sweep);
    const summary = await api(`/api/v1/sweeps/${id}/summary`);
    drawFigure(summary);
    await drawTable3(summary);
    await refreshTrials();
    showError(error, null);
  } catch (e) {
    showError(error, e);
  }
}

live(refresh, {sweepId: id, indicator, minGap: 2000});
