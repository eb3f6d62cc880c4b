// `/`: every sweep, newest first, a page at a time, updated as the service announces changes.
import {$, api, count, eta, fill, frame, h, live, progressBar, showError, statusBadge, time} from './dse.js';

const PAGE_SIZE = 50;
let page = Math.max(0, parseInt(new URLSearchParams(location.search).get('page'), 10) || 0);
let generation = 0;

const indicator = frame('/');
const content = $('#content');
const error = $('#error');

function counts(c) {
  return ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']
    .filter((s) => c[s] > 0)
    .map((s) => h('span', {class: 'count status-' + s.toLowerCase(), title: s.toLowerCase()}, s.toLowerCase() + ' ' + count(c[s])));
}

function row(s) {
  return h('tr', {dataset: {sweepId: s.id}},
    h('td', {class: 'num'}, s.id),
    h('td', {}, h('a', {href: '/sweeps/' + s.id, class: 'sweep-name'}, s.name)),
    h('td', {}, s.preset || '–'),
    h('td', {}, (s.training && s.training.dataset) || '–'),
    h('td', {}, statusBadge(s.status)),
    h('td', {class: 'progress-cell'}, progressBar(s.progress, 'progress of ' + s.name)),
    h('td', {class: 'counts'}, count(s.trial_count), ' trials ', counts(s.counts)),
    h('td', {}, time(s.created_at)),
    h('td', {}, eta(s)));
}

// built once: a live refresh redraws the rows, never the buttons the keyboard may be on
const go = (p) => {
  page = p;
  history.pushState(null, '', p === 0 ? '/' : '/?page=' + p);
  refresh();
};
const newer = h('button', {type: 'button', disabled: true, onclick: () => go(page - 1)}, '← Newer');
const older = h('button', {type: 'button', disabled: true, onclick: () => go(page + 1)}, 'Older →');
const pageOf = h('span', {});
const pager = h('nav', {class: 'pager', 'aria-label': 'pages of sweeps'}, newer, pageOf, older);
const rows = h('tbody', {});
const table = [h('p', {class: 'toolbar'}, h('a', {class: 'button', href: '/new'}, 'New sweep')),
  h('div', {class: 'table-wrap'}, h('table', {id: 'sweeps'},
    h('caption', {}, 'Sweeps, newest first'),
    h('thead', {}, h('tr', {}, ['ID', 'Name', 'Preset', 'Dataset', 'Status', 'Progress', 'Trials', 'Created', 'ETA']
      .map((c) => h('th', {scope: 'col'}, c)))),
    rows)),
  pager];
addEventListener('popstate', () => {
  page = Math.max(0, parseInt(new URLSearchParams(location.search).get('page'), 10) || 0);
  refresh();
});

async function refresh() {
  try {
    const mine = ++generation;
    const found = await api(`/api/v1/sweeps?page=${page}&size=${PAGE_SIZE}`);
    if (mine !== generation) {
      return;
    }
    const sweeps = found.content;
    const paging = found.page || found;   // Spring Data's page (PagedModel in newer versions)
    const meta = {number: paging.number, totalPages: paging.totalPages, totalElements: paging.totalElements};
    showError(error, null);
    if (meta.totalElements === 0) {
      fill(content, h('p', {}, 'No sweeps yet. ', h('a', {href: '/new'}, 'Start one'),
        ', or submit one from a notebook or with ./dse sweep submit.'));
      return;
    }
    if (!rows.isConnected) {
      fill(content, table);
    }
    fill(rows, sweeps.map(row));
    fill(pageOf, `page ${meta.number + 1} of ${Math.max(1, meta.totalPages)} · ${count(meta.totalElements)} sweeps`);
    newer.disabled = meta.number === 0;
    older.disabled = meta.number + 1 >= meta.totalPages;
    if (performance.getEntriesByName('dse:drawn').length === 0) {
      performance.mark('dse:drawn');   // the first page of sweeps on screen: bench/dashboard.sh reads it
    }
  } catch (e) {
    showError(error, e);
  }
}

live(refresh, {indicator});
