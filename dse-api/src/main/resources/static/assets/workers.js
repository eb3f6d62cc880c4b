// `/workers`: every worker that has joined, what it is doing and when it was last heard from.
import {$, ago, api, fill, frame, h, live, showError, time} from './dse.js';

const indicator = frame('/workers');
const content = $('#content');
const error = $('#error');

async function refresh() {
  try {
    const workers = await api('/api/v1/workers');
    showError(error, null);
    if (workers.length === 0) {
      fill(content, h('p', {}, 'No worker has joined yet. ./dse up runs one in-process; more join with ./dse worker.'));
      return;
    }
    fill(content, h('div', {class: 'table-wrap'}, h('table', {id: 'workers'},
      h('caption', {}, 'Workers, most recently heard from first; lost: no heartbeat within one lease'),
      h('thead', {}, h('tr', {}, ['Name', 'State', 'Training', 'Last heartbeat', 'Host', 'Device', 'Threads', 'Started']
        .map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, workers.map((w) => h('tr', {},
        h('th', {scope: 'row'}, w.name),
        h('td', {}, h('span', {class: 'status status-' + (w.state === 'training' ? 'running' : w.state === 'lost'
          ? 'failed' : 'queued')}, w.state)),
        h('td', {}, w.running_trials.length === 0 ? '–'
          : w.running_trials.map((t, i) => [i ? ', ' : '', h('a', {href: '/trials/' + t}, 'trial ' + t)])),
        h('td', {title: time(w.last_heartbeat_at)}, ago(w.last_heartbeat_at)),
        h('td', {}, w.host), h('td', {}, w.device), h('td', {class: 'num'}, w.threads), h('td', {}, time(w.started_at))))))));
  } catch (e) {
    showError(error, e);
  }
}

// Heartbeats are not announced as events: poll for them, and redraw at once when a trial changes hands.
setInterval(live(refresh, {indicator}), 5000);
