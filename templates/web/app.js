// cellreport web form: builds job.json from the form, creates the job through the REST API,
// PUTs each file straight to its presigned URL (one progress bar per file), submits, then
// follows the job's status until the PDF can be downloaded. No framework, no build step.

const $ = (selector, root = document) => root.querySelector(selector);
const kinds = ['auto', 'cycling', 'eis', 'pressure', 'ocv', 'lsv'];
const POLL_MS = 1000;

const keyInput = $('#api-key');
keyInput.value = sessionStorage.getItem('cellreport-api-key') ?? '';
keyInput.addEventListener('change', () => sessionStorage.setItem('cellreport-api-key', keyInput.value));

/** A call to the API, relative to this page (works under an API Gateway stage path too). */
async function api(method, path, body) {
  const headers = {};
  if (keyInput.value) headers['x-api-key'] = keyInput.value;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { error: 'unexpected_response', message: text };
  }
  return { status: response.status, json };
}

// Cells ----------------------------------------------------------------------------------------

/** The kind a file probably holds, from its name; the user can change it. */
function guessKind(name) {
  const lower = name.toLowerCase();
  if (/eis|peis|geis|impedance|nyquist/.test(lower)) return 'eis';
  if (/pressure|force|load/.test(lower)) return 'pressure';
  if (/ocv|rest/.test(lower)) return 'ocv';
  if (/lsv|sweep/.test(lower)) return 'lsv';
  return 'cycling';
}

function renumberCells() {
  document.querySelectorAll('#cells .cell').forEach((cell, index) => {
    $('.cell-number', cell).textContent = String(index + 1);
    $('.remove-cell', cell).disabled = document.querySelectorAll('#cells .cell').length === 1;
  });
  const groups = new Set([...document.querySelectorAll('#cells [name=group]')].map((input) => input.value).filter(Boolean));
  $('#groups').replaceChildren(...[...groups].map((group) => Object.assign(document.createElement('option'), { value: group })));
}

function addCell(defaults = {}) {
  const cell = $('#cell-template').content.firstElementChild.cloneNode(true);
  const count = document.querySelectorAll('#cells .cell').length;
  $('[name=id]', cell).value = defaults.id ?? `cell-${count + 1}`;
  $('[name=group]', cell).value = defaults.group ?? (count === 0 ? 'LPSCl' : 'LBHI');
  cell.files = [];
  $('[name=files]', cell).addEventListener('change', (event) => {
    cell.files = [...event.target.files].map((file) => ({ file, kind: guessKind(file.name) }));
    renderFiles(cell);
  });
  $('[name=group]', cell).addEventListener('input', renumberCells);
  $('.remove-cell', cell).addEventListener('click', () => {
    cell.remove();
    renumberCells();
    $('#cells [name=id]')?.focus();
  });
  $('#cells').append(cell);
  renumberCells();
  return cell;
}

function renderFiles(cell) {
  const list = $('.file-list', cell);
  list.replaceChildren(
    ...cell.files.map((entry, index) => {
      const item = document.createElement('li');
      const id = `${$('[name=id]', cell).value}-file-${index}`;
      const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: entry.file.name });
      const select = Object.assign(document.createElement('select'), { id });
      select.setAttribute('aria-label', `Kind of ${entry.file.name}`);
      for (const kind of kinds) select.append(Object.assign(document.createElement('option'), { value: kind, textContent: kind }));
      select.value = entry.kind;
      select.addEventListener('change', () => {
        entry.kind = select.value;
      });
      item.append(label, select);
      return item;
    }),
  );
}

$('#add-cell').addEventListener('click', () => $('[name=id]', addCell()).focus());

// Manifest -------------------------------------------------------------------------------------

const numberOrNull = (input) => (input.value.trim() === '' ? null : Number(input.value));

/** job.json (DESIGN §3.1) and the file behind each declared path. */
function manifestFromForm() {
  const files = new Map();
  const cells = [...document.querySelectorAll('#cells .cell')].map((cell) => {
    const id = $('[name=id]', cell).value.trim();
    const entries = cell.files.map((entry) => {
      const path = `${id}/${entry.file.name}`;
      files.set(path, entry.file);
      return { path, kind: entry.kind };
    });
    return {
      id,
      group: $('[name=group]', cell).value.trim(),
      type: $('[name=type]', cell).value,
      areaCm2: numberOrNull($('[name=areaCm2]', cell)),
      activeMassMg: numberOrNull($('[name=activeMassMg]', cell)),
      temperatureC: numberOrNull($('[name=temperatureC]', cell)),
      stackPressureMPa: numberOrNull($('[name=stackPressureMPa]', cell)),
      referenceElectrode: {
        name: $('[name=referenceName]', cell).value.trim() || 'Li',
        offsetV: numberOrNull($('[name=referenceOffsetV]', cell)) ?? 0,
      },
      files: entries,
    };
  });
  const notify = $('#notify')
    .value.split(',')
    .map((address) => address.trim())
    .filter(Boolean);
  const manifest = { version: 1, title: $('#title').value.trim(), notify, baseline: $('#baseline').value.trim(), cells };
  return { manifest, files };
}

/** The input a manifest field path (`cells[1].areaCm2`) came from, to mark and focus it. */
function inputForField(field) {
  const match = /^cells\[(\d+)\]\.?(.*)$/.exec(field);
  if (!match) return document.querySelector(`[data-field="${field.split('[')[0]}"]`);
  const cell = document.querySelectorAll('#cells .cell')[Number(match[1])];
  if (!cell) return null;
  if (match[2].startsWith('files')) return $('[name=files]', cell);
  return cell.querySelector(`[data-key="${match[2]}"]`);
}

function showFormErrors(message, details) {
  const box = $('#form-errors');
  document.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
  const list = document.createElement('ul');
  for (const problem of Array.isArray(details) ? details : []) {
    const item = document.createElement('li');
    item.textContent = `${problem.field}: expected ${problem.expected}`;
    list.append(item);
    inputForField(problem.field)?.setAttribute('aria-invalid', 'true');
  }
  box.replaceChildren(Object.assign(document.createElement('p'), { textContent: message }), list);
  box.hidden = false;
  box.focus();
}

// Running a job --------------------------------------------------------------------------------

/** PUT with upload progress (fetch reports none). */
function upload(url, blob, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () =>
      request.status >= 200 && request.status < 300 ? resolve() : reject(new Error(`HTTP ${request.status}`)),
    );
    request.addEventListener('error', () => reject(new Error('network error')));
    request.send(blob);
  });
}

function uploadRow(path) {
  const item = document.createElement('li');
  const id = `progress-${$('#uploads').children.length}`;
  const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: path });
  const bar = Object.assign(document.createElement('progress'), { id, max: 1, value: 0 });
  const state = Object.assign(document.createElement('span'), { textContent: 'waiting' });
  item.append(label, bar, state);
  $('#uploads').append(item);
  return { bar, state };
}

function setBusy(busy) {
  $('#submit').disabled = busy;
  $('#run-example').disabled = busy;
}

function setStatus(text, status) {
  const line = $('#status-text');
  line.textContent = text;
  line.dataset.status = status ?? '';
}

async function runJob(manifest, files) {
  setBusy(true);
  $('#form-errors').hidden = true;
  try {
    const created = await api('POST', 'jobs', manifest);
    if (created.status !== 201) {
      showFormErrors(created.json?.message ?? `HTTP ${created.status}`, created.json?.details);
      return;
    }
    const { jobId, uploads } = created.json;
    startStatus(jobId, manifest.title);
    setStatus('uploading files…');
    const rows = uploads.map((entry) => ({ ...entry, ...uploadRow(entry.path) }));
    for (const row of rows) {
      row.state.textContent = 'uploading';
      await upload(row.url, files.get(row.path), (fraction) => {
        row.bar.value = fraction;
      });
      row.bar.value = 1;
      row.state.textContent = 'done';
    }
    const submitted = await api('POST', `jobs/${encodeURIComponent(jobId)}/submit`);
    if (submitted.status !== 202) {
      showJobError(submitted.json);
      return;
    }
    await followJob(jobId);
  } catch (error) {
    showJobError({ message: String(error.message ?? error) });
  } finally {
    setBusy(false);
  }
}

function startStatus(jobId, title) {
  $('#status').hidden = false;
  $('#uploads').replaceChildren();
  $('#job-error').hidden = true;
  $('#report-link').hidden = true;
  $('#job-line').textContent = `${title ?? ''} (job ${jobId})`;
  history.replaceState(null, '', `#job=${encodeURIComponent(jobId)}`);
  $('#status-heading').focus();
}

function showJobError(body) {
  const box = $('#job-error');
  const details = body?.details?.missing ? `Missing: ${body.details.missing.join(', ')}` : '';
  box.replaceChildren(
    Object.assign(document.createElement('p'), { textContent: body?.message ?? 'The job failed.' }),
    ...(details ? [Object.assign(document.createElement('p'), { textContent: details })] : []),
  );
  box.hidden = false;
  setStatus('failed', 'failed');
}

const statusWords = {
  created: 'waiting for uploads',
  queued: 'queued',
  analysing: 'analysing the data…',
  rendering: 'drawing the report…',
  done: 'done',
  failed: 'failed',
};

async function followJob(jobId) {
  for (;;) {
    const job = await api('GET', `jobs/${encodeURIComponent(jobId)}`);
    if (job.status !== 200) {
      showJobError(job.json);
      return;
    }
    setStatus(statusWords[job.json.status] ?? job.json.status, job.json.status);
    if (job.json.status === 'failed') {
      showJobError(job.json.error);
      return;
    }
    if (job.json.status === 'done') {
      const link = $('#pdf');
      link.href = job.json.reportUrl ?? `jobs/${encodeURIComponent(jobId)}/report`;
      $('#report-link').hidden = false;
      refreshOutbox();
      return;
    }
    await new Promise((wake) => setTimeout(wake, POLL_MS));
  }
}

$('#job-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const { manifest, files } = manifestFromForm();
  runJob(manifest, files);
});

// The bundled example job (served by the local platform only) ------------------------------

async function runExample() {
  setBusy(true);
  try {
    const manifest = await (await fetch('example/job.json')).json();
    const files = new Map();
    for (const cell of manifest.cells) {
      for (const file of cell.files) {
        const response = await fetch(`example/${file.path.split('/').map(encodeURIComponent).join('/')}`);
        files.set(file.path, await response.blob());
      }
    }
    await runJob(manifest, files);
  } finally {
    setBusy(false);
  }
}

$('#run-example').addEventListener('click', runExample);

// Local outbox ---------------------------------------------------------------------------------

async function refreshOutbox() {
  const response = await fetch('outbox').catch(() => null);
  if (!response?.ok) return;
  const { enabled, messages } = await response.json();
  if (!enabled) return;
  $('#outbox').hidden = false;
  $('#outbox-list').replaceChildren(
    ...(messages.length === 0
      ? [Object.assign(document.createElement('li'), { textContent: 'No emails yet.' })]
      : messages.map((entry) => {
          const item = document.createElement('li');
          const link = Object.assign(document.createElement('a'), { href: entry.url, textContent: entry.subject || entry.name });
          item.append(link, ` to ${entry.to} (${Math.round(entry.bytes / 1024)} KB)`);
          return item;
        })),
  );
}

$('#refresh-outbox').addEventListener('click', refreshOutbox);

// Start ----------------------------------------------------------------------------------------

addCell({ id: 'cu-lpscl-liin', group: 'LPSCl' });
addCell({ id: 'cu-lbhi-lpscl-liin', group: 'LBHI' });
fetch('example/job.json')
  .then((response) => {
    $('#example').hidden = !response.ok;
  })
  .catch(() => {});
refreshOutbox();
const linked = /job=([^&]+)/.exec(location.hash);
if (linked) {
  const jobId = decodeURIComponent(linked[1]);
  startStatus(jobId, '');
  followJob(jobId);
}
