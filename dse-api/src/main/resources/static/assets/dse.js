// What every dashboard page shares: the API client (with the browser's token), DOM building that never parses
// markup (every user string becomes a text node), formats, and live updates from /api/v1/events.

const TOKEN_KEY = 'dse-token';

/** The token pasted under "Token", kept in this browser only. Reads on a loopback server need none. */
export const token = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (value) => value ? localStorage.setItem(TOKEN_KEY, value.trim()) : localStorage.removeItem(TOKEN_KEY),
};

/** A refusal from the API: its RFC 9457 problem body (status, title, detail, field). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || ('HTTP ' + status));
    this.status = status;
    this.problem = problem;
  }
}

function headers(extra) {
  const all = Object.assign({Accept: 'application/json'}, extra);
  const t = token.get();
  if (t) {
    all.Authorization = 'Bearer ' + t;
  }
  return all;
}

/** Calls the API; answers the parsed JSON (null for 204) or throws an ApiError. */
export async function api(path, {method = 'GET', body, headers: extra = {}} = {}) {
  // a hung call must not hold up every later refresh
  const init = {method, headers: headers(Object.assign(body === undefined ? {} : {'Content-Type': 'application/json'}, extra)),
    signal: AbortSignal.timeout(20000)};
  if (body !== undefined) {
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (res.status === 204) {
    return null;
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = {detail: text};
  }
  if (!res.ok) {
    throw new ApiError(res.status, data || {});
  }
  return data;
}

/**
 * h('a', {href: '/x', class: 'c', onclick: fn}, 'text', child): an element. Strings are always text nodes and
 * attributes are set one by one, so a sweep named <img src=x onerror=...> shows as those characters.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) {
      continue;
    }
    if (k.startsWith('on')) {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (selector) => document.querySelector(selector);

// ---- formats

export function pct(fraction, digits = 1) {
  return fraction === null || fraction === undefined ? '–' : (fraction * 100).toFixed(digits) + '%';
}

export function mib(bytes) {
  return bytes === null || bytes === undefined ? '–' : (bytes / 1048576).toFixed(2) + ' MiB';
}

export function count(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US');
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return '–';
  }
  const s = Math.round(seconds);
  if (s < 60) {
    return s + ' s';
  }
  if (s < 3600) {
    return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  }
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

export function time(iso) {
  if (!iso) {
    return '–';
  }
  const d = new Date(iso);
  return d.toLocaleString('en-GB', {year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
    second: '2-digit'});
}

export function ago(iso) {
  if (!iso) {
    return '–';
  }
  return duration(Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000)) + ' ago';
}

/**
 * The paper's metaparameters in one line: base_e 128, incr_e 128, freq 2, SR 0.5, pct_3x3 0.5, bypass none; and the
 * variant when it is not the paper's v1.0.
 */
export function design(m) {
  return `base_e ${m.base_e}, incr_e ${m.incr_e}, freq ${m.freq}, SR ${m.sr}, pct_3x3 ${m.pct_3x3}, bypass ${m.bypass}`
    + (m.variant && m.variant !== 'v1.0' ? `, ${m.variant}` : '');
}

/** A sweep's ETA: '–' until one trial has finished, 'done' when none is left. */
export function eta(sweep) {
  const s = sweep.eta_seconds;
  return s === undefined || s === null ? '–' : s === 0 ? 'done' : duration(s);
}

/** One name-value pair of a page's facts (a <dl>). */
export function fact(name, value) {
  return h('div', {}, h('dt', {}, name), h('dd', {}, value));
}

export function statusBadge(status) {
  return h('span', {class: 'status status-' + String(status).toLowerCase()}, status);
}

/** A progress bar with its share as text beside it, for screen readers and copy-paste alike. */
export function progressBar(fraction, label) {
  const value = Math.round((fraction || 0) * 1000) / 10;
  return h('span', {class: 'progress'},
    h('progress', {max: 100, value, 'aria-label': label || 'progress'}),
    h('span', {class: 'progress-text'}, value.toFixed(1) + '%'));
}

/** Shows a failed call where the user looks: the problem's detail, and the field it names. */
export function problemText(error) {
  if (error instanceof ApiError) {
    const p = error.problem;
    if (error.status === 401 || error.status === 403) {
      return (p.detail || p.title || 'not allowed') + ' — paste a writer token under "Token" at the top of the page.';
    }
    return (p.field ? p.field + ': ' : '') + (p.detail || p.title || ('HTTP ' + error.status));
  }
  return 'The service did not answer (' + error.message + ').';
}

export function showError(el, error) {
  const text = error ? problemText(error) : '';
  if (el.textContent !== text) {   // an alert read again every 5 s while polling fails helps no one
    fill(el, text);
  }
  el.hidden = !error;
}

/**
 * A link to an export (results.csv, figure.svg). Where reads need a token the browser cannot send one by following
 * a link, so with a token set the click fetches the file with it and saves what came.
 */
export function exportLink(href, text) {
  return h('a', {href, onclick: async (event) => {
    if (!token.get()) {
      return;
    }
    event.preventDefault();
    const res = await fetch(href, {headers: headers({Accept: '*/*'})});
    if (!res.ok) {
      alert(`${text}: HTTP ${res.status}`);
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', {href: url, download: href.slice(href.lastIndexOf('/') + 1)});
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }}, text);
}

// ---- live updates

/**
 * Calls refresh() now and again whenever the service announces a change (server-sent events on /api/v1/events,
 * read with fetch so that the token goes along), one call at a time and at most once per `minGap` ms; `accept`
 * picks the events that matter (all by default). If the stream cannot be opened it polls every 5 s and tries the
 * stream again after 30 s; a stream silent for 45 s (the server sends a keep-alive every 15 s) is reopened.
 * `indicator` shows which. Answers a function that asks for a refresh through the same queue.
 */
export function live(refresh, {sweepId = null, indicator = null, minGap = 1000, accept = () => true} = {}) {
  let running = false;
  let again = false;
  let last = 0;
  let timer = null;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    const wait = last + minGap - Date.now();
    if (wait > 0) {
      if (!timer) {
        timer = setTimeout(() => { timer = null; run(); }, wait);
      }
      return;
    }
    running = true;
    try {
      await refresh();
    } catch (e) {
      console.warn('refresh failed', e);
    } finally {
      running = false;
      last = Date.now();
      if (again) {
        again = false;
        run();
      }
    }
  };
  const say = (text, mode) => {
    if (indicator) {
      fill(indicator, text);
      indicator.dataset.mode = mode;
    }
  };
  const url = '/api/v1/events' + (sweepId === null ? '' : '?sweep_id=' + sweepId);
  let stream = null;   // the open stream's controller
  const connect = async () => {
    if (stream) {
      return;
    }
    if (document.hidden) {
      say('paused', 'paused');
      return;
    }
    let poll = null;
    const abort = new AbortController();
    stream = abort;
    let watchdog = setTimeout(() => abort.abort(), 45000);
    try {
      const res = await fetch(url, {headers: headers({Accept: 'text/event-stream'}), signal: abort.signal});
      if (!res.ok || !res.body) {
        throw new Error('HTTP ' + res.status);
      }
      say('live', 'live');
      run();   // whatever changed while no stream was open
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const {value, done} = await reader.read();
        if (done) {
          break;   // the server ends streams after dse.events.max-age: open the next one
        }
        clearTimeout(watchdog);
        watchdog = setTimeout(() => abort.abort(), 45000);
        buffer = (buffer + value).replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5)).join('\n');
          if (data && accept(JSON.parse(data))) {
            run();
          }
        }
      }
      clearTimeout(watchdog);
      stream = null;
      setTimeout(connect, 1000);
    } catch (e) {
      clearTimeout(watchdog);
      stream = null;
      if (document.hidden) {
        say('paused', 'paused');
        return;
      }
      say('polling every 5 s', 'polling');
      run();
      poll = setInterval(() => document.hidden || run(), 5000);
      setTimeout(() => { clearInterval(poll); connect(); }, 30000);
    }
  };
  // A hidden tab gives its connection back: a browser opens six at most to one server, and each open page's stream
  // holds one, so a seventh tab would wait. Shown again, it catches up and listens again.
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) {
      stream?.abort();
    } else {
      connect();
    }
  });
  connect();
  return run;
}

// ---- the frame of every page

const NAV = [['/', 'Sweeps'], ['/new', 'New sweep'], ['/workers', 'Workers']];

/** The header: the service's name, the pages, the live indicator and the token dialog. Answers the indicator. */
export function frame(current) {
  const dialog = h('dialog', {id: 'token-dialog', 'aria-labelledby': 'token-title'});
  const input = h('input', {id: 'token-input', type: 'password', autocomplete: 'off', size: 40,
    'aria-describedby': 'token-help'});
  const tokenButton = h('button', {type: 'button', id: 'token-button', onclick: () => {
    input.value = token.get() || '';
    dialog.showModal();
    input.focus();
  }}, token.get() ? ['Token ', h('span', {'aria-hidden': 'true'}, '✓'), h('span', {class: 'visually-hidden'}, '(set)')]
    : 'Token');
  fill(dialog, h('form', {method: 'dialog', onsubmit: () => {
    token.set(input.value);
    location.reload();   // every read and the event stream again, with the new token
  }},
  h('h2', {id: 'token-title'}, 'API token'),
  h('p', {id: 'token-help'}, 'Changing sweeps needs a writer or admin token (./dse token create --role writer, or the'
      + ' admin token that ./dse up wrote to <data-dir>/admin-token). It stays in this browser\'s storage.'),
  h('label', {for: 'token-input'}, 'Token '), input,
  h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'token-save'}, 'Save'),
    h('button', {type: 'button', onclick: () => dialog.close()}, 'Cancel'))));
  const indicator = h('span', {class: 'live', id: 'live', role: 'status'}, 'connecting');
  const header = h('header', {class: 'top'},
    h('a', {class: 'brand', href: '/'}, 'squeezenet-dse'),
    h('nav', {'aria-label': 'pages'}, NAV.map(([href, text]) =>
      h('a', {href, 'aria-current': href === current ? 'page' : null}, text))),
    indicator, tokenButton);
  document.body.prepend(header, dialog);
  return indicator;
}

let charting = null;

/**
 * The chart library (ECharts, bundled in the jar as a WebJar), loaded once and after the page has asked for its data:
 * parsing its megabyte would otherwise delay every request the page makes.
 */
export function echartsReady() {
  if (!charting) {
    charting = new Promise((resolve, reject) => {
      const script = h('script', {src: '/webjars/echarts/5.3.1/dist/echarts.min.js'});
      script.onload = () => resolve(window.echarts);
      script.onerror = () => {
        charting = null;
        reject(new Error('the chart library did not load'));
      };
      document.head.append(script);
    });
  }
  return charting;
}

/** The number at the end of /sweeps/12 or /trials/34. */
export function idFromPath() {
  const m = location.pathname.match(/\/(\d+)\/?$/);
  return m ? Number(m[1]) : null;
}
