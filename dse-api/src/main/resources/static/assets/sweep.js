// `/sweeps/{id}`: the sweep's figure (drawn from its summary), its Pareto front, Table 3 for bypass sweeps, and its
// trials a page at a time, sorted and filtered by the server; all redrawn as trials finish.
import {$, api, count, duration, echartsReady, eta, exportLink, fact, fill, frame, h, idFromPath, live, mib, pct,
  progressBar, showError, statusBadge, time} from './dse.js';

const id = idFromPath();
const indicator = frame(null);
const error = $('#error');
const content = $('#content');
const PAGE_SIZE = 100;
const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const view = {page: 0, sort: 'id', status: ''};
let generation = 0;   // the trials table shows the answer to the latest question only

// The page's parts. Controls are built once and only updated, so a live refresh never takes the keyboard focus away.
const facts = h('dl', {class: 'facts', id: 'facts'});
const cancelButton = h('button', {type: 'button', id: 'cancel', class: 'danger', disabled: true, onclick: () => act('cancel',
  'Cancel this sweep? Queued trials will not run; running ones stop.')}, 'Cancel sweep');
const retryButton = h('button', {type: 'button', id: 'retry-failed', disabled: true, onclick: () => act('retry-failed',
  'Queue the failed trials again?')}, 'Retry failed trials');
const exports = `/api/v1/sweeps/${id}/`;
const actions = h('p', {class: 'toolbar', id: 'actions'}, cancelButton, retryButton,
  ['results.csv', 'results.json', 'figure.svg', 'report.md'].map((f) => exportLink(exports + f, f)));
const figure = h('div', {class: 'chart', id: 'chart-figure', role: 'img'});
const front = h('div', {class: 'chart', id: 'chart-pareto', role: 'img'});
const figureNote = h('p', {class: 'muted', id: 'figure-note'});
const table3 = h('section', {id: 'table3', hidden: true});
const trials = h('section', {id: 'trials'});
fill(content, facts, actions, h('h2', {}, 'Figure'), figureNote, h('div', {class: 'charts'}, figure, front), table3, trials);
// canvas (the default): a sweep of 10,000 designs is 10,000 points per chart, too many DOM nodes for SVG
let charts = null;
async function chartsReady() {
  const echarts = await echartsReady();
  if (!charts) {
    charts = [echarts.init(figure), echarts.init(front)];
    addEventListener('resize', () => charts.forEach((c) => c.resize()));
  }
  return charts;
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
    fact('ETA', eta(s)),
    fact('Preset', s.preset || '–'),
    fact('Dataset', `${t.dataset || '–'}, ${t.epochs ?? '–'} epochs, batch ${t.batch_size ?? '–'}`),
    fact('Seeds', (t.seeds || []).join(', ') || '–'),
    fact('Owner', s.owner || '–'),
    fact('Created', time(s.created_at)));
  cancelButton.disabled = !(s.status === 'QUEUED' || s.status === 'RUNNING');
  retryButton.disabled = !(s.counts.FAILED > 0) || !!s.cancelled_at;
}

async function act(action, question) {
  if (!confirm(question)) {
    return;
  }
  try {
    renderSweep(await api(`/api/v1/sweeps/${id}/${action}`, {method: 'POST'}));
    showError(error, null);
    await refreshTrials();
  } catch (e) {
    showError(error, e);
  }
}

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

function drawFigure(charts, summary) {
  const metric = summary.metric === 'top1' ? 'top-1' : 'top-5';
  const mean = (p) => percent(summary.metric === 'top1' ? p.top1_mean : p.top5_mean);
  const std = (p) => percent(summary.metric === 'top1' ? p.top1_std : p.top5_std);
  const points = summary.points.filter((p) => mean(p) !== null);
  const categorical = points.some((p) => typeof p.x === 'string') || summary.x_values.some((v) => typeof v === 'string');
  const sorted = categorical ? points : [...points].sort((a, b) => a.x - b.x);
  // a line joins the designs of a one-metaparameter sweep; across several (x = size) the designs are a cloud
  const cloud = !categorical && (summary.x === 'size_mib' || points.length > 50);
  const paper = (summary.paper || []).map((p) => [p.x, percent(summary.metric === 'top1' && p.top1 !== null ? p.top1 : p.top5)])
    .filter((p) => p[1] !== null);
  const paperMetric = (summary.paper || []).some((p) => summary.metric === 'top1' && p.top1 !== null) ? 'top-1' : 'top-5';
  const series = [
    {type: categorical ? 'bar' : cloud ? 'scatter' : 'line', name: `ours: ${metric}, mean over seeds`, yAxisIndex: 0,
      symbolSize: cloud ? 4 : 8, z: 2, barMaxWidth: 48, large: cloud, data: sorted.map((p) => [p.x, mean(p)])},
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
        symbolSize: points.length > 50 ? 4 : 9, large: points.length > 50},
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

const sortHeaders = [];

function header([label, sort]) {
  if (!sort) {
    return h('th', {scope: 'col'}, label);
  }
  const arrow = h('span', {'aria-hidden': 'true'});
  const th = h('th', {scope: 'col'}, h('button', {type: 'button', class: 'sort', dataset: {sort}, onclick: () => {
    view.sort = sort;
    view.page = 0;
    showSort();
    userRefresh();
  }}, label, arrow));
  sortHeaders.push({th, arrow, sort});
  return th;
}

/** The active column: aria-sort for screen readers, an arrow for the eye. */
function showSort() {
  for (const {th, arrow, sort} of sortHeaders) {
    const active = view.sort === sort;
    if (active) {
      th.setAttribute('aria-sort', sort === 'accuracy' ? 'descending' : 'ascending');
    } else {
      th.removeAttribute('aria-sort');
    }
    fill(arrow, active ? (sort === 'accuracy' ? ' ▼' : ' ▲') : '');
  }
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

const filter = h('select', {id: 'status-filter', onchange: (e) => {
  view.status = e.target.value;
  view.page = 0;
  userRefresh();
}}, h('option', {value: ''}, 'all'), STATUSES.map((s) => h('option', {value: s.toLowerCase()}, s.toLowerCase())));
const caption = h('caption', {});
const rows = h('tbody', {});
const previous = h('button', {type: 'button', disabled: true, onclick: () => { view.page--; userRefresh(); }}, '← Previous');
const next = h('button', {type: 'button', disabled: true, onclick: () => { view.page++; userRefresh(); }}, 'Next →');
const pageOf = h('span', {});
fill(trials, h('h2', {}, 'Trials'),
  h('p', {class: 'toolbar'}, h('label', {for: 'status-filter'}, 'Status '), filter,
    h('span', {class: 'muted'}, 'Sort by the ID, Size or Top-1 header.')),
  h('div', {class: 'table-wrap'}, h('table', {id: 'trial-rows'}, caption,
    h('thead', {}, h('tr', {}, COLUMNS.map(header))), rows)),
  h('nav', {class: 'pager', 'aria-label': 'pages of trials'}, previous, pageOf, next));
showSort();

function trialsQuery() {
  const query = `page=${view.page}&size=${PAGE_SIZE}&sort=${view.sort}` + (view.status ? '&status=' + view.status : '');
  return api(`/api/v1/sweeps/${id}/trials?${query}`);
}

function drawTrials(found) {
  const paging = found.page || found;
  fill(caption, `${count(paging.totalElements)} trials` + (view.status ? ' ' + view.status : ''));
  fill(rows, found.content.map(trialRow));
  fill(pageOf, `page ${paging.number + 1} of ${Math.max(1, paging.totalPages)}`);
  previous.disabled = paging.number === 0;
  next.disabled = paging.number + 1 >= paging.totalPages;
}

async function refreshTrials() {
  const mine = ++generation;
  const found = await trialsQuery();
  if (mine === generation) {
    drawTrials(found);
  }
}

/** Sort, filter, page: at once, and shown in the banner if it fails. */
async function userRefresh() {
  try {
    await refreshTrials();
    showError(error, null);
  } catch (e) {
    showError(error, e);
  }
}

async function refresh() {
  try {
    // the three reads at once: the page is drawn when the slowest (the summary) answers
    const mine = ++generation;
    const [sweep, summary, found, charts] = await Promise.all([api('/api/v1/sweeps/' + id),
      api(`/api/v1/sweeps/${id}/summary`), trialsQuery(), chartsReady()]);
    renderSweep(sweep);
    drawFigure(charts, summary);
    if (mine === generation) {
      drawTrials(found);
    }
    await drawTable3(summary);
    showError(error, null);
    if (performance.getEntriesByName('dse:drawn').length === 0) {
      performance.mark('dse:drawn');   // chart and first page of trials on screen: bench/dashboard.sh reads it
    }
  } catch (e) {
    showError(error, e);
  }
}

live(refresh, {sweepId: id, indicator, minGap: 2000});
